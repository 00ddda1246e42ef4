"""Pointer gestures on highlights: a click picks one, a drag on an end handle resizes it.

A click without a drag on a highlight makes its annotation current (on bare text it clears the
current one); a Shift+click only extends the text selection and never picks. The current
annotation shows a handle at each end: dragging one moves that end while the other stays, shown
as a live text selection, and the release asks for the resize, which the annotator turns into an
undoable command. These gestures share the press and the release with text selection but mean
something else, so they are decided here and the page view only routes its mouse events.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt, SignalInstance

from desktop.core.geometry import PageRect
from desktop.documents.protocol import DocumentInfo
from desktop.ui.highlights import HANDLE_RADIUS, Highlight, handle_points

CLICK_SLOP = 4
"""Pixels (Manhattan) a press may travel before its release: a hand never clicks dead still."""
HANDLE_REACH = HANDLE_RADIUS * 2.5
"""How near a handle's centre a press grabs it: handles are drawn small, a pointer needs more."""


class HighlightSurface(Protocol):
    """What the gestures need from the page view they serve."""

    annotation_clicked: SignalInstance
    resize_requested: SignalInstance
    current_annotation: str | None

    @property
    def document(self) -> DocumentInfo | None: ...

    @property
    def selection(self) -> tuple[int, int] | None: ...

    def clear_selection(self) -> None: ...

    def highlights_on(self, page: int) -> list[Highlight]: ...

    def page_point(self, point: QPointF) -> tuple[int, float, float]: ...

    def screen_rect(self, piece: PageRect) -> QRectF: ...


class HighlightGestures:
    """The click and handle-drag state of one page view."""

    def __init__(self, surface: HighlightSurface) -> None:
        self._surface = surface
        self._press_point: QPointF | None = None
        """Where the last press that may turn out to be a click on a highlight happened."""
        self._resizing: str | None = None
        """While an end handle is dragged: the annotation whose end it is."""

    def highlight_at(self, point: QPointF) -> str | None:
        """The annotation under a viewport point: the shortest of those overlapping there."""
        if self._surface.document is None:
            return None
        page, x, y = self._surface.page_point(point)
        for highlight in reversed(self._surface.highlights_on(page)):
            for piece in highlight.rects:
                r = piece.rect
                if piece.page == page and r.x0 <= x <= r.x1 and r.y0 - 1 <= y <= r.y1 + 1:
                    return highlight.id
        return None

    def cursor_at(self, point: QPointF) -> Qt.CursorShape:
        """The pointer over a handle says it can be dragged sideways; elsewhere it is for text."""
        if self._handle_at(point) is not None:
            return Qt.CursorShape.SizeHorCursor
        return Qt.CursorShape.IBeamCursor

    def grab_handle(self, point: QPointF) -> int | None:
        """Start a resize when ``point`` is on a handle of the current annotation; the offset
        of the annotation's other end, which stays put (None: the press missed the handles)."""
        handle = self._handle_at(point)
        if handle is None:
            return None
        self._resizing, fixed = handle
        return fixed

    def press(self, point: QPointF, *, extending: bool) -> None:
        """Remember a press off the handles: its release may be a click on a highlight."""
        self._press_point = None if extending else point

    def release(self, point: QPointF) -> bool:
        """End a handle drag (asking for the resize) or a click without a drag (choosing the
        highlight under it); True when the release was one of those."""
        if self._resizing is not None:
            annotation_id, self._resizing = self._resizing, None
            span = self._surface.selection
            self._surface.clear_selection()
            if span is not None:
                self._surface.resize_requested.emit(annotation_id, *span)
            return True
        pressed, self._press_point = self._press_point, None
        if pressed is not None and (pressed - point).manhattanLength() < CLICK_SLOP:
            self._surface.annotation_clicked.emit(self.highlight_at(point) or "")
            return True
        return False

    def _handle_at(self, point: QPointF) -> tuple[str, int] | None:
        """``(annotation id, offset of the other end)`` when ``point`` is on a handle of the
        current annotation."""
        current = self._surface.current_annotation
        if current is None or self._surface.document is None:
            return None
        page, _x, _y = self._surface.page_point(point)
        for highlight in self._surface.highlights_on(page):
            if highlight.id != current:
                continue
            for end, spot in handle_points(highlight, page, self._surface.screen_rect):
                if (spot - point).manhattanLength() <= HANDLE_REACH:
                    return highlight.id, highlight.start if end == "end" else highlight.end
        return None

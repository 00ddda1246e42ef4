"""One page view for every format: continuous scroll, zoom, selection and find hits.

The view paints pages the document worker rendered (``page_renders`` asks only for the pages in
view and keeps a bounded cache) on the zoomable scroll of ``page_scroll_area``. Everything it
knows about text comes from the document's ``TextLayer``: a selection is a span of the canonical
text, drawn from the character boxes the text layer maps it to. What a press, drag or click
means is decided by ``selection_gestures`` (selecting text) and ``highlight_gestures`` (picking
and resizing highlights); the view routes its mouse events to them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.core.geometry import PageRect, Rect
from desktop.core.textlayer import TextLayer
from desktop.documents.protocol import DocumentInfo, Rendered, TextPages
from desktop.ui.document_service import DocumentService
from desktop.ui.highlight_gestures import HighlightGestures
from desktop.ui.highlight_margin import margin_of
from desktop.ui.highlights import Highlight, PageHighlights, paint_highlights
from desktop.ui.page_renders import PageRenders
from desktop.ui.page_scroll_area import PageScrollArea
from desktop.ui.plain_text import tooltip
from desktop.ui.selection import Selection
from desktop.ui.selection_gestures import SelectionGestures, offer_to_primary_selection

FIND_HIT_FRAME = 2.0
"""Find hits are framed in the selection's colour, never filled: a pale yellow fill looked
like the highlights of a yellow code. The current hit is the selection, filled as one."""
_FRAME_OUT = 1.0 + FIND_HIT_FRAME / 2
"""How far a hit's frame reaches outside its box (its line runs one pixel out)."""


class PageView(PageScrollArea):
    """Shows one document; knows nothing of panes, menus or files."""

    selection_changed = Signal()
    first_page_painted = Signal()
    """A page was painted for the first time (with its highlights)."""
    document_shown = Signal()
    """The view shows a document (a new one, or the same reopened): its highlights may be
    read from now on, before its text arrives."""
    text_ready = Signal()
    annotation_clicked = Signal(str)
    """A click (no drag) on a highlight: its annotation id; on bare text: ``""``."""
    resize_requested = Signal(str, int, int)
    """The current annotation's handle was dragged: its id and the new start and end."""

    def __init__(self, service: DocumentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._info: DocumentInfo | None = None
        self._renders = PageRenders(service)
        self.text_layer: TextLayer | None = None
        self._selection: Selection | None = None
        self._find_hits: list[tuple[int, int]] = []
        self._current_hit = -1
        self._painted_once = False
        self.highlights: PageHighlights | None = None
        self.current_annotation: str | None = None
        self._selecting = SelectionGestures(self)
        self._highlight_gestures = HighlightGestures(self)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        service.rendered.connect(self._on_service_rendered)
        service.text_pages_arrived.connect(self._on_service_text_pages)

    # -- document ----------------------------------------------------------------------------

    @property
    def document(self) -> DocumentInfo | None:
        return self._info

    def set_document(self, info: DocumentInfo) -> None:
        """Show a document that the worker opened (again, after a restart, under the same key)."""
        same = self._info is not None and self._info.key == info.key
        self._info = info
        self.document_shown.emit()
        self._renders.reset()
        self.text_layer = TextLayer(len(info.page_sizes))  # its pages stream in again
        if not same:
            self._selection = None
            self._find_hits, self._current_hit = [], -1
        self._set_pages(info.page_sizes)
        if not same:
            self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def set_highlights(self, highlights: PageHighlights | None) -> None:
        """Draw the annotations of this document from ``highlights`` (None: draw none)."""
        self.highlights = highlights
        self.viewport().update()

    def refresh_highlights(self) -> None:
        if self.highlights is not None:
            self.highlights.invalidate()
        self.viewport().update()

    def set_current_annotation(self, annotation_id: str | None) -> None:
        if annotation_id != self.current_annotation:
            self.current_annotation = annotation_id
            self.viewport().update()

    def highlights_on(self, page: int) -> list[Highlight]:
        """The highlights drawn on ``page`` (none while they are being read)."""
        if self.highlights is None:
            return []
        return self.highlights.on_page(page) or []

    def _page_highlights(self, page: int) -> tuple[list[Highlight], Rect | None] | None:
        """What to draw over the page, and its margin strip; None while it is not ready to
        paint (its highlights are being read, drawn into their image or their chips laid
        out): a page is shown with its highlights, never before them."""
        if self.highlights is None:
            return [], None
        shown = self.highlights.on_page(page)
        if shown is None:
            return None
        layer = self.text_layer
        scale = self._layout.scale
        gutter = (self.viewport().width() - self._slot_rect(page).right()) / scale
        margin = (
            margin_of(layer, page, self._info.page_sizes[page][0], gutter=gutter)
            if layer is not None and self._info is not None and page < layer.ready_pages
            else None
        )
        if not shown.prepare(self.screen_rect, self.devicePixelRatioF(), margin=margin):
            return None
        return shown, margin

    def highlight_at(self, point: QPointF) -> str | None:
        """The annotation under a viewport point: the shortest of those overlapping there."""
        return self._highlight_gestures.highlight_at(point)

    def clear_document(self) -> None:
        self.highlights = None
        self.current_annotation = None
        self._renders.reset()
        self._info = None
        self._set_pages(None)
        self.text_layer = None
        self._selection = None
        self._find_hits, self._current_hit = [], -1
        self.viewport().update()

    def _on_service_text_pages(self, event: TextPages) -> None:
        if self._info is None or event.key != self._info.key or self.text_layer is None:
            return
        if event.first_page != self.text_layer.ready_pages:
            return  # a stream restarted by a relayout or a worker restart
        for page in event.pages:
            self.text_layer.add_page(page)
        if self.text_layer.is_complete:
            self.text_ready.emit()
        self.viewport().update()

    # -- rendering ---------------------------------------------------------------------------

    def _render_scale(self) -> float:
        """Device pixels per point: a page is rendered at exactly the size it is drawn."""
        return self._layout.scale * self.devicePixelRatioF()

    def _on_service_rendered(self, event: Rendered) -> None:
        if self._info is None or event.key != self._info.key:
            return
        kept = self._renders.accept(event, device_pixel_ratio=self.devicePixelRatioF())
        if kept and event.page in self.visible_pages():
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), self.palette().color(QPalette.ColorRole.Mid))
        if self._info is None:
            return
        pages = self.visible_pages()
        scale = self._render_scale()
        # Neighbours are asked for only once a page is on screen: at launch they would
        # compete with the first page (an extra render and its memory before the first paint).
        self._renders.request(
            self._info.key,
            pages,
            page_count=len(self._info.page_sizes),
            scale=scale,
            prefetch=self._painted_once,
        )
        painted_real_page = False
        for page in pages:
            target = self._slot_rect(page)
            painter.fillRect(target.adjusted(1, 2, 1, 2), QColor(0, 0, 0, 60))
            painter.fillRect(target, Qt.GlobalColor.white)
            ready = self._page_highlights(page)
            if ready is None:
                continue  # shown once its highlights are ready, with them
            pixmap = self._renders.pixmap(page, scale)
            if pixmap is not None:
                # At its own size, from a whole device pixel (see _slot_rect): one for one.
                painter.drawPixmap(target.topLeft(), pixmap)
                painted_real_page = True
            else:
                stand_in = self._renders.stand_in(page)
                if stand_in is None:
                    continue
                painter.drawPixmap(target, stand_in, QRectF(stand_in.rect()))
            highlights, margin = ready
            if highlights:
                paint_highlights(
                    painter,
                    highlights,
                    page,
                    self.screen_rect,
                    current=self.current_annotation,
                    margin=margin,
                )
        self._paint_spans(painter, pages)
        painter.end()
        if painted_real_page and not self._painted_once:
            self._painted_once = True
            self.first_page_painted.emit()
            self.viewport().update()  # now ask for the neighbours too

    def _paint_spans(self, painter: QPainter, pages: range) -> None:
        """Find hits as frames, and the selection (which the current hit is) filled."""
        if self.text_layer is None:
            return
        color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        ready, length = self.text_layer.ready_pages, len(self.text_layer)

        def boxes(start: int, end: int) -> list[QRectF]:
            if start >= length:
                return []
            return [
                self.screen_rect(piece)
                for piece in self.text_layer.rects(start, min(end, length))
                if piece.page in pages and piece.page < ready
            ]

        def frames(start: int, end: int) -> list[QRectF]:
            """The outer edges of a hit's frames: around its boxes, below the line above."""
            if start >= length:
                return []
            found = []
            for piece, ceiling in self.text_layer.rects_with_ceilings(start, min(end, length)):
                if piece.page not in pages or piece.page >= ready:
                    continue
                frame = self.screen_rect(piece).adjusted(
                    -_FRAME_OUT, -_FRAME_OUT, _FRAME_OUT, _FRAME_OUT
                )
                if ceiling is not None:
                    below = Rect(piece.rect.x0, ceiling, piece.rect.x1, ceiling)
                    frame.setTop(
                        max(frame.top(), self.screen_rect(PageRect(piece.page, below)).top())
                    )
                found.append(frame)
            return found

        painter.save()
        painter.setPen(QPen(color, FIND_HIT_FRAME))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = FIND_HIT_FRAME / 2  # (the pen is centred on the line it draws)
        for start, end in self._find_hits:
            for frame in frames(start, end):
                painter.drawRect(frame.adjusted(inset, inset, -inset, -inset))
        painter.restore()
        if self.selection is not None:
            color.setAlpha(100)
            for box in boxes(*self.selection):
                painter.fillRect(box, color)

    # -- selection ---------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        if self._selection is None or self._selection.is_empty:
            return None
        return (self._selection.start, self._selection.end)

    @property
    def text_selection(self) -> Selection | None:
        """The selection with its direction (a drag moves its focus, its anchor stays); empty
        while a drag is starting."""
        return self._selection

    def set_text_selection(self, selection: Selection | None) -> None:
        if selection == self._selection:
            return
        self._selection = selection
        self.viewport().update()
        self.selection_changed.emit()

    def selected_text(self) -> str:
        span = self.selection
        if span is None or self.text_layer is None:
            return ""
        return self.text_layer.text[span[0] : span[1]]

    def set_selection(self, start: int, end: int) -> None:
        self.set_text_selection(Selection(start, end))

    def select_all(self) -> None:
        if self.text_layer is not None:
            self.set_text_selection(Selection(0, len(self.text_layer)))

    def clear_selection(self) -> None:
        self.set_text_selection(None)

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.text_layer is None:
            super().mousePressEvent(event)
            return
        point = event.position()
        fixed_end = self._highlight_gestures.grab_handle(point)
        if fixed_end is not None:
            self._selecting.drag_from(fixed_end, point)
            return
        extending = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._highlight_gestures.press(point, extending=extending)
        self._selecting.press(point, extending=extending)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.text_layer is not None:
            self._selecting.double_click(event.position())
            return
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._selecting.dragging:
            self._selecting.move(event.position())
            return
        self.viewport().setCursor(self._highlight_gestures.cursor_at(event.position()))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._selecting.dragging or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        point = event.position()
        self._selecting.release(point)
        if not self._highlight_gestures.release(point):
            offer_to_primary_selection(self.selected_text())

    def viewportEvent(self, event: QEvent) -> bool:
        """Hovering a highlight shows its codes, note and reviewer (escaped: they are the
        project's words)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.highlight_at(QPointF(event.pos()))
            text = self.highlights.describe(found) if found and self.highlights else None
            if text:
                QToolTip.showText(event.globalPos(), tooltip(text), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._selection is not None:
            self.clear_selection()
        else:
            super().keyPressEvent(event)

    # -- find --------------------------------------------------------------------------------

    def set_find_hits(self, hits: list[tuple[int, int]], current: int) -> None:
        """Show every hit, and make the current one the selection so Ctrl+C copies it."""
        self._find_hits = hits
        self._current_hit = current
        if 0 <= current < len(hits):
            self.set_selection(*hits[current])
            self.reveal(*hits[current])
        self.viewport().update()

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that a span is in view, centred vertically when it was out of sight."""
        if self.text_layer is None or start >= len(self.text_layer):
            return
        pieces = self.text_layer.rects(start, max(start + 1, end))
        if pieces:
            self._scroll_into_view(self.screen_rect(pieces[0]))

"""Pages stacked in a scroll area at a zoom: scrolling, zooming about a point, fitting the width,
and the mapping between viewport pixels and page points.

Kept apart from the page view, which adds what is on the pages (renders, text, highlights) and
what the pointer means there, so that every on-screen position comes from one ``PageLayout`` and
the current scroll, computed in one place.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from desktop.core.geometry import PageRect
from desktop.ui.page_layout import GAP, PIXELS_PER_POINT, PageLayout, clamp_zoom

ZOOM_STEP = 1.2
SCROLL_STEP = 40
"""Pixels per arrow press; a wheel notch scrolls a few of these."""


class PageScrollArea(QAbstractScrollArea):
    """A continuous vertical scroll of pages of known sizes, whatever is drawn on them."""

    zoom_changed = Signal(float)
    current_page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_sizes: tuple[tuple[float, float], ...] | None = None
        """The pages shown, in points; None while there is no document."""
        self._layout = PageLayout((), 1.0)
        self._fit_width = True
        self._current_page = 0
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)

    def _set_pages(self, page_sizes: tuple[tuple[float, float], ...] | None) -> None:
        """Lay out a document's pages (None: there is none), at the zoom in use, or at the one
        that fits the viewport's width when that is what the user chose."""
        self._page_sizes = page_sizes
        if page_sizes is not None:
            self._relayout(self._layout.zoom if not self._fit_width else self._fit_zoom())

    # -- zoom --------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._layout.zoom

    @property
    def fits_width(self) -> bool:
        return self._fit_width

    def set_zoom(self, zoom: float, *, anchor: QPointF | None = None) -> None:
        self._fit_width = False
        self._zoom_keeping(clamp_zoom(zoom), anchor)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_to_width(self) -> None:
        self._fit_width = True
        if self._page_sizes is not None:
            self._zoom_keeping(self._fit_zoom(), None)

    def _fit_zoom(self) -> float:
        widest = max((w for w, _h in self._page_sizes or ()), default=1.0)
        available = max(50, self.viewport().width() - 2 * GAP - 1)  # no horizontal bar
        return clamp_zoom(available / (widest * PIXELS_PER_POINT))

    def _zoom_keeping(self, zoom: float, anchor: QPointF | None) -> None:
        """Change zoom so that the document point under ``anchor`` (default: the viewport's
        centre) stays where it is on screen."""
        if self._page_sizes is None:
            return
        if anchor is None:  # not `or`: QPointF(0, 0) is falsy
            viewport = self.viewport().rect()
            anchor = QPointF(viewport.width() / 2, viewport.height() / 2)
        page, px, py = self.page_point(anchor)
        self._relayout(zoom)
        self._put_point_at(page, px, py, anchor)

    def _put_point_at(self, page: int, x: float, y: float, anchor: QPointF) -> None:
        """Scroll so that a point of a page (in page points) is at ``anchor`` in the viewport
        (as near as the scroll's ends allow)."""
        cx, cy = self._layout.to_content(page, x, y)
        self.horizontalScrollBar().setValue(round(cx - anchor.x()))
        self.verticalScrollBar().setValue(round(cy - anchor.y()))
        self.viewport().update()

    # -- reading position --------------------------------------------------------------------

    def reading_position(self) -> tuple[int, float, float]:
        """The page and the point of it (in page points) at the viewport's top-left corner:
        where the reader is, whatever the zoom."""
        return self.page_point(QPointF(0, 0))

    def go_to(self, page: int, x: float, y: float) -> None:
        """Show a reading position: that point of that page at the viewport's top-left."""
        if self._page_sizes is not None and 0 <= page < len(self._page_sizes):
            self._put_point_at(page, x, y, QPointF(0, 0))

    def _relayout(self, zoom: float) -> None:
        assert self._page_sizes is not None
        changed = abs(zoom - self._layout.zoom) > 1e-9
        self._layout = PageLayout(self._page_sizes, zoom)
        self._update_scrollbars()
        if changed:
            self.zoom_changed.emit(zoom)

    def _update_scrollbars(self) -> None:
        viewport = self.viewport().size()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, int(self._layout.content_height - viewport.height())))
        vertical.setPageStep(viewport.height())
        vertical.setSingleStep(SCROLL_STEP)
        horizontal.setRange(0, max(0, int(self._layout.content_width - viewport.width())))
        horizontal.setPageStep(viewport.width())
        horizontal.setSingleStep(SCROLL_STEP)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._page_sizes is None:
            return
        if self._fit_width:
            self._zoom_keeping(self._fit_zoom(), QPointF(0, 0))
        else:
            self._update_scrollbars()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * ZOOM_STEP**steps, anchor=event.position())
            event.accept()
            return
        super().wheelEvent(event)

    # -- coordinates -------------------------------------------------------------------------

    def _offset_x(self) -> float:
        """Horizontal shift that centres narrow content in a wide viewport."""
        spare = self.viewport().width() - self._layout.content_width
        return spare / 2 if spare > 0 else -self.horizontalScrollBar().value()

    def _slot_rect(self, page: int) -> QRectF:
        """Where ``page`` is in the viewport now. Its top-left corner is on a whole device
        pixel, so that a page rendered at the size it is drawn lands on the screen's pixels one
        for one (anywhere between, Qt would resample it and lose rows and columns of glyphs);
        everything drawn on the page is placed from this corner too."""
        slot = self._layout.slot(page)
        ratio = self.devicePixelRatioF()
        left = round((slot.x + self._offset_x()) * ratio) / ratio
        top = round((slot.y - self.verticalScrollBar().value()) * ratio) / ratio
        return QRectF(left, top, slot.width, slot.height)

    def page_point(self, point: QPointF) -> tuple[int, float, float]:
        """Where a viewport point falls: the page under it (or the nearest) and page points."""
        page = self._layout.page_at(point.y() + self.verticalScrollBar().value())
        slot = self._slot_rect(page)
        scale = self._layout.scale
        return page, (point.x() - slot.x()) / scale, (point.y() - slot.y()) / scale

    def viewport_rect_of(self, page: int, x0: float, y0: float, x1: float, y1: float) -> QRectF:
        """A rectangle in page points, as it is on screen now (tests aim the mouse with it)."""
        slot = self._slot_rect(page)
        scale = self._layout.scale
        return QRectF(
            slot.x() + x0 * scale, slot.y() + y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale
        )

    def screen_rect(self, piece: PageRect) -> QRectF:
        """A box of the text layer or of a highlight, as it is on screen now."""
        r = piece.rect
        return self.viewport_rect_of(piece.page, r.x0, r.y0, r.x1, r.y1)

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        return self._layout.pages_between(top, top + self.viewport().height())

    # -- scrolling ---------------------------------------------------------------------------

    @property
    def current_page(self) -> int:
        return self._current_page

    def _on_scrolled(self) -> None:
        if self._page_sizes is not None:
            top = self.verticalScrollBar().value() + self.viewport().height() / 3
            page = self._layout.page_at(top)
            if page != self._current_page:
                self._current_page = page
                self.current_page_changed.emit(page)
        self.viewport().update()

    def _scroll_into_view(self, target: QRectF) -> None:
        """Scroll so that an on-screen rectangle is in view, centred when it was out of sight
        (vertically always, horizontally only if it was off to a side)."""
        viewport = QRectF(self.viewport().rect())
        if not viewport.contains(target):
            bar = self.verticalScrollBar()
            bar.setValue(round(bar.value() + target.center().y() - viewport.height() / 2))
            hbar = self.horizontalScrollBar()
            if target.left() < 0 or target.right() > viewport.width():
                hbar.setValue(round(hbar.value() + target.center().x() - viewport.width() / 2))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(0)
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif event.key() == Qt.Key.Key_Space:
            backwards = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            bar.setValue(bar.value() + (-bar.pageStep() if backwards else bar.pageStep()))
        else:
            super().keyPressEvent(event)

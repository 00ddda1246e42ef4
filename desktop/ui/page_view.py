"""One page view for every format: continuous scroll, zoom, selection and find hits.

The view paints pages the document worker rendered, asks only for the pages it shows (newest
request first, stale ones cancelled), and keeps a bounded cache. Everything it knows about text
comes from the document's ``TextLayer``: a selection is a span of the canonical text, drawn from
the character boxes the text layer maps it to.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from desktop.core.textlayer import TextLayer
from desktop.core.textunits import sentence_span, word_span
from desktop.documents.protocol import DocumentInfo, Rendered, TextPages
from desktop.ui.document_service import DocumentService
from desktop.ui.highlights import (
    HANDLE_RADIUS,
    Highlight,
    PageHighlights,
    handle_points,
    paint_highlights,
)
from desktop.ui.page_layout import GAP, PageLayout, clamp_zoom
from desktop.ui.pixmap_cache import PixmapCache
from desktop.ui.selection import Selection

ZOOM_STEP = 1.2
PREFETCH_PAGES = 1
FIND_HIT_COLOR = QColor(255, 214, 0, 110)
CURRENT_HIT_COLOR = QColor(255, 140, 0, 150)


class PageView(QAbstractScrollArea):
    """Shows one document; knows nothing of panes, menus or files."""

    selection_changed = Signal()
    zoom_changed = Signal(float)
    current_page_changed = Signal(int)
    first_page_painted = Signal()
    text_ready = Signal()
    annotation_clicked = Signal(str)
    """A click (no drag) on a highlight: its annotation id; on bare text: ``""``."""
    resize_requested = Signal(str, int, int)
    """The current annotation's handle was dragged: its id and the new start and end."""

    def __init__(self, service: DocumentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._info: DocumentInfo | None = None
        self._layout = PageLayout((), 1.0)
        self._fit_width = True
        self._cache = PixmapCache()
        self._pending: dict[int, tuple[int, float]] = {}
        self.text_layer: TextLayer | None = None
        self._selection: Selection | None = None
        self._dragging = False
        self._last_double_click = 0.0
        self._last_pointer = QPoint()
        self._find_hits: list[tuple[int, int]] = []
        self._current_hit = -1
        self._painted_once = False
        self._current_page = 0
        self.highlights: PageHighlights | None = None
        self.current_annotation: str | None = None
        self._press_point: QPointF | None = None
        self._resizing: tuple[str, int] | None = None
        """While a handle is dragged: the annotation id and the offset of the end that stays."""
        self.viewport().setMouseTracking(True)
        self._autoscroll = QTimer(self, interval=30)
        self._autoscroll.timeout.connect(self._on_autoscroll_timeout)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
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
        self._cancel_pending()
        self._cache.clear()
        self.text_layer = TextLayer(len(info.page_sizes))  # its pages stream in again
        if not same:
            self._selection = None
            self._find_hits, self._current_hit = [], -1
        self._relayout(self._layout.zoom if not self._fit_width else self._fit_zoom(info))
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
        """The highlights drawn on ``page`` (fetched if its text has arrived)."""
        layer = self.text_layer
        if self.highlights is None or layer is None or page >= layer.ready_pages:
            return []
        return self.highlights.on_page(page, layer.page_span(page))

    def highlight_at(self, point: QPointF) -> str | None:
        """The annotation under a viewport point: the shortest of those overlapping there."""
        if self._info is None:
            return None
        page, x, y = self._page_point(point)
        for highlight in reversed(self.highlights_on(page)):
            for piece in highlight.rects:
                r = piece.rect
                if piece.page == page and r.x0 <= x <= r.x1 and r.y0 - 1 <= y <= r.y1 + 1:
                    return highlight.id
        return None

    def _handle_at(self, point: QPointF) -> tuple[str, int] | None:
        """``(annotation id, offset of the other end)`` when ``point`` is on a handle of the
        current annotation."""
        if self.current_annotation is None or self._info is None:
            return None
        page, _x, _y = self._page_point(point)
        for highlight in self.highlights_on(page):
            if highlight.id != self.current_annotation:
                continue
            for end, spot in handle_points(highlight, page, self._view_rect):
                if (spot - point).manhattanLength() <= HANDLE_RADIUS * 2.5:
                    return highlight.id, highlight.start if end == "end" else highlight.end
        return None

    def _view_rect(self, piece) -> QRectF:  # type: ignore[no-untyped-def]
        r = piece.rect
        return self.viewport_rect_of(piece.page, r.x0, r.y0, r.x1, r.y1)

    def clear_document(self) -> None:
        self.highlights = None
        self.current_annotation = None
        self._cancel_pending()
        self._cache.clear()
        self._info = None
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
        if self._info is not None:
            self._zoom_keeping(self._fit_zoom(self._info), None)

    def _fit_zoom(self, info: DocumentInfo) -> float:
        widest = max((w for w, _h in info.page_sizes), default=1.0)
        available = max(50, self.viewport().width() - 2 * GAP - 1)  # no horizontal bar
        return clamp_zoom(available / (widest * 96 / 72))

    def _zoom_keeping(self, zoom: float, anchor: QPointF | None) -> None:
        """Change zoom so that the document point under ``anchor`` (default: the viewport's
        centre) stays where it is on screen."""
        if self._info is None:
            return
        if anchor is None:  # not `or`: QPointF(0, 0) is falsy
            viewport = self.viewport().rect()
            anchor = QPointF(viewport.width() / 2, viewport.height() / 2)
        page, px, py = self._layout.to_page(*self._to_content(anchor))
        self._relayout(zoom)
        cx, cy = self._layout.to_content(page, px, py)
        self.horizontalScrollBar().setValue(round(cx - anchor.x()))
        self.verticalScrollBar().setValue(round(cy - anchor.y()))
        self.viewport().update()

    def _relayout(self, zoom: float) -> None:
        assert self._info is not None
        changed = abs(zoom - self._layout.zoom) > 1e-9
        self._layout = PageLayout(self._info.page_sizes, zoom)
        self._update_scrollbars()
        if changed:
            self.zoom_changed.emit(zoom)

    def _update_scrollbars(self) -> None:
        viewport = self.viewport().size()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, int(self._layout.content_height - viewport.height())))
        vertical.setPageStep(viewport.height())
        vertical.setSingleStep(40)
        horizontal.setRange(0, max(0, int(self._layout.content_width - viewport.width())))
        horizontal.setPageStep(viewport.width())
        horizontal.setSingleStep(40)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._info is None:
            return
        if self._fit_width:
            self._zoom_keeping(self._fit_zoom(self._info), QPointF(0, 0))
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

    def _to_content(self, point: QPointF) -> tuple[float, float]:
        return point.x() - self._offset_x(), point.y() + self.verticalScrollBar().value()

    def _slot_rect(self, page: int) -> QRectF:
        slot = self._layout.slot(page)
        top = slot.y - self.verticalScrollBar().value()
        return QRectF(slot.x + self._offset_x(), top, slot.width, slot.height)

    def _page_point(self, point: QPointF) -> tuple[int, float, float]:
        return self._layout.to_page(*self._to_content(point))

    def viewport_rect_of(self, page: int, x0: float, y0: float, x1: float, y1: float) -> QRectF:
        """A rectangle in page points, as it is on screen now (tests aim the mouse with it)."""
        slot = self._slot_rect(page)
        scale = self._layout.scale
        return QRectF(slot.x() + x0 * scale, slot.y() + y0 * scale, (x1 - x0) * scale,
                      (y1 - y0) * scale)

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        return self._layout.pages_between(top, top + self.viewport().height())

    # -- rendering ---------------------------------------------------------------------------

    def _render_scale(self) -> float:
        return round(self._layout.scale * self.devicePixelRatioF(), 3)

    def _request_pages(self, pages: range) -> None:
        assert self._info is not None
        scale = self._render_scale()
        wanted = range(max(0, pages.start - PREFETCH_PAGES),
                       min(len(self._info.page_sizes), pages.stop + PREFETCH_PAGES))
        stale = [page for page, (_request, s) in self._pending.items()
                 if page not in wanted or s != scale]
        if stale:
            self._service.client.cancel([self._pending.pop(page)[0] for page in stale])
        # Request the farthest first so that the pages in view, requested last, render first.
        for page in sorted(wanted, key=lambda p: p not in pages, reverse=True):
            if page in self._pending or self._cache.get((page, scale)) is not None:
                continue
            request = self._service.client.render(self._info.key, page, scale)
            self._pending[page] = (request, scale)

    def _cancel_pending(self) -> None:
        if self._pending:
            self._service.client.cancel([request for request, _scale in self._pending.values()])
        self._pending.clear()

    def _on_service_rendered(self, event: Rendered) -> None:
        if self._info is None or event.key != self._info.key:
            return
        pending = self._pending.get(event.page)
        if pending is None or pending[0] != event.request:
            return
        del self._pending[event.page]
        raw = event.image
        image = QImage(raw.samples, raw.width, raw.height, raw.stride, QImage.Format.Format_RGB888)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(event.scale / self._layout.scale)
        self._cache.put((event.page, event.scale), pixmap)
        if event.page in self.visible_pages():
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), self.palette().color(QPalette.ColorRole.Mid))
        if self._info is None:
            return
        pages = self.visible_pages()
        self._request_pages(pages)
        scale = self._render_scale()
        painted_real_page = False
        for page in pages:
            target = self._slot_rect(page)
            painter.fillRect(target.adjusted(1, 2, 1, 2), QColor(0, 0, 0, 60))
            pixmap = self._cache.get((page, scale))
            if pixmap is not None:
                painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
                painted_real_page = True
            else:
                painter.fillRect(target, Qt.GlobalColor.white)
                stand_in = self._cache.any_for_page(page)
                if stand_in is not None:
                    painter.drawPixmap(target, stand_in, QRectF(stand_in.rect()))
        for page in pages:
            highlights = self.highlights_on(page)
            if highlights:
                paint_highlights(painter, highlights, page, self._view_rect,
                                 current=self.current_annotation)
        self._paint_spans(painter, pages)
        painter.end()
        if painted_real_page and not self._painted_once:
            self._painted_once = True
            self.first_page_painted.emit()

    def _paint_spans(self, painter: QPainter, pages: range) -> None:
        if self.text_layer is None:
            return
        spans: list[tuple[int, int, QColor]] = []
        for index, (start, end) in enumerate(self._find_hits):
            spans.append((start, end, CURRENT_HIT_COLOR if index == self._current_hit
                          else FIND_HIT_COLOR))
        current = self._find_hits[self._current_hit] if 0 <= self._current_hit < len(
            self._find_hits) else None
        if self.selection is not None and self.selection != current:
            highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(100)
            spans.append((self._selection.start, self._selection.end, highlight))
        ready = self.text_layer.ready_pages
        for start, end, color in spans:
            if start >= len(self.text_layer):
                continue
            for piece in self.text_layer.rects(start, min(end, len(self.text_layer))):
                if piece.page in pages and piece.page < ready:
                    r = piece.rect
                    painter.fillRect(self.viewport_rect_of(piece.page, r.x0, r.y0, r.x1, r.y1),
                                     color)

    def _on_scrolled(self) -> None:
        if self._info is not None:
            top = self.verticalScrollBar().value() + self.viewport().height() / 3
            page = self._layout.page_at(top)
            if page != self._current_page:
                self._current_page = page
                self.current_page_changed.emit(page)
        self.viewport().update()

    @property
    def current_page(self) -> int:
        return self._current_page

    # -- selection ---------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        if self._selection is None or self._selection.is_empty:
            return None
        return (self._selection.start, self._selection.end)

    def selected_text(self) -> str:
        span = self.selection
        if span is None or self.text_layer is None:
            return ""
        return self.text_layer.text[span[0] : span[1]]

    def set_selection(self, start: int, end: int) -> None:
        self._set_selection(Selection(start, end))

    def select_all(self) -> None:
        if self.text_layer is not None:
            self._set_selection(Selection(0, len(self.text_layer)))

    def clear_selection(self) -> None:
        self._set_selection(None)

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _set_selection(self, selection: Selection | None) -> None:
        if selection == self._selection:
            return
        self._selection = selection
        self.viewport().update()
        self.selection_changed.emit()

    def _caret(self, point: QPointF) -> int | None:
        if self.text_layer is None:
            return None
        page, x, y = self._page_point(point)
        return self.text_layer.caret_at(page, x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.text_layer is None:
            super().mousePressEvent(event)
            return
        point = event.position()
        handle = self._handle_at(point)
        if handle is not None:
            self._resizing = handle
            caret = self._caret(point)
            if caret is not None:
                self._set_selection(Selection(handle[1], caret))
            self._dragging = True
            return
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        self._press_point = None if shift else point  # a Shift+click extends, never picks
        interval = QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000
        if time.monotonic() - self._last_double_click < interval:
            self._snap(point, sentence_span)
            self._last_double_click = 0.0
            return
        caret = self._caret(point)
        if caret is None:
            return
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if shift and self._selection is not None:
            self._set_selection(self._selection.extended_to(caret))
        else:
            self._set_selection(Selection(caret, caret))
        self._dragging = True
        self._last_pointer = point.toPoint()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.text_layer is not None:
            self._snap(event.position(), word_span)
            self._last_double_click = time.monotonic()
            return
        super().mouseDoubleClickEvent(event)

    def _snap(self, point: QPointF, unit) -> None:
        assert self.text_layer is not None
        page, x, y = self._page_point(point)
        offset = self.text_layer.char_at(page, x, y)
        if offset is None:
            return
        start, end = unit(self.text_layer.text, offset)
        self._set_selection(Selection(start, end))
        self._dragging = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._dragging:
            on_handle = self._handle_at(event.position()) is not None
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if on_handle
                                      else Qt.CursorShape.IBeamCursor)
            super().mouseMoveEvent(event)
            return
        self._last_pointer = event.position().toPoint()
        self._extend_to_pointer()
        inside = self.viewport().rect().contains(self._last_pointer)
        if inside:
            self._autoscroll.stop()
        elif not self._autoscroll.isActive():
            self._autoscroll.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._last_pointer = event.position().toPoint()
            self._extend_to_pointer()
            self._dragging = False
            self._autoscroll.stop()
            if self._finish_gesture(event.position()):
                return
            text = self.selected_text()
            clipboard = QGuiApplication.clipboard()
            if text and clipboard.supportsSelection():
                clipboard.setText(text, clipboard.Mode.Selection)
            return
        super().mouseReleaseEvent(event)

    def _finish_gesture(self, point: QPointF) -> bool:
        """End a handle drag (asking for the resize) or a click without a drag (choosing the
        highlight under it); True when the release was one of those."""
        if self._resizing is not None:
            annotation_id, _fixed = self._resizing
            self._resizing = None
            span = self.selection
            self._set_selection(None)
            if span is not None:
                self.resize_requested.emit(annotation_id, *span)
            return True
        pressed, self._press_point = self._press_point, None
        if pressed is not None and (pressed - point).manhattanLength() < 4:
            self.annotation_clicked.emit(self.highlight_at(point) or "")
            return True
        return False

    def _extend_to_pointer(self) -> None:
        caret = self._caret(QPointF(self._last_pointer))
        if caret is not None and self._selection is not None:
            self._set_selection(self._selection.extended_to(caret))

    def _on_autoscroll_timeout(self) -> None:
        if not self._dragging:
            self._autoscroll.stop()
            return
        height = self.viewport().height()
        y = self._last_pointer.y()
        delta = y if y < 0 else max(0, y - height)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + max(-60, min(60, delta)))
        self._extend_to_pointer()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(0)
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif event.key() == Qt.Key.Key_Space:
            backwards = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            bar.setValue(bar.value() + (-bar.pageStep() if backwards else bar.pageStep()))
        elif event.key() == Qt.Key.Key_Escape and self._selection is not None:
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
        if not pieces:
            return
        first = pieces[0]
        target = self.viewport_rect_of(first.page, *_corners(first.rect))
        viewport = QRectF(self.viewport().rect())
        if not viewport.contains(target):
            bar = self.verticalScrollBar()
            bar.setValue(round(bar.value() + target.center().y() - viewport.height() / 2))
            hbar = self.horizontalScrollBar()
            if target.left() < 0 or target.right() > viewport.width():
                hbar.setValue(round(hbar.value() + target.center().x() - viewport.width() / 2))


def _corners(rect) -> tuple[float, float, float, float]:
    return rect.x0, rect.y0, rect.x1, rect.y1

"""The gutter between the two panes, where each link is a band from its passage on the left
to its counterpart on the right, as Meld and Kompare draw a diff's chunks.

The gutter is the splitter's handle (``LinkSplitter``), so it sits exactly between the panes
and still resizes them when dragged. Each band is a filled shape whose left edge spans the
passage's height in the left pane and whose right edge spans its counterpart's in the right
pane, joined by two cubic curves, in its type's colour (``LINK_COLOURS``). An end scrolled
out of sight is held just beyond the gutter's top or bottom, so the band runs off that way (a
stub pointing to it); a band whose ends are both out of sight on one side is not drawn. A link
to a whole document (*omits*, *adds*) tapers from its passage to a point in the middle of the
gutter.

Hovering a band shows its type and note; clicking it selects the link and scrolls both panes
to its ends (``link_clicked``); a right click offers to retype or delete it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QMenu, QSplitter, QSplitterHandle, QToolTip

from desktop.core.links import LinkType
from desktop.ui.link_bands import Band, End, LinkBands
from desktop.ui.page_view import PageView

GUTTER_WIDTH = 56
STUB = 12.0
"""How far beyond the gutter's edge an end out of sight is held."""
LINK_COLOURS: dict[LinkType, str] = {
    LinkType.REPORTS: "#2E7D32",
    LinkType.PARAPHRASES: "#1565C0",
    LinkType.CHANGES: "#EF6C00",
    LinkType.CONTRADICTS: "#C62828",
    LinkType.OMITS: "#616161",
    LinkType.ADDS: "#6A1B9A",
}
"""Each type's colour, the same in the gutter, the legend and the coverage strips."""


@dataclass(frozen=True, slots=True)
class Span:
    """An end of a band on the gutter's y axis: its top and bottom, and whether the passage
    is in sight (False: held beyond the edge, a stub)."""

    top: float
    bottom: float
    visible: bool


def end_span(view: PageView, end: End, *, offset: float, height: float) -> Span:
    """Where ``end`` is on the gutter's y axis (``offset``: the gutter's y of the view's
    viewport top), held just beyond the top or bottom when out of sight."""
    rect = view.viewport_rect_of(end.page, 0, end.top, 0, end.bottom)
    top, bottom = rect.top() + offset, rect.bottom() + offset
    if bottom < 0:
        return Span(-STUB - 2, -STUB, False)
    if top > height:
        return Span(height + STUB, height + STUB + 2, False)
    return Span(top, bottom, True)


def band_path(left: Span | None, right: Span | None, width: float) -> QPainterPath:
    """The band's shape from ``left`` (x = 0) to ``right`` (x = ``width``); a whole-document
    end (None) is a point in the middle of the gutter."""
    middle = width / 2
    start = left or Span(_mid(right), _mid(right), True)
    stop = right or Span(_mid(left), _mid(left), True)
    x0 = 0.0 if left is not None else middle
    x1 = width if right is not None else middle
    bend = (x1 - x0) / 2
    path = QPainterPath(QPointF(x0, start.top))
    path.cubicTo(x0 + bend, start.top, x1 - bend, stop.top, x1, stop.top)
    path.lineTo(x1, stop.bottom)
    path.cubicTo(x1 - bend, stop.bottom, x0 + bend, start.bottom, x0, start.bottom)
    path.closeSubpath()
    return path


def _shown_document(view: PageView) -> str | None:
    """The project's document the view draws the highlights of (None: none of the project's):
    known as soon as the pane's document is kept, with no query."""
    return None if view.highlights is None else view.highlights.document_id


def _mid(span: Span | None) -> float:
    return 0.0 if span is None else (span.top + span.bottom) / 2


class LinkGutter(QSplitterHandle):
    link_clicked = Signal(str)
    retype_requested = Signal(str, str)
    delete_requested = Signal(str)

    def __init__(self, orientation: Qt.Orientation, parent: QSplitter) -> None:
        super().__init__(orientation, parent)
        self.setMouseTracking(True)
        self.bands: LinkBands | None = None
        self.views: Callable[[], tuple[PageView, PageView]] | None = None
        self.selected: str | None = None
        self.suggested: list[Band] = []
        """Suggested links (Review > Suggest Links), drawn dashed."""

    def set_bands(self, bands: LinkBands | None) -> None:
        self.bands = bands
        if bands is not None:
            bands.changed.connect(self.update)
        self.update()

    def shapes(self) -> Iterator[tuple[Band, QPainterPath, bool]]:
        """Each band in sight with its shape, and whether it is a suggestion."""
        if self.bands is None or self.views is None:
            return
        left_view, right_view = self.views()
        self.bands.show_pair(*(_shown_document(view) for view in (left_view, right_view)))
        height = float(self.height())
        width = float(self.width())
        offsets = [
            float(view.viewport().mapTo(self.window(), QPoint(0, 0)).y())
            - self.mapTo(self.window(), QPoint(0, 0)).y()
            for view in (left_view, right_view)
        ]
        for bands, suggested in ((self.bands.bands, False), (self.suggested, True)):
            for band in bands:
                left = (
                    None
                    if band.left is None
                    else end_span(left_view, band.left, offset=offsets[0], height=height)
                )
                right = (
                    None
                    if band.right is None
                    else end_span(right_view, band.right, offset=offsets[1], height=height)
                )
                shown = [span for span in (left, right) if span is not None]
                if not any(span.visible for span in shown):
                    continue
                yield band, band_path(left, right, width), suggested

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for band, path, suggested in self.shapes():
            colour = QColor(LINK_COLOURS[band.type])
            fill = QColor(colour)
            fill.setAlpha(40 if suggested else 90)
            pen = QPen(colour, 2.0 if band.link.id == self.selected else 1.0)
            if suggested:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(fill)
            painter.drawPath(path)
        painter.end()

    def band_at(self, point: QPointF) -> Band | None:
        """The band under ``point``: the narrowest there, so a short passage inside a long
        one's band can still be picked."""
        found = [
            (path.boundingRect().height(), band)
            for band, path, suggested in self.shapes()
            if not suggested and path.contains(point)
        ]
        return min(found, key=lambda item: item[0])[1] if found else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        band = self.band_at(event.position()) if not event.buttons() else None
        if band is None:
            QToolTip.hideText()
            self.setCursor(Qt.CursorShape.SplitHCursor)
        else:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            note = f"\n{band.link.note}" if band.link.note else ""
            QToolTip.showText(
                event.globalPosition().toPoint(), f"{band.type.value.capitalize()}{note}", self
            )
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        band = self.band_at(event.position())
        if band is None:
            super().mousePressEvent(event)  # a drag resizes the panes
            return
        self.select(band.link.id)
        self.link_clicked.emit(band.link.id)
        if event.button() == Qt.MouseButton.RightButton:
            self._show_menu(band, event.globalPosition().toPoint())

    def select(self, link_id: str | None) -> None:
        self.selected = link_id
        self.update()

    def _show_menu(self, band: Band, where: QPoint) -> None:
        menu = QMenu(self)
        for kind in LinkType:
            if kind.to_document == band.type.to_document:
                action = menu.addAction(kind.value.capitalize())
                action.setCheckable(True)
                action.setChecked(kind is band.type)
                action.triggered.connect(
                    lambda _=False, k=kind: self.retype_requested.emit(band.link.id, k.value)
                )
        menu.addSeparator()
        menu.addAction("Delete Link").triggered.connect(
            lambda: self.delete_requested.emit(band.link.id)
        )
        menu.exec(where)
        menu.deleteLater()


class LinkSplitter(QSplitter):
    """The reader's splitter, whose handle is the links' gutter."""

    def createHandle(self) -> QSplitterHandle:
        return LinkGutter(self.orientation(), self)

    @property
    def gutter(self) -> LinkGutter:
        handle = self.handle(1)
        assert isinstance(handle, LinkGutter)
        return handle

    def restoreState(self, state: object) -> bool:  # type: ignore[override]
        """A saved state carries the handle's width of the version that saved it."""
        done = super().restoreState(state)  # type: ignore[arg-type]
        self.setHandleWidth(GUTTER_WIDTH)
        return done

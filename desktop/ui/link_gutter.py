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

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QMenu, QSplitter, QSplitterHandle, QToolTip

from desktop.core.links import LinkType
from desktop.ui.link_bands import Band, End, LinkBands, SuggestedBand
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


class Placer:
    """Places ends of one view on the gutter's y axis during one frame: each page's top and
    scale are asked of the view once, not once per band (``offset``: the gutter's y of the
    view's viewport top)."""

    def __init__(self, view: PageView, *, offset: float, height: float) -> None:
        self._view = view
        self._offset = offset
        self._height = height
        self._pages: dict[int, tuple[float, float]] = {}

    def span(self, end: End) -> Span:
        """Where ``end`` is, held just beyond the top or bottom when out of sight."""
        placed = self._pages.get(end.page)
        if placed is None:
            unit = self._view.viewport_rect_of(end.page, 0, 0, 0, 1)
            placed = self._pages[end.page] = (unit.top() + self._offset, unit.height())
        top_of_page, scale = placed
        top, bottom = top_of_page + end.top * scale, top_of_page + end.bottom * scale
        if bottom < 0:
            return Span(-STUB - 2, -STUB, False)
        if top > self._height:
            return Span(self._height + STUB, self._height + STUB + 2, False)
        return Span(top, bottom, True)


@dataclass(frozen=True, slots=True)
class Ends:
    """A band's two ends on the gutter: x and top and bottom of each (a whole-document end
    is the point in the middle of the gutter at the other end's height)."""

    x0: float
    top0: float
    bottom0: float
    x1: float
    top1: float
    bottom1: float

    @classmethod
    def of(cls, left: Span | None, right: Span | None, width: float) -> Ends:
        start = left or Span(_mid(right), _mid(right), True)
        stop = right or Span(_mid(left), _mid(left), True)
        x0 = 0.0 if left is not None else width / 2
        x1 = width if right is not None else width / 2
        return cls(x0, start.top, start.bottom, x1, stop.top, stop.bottom)

    def add_edges(self, path: QPainterPath) -> None:
        """The top and bottom edges: cubic curves whose control points sit halfway across,
        as Meld's bands bend."""
        bend = (self.x0 + self.x1) / 2
        path.moveTo(self.x0, self.top0)
        path.cubicTo(bend, self.top0, bend, self.top1, self.x1, self.top1)
        path.moveTo(self.x0, self.bottom0)
        path.cubicTo(bend, self.bottom0, bend, self.bottom1, self.x1, self.bottom1)

    def add_shape(self, path: QPainterPath) -> None:
        """The band's closed outline: the top edge across, the bottom edge back."""
        bend = (self.x0 + self.x1) / 2
        path.moveTo(self.x0, self.top0)
        path.cubicTo(bend, self.top0, bend, self.top1, self.x1, self.top1)
        path.lineTo(self.x1, self.bottom1)
        path.cubicTo(bend, self.bottom1, bend, self.bottom0, self.x0, self.bottom0)
        path.closeSubpath()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        self.add_shape(path)
        return path


def _mid(span: Span | None) -> float:
    return 0.0 if span is None else (span.top + span.bottom) / 2


@functools.cache
def _pen(kind: LinkType, *, suggested: bool, selected: bool) -> QPen:
    pen = QPen(QColor(LINK_COLOURS[kind]), 2.0 if selected else 1.0)
    if suggested:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


@functools.cache
def _fill(kind: LinkType, *, suggested: bool) -> QColor:
    fill = QColor(LINK_COLOURS[kind])
    fill.setAlpha(40 if suggested else 90)
    return fill


def _shown_document(view: PageView) -> str | None:
    """The project's document the view draws the highlights of (None: none of the project's):
    known as soon as the pane's document is kept, with no query."""
    return None if view.highlights is None else view.highlights.document_id


class LinkGutter(QSplitterHandle):
    link_clicked = Signal(str)
    retype_requested = Signal(str, str)
    delete_requested = Signal(str)
    note_requested = Signal(str)

    def __init__(self, orientation: Qt.Orientation, parent: QSplitter) -> None:
        super().__init__(orientation, parent)
        self.setMouseTracking(True)
        self.bands: LinkBands | None = None
        self.views: Callable[[], tuple[PageView, PageView]] | None = None
        self.selected: str | None = None
        self.suggested: list[SuggestedBand] = []
        """Suggested links (Review > Suggest Links), drawn dashed."""

    def set_bands(self, bands: LinkBands | None) -> None:
        self.bands = bands
        if bands is not None:
            bands.changed.connect(self.update)
        self.update()

    def placed(self) -> Iterator[tuple[Band | SuggestedBand, Ends, bool]]:
        """Each band in sight with its ends on the gutter, and whether it is a suggestion."""
        if self.bands is None or self.views is None:
            return
        views = self.views()
        self.bands.show_pair(*(_shown_document(view) for view in views))
        height, width = float(self.height()), float(self.width())
        top = self.mapTo(self.window(), QPoint(0, 0)).y()
        left, right = (
            Placer(
                view,
                offset=view.viewport().mapTo(self.window(), QPoint(0, 0)).y() - top,
                height=height,
            )
            for view in views
        )
        shown: tuple[tuple[list[Band] | list[SuggestedBand], bool], ...] = (
            (self.bands.bands, False),
            (self.suggested, True),
        )
        for bands, suggested in shown:
            for band in bands:
                spans = (
                    None if band.left is None else left.span(band.left),
                    None if band.right is None else right.span(band.right),
                )
                if any(span is not None and span.visible for span in spans):
                    yield band, Ends.of(*spans, width), suggested

    def paintEvent(self, event: QPaintEvent) -> None:
        """Bands of one look (type, suggested, selected) are filled as one path, without
        antialiasing, their overlaps kept by the winding rule, and their edges stroked as one
        antialiased path: 500 bands in about 13 ms, against 35 ms one antialiased band at a
        time (``benchmarks/link_gutter.py``)."""
        groups: dict[tuple[LinkType, bool, bool], tuple[QPainterPath, QPainterPath]] = {}
        for band, ends, suggested in self.placed():
            key = (band.type, suggested, isinstance(band, Band) and band.link.id == self.selected)
            if key not in groups:
                fill = QPainterPath()
                fill.setFillRule(Qt.FillRule.WindingFill)
                groups[key] = (fill, QPainterPath())
            fill, edges = groups[key]
            ends.add_shape(fill)
            ends.add_edges(edges)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.setPen(Qt.PenStyle.NoPen)
        for (kind, suggested, _), (fill, _) in groups.items():
            painter.setBrush(_fill(kind, suggested=suggested))
            painter.drawPath(fill)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for (kind, suggested, selected), (_, edges) in groups.items():
            painter.setPen(_pen(kind, suggested=suggested, selected=selected))
            painter.drawPath(edges)
        painter.end()

    def band_at(self, point: QPointF) -> Band | None:
        """The band under ``point``: the narrowest there, so a short passage inside a long
        one's band can still be picked."""
        found = []
        for band, ends, _ in self.placed():
            shape = ends.shape()
            if isinstance(band, Band) and shape.contains(point):
                found.append((shape.boundingRect().height(), band))
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
        menu.addAction("Edit Note…").triggered.connect(
            lambda: self.note_requested.emit(band.link.id)
        )
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

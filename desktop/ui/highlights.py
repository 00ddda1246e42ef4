"""Highlights on the page: which annotations a page shows, and how they are drawn.

Two facets, two visual channels: the thematic area is the fill, the instrument a coloured
underline. Several thematic codes split the fill into horizontal stripes; several instruments
alternate along the underline in dashes, so each stays readable. Fills are translucent and
every highlight has a thin edge in a darker shade of its own colour, so overlapping highlights
show where each begins and ends. The current annotation gets a strong outline and a handle
at each end to drag.

Pages are fetched lazily, each once, from the store (``annotations.overlapping`` over the
page's text span) and kept until a ChangeSet says they changed: a 100,000-annotation project
costs the few pages in view, not a load of everything at start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.codebook.colors import FILL_ALPHA
from desktop.codebook.model import Codebook, Facet
from desktop.core.geometry import PageRect

if TYPE_CHECKING:
    from desktop.store import ListedAnnotation, Project

UNCODED_FILL = QColor("#F4D03F")
"""An annotation without a thematic code still needs to be seen: a plain marker yellow."""
UNDERLINE_WIDTH = 2.0
UNDERLINE_DASH = 7.0
HANDLE_RADIUS = 4.0
CURRENT_OUTLINE = QColor("#1F4E99")


@dataclass(frozen=True, slots=True)
class Highlight:
    id: str
    start: int
    end: int
    rects: tuple[PageRect, ...]
    fills: tuple[QColor, ...]
    underlines: tuple[QColor, ...]


def highlight_of(listed: ListedAnnotation, book: Codebook) -> Highlight:
    fills: list[QColor] = []
    underlines: list[QColor] = []
    for code_id in listed.code_ids:
        code = book.get(code_id)
        if code is None:
            continue
        target = fills if code.facet is Facet.THEMATIC else underlines
        target.append(QColor(code.color))
    anchor = listed.annotation.anchor
    return Highlight(listed.annotation.id, anchor.start, anchor.end, anchor.rects,
                     tuple(fills), tuple(underlines))


class PageHighlights:
    """The highlights of one document, fetched a page at a time and cached until told."""

    def __init__(self, project: Project, document_id: str,
                 codebook: Callable[[], Codebook]) -> None:
        self.project = project
        self.document_id = document_id
        self._codebook = codebook
        self._pages: dict[int, list[Highlight]] = {}

    def on_page(self, page: int, span: tuple[int, int]) -> list[Highlight]:
        """Highlights with a rectangle on ``page`` whose text is ``span``; shorter ones
        last, so the most specific of overlapping highlights is drawn (and hit) on top."""
        found = self._pages.get(page)
        if found is None:
            book = self._codebook()
            listed = self.project.annotations.overlapping(self.document_id, *span)
            found = [highlight_of(item, book) for item in listed
                     if any(r.page == page for r in item.annotation.anchor.rects)]
            found.sort(key=lambda h: (-(h.end - h.start), h.start))
            self._pages[page] = found
        return found

    def invalidate(self) -> None:
        self._pages.clear()


def paint_highlights(painter: QPainter, highlights: list[Highlight], page: int,
                     to_view: Callable[[PageRect], QRectF], *, current: str | None) -> None:
    """Draw ``highlights`` on ``page`` (translucent fills, stripes, underlines, edges)."""
    for highlight in highlights:
        for piece in highlight.rects:
            if piece.page == page:
                _paint_piece(painter, highlight, to_view(piece))
    for highlight in highlights:
        if highlight.id == current:
            _paint_current(painter, highlight, page, to_view)


def _paint_piece(painter: QPainter, highlight: Highlight, box: QRectF) -> None:
    fills = highlight.fills or (UNCODED_FILL,)
    band = box.height() / len(fills)
    for index, color in enumerate(fills):
        translucent = QColor(color)
        translucent.setAlphaF(FILL_ALPHA)
        painter.fillRect(QRectF(box.left(), box.top() + index * band, box.width(), band),
                         translucent)
    edge = QColor(fills[0]).darker(140)
    edge.setAlphaF(0.55)
    painter.setPen(QPen(edge, 0.8))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(box)
    _paint_underline(painter, highlight.underlines, box)


def _paint_underline(painter: QPainter, colors: tuple[QColor, ...], box: QRectF) -> None:
    """One underline under the piece; several instruments alternate along it in dashes, so
    the line never grows into the next line of text."""
    if not colors:
        return
    y = box.bottom() + 0.5
    if len(colors) == 1:
        painter.fillRect(QRectF(box.left(), y, box.width(), UNDERLINE_WIDTH), colors[0])
        return
    x, index = box.left(), 0
    while x < box.right():
        width = min(UNDERLINE_DASH, box.right() - x)
        painter.fillRect(QRectF(x, y, width, UNDERLINE_WIDTH), colors[index % len(colors)])
        x += width
        index += 1


def _paint_current(painter: QPainter, highlight: Highlight, page: int,
                   to_view: Callable[[PageRect], QRectF]) -> None:
    painter.setPen(QPen(CURRENT_OUTLINE, 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for piece in highlight.rects:
        if piece.page == page:
            painter.drawRect(to_view(piece).adjusted(-1, -1, 1, 1))
    painter.setBrush(CURRENT_OUTLINE)
    for _end, point in handle_points(highlight, page, to_view):
        painter.drawEllipse(point, HANDLE_RADIUS, HANDLE_RADIUS)


def handle_points(highlight: Highlight, page: int,
                  to_view: Callable[[PageRect], QRectF]) -> list[tuple[str, QPointF]]:
    """The handles of a highlight on ``page``: ``("start", top-left of its first piece)`` and
    ``("end", bottom-right of its last)``, those that are on this page."""
    points = []
    first, last = highlight.rects[0], highlight.rects[-1]
    if first.page == page:
        box = to_view(first)
        points.append(("start", QPointF(box.left(), box.top())))
    if last.page == page:
        box = to_view(last)
        points.append(("end", QPointF(box.right(), box.bottom())))
    return points

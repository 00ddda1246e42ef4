"""One highlight as it is drawn: its pieces (a box per line), its colours, its place in the
drawing order.

Two facets, two visual channels: the thematic area is the fill, the instrument a coloured
underline. A highlight with several thematic codes is filled with the first of them (in
codebook order, so the same codes always look alike) at the line's full height: split into
stripes, four codes made bands of two or three pixels at the default zoom that no one could
tell apart. Every code still shows, as a chip in the margin strip beside the line
(``highlight_margin``), and hovering the highlight names them. Several instruments alternate
along the underline in dashes, so each stays readable. Fills are translucent and every piece
has a one-pixel edge in a darker shade of its own colour, so overlapping highlights show where
each begins and ends.
Two kinds must not pass for a code: an uncoded highlight has no fill but a dark grey frame
(its plain yellow fill looked like "Smart cities"), and an instrument-only one has no fill
either, only its edge and underline in the instrument's colour. The underline grows with the
zoom, never thinner than ``MIN_UNDERLINE`` pixels, and lies along the bottom of the line's box,
under the baseline, so it covers neither the next line's letters nor its highlight's edge.
Everything is drawn with rectangle fills: a stroked outline costs ten times as much to draw,
and a page may have tens of thousands of pieces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter

from desktop.codebook.colors import FILL_ALPHA
from desktop.codebook.model import Codebook, Facet
from desktop.core.geometry import PageRect, Rect

UNCODED_EDGE = QColor(60, 60, 60, 230)
"""An annotation without any code: no fill, a dark grey frame, unlike every code's fill."""
UNDERLINE_POINTS = 2.0
"""The instruments' underline, in page points: it scales with the zoom..."""
MIN_UNDERLINE = 3.0
"""...but is never thinner than this many view pixels."""
REACH = 3.0
"""How far (view pixels) a piece's drawing reaches beyond its box: its edge, with room to
spare (the underline lies inside the box)."""
UNDERLINE_DASH = 7

Box = tuple[float, float, float, float]
"""A rectangle on a page, ``(x0, y0, x1, y1)`` in page points."""
Piece = tuple[int, float, float, float, float]
"""One line of a highlight: ``(page, x0, y0, x1, y1)``. Plain tuples of numbers, which Python's
garbage collector stops visiting: 100,000 highlights have some 300,000 pieces, and as objects
they made each full collection take a third of a second."""


@dataclass(frozen=True, slots=True, eq=False)
class Style:
    """How a highlight is drawn; one per set of codes, shared by their highlights."""

    fill: QColor | None
    """The translucent fill of the first thematic code, or none (uncoded: a frame;
    instruments only: the underline)."""
    edge: QColor
    underline: QColor | QBrush | None
    """One instrument's colour; several alternating in dashes (a tiled brush); or none."""
    chips: tuple[QColor, ...] = ()
    """Each code's own colour, thematic codes first: the margin strip's chips."""
    mark: QColor | None = None
    """A disputed highlight's mark: a thicker edge along its top in this colour."""


@dataclass(frozen=True, slots=True, eq=False)
class Highlight:
    id: str
    start: int
    end: int
    pieces: tuple[Piece, ...]
    code_ids: tuple[str, ...]
    style: Style
    status: str = "proposed"
    order: tuple[int, int, str] = field(init=False)
    """Its place in drawing order: longest first, so the shortest of overlapping highlights
    is drawn, and picked, on top."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", (self.start - self.end, self.start, self.id))

    @property
    def rects(self) -> tuple[PageRect, ...]:
        """The pieces as the text layer's rectangles (made when asked: hit tests ask)."""
        return tuple(PageRect(page, Rect(x0, y0, x1, y1)) for page, x0, y0, x1, y1 in self.pieces)

    def boxes(self, page: int) -> list[Box]:
        return [(x0, y0, x1, y1) for p, x0, y0, x1, y1 in self.pieces if p == page]


drawing_order = attrgetter("order")


class Styles:
    """The styles of one codebook, made once per set of codes, each code's colours made once:
    a project's thousands of code combinations share a few hundred colours."""

    def __init__(self, book: Codebook) -> None:
        self._book = book
        self._place = {code.guid: place for place, code in enumerate(book)}
        self._styles: dict[tuple[str, ...], Style] = {}
        self._given: dict[tuple[tuple[str, ...], str], Style] = {}
        """The style of each set of code ids as a highlight gives them (oldest coding first),
        and status, so reading a page sorts each set once, not once per highlight."""
        self._colors: dict[str, QColor] = {}
        """Each code's own colour, one QColor shared by every style: 100,000 highlights made
        some 25,000 styles, and a colour per chip of each was 70,000 objects more for the
        cycle collector to walk."""
        self._fills: dict[str, tuple[QColor, QColor]] = {}
        self._looks: dict[tuple[tuple[str, ...], str], Style] = {}
        self._underlines: dict[tuple[str, ...], QColor | QBrush | None] = {}
        self._in_colors: dict[tuple[str, Style, str], Style] = {}

    def of(self, code_ids: tuple[str, ...], status: str = "proposed") -> Style:
        """The style of a highlight with these codes, as its review status shows it: a
        rejected one dimmed (``STATUS_LOOKS``), a disputed one marked."""
        given = self._given.get((code_ids, status))
        if given is not None:
            return given
        known = tuple(
            sorted((c for c in code_ids if c in self._place), key=self._place.__getitem__)
        )
        style = self._styles.get(known)
        if style is None:
            style = self._styles[known] = self._make(known)
        look = STATUS_LOOKS.get(status)
        if look is not None:
            key = (known, status)
            shown = self._looks.get(key)
            if shown is None:
                shown = self._looks[key] = look.applied(style)
            style = shown
        self._given[code_ids, status] = style
        return style

    def in_color(self, color: str, code_ids: tuple[str, ...], status: str = "proposed") -> Style:
        """A highlight drawn in ``color`` (its reviewer's, ``#RRGGBB``) whatever its codes,
        keeping its codes' chips in the margin, and its review status's look."""
        by_codes = self.of(code_ids)
        key = (color, by_codes, status)  # a style is one object per set of codes
        style = self._in_colors.get(key)
        if style is None:
            fill = QColor(color)
            fill.setAlphaF(FILL_ALPHA)
            edge = QColor(color).darker(140)
            edge.setAlphaF(0.55)
            style = Style(fill, edge, None, by_codes.chips)
            look = STATUS_LOOKS.get(status)
            style = self._in_colors[key] = style if look is None else look.applied(style)
        return style

    def _make(self, known: tuple[str, ...]) -> Style:
        thematic = [c for c in known if self._book[c].facet is Facet.THEMATIC]
        instruments = tuple(c for c in known if self._book[c].facet is not Facet.THEMATIC)
        if instruments not in self._underlines:
            self._underlines[instruments] = _underline([self._color(c) for c in instruments])
        underline = self._underlines[instruments]
        chips = tuple(self._color(c) for c in (*thematic, *instruments))
        if thematic:
            fill, edge = self._fill(thematic[0])
            return Style(fill, edge, underline, chips)
        if instruments:  # no fill: the edge and the underline in the instrument's colour
            return Style(None, self._fill(instruments[0])[1], underline, chips)
        return Style(None, UNCODED_EDGE, None)

    def _color(self, code_id: str) -> QColor:
        found = self._colors.get(code_id)
        if found is None:
            found = self._colors[code_id] = QColor(self._book[code_id].color)
        return found

    def _fill(self, code_id: str) -> tuple[QColor, QColor]:
        """A code's translucent fill and its edge."""
        found = self._fills.get(code_id)
        if found is None:
            color = QColor(self._book[code_id].color)
            fill = QColor(color)
            fill.setAlphaF(FILL_ALPHA)
            edge = color.darker(140)
            edge.setAlphaF(0.55)
            found = self._fills[code_id] = (fill, edge)
        return found


@dataclass(frozen=True, slots=True)
class StatusLook:
    """How a review status changes a highlight's look, on the page and in the list."""

    opacity: float = 1.0
    """How much of its colours stay (a rejected highlight keeps a fifth of them)."""
    mark: QColor | None = None
    """The colour that marks it (a disputed highlight's edge and list text)."""

    def applied(self, style: Style) -> Style:
        def faded(color: QColor | None) -> QColor | None:
            if color is None or self.opacity == 1.0:
                return color
            dim = QColor(color)
            dim.setAlphaF(color.alphaF() * self.opacity)
            return dim

        underline = style.underline
        return Style(
            faded(style.fill),
            self.mark or faded(style.edge) or style.edge,
            faded(underline) if isinstance(underline, QColor) else underline,
            tuple(faded(chip) or chip for chip in style.chips),
            self.mark,
        )


STATUS_LOOKS = {
    "rejected": StatusLook(opacity=0.2),
    "disputed": StatusLook(mark=QColor("#C62828")),
}
"""The statuses drawn differently (proposed and accepted highlights look as their codes do)."""
LIST_COLORS = {"rejected": QColor("#8A8A8A"), "disputed": QColor("#C62828")}
"""The annotations list's text colour for a rejected (greyed) or disputed (marked) row."""


def _underline(colors: list[QColor]) -> QColor | QBrush | None:
    if len(colors) < 2:
        return colors[0] if colors else None
    dashes = QImage(UNDERLINE_DASH * len(colors), 1, QImage.Format.Format_ARGB32_Premultiplied)
    for index, color in enumerate(colors):
        for x in range(UNDERLINE_DASH):
            dashes.setPixelColor(index * UNDERLINE_DASH + x, 0, color)
    return QBrush(dashes)


def underline_width(scale: float) -> float:
    """The underline's thickness in view pixels at ``scale`` (view pixels per page point)."""
    return max(MIN_UNDERLINE, UNDERLINE_POINTS * scale)


def paint_piece(painter: QPainter, style: Style, box: QRectF, *, scale: float) -> None:
    """One line of a highlight: the fill, the edge, the instruments' underline
    (``scale``: view pixels per page point, which the underline's thickness follows)."""
    left, top, width, height = box.left(), box.top(), box.width(), box.height()
    if style.fill is not None:
        painter.fillRect(box, style.fill)
    edge, inner = style.edge, max(height - 1.0, 0.0)
    painter.fillRect(QRectF(left - 0.5, top - 0.5, width + 1.0, 1.0), edge)
    painter.fillRect(QRectF(left - 0.5, top + height - 0.5, width + 1.0, 1.0), edge)
    painter.fillRect(QRectF(left - 0.5, top + 0.5, 1.0, inner), edge)
    painter.fillRect(QRectF(left + width - 0.5, top + 0.5, 1.0, inner), edge)
    if style.mark is not None:  # disputed: a thick top edge, visible over any fill
        painter.fillRect(QRectF(left - 0.5, top - 1.5, width + 1.0, 2.5), style.mark)
    underline = style.underline
    if underline is not None:
        if isinstance(underline, QBrush):
            painter.setBrushOrigin(left, 0.0)  # the dashes start where the piece does
        thickness = min(underline_width(scale), height / 3)
        painter.fillRect(QRectF(left, top + height - thickness, width, thickness), underline)

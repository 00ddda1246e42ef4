"""The margin strip: beside each line a highlight covers, its codes' colour chips, as
ATLAS.ti's margin shows codes beside the text.

A highlight with several thematic codes is filled with the first of them, and an
instrument's underline is thin, so the codes of a line are also shown as chips of a readable
size in the page's own right margin (between the text's right edge and the paper's), thematic
codes first, then instruments, in codebook order. Chips of highlights on the same line follow
one another; what does not fit is left out (hovering the highlight names every code). A page
whose text reaches its right edge has its strip in the pane's gutter beside the page instead,
when the view leaves one (zoomed out of fit width); it has none at fit width.

Laying out the chips walks every highlight of the page once per zoom; after that a page keeps
its chips (relative to the page's corner) row by row, and an edit lays out only its rows. On a
crowded page that walk takes a large part of a second, so it is done while the window is
idle, ``STEP`` highlights at a time (``build``), and the page waits for it as for its image.
"""

from __future__ import annotations

import math
import time
from bisect import insort
from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.core.geometry import PageRect, Rect
from desktop.core.textlayer import TextLayer
from desktop.ui.highlight_pieces import Highlight

CHIP = 10.0
"""A chip's side in view pixels, at most (a short line gets a smaller one)."""
SPACING = 2.0
CLEARANCE = 6.0
"""Page points kept free between the text's right edge and the strip, and at the paper's edge."""
MIN_WIDTH = 14.0
"""A strip narrower than this (view pixels) is not drawn."""

STEP = 100
"""Highlights laid out between two looks at the clock."""

Chip = tuple[float, float, float, QColor]
"""``(x, y, side, colour)`` in view pixels from the page's corner."""


def margin_of(
    layer: TextLayer, page: int, page_width: float, *, gutter: float = 0.0
) -> Rect | None:
    """The strip of ``page`` in page points: right of its text, inside the paper; or, when
    the text leaves no room there, in the ``gutter`` (page points of the pane beside the
    paper's right edge), past the paper."""
    lines = layer.lines(page)
    if not lines:
        return None
    right = max(line.rect.x1 for line in lines) + CLEARANCE
    if right < page_width - CLEARANCE:
        return Rect(right, 0.0, page_width - CLEARANCE, 0.0)
    if gutter <= 2 * CLEARANCE:
        return None
    return Rect(page_width + CLEARANCE, 0.0, page_width + gutter - CLEARANCE, 0.0)


class MarginChips:
    """The chips of one page's highlights for a strip at a scale, kept row by row: a
    highlight added or taken away lays out again only the rows it covers (a crowded page
    has thousands of highlights; a row stops at the few chips it has room for)."""

    def __init__(
        self,
        highlights: Iterable[Highlight],
        page: int,
        strip: Rect,
        *,
        scale: float,
        lazy: bool = False,
    ) -> None:
        """``lazy``: lay out nothing yet; ``build`` does, a slice at a time."""
        self.page, self.scale = page, scale
        self._left, self._right = strip.x0 * scale, strip.x1 * scale
        self._rows: dict[int, list[tuple[tuple[int, int, str], float, float, Highlight]]] = {}
        self._laid: dict[int, list[Chip]] = {}
        self._all: list[Chip] | None = None
        wide = self._right - self._left >= MIN_WIDTH
        self._pending: list[Highlight] = list(highlights) if wide else []
        """Highlights not laid out yet."""
        self._unlaid: list[int] | None = None
        """Rows to put in order and lay out once every highlight is in its rows (None: not
        started)."""
        if not lazy:
            self.build(math.inf)

    @property
    def complete(self) -> bool:
        return not self._pending and self._unlaid == []

    def build(self, deadline: float) -> bool:
        """Lay out until ``deadline`` (``time.perf_counter()``): first every highlight into
        its rows, then each row; True while there is more to do."""
        while self._pending:
            for highlight in self._pending[-STEP:]:
                for row, entry in self._entries(highlight):
                    self._rows.setdefault(row, []).append(entry)
            del self._pending[-STEP:]
            if time.perf_counter() >= deadline:
                return True
        if self._unlaid is None:
            self._unlaid = list(self._rows)
        while self._unlaid:
            row = self._unlaid.pop()
            self._rows[row].sort(key=_reading_order)
            self._lay(row)
            if time.perf_counter() >= deadline:
                break
        return not self.complete

    @property
    def chips(self) -> list[Chip]:
        if self._all is None:
            self._all = [chip for chips in self._laid.values() for chip in chips]
        return self._all

    def add(self, highlight: Highlight) -> None:
        if not self.complete:  # laid out with the rest, every row put in order again
            self._pending.append(highlight)
            self._unlaid = None
            return
        for row, entry in self._entries(highlight):
            insort(self._rows.setdefault(row, []), entry, key=_reading_order)
            self._lay(row)

    def discard(self, highlight: Highlight) -> None:
        if highlight in self._pending:
            self._pending.remove(highlight)
        for row, _entry in self._entries(highlight):
            entries = self._rows.get(row, [])
            entries[:] = [e for e in entries if e[3] is not highlight]
            if self.complete:
                self._lay(row)

    def _entries(
        self, highlight: Highlight
    ) -> Iterable[tuple[int, tuple[tuple[int, int, str], float, float, Highlight]]]:
        if not highlight.style.chips or self._right - self._left < MIN_WIDTH:
            return
        order = (highlight.start, highlight.end, highlight.id)
        for p, _x0, y0, _x1, y1 in highlight.pieces:
            if p == self.page:
                side = min(CHIP, max((y1 - y0) * self.scale - 2.0, 4.0))
                middle = (y0 + y1) / 2 * self.scale
                yield round(middle / side), (order, middle, side, highlight)

    def _lay(self, row: int) -> None:
        """The row's chips in reading order, as many as fit (the rest stop early)."""
        chips: list[Chip] = []
        x = self._left
        for _order, middle, side, highlight in self._rows.get(row, ()):
            for color in highlight.style.chips:
                if x + side > self._right:
                    break
                chips.append((x, middle - side / 2, side, color))
                x += side + SPACING
            if x + CHIP > self._right:
                break
        self._laid[row] = chips
        self._all = None


def _reading_order(
    entry: tuple[tuple[int, int, str], float, float, Highlight],
) -> tuple[int, int, str]:
    return entry[0]


def paint_chips(painter: QPainter, chips: list[Chip], corner: Callable[[], QRectF]) -> None:
    """Draw ``chips`` from the page's corner (``corner()``: where the view shows the page's
    first square point)."""
    if not chips:
        return
    origin = corner()
    ox, oy = origin.x(), origin.y()
    painter.save()
    for x, y, side, color in chips:
        box = QRectF(ox + x, oy + y, side, side)
        painter.fillRect(box, color)
        painter.setPen(QPen(color.darker(170), 1.0))
        painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
    painter.restore()


def page_corner(to_view: Callable[[PageRect], QRectF], page: int) -> Callable[[], QRectF]:
    return lambda: to_view(PageRect(page, Rect(0.0, 0.0, 1.0, 1.0)))

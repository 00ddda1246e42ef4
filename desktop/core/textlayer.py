"""The canonical text of a document and the map between its offsets and the page.

Selections, highlights, find hits and exported selectors are all ``(start, end)`` spans of Unicode
code points (end exclusive) in one string per document. This module keeps that string together
with a box for each character, so a span can be drawn on the page and a point on the page can be
turned back into an offset. It is plain data, built page by page by ``desktop.documents`` (which
reads the page with PyMuPDF) and queried by the UI without touching PyMuPDF.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from desktop.core.geometry import PageRect, Rect

NO_BOX = math.nan
"""Box coordinate of a character that is not drawn: a space joining lines, a paragraph break."""


@dataclass(frozen=True, slots=True)
class TextLine:
    """One visual line: its span in the text and its rectangle on the page."""

    start: int
    end: int
    rect: Rect


@dataclass(frozen=True, slots=True)
class PageText:
    """The piece of canonical text that belongs to one page, as an extractor hands it over.

    ``text`` may begin with the separator that joins it to the previous page (a paragraph break
    or a space). ``boxes`` holds four floats (x0, y0, x1, y1) per character in page space, NaN
    for characters that are not drawn. Line offsets are local to ``text``.
    """

    text: str
    boxes: array[float]
    lines: tuple[TextLine, ...]

    def __post_init__(self) -> None:
        if len(self.boxes) != 4 * len(self.text):
            raise ValueError("a PageText needs four box coordinates per character")


class TextLayer:
    """A document's canonical text, filled page by page in reading order.

    Pages arrive in order (``add_page``) so that a large document can be read in the background
    while its first pages are already selectable: ``ready_pages`` says how many have arrived.
    """

    def __init__(self, page_count: int) -> None:
        self.page_count = page_count
        self._pieces: list[str] = []
        self._boxes: list[array[float]] = []
        self._lines: list[tuple[TextLine, ...]] = []
        self._line_ends: list[list[int]] = []
        self._starts: list[int] = [0]
        self._text: str | None = ""

    @classmethod
    def from_pages(cls, pages: list[PageText]) -> TextLayer:
        layer = cls(len(pages))
        for page in pages:
            layer.add_page(page)
        return layer

    def add_page(self, page: PageText) -> None:
        if self.is_complete:
            raise ValueError("all pages of this text layer have arrived")
        offset = self._starts[-1]
        self._pieces.append(page.text)
        self._boxes.append(page.boxes)
        shifted = (TextLine(ln.start + offset, ln.end + offset, ln.rect) for ln in page.lines)
        self._lines.append(tuple(shifted))
        self._line_ends.append([line.end for line in self._lines[-1]])
        self._starts.append(offset + len(page.text))
        self._text = None

    @property
    def ready_pages(self) -> int:
        return len(self._pieces)

    @property
    def is_complete(self) -> bool:
        return self.ready_pages == self.page_count

    @property
    def text(self) -> str:
        """The text of every page that has arrived (the whole document once complete)."""
        if self._text is None:
            self._text = "".join(self._pieces)
        return self._text

    def __len__(self) -> int:
        return self._starts[-1]

    def sha256(self) -> str:
        """Fingerprint of the text, stored with annotations to notice a changed text layer."""
        import hashlib  # not at import time: it loads OpenSSL, 3 MB the reader window never needs

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def page_span(self, page: int) -> tuple[int, int]:
        """The offsets ``[start, end)`` of a page's piece of text (page must have arrived)."""
        return self._starts[page], self._starts[page + 1]

    def page_of(self, offset: int) -> int:
        """The page a character offset belongs to (a caret at the very end: the last page)."""
        if not 0 <= offset <= len(self):
            raise IndexError(offset)
        page = bisect.bisect_right(self._starts, offset) - 1
        return min(page, self.ready_pages - 1)

    def char_box(self, offset: int) -> PageRect | None:
        """Where the character at ``offset`` is drawn, or None for an undrawn separator."""
        page = self.page_of(offset)
        local = offset - self._starts[page]
        x0, y0, x1, y1 = self._boxes[page][4 * local : 4 * local + 4]
        if math.isnan(x0):
            return None
        return PageRect(page, Rect(x0, y0, x1, y1))

    def lines(self, page: int) -> tuple[TextLine, ...]:
        return self._lines[page]

    def caret_at(self, page: int, x: float, y: float) -> int | None:
        """The caret offset nearest to a point on a page: before a character when the point is
        on its first half in reading order, after it on its second half (left/right on an
        upright page, top/bottom on a page turned by /Rotate). None when the page has no text
        (yet)."""
        if page >= self.ready_pages or not self._lines[page]:
            return None
        line = min(self._lines[page], key=lambda ln: ln.rect.distance_to(x, y))
        dx, dy = self._direction(page, line)
        for offset in range(line.start, line.end):
            box = self._box(page, offset)
            if box is not None and _along(box, x, y, dx, dy) < 0:
                return offset
        return line.end

    def char_at(self, page: int, x: float, y: float) -> int | None:
        """The character under (or nearest to) a point: what a double-click snaps from."""
        caret = self.caret_at(page, x, y)
        if caret is None:
            return None
        line = min(self._lines[page], key=lambda ln: ln.rect.distance_to(x, y))
        dx, dy = self._direction(page, line)
        for offset in (caret, caret - 1):
            box = self.char_box(offset) if 0 <= offset < len(self) else None
            if box is not None and box.page == page:
                half = (abs(dx) * box.rect.width + abs(dy) * box.rect.height) / 2
                if abs(_along(box.rect, x, y, dx, dy)) <= half:
                    return offset
        return max(0, min(caret, len(self) - 1))

    def _box(self, page: int, offset: int) -> Rect | None:
        local = 4 * (offset - self._starts[page])
        x0, y0, x1, y1 = self._boxes[page][local : local + 4]
        return None if math.isnan(x0) else Rect(x0, y0, x1, y1)

    def _direction(self, page: int, line: TextLine) -> tuple[float, float]:
        """The line's reading direction as a unit vector, from its first drawn character to its
        last: (1, 0) on an upright page, (0, 1) or (0, -1) on a page turned a quarter."""
        drawn = [
            box
            for offset in range(line.start, line.end)
            if (box := self._box(page, offset)) is not None
        ]
        if len(drawn) < 2:
            return (1.0, 0.0)
        (x0, y0), (x1, y1) = drawn[0].center, drawn[-1].center
        length = math.hypot(x1 - x0, y1 - y0)
        return ((x1 - x0) / length, (y1 - y0) / length) if length else (1.0, 0.0)

    def rects(self, start: int, end: int) -> list[PageRect]:
        """One rectangle per line piece covered by ``[start, end)``, in reading order."""
        return [PageRect(page, box) for page, _line, box in self._line_pieces(start, end)]

    def rects_with_ceilings(self, start: int, end: int) -> list[tuple[PageRect, float | None]]:
        """``rects``, each with the lowest bottom of the lines above it on its page that reach
        into its box (None where none does). Glyph boxes run from the font's ascender to its
        descender, which on tightly set lines reach into the line above: a frame drawn around
        a piece stays below its ceiling so that it does not cross that line's descenders."""
        found: list[tuple[PageRect, float | None]] = []
        for page, line, box in self._line_pieces(start, end):
            ceilings = [
                other.rect.y1
                for other in self._lines[page]
                if other is not line
                and other.rect.y0 < box.y0 < other.rect.y1
                and other.rect.x0 < box.x1
                and box.x0 < other.rect.x1
            ]
            found.append((PageRect(page, box), max(ceilings, default=None)))
        return found

    def _line_pieces(self, start: int, end: int) -> Iterator[tuple[int, TextLine, Rect]]:
        """Each line piece covered by ``[start, end)``: its page, its line and its box."""
        if start >= end:
            return
        first_page, last_page = self.page_of(start), self.page_of(max(start, end - 1))
        for page in range(first_page, last_page + 1):
            lines = self._lines[page]
            boxes = self._boxes[page]
            base = self._starts[page]
            index = bisect.bisect_right(self._line_ends[page], start)
            for line in lines[index:]:
                if line.start >= end:
                    break
                first, stop = max(start, line.start) - base, min(end, line.end) - base
                box = _union_of_boxes(boxes, first, stop)
                if box is not None:
                    yield page, line, box


def _along(box: Rect, x: float, y: float, dx: float, dy: float) -> float:
    """How far a point lies past a box's centre in the reading direction (negative: before)."""
    cx, cy = box.center
    return (x - cx) * dx + (y - cy) * dy


def _union_of_boxes(boxes: array[float], first: int, stop: int) -> Rect | None:
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for local in range(first, stop):
        bx0, by0, bx1, by1 = boxes[4 * local : 4 * local + 4]
        if math.isnan(bx0):
            continue
        x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
    if x0 == math.inf:
        return None
    return Rect(x0, y0, x1, y1)

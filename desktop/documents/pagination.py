"""Cut a reflowable document's canonical text into pages of the current layout (plain Python).

The canonical text of an HTML, text or EPUB document does not depend on the layout, so that an
annotation keeps its offsets when the reader changes the width. The boxes do depend on it: they
come from the paginated layout, matched character by character (whitespace aside) with the
canonical text. Each page's piece starts where its first character's separator starts, so, as
for a PDF, a piece begins with the space or paragraph break that joins it to the previous page.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field

from desktop.core.textlayer import NO_BOX, PageText, TextLine
from desktop.documents.alignment import UNMATCHED, align
from desktop.documents.canonical import SOFT_HYPHEN, normalise_line, union_rect
from desktop.documents.glyphs import Box, GlyphLine

_NO_BOX4 = (NO_BOX,) * 4


@dataclass(slots=True)
class _Layout:
    """The paginated layout's visible characters (no whitespace), flattened in order."""

    chars: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    space_after: list[Box | None] = field(default_factory=list)

    @classmethod
    def read(cls, pages: list[list[list[GlyphLine]]]) -> _Layout:
        layout = cls()
        line_id = 0
        for page, blocks in enumerate(pages):
            for block in blocks:
                for raw in block:
                    first = len(layout.chars)
                    for char, box in zip(*_chars_and_boxes(raw), strict=True):
                        if char == " ":
                            if len(layout.chars) > first:
                                layout.space_after[-1] = box
                            continue
                        layout.chars.append(char)
                        layout.pages.append(page)
                        layout.lines.append(line_id)
                        layout.boxes.append(box)
                        layout.space_after.append(None)
                    line_id += 1
        return layout


def _chars_and_boxes(line: GlyphLine) -> tuple[list[str], list[Box]]:
    normal = normalise_line(line)
    kept = [(c, b) for c, b in zip(normal.chars, normal.boxes, strict=True) if c != SOFT_HYPHEN]
    return [c for c, _ in kept], [b for _, b in kept]


def paginate(text: str, pages: list[list[list[GlyphLine]]]) -> list[PageText]:
    """One piece of ``text`` per page, with the boxes the paginated ``pages`` draw it with."""
    layout = _Layout.read(pages)
    visible = [pos for pos, char in enumerate(text) if not char.isspace()]
    matches = align("".join(text[pos] for pos in visible), "".join(layout.chars))
    page_of = [UNMATCHED] * len(text)
    line_of = [UNMATCHED] * len(text)
    boxes: list[Box | None] = [None] * len(text)
    for pos, match in zip(visible, matches, strict=True):
        if match != UNMATCHED:
            page_of[pos], line_of[pos], boxes[pos] = (
                layout.pages[match],
                layout.lines[match],
                layout.boxes[match],
            )
    for index in range(len(visible) - 1):
        pos, match, following = visible[index], matches[index], matches[index + 1]
        between = visible[index + 1] - pos == 2 and text[pos + 1] == " "
        if (
            between
            and match != UNMATCHED
            and following == match + 1
            and layout.lines[following] == layout.lines[match]
            and layout.space_after[match] is not None
        ):
            page_of[pos + 1], line_of[pos + 1] = page_of[pos], line_of[pos]
            boxes[pos + 1] = layout.space_after[match]
    page_of = _fill_pages(page_of)
    return [_piece(text, page, page_of, line_of, boxes) for page in range(len(pages))]


def _fill_pages(page_of: list[int]) -> list[int]:
    """Give each unplaced character the page of the next placed one (else the last page used),
    so separators open the following page's piece and the pages stay in order."""
    filled = list(page_of)
    following = max((page for page in page_of if page != UNMATCHED), default=0)
    for pos in range(len(filled) - 1, -1, -1):
        if filled[pos] == UNMATCHED:
            filled[pos] = following
        else:
            following = filled[pos]
    return filled


def _piece(
    text: str, page: int, page_of: list[int], line_of: list[int], boxes: list[Box | None]
) -> PageText:
    start, end = bisect.bisect_left(page_of, page), bisect.bisect_left(page_of, page + 1)
    flat = array("f")
    for box in boxes[start:end]:
        flat.extend(box if box is not None else _NO_BOX4)
    spans: dict[int, list[int]] = {}
    for pos in range(start, end):
        if line_of[pos] != UNMATCHED:
            spans.setdefault(line_of[pos], [pos, pos])[1] = pos
    lines = tuple(
        TextLine(first - start, last + 1 - start, union_rect(boxes[first : last + 1]))
        for first, last in spans.values()
    )
    return PageText(text[start:end], flat, lines)

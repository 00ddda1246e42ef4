"""The rules that turn glyphs into a document's canonical text (plain Python, no PyMuPDF).

Offsets into the canonical text are what annotations store, so these rules decide what an
analyst's quote looks like and must not drift: whitespace runs become one space, a block's lines
are joined by one space (or by nothing after a hyphen that only broke a word), blocks are
separated by a paragraph break. Characters that are not drawn (a joining space, a paragraph
break) get NaN boxes.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Sequence

from desktop.core.geometry import Rect
from desktop.core.textlayer import NO_BOX, PageText, TextLine
from desktop.documents.glyphs import Box, GlyphLine

PARAGRAPH_BREAK = "\n\n"
SOFT_HYPHEN = "\u00ad"
_HYPHENS = "-\u2010"
_WIDE = frozenset({"W", "F"})


def normalise_line(line: GlyphLine) -> GlyphLine:
    """A line with its whitespace runs collapsed to one space and its ends stripped.

    The space keeps the box of the run it replaces, so a click between two words lands on it.
    Soft hyphens inside the line are invisible and dropped; one at the end is kept so that
    ``join_lines`` can see the word was broken there.
    """
    chars: list[str] = []
    boxes: list[Box] = []
    last = len(line.chars) - 1
    for index, (char, box) in enumerate(zip(line.chars, line.boxes, strict=True)):
        if char.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                boxes.append(box)
        elif char != SOFT_HYPHEN or _only_spaces_after(line.chars, index, last):
            chars.append(char)
            boxes.append(box)
    if chars and chars[-1] == " ":
        chars.pop()
        boxes.pop()
    return GlyphLine(chars, boxes)


def _only_spaces_after(chars: list[str], index: int, last: int) -> bool:
    return all(char.isspace() for char in chars[index + 1 : last + 1])


def join_lines(lines: Sequence[GlyphLine], *, dehyphenate: bool) -> list[tuple[str, GlyphLine]]:
    """Each non-empty normalised line with the separator that joins it to the previous one.

    A soft hyphen at a line's end always goes (it only marks where the word was broken). With
    ``dehyphenate`` (text wrapped by someone else, as in a PDF) a "-" after a letter with the
    next line starting in lowercase goes too ("coopera-" + "tion"); any other "-" that ends a
    word stays and joins without a space ("EU-" + "Japan"). Wide (CJK) characters join without
    a space, as they are written.
    """
    kept = [line for line in lines if line.chars]
    joined: list[tuple[str, GlyphLine]] = []
    for index, line in enumerate(kept):
        following = kept[index + 1] if index + 1 < len(kept) else None
        separator = " " if index else ""
        chars, boxes = line.chars, line.boxes
        if chars[-1] == SOFT_HYPHEN or (
            following is not None and dehyphenate and _broken_word(chars, following.chars)
        ):
            chars, boxes = chars[:-1], boxes[:-1]
        if index and _joins_tightly(kept[index - 1].chars, line.chars):
            separator = ""
        joined.append((separator, GlyphLine(chars, boxes)))
    return joined


def _broken_word(chars: list[str], following: list[str]) -> bool:
    return (
        len(chars) > 1 and chars[-1] in _HYPHENS and chars[-2].isalpha() and following[0].islower()
    )


def _joins_tightly(previous: list[str], line: list[str]) -> bool:
    last, first = previous[-1], line[0]
    if last == SOFT_HYPHEN or (last in _HYPHENS and len(previous) > 1 and previous[-2] != " "):
        return True
    return (
        unicodedata.east_asian_width(last) in _WIDE and unicodedata.east_asian_width(first) in _WIDE
    )


class PieceBuilder:
    """Accumulates one page's piece of canonical text, its boxes and its visual lines."""

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._boxes = array("f")
        self._lines: list[TextLine] = []

    def __len__(self) -> int:
        return len(self._chars)

    def undrawn(self, text: str) -> None:
        self._chars.extend(text)
        self._boxes.extend([NO_BOX] * (4 * len(text)))

    def char(self, char: str, box: Box) -> None:
        self._chars.append(char)
        self._boxes.extend(box)

    def line(self, start: int, rect: Rect) -> None:
        """Record the visual line made of the characters from ``start`` to the current end."""
        self._lines.append(TextLine(start, len(self._chars), rect))

    def build(self) -> PageText:
        return PageText("".join(self._chars), self._boxes, tuple(self._lines))


def union_rect(boxes: Sequence[Box | None]) -> Rect:
    drawn = [box for box in boxes if box is not None]
    return Rect(
        min(box[0] for box in drawn),
        min(box[1] for box in drawn),
        max(box[2] for box in drawn),
        max(box[3] for box in drawn),
    )


def fixed_page_text(blocks: list[list[GlyphLine]], *, first_page: bool) -> PageText:
    """The piece of a fixed-layout (PDF) page: its blocks in order, each page after the first
    starting with a paragraph break, so pages can be read one at a time in the background."""
    builder = PieceBuilder()
    if not first_page:
        builder.undrawn(PARAGRAPH_BREAK)
    wrote_block = False
    for block in blocks:
        joined = join_lines([normalise_line(line) for line in block], dehyphenate=True)
        if not joined:
            continue
        if wrote_block:
            builder.undrawn(PARAGRAPH_BREAK)
        wrote_block = True
        for separator, line in joined:
            builder.undrawn(separator)
            start = len(builder)
            for char, box in zip(line.chars, line.boxes, strict=True):
                builder.char(char, box)
            if line.chars:
                builder.line(start, union_rect(line.boxes))
    return builder.build()

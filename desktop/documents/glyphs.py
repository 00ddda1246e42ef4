"""The characters MuPDF finds on a page, as blocks of lines of glyphs in displayed page space.

This is the one place that reads PyMuPDF's ``rawdict``. It fixes what MuPDF leaves for the
caller, so that everything after it can treat a glyph as "one code point, one box":

- boxes are turned into the displayed page's space (MuPDF reports them unrotated), so they
  match ``render`` and the UI never learns about /Rotate;
- a ligature MuPDF expanded into several letters keeps its whole box on the first letter and
  gives the others none; the box is shared out so that each letter can be clicked;
- each line is NFC-normalised, a composed character getting the union of its parts' boxes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pymupdf

Box = tuple[float, float, float, float]

# No TEXT_PRESERVE_LIGATURES (ligatures come out as their letters) and no images.
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE
_TEXT_BLOCK = 0
_STRUCTURE_BLOCK = 2
_EPSILON = 1e-3


@dataclass(slots=True)
class GlyphLine:
    """One visual line: parallel lists of characters and their boxes, in drawing order."""

    chars: list[str]
    boxes: list[Box]


def read_blocks(page: pymupdf.Page, *, clip: bool = True) -> list[list[GlyphLine]]:
    """The page's text blocks in MuPDF's order (never sorted: that order is the reading order).

    With ``clip`` only what is drawn on the page is read; without it, text laid out beyond the
    page's edges is read too (the reflow module's unwrapped copy of a document needs that).
    """
    if clip:
        flags, area = _FLAGS | pymupdf.TEXT_MEDIABOX_CLIP, page.rect * page.derotation_matrix
    else:
        flags, area = _FLAGS, pymupdf.INFINITE_RECT()
    raw = page.get_text("rawdict", flags=flags, clip=area)
    matrix = page.rotation_matrix
    rotated = page.rotation % 360 != 0
    blocks: list[list[GlyphLine]] = []
    for block in _text_blocks(raw["blocks"]):
        lines = []
        for line in block["lines"]:
            chars: list[str] = []
            boxes: list[Box] = []
            for span in line["spans"]:
                for glyph in span["chars"]:
                    char = glyph["c"]
                    if unicodedata.category(char) == "Cc" and not char.isspace():
                        continue
                    chars.append(char)
                    boxes.append(tuple(glyph["bbox"]))
            _share_ligature_boxes(chars, boxes, line["dir"])
            if rotated:
                boxes = [_transform(box, matrix) for box in boxes]
            lines.append(_compose(chars, boxes))
        blocks.append(lines)
    return blocks


def _text_blocks(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Text blocks depth first: HTML documents nest them inside structure blocks."""
    for block in blocks:
        if block["type"] == _TEXT_BLOCK:
            yield block
        elif block["type"] == _STRUCTURE_BLOCK:
            yield from _text_blocks(block.get("blocks", []))


def _share_ligature_boxes(
    chars: list[str], boxes: list[Box], direction: tuple[float, float]
) -> None:
    """Split a glyph's box evenly among the empty-boxed letters that follow it (a ligature)."""
    axis = 0 if abs(direction[0]) >= abs(direction[1]) else 1
    forward = (direction[axis] if direction[axis] else 1.0) > 0
    index = 0
    while index < len(boxes):
        end = index + 1
        while (
            end < len(boxes)
            and not chars[end].isspace()
            and boxes[end][axis + 2] - boxes[end][axis] <= _EPSILON
        ):
            end += 1
        if end - index > 1 and boxes[index][axis + 2] - boxes[index][axis] > _EPSILON:
            _split(boxes, index, end, axis, forward)
        index = end


def _split(boxes: list[Box], first: int, stop: int, axis: int, forward: bool) -> None:
    box = boxes[first]
    low, high = box[axis], box[axis + 2]
    step = (high - low) / (stop - first)
    for part in range(stop - first):
        start = low + part * step if forward else high - (part + 1) * step
        edges = [box[0], box[1], box[2], box[3]]
        edges[axis], edges[axis + 2] = start, start + step
        boxes[first + part] = (edges[0], edges[1], edges[2], edges[3])


def _transform(box: Box, m: pymupdf.Matrix) -> Box:
    """An unrotated box in the displayed page's space (exact for multiples of 90 degrees)."""
    x0, y0, x1, y1 = box
    ax, ay = m.a * x0 + m.c * y0 + m.e, m.b * x0 + m.d * y0 + m.f
    bx, by = m.a * x1 + m.c * y1 + m.e, m.b * x1 + m.d * y1 + m.f
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def _compose(chars: list[str], boxes: list[Box]) -> GlyphLine:
    """NFC-normalise a line, giving each composed character the union of its parts' boxes."""
    if unicodedata.is_normalized("NFC", "".join(chars)):
        return GlyphLine(chars, boxes)
    out_chars: list[str] = []
    out_boxes: list[Box] = []
    start = 0
    for index in range(1, len(chars) + 1):
        if index < len(chars) and not _starts_segment(chars, start, index):
            continue
        composed = unicodedata.normalize("NFC", "".join(chars[start:index]))
        box = _union(boxes[start:index])
        out_chars.extend(composed)
        out_boxes.extend([box] * len(composed))
        start = index
    return GlyphLine(out_chars, out_boxes)


def _starts_segment(chars: list[str], start: int, index: int) -> bool:
    """Whether NFC leaves ``chars[index]`` apart from the segment ``chars[start:index]``."""
    segment, char = "".join(chars[start:index]), chars[index]
    if unicodedata.combining(char):
        return False
    together = unicodedata.normalize("NFC", segment + char)
    return together == unicodedata.normalize("NFC", segment) + unicodedata.normalize("NFC", char)


def _union(boxes: list[Box]) -> Box:
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )

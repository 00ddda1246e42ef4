"""Read the /Highlight annotations of a PDF, with the text under each in Accord's canonical text.

Highlights made in any PDF reader (or exported by Accord) become annotations in a project only
if the words under them are found in the text the annotations count in, so the text is taken
from Accord's own canonical text of the same file, not from another extraction. A character
is under a highlight when at least half of its box lies inside one of the highlight's quads,
the rule pdfannots (and so the project's checker) applies; the highlight's text is then the
canonical span from its first such character to its last, separators included.

A PDF Accord rendered from an HTML, text or EPUB document keeps that document's canonical
text (``desktop.documents.source_text``): its highlights are then read in that text, so a
highlight exported from the article comes back on exactly the article's span.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from pathlib import Path

import pymupdf

from desktop.core.geometry import PageRect, Rect
from desktop.core.textlayer import PageText
from desktop.documents.annotated_pdf import (
    PIECE_SEPARATOR,
    Working,
    hex_colour,
    highlights_of,
    parse_pdf_date,
    source_of,
    tell_no_one,
    turned,
)
from desktop.documents.canonical import fixed_page_text
from desktop.documents.opening import Document, fingerprint
from desktop.documents.page_boxes import PageBoxes
from desktop.documents.protocol import WORKING_EVERY, FoundHighlight
from desktop.documents.source_text import ShownText, shown_text

COVERED = 0.5
"""Share of a character's box that must lie inside a quad for it to count as highlighted."""

_Glyph = tuple[int, float, float, float, float]
"""A drawn character: its offset in the page's piece of text and its box."""
_NO_GLYPHS: PageBoxes[_Glyph] = PageBoxes((), top=0.0, bottom=0.0)

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadHighlights:
    text: str
    """What ``FoundHighlight.start``/``end`` count in: the canonical text of the document
    the PDF shows (the source's, for a PDF Accord rendered from an HTML, text or EPUB file)."""
    highlights: tuple[FoundHighlight, ...]
    skipped: tuple[str, ...]
    """What could not be read, one line each: an odd annotation, a page's text."""
    source: str | None
    """The sha256 of the document Accord exported this PDF from, when it did."""


def read_highlights(path: Path, data: bytes, *, working: Working = tell_no_one) -> ReadHighlights:
    """The highlights of the PDF ``data`` (the bytes of ``path``), in page order;
    ``working(page, pages)`` is called every ``WORKING_EVERY`` highlights."""
    pdf = pymupdf.open(stream=data, filetype="pdf")
    try:
        document = Document(path, fingerprint(data), "pdf", pdf, data)
    except BaseException:
        pdf.close()
        raise
    with document:
        source = source_of(pdf)
        skipped: list[str] = []
        pieces = [_page_text(document, number, skipped) for number in range(document.page_count)]
        shown = shown_text(pdf, [piece.text for piece in pieces], source)
        found: list[FoundHighlight] = []
        for page in pdf.pages():
            annots = list(highlights_of(page))
            glyphs = _glyphs(pieces[page.number], page.rect) if annots else _NO_GLYPHS
            turn = page.rotation_matrix
            for annot in annots:
                if len(found) % WORKING_EVERY == 0:
                    working(page.number, document.page_count)
                try:
                    found.append(_read(page.number, annot, glyphs, shown, turn=turn))
                except Exception as error:  # one odd annotation must not lose the others
                    _log.warning("skipped a highlight on page %d: %s", page.number + 1, error)
                    skipped.append(
                        f"page {page.number + 1}: a highlight Accord could not read ({error})"
                    )
    return ReadHighlights(
        shown.text, tuple(_join_pieces(found, shown.text)), tuple(skipped), source
    )


def _page_text(document: Document, page: int, skipped: list[str]) -> PageText:
    """The page's piece of canonical text; an unreadable page (as the reader shows it) has
    none, and the highlights on it are then reported as over no text."""
    try:
        return document.page_text(page)
    except Exception as error:
        _log.warning("could not read the text of page %d: %s", page + 1, error)
        skipped.append(f"page {page + 1}: Accord could not read its text ({error})")
        return fixed_page_text([], first_page=page == 0)


def _glyphs(piece: PageText, page: pymupdf.Rect) -> PageBoxes[_Glyph]:
    """The page's drawn, visible characters (whitespace never starts or ends a quote)."""
    boxes = piece.boxes.tolist()
    glyphs: list[_Glyph] = [
        (index, boxes[4 * index], boxes[4 * index + 1], boxes[4 * index + 2], boxes[4 * index + 3])
        for index, char in enumerate(piece.text)
        if not char.isspace() and not math.isnan(boxes[4 * index])
    ]
    return PageBoxes(((*glyph[1:], glyph) for glyph in glyphs), top=page.y0, bottom=page.y1)


def _read(
    page: int,
    annot: pymupdf.Annot,
    glyphs: PageBoxes[_Glyph],
    shown: ShownText,
    *,
    turn: pymupdf.Matrix,
) -> FoundHighlight:
    """The highlight ``annot`` on page ``page``; ``turn`` is the page's rotation matrix."""
    info = annot.info
    rects = tuple(PageRect(page, rect) for rect in _quad_boxes(annot, turn))
    covered = _covered(glyphs, [r.rect for r in rects])
    start, end = shown.span(page, *covered) if covered else (None, None)
    stroke = annot.colors.get("stroke") or ()
    return FoundHighlight(
        page=page,
        rects=rects,
        colour=hex_colour(stroke) if stroke else None,
        author=info.get("title", ""),
        contents=info.get("content", ""),
        subject=info.get("subject", ""),
        name=info.get("id", ""),
        created=parse_pdf_date(info.get("creationDate", "")),
        modified=parse_pdf_date(info.get("modDate", "")),
        start=start,
        end=end,
        text=shown.text[start:end] if start is not None else "",
    )


def _quad_boxes(annot: pymupdf.Annot, turn: pymupdf.Matrix) -> list[Rect]:
    """Each quad's bounding box in the displayed page's space (the annotation's /Rect when it has
    no /QuadPoints, as some writers do for a one-line highlight)."""
    points = annot.vertices or []
    quads = [points[i : i + 4] for i in range(0, len(points) - 3, 4)]
    if not quads:
        r = annot.rect
        quads = [[(r.x0, r.y0), (r.x1, r.y0), (r.x0, r.y1), (r.x1, r.y1)]]
    boxes = []
    for quad in quads:
        xs, ys = [x for x, _ in quad], [y for _, y in quad]
        boxes.append(turned(Rect(min(xs), min(ys), max(xs), max(ys)), turn))
    return boxes


def _covered(glyphs: PageBoxes[_Glyph], boxes: list[Rect]) -> tuple[int, int] | None:
    """The first and the last character under the boxes (indexes in the page's piece), None
    when no character is under them."""
    covered = [
        index
        for box in boxes
        for index, x0, y0, x1, y1 in glyphs.touching(box.x0, box.y0, box.x1, box.y1)
        if _under(x0, y0, x1, y1, box)
    ]
    return (min(covered), max(covered)) if covered else None


def _under(x0: float, y0: float, x1: float, y1: float, box: Rect) -> bool:
    """Whether at least ``COVERED`` of the character's box lies inside ``box`` (its centre,
    for a box without area)."""
    area = (x1 - x0) * (y1 - y0)
    if area <= 0:
        return box.contains((x0 + x1) / 2, (y0 + y1) / 2)
    width = min(x1, box.x1) - max(x0, box.x0)
    height = min(y1, box.y1) - max(y0, box.y0)
    return width > 0 and height > 0 and width * height >= COVERED * area


def _join_pieces(found: list[FoundHighlight], text: str) -> list[FoundHighlight]:
    """Join the per-page pieces Accord writes for a highlight across a page break (named
    ``ID``, ``ID#2``, ...) back into one highlight."""
    joined: list[FoundHighlight] = []
    by_name: dict[str, int] = {}
    for highlight in found:
        base, separator, number = highlight.name.rpartition(PIECE_SEPARATOR)
        head = by_name.get(base) if separator and number.isdigit() else None
        if head is None:
            if highlight.name:
                by_name.setdefault(highlight.name, len(joined))
            joined.append(highlight)
            continue
        first = joined[head]
        starts = [s for s in (first.start, highlight.start) if s is not None]
        ends = [e for e in (first.end, highlight.end) if e is not None]
        start, end = (min(starts), max(ends)) if starts else (None, None)
        joined[head] = replace(
            first,
            rects=first.rects + highlight.rects,
            start=start,
            end=end,
            text=text[start:end] if start is not None else "",
        )
    return joined

"""The canonical text layer checked against an independent read of each page by MuPDF."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator

import pymupdf
import pytest

from desktop.core.geometry import PageRect
from desktop.core.textlayer import TextLayer
from desktop.documents.opening import READING_FONT_SIZE, READING_PAGE_HEIGHT, Document
from desktop.documents.reflow import plain_text_page
from tests.documents.conftest import LETTER, bundled

_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP


@pytest.fixture
def independent(document: Document) -> Iterator[pymupdf.Document]:
    """The same file opened and laid out again, straight through PyMuPDF."""
    if document.kind == "text":  # shown as written, not as Markdown: see reflow.plain_text_page
        page = plain_text_page(document.path.read_text(encoding="utf-8"))
        opened = pymupdf.open(stream=page, filetype="html")
    else:
        opened = pymupdf.open(document.path)
    with opened as doc:
        if document.is_reflowable:
            doc.layout(
                width=document.page_sizes[0][0],
                height=READING_PAGE_HEIGHT,
                fontsize=READING_FONT_SIZE,
            )
        yield doc


def _squash(text: str) -> str:
    """Text without whitespace: MuPDF's line ends say nothing of how lines join."""
    return "".join(unicodedata.normalize("NFC", text).split())


def _read_inside(
    doc: pymupdf.Document,
    rects: list[PageRect],
    pages: dict[int, tuple[pymupdf.Page, pymupdf.TextPage]],
) -> str:
    parts = []
    for page_rect in rects:
        if page_rect.page not in pages:
            page = doc[page_rect.page]
            pages[page_rect.page] = (page, page.get_textpage(flags=_FLAGS))
        page, textpage = pages[page_rect.page]
        r = page_rect.rect
        # Unrotated, a line runs left to right: trim its ends a hair and its height by a quarter,
        # so that neither the neighbouring characters nor the lines above and below touch it.
        upright = pymupdf.Rect(r.x0, r.y0, r.x1, r.y1) * page.derotation_matrix
        dx, dy = min(0.3, upright.width / 10), upright.height / 4
        inner = pymupdf.Rect(upright.x0 + dx, upright.y0 + dy, upright.x1 - dx, upright.y1 - dy)
        parts.append(page.get_textbox(inner, textpage=textpage))
    return "\n".join(parts)


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for index, char in enumerate(text + " "):
        if not char.isspace() and start is None:
            start = index
        elif char.isspace() and start is not None:
            spans.append((start, index))
            start = None
    return spans


def test_spans_read_as_mupdf_reads_their_rectangles(
    document: Document, independent: pymupdf.Document
) -> None:
    layer = document.text_layer()
    words = _word_spans(layer.text)
    rng = random.Random(20200526)
    pages: dict[int, tuple[pymupdf.Page, pymupdf.TextPage]] = {}
    for _ in range(80):
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randrange(15))
        start, end = words[first][0], words[last][1]
        found = _read_inside(independent, layer.rects(start, end), pages)
        assert _squash(found) == _squash(layer.text[start:end]), (start, end)


def _inside_before_centre(rect: pymupdf.Rect, rotation: int) -> tuple[float, float]:
    """A point inside a character's box, between its start (in reading order) and its centre."""
    cx, cy = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2
    return {
        0: (rect.x0 + rect.width / 4, cy),
        90: (cx, rect.y0 + rect.height / 4),
        180: (rect.x1 - rect.width / 4, cy),
        270: (cx, rect.y1 - rect.height / 4),
    }[rotation]


def test_every_drawn_character_round_trips_through_its_box(
    document: Document, independent: pymupdf.Document
) -> None:
    layer = document.text_layer()
    drawn = 0
    for offset in range(len(layer)):
        box = layer.char_box(offset)
        if box is None:
            continue
        drawn += 1
        x, y = _inside_before_centre(box.rect, independent[box.page].rotation)
        assert layer.caret_at(box.page, x, y) == offset, (offset, layer.text[offset])
    assert drawn > 0.8 * len(layer.text.replace(" ", "").replace("\n", ""))


def test_pieces_and_lines_are_consistent(document: Document) -> None:
    layer = document.text_layer()
    assert layer.is_complete and layer.page_count == document.page_count
    assert unicodedata.is_normalized("NFC", layer.text)
    for page, (width, height) in enumerate(document.page_sizes):
        start, end = layer.page_span(page)
        previous_end = start
        for line in layer.lines(page):
            assert previous_end <= line.start < line.end <= end
            previous_end = line.end
            assert line.rect.x0 >= -1 and line.rect.x1 <= width + 1
            assert line.rect.y0 >= -1 and line.rect.y1 <= height + 1


def test_pdf_pages_read_in_written_order(generated: dict) -> None:
    from desktop.documents.opening import open_document
    from tests.documents import samples

    with open_document(generated["sample.pdf"]) as doc:
        texts = [doc.page_text(page).text for page in range(doc.page_count)]
        layer = doc.text_layer()
    assert texts[0] == samples.TWO_COLUMNS  # column one, then column two
    assert texts[1] == "\n\n" + samples.HYPHENATION  # "coopera-tion", "EU-Japan", "inno-vation"
    assert texts[2] == "\n\n" + samples.SHAPED  # ligatures as letters, "café" composed
    assert texts[3] == "\n\n" + samples.TURNED.format(side="right")
    assert texts[4] == "\n\n" + samples.TURNED.format(side="left")
    assert layer.text == "".join(texts)
    _check_shaped_page(layer)
    _check_turned_pages(layer)


def _check_shaped_page(layer: TextLayer) -> None:
    text = layer.text
    double_struck = text.index("𝔸")
    assert text[double_struck + 1] == " " and text.count("😀") == 1  # one code point each
    ffi = text.index("ffi")
    boxes = [layer.char_box(ffi + n).rect for n in range(3)]
    widths = [box.width for box in boxes]
    assert min(widths) > 0.25 * max(widths)  # the ligature's box is shared out
    assert boxes[0].x1 <= boxes[1].x0 + 0.01 and boxes[1].x1 <= boxes[2].x0 + 0.01
    accent = text.index("café") + 3
    assert layer.char_box(accent).rect.width > 0


def _check_turned_pages(layer: TextLayer) -> None:
    for page, downwards in ((3, True), (4, False)):
        start, _end = layer.page_span(page)
        first, second = layer.char_box(start + 2).rect, layer.char_box(start + 3).rect
        assert first.x0 == pytest.approx(second.x0)  # the text runs up or down the turned page
        assert (second.y0 > first.y0) == downwards
        assert all(0 <= v <= 842 for v in (first.x0, first.x1, first.y0, first.y1))


def test_letter_reads_as_its_source_text() -> None:
    from desktop.documents.opening import open_document

    source = LETTER.parent / "sources" / f"{LETTER.stem}.txt"
    with open_document(bundled(LETTER)) as doc:
        text = doc.text_layer().text
    ours, theirs = _squash(text), _squash(source.read_text(encoding="utf-8"))
    body = theirs.index("FortheEuropeanCommission")  # the signature table reads row by row
    assert ours[:body] == theirs[:body]
    assert "cooperation in STI under the ‘Agreement between the European Community" in text
    assert "\n\n2. Collaboration between the future Horizon Europe" in text

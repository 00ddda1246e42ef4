"""Documents written as PDFs with real highlights, and highlights read back from PDFs.

The written files are checked by readers other than the writer: the project's checker (pypdf
for the dictionaries, pdfannots for the text under each highlight) and pypdf directly.
"""

from __future__ import annotations

import io
import json
import math
import queue
import re
import uuid
from array import array
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pypdf
import pytest

from desktop.core.textlayer import TextLayer
from desktop.documents import tounicode
from desktop.documents.annotated_pdf import annotated_pdf, parse_pdf_date, pdf_date, rgb
from desktop.documents.client import DocumentClient
from desktop.documents.opening import (
    READING_PAGE_HEIGHT,
    READING_PAGE_WIDTH,
    Document,
    open_document,
)
from desktop.documents.pdf_highlights import read_highlights
from desktop.documents.protocol import (
    AnnotatedPdfWritten,
    Failed,
    Highlight,
    HighlightsRead,
    Opened,
)
from desktop.documents.subjects import split_codes
from tests.documents.conftest import ARTICLE, LETTER, bundled
from tests.documents.highlight_checker import (
    EXAMPLE,
    EXAMPLE_EXPECTED,
    check,
    expected_pieces,
)
from tests.needs import require

CREATED = datetime(2020, 5, 26, 9, 30, tzinfo=UTC)
MODIFIED = datetime(2020, 5, 27, 16, 5, 9, tzinfo=UTC)


def highlight(
    layer: TextLayer,
    quote: str,
    *,
    colour: str = "#D55E00",
    codes: tuple[str, ...] = ("Joint calls", "Pandemics"),
    note: str = "Check §2 with the team",
) -> tuple[Highlight, int, int]:
    start = layer.text.index(quote)
    end = start + len(quote)
    made = Highlight(
        str(uuid.uuid4()).upper(),
        tuple(layer.rects(start, end)),
        colour,
        "Ana Analyst",
        note,
        codes,
        CREATED,
        MODIFIED,
    )
    return made, start, end


def export(document: Document, highlights: list[Highlight], out: Path) -> Path:
    """As the worker exports a document it has open: with the text it already made."""
    out.write_bytes(
        annotated_pdf(
            document.path.read_bytes(),
            document.kind,
            highlights,
            canonical=document.canonical_text() if document.is_reflowable else None,
        )
    )
    return out


def expectations(layer: TextLayer, made: list[tuple[Highlight, int, int]]) -> list[dict]:
    return [
        piece
        for h, start, end in made
        for piece in expected_pieces(
            layer, start, end, name=h.id, author=h.reviewer, contents=h.note
        )
    ]


def test_the_letter_with_highlights_passes_the_independent_checker(tmp_path: Path) -> None:
    with open_document(bundled(LETTER)) as letter:
        layer = letter.text_layer()
        two_lines = highlight(
            layer,
            "The European Commission and the Cabinet Office of the "
            "Government of Japan (CAO), on behalf of relevant Ministries",
        )
        across_pages = highlight(
            layer,
            "as Growth Strategy.\n\n2. Collaboration between the future Horizon Europe",
            note="Spans the page turn",
        )
        assert len(two_lines[0].rects) == 2
        assert {r.page for r in across_pages[0].rects} == {0, 1}
        made = [two_lines, across_pages]
        out = export(letter, [h for h, _, _ in made], tmp_path / "letter.pdf")
    recovered = check(out, expectations(layer, made))
    assert len(recovered) == 3  # the highlight across the page turn is one per page


def test_the_dictionaries_carry_codes_colour_dates_and_ids(tmp_path: Path) -> None:
    with open_document(bundled(LETTER)) as letter:
        layer = letter.text_layer()
        made, _, _ = highlight(
            layer,
            "as Growth Strategy.\n\n2. Collaboration",
            colour="#009E73",
            codes=("Climate change", "Joint calls"),
        )
        out = export(letter, [made], tmp_path / "letter.pdf")
    reader = pypdf.PdfReader(out)
    annots = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert [a["/NM"] for a in annots] == [made.id, f"{made.id}#2"]
    for annot in annots:
        assert annot["/Subtype"] == "/Highlight" and "/AP" in annot
        assert annot["/Subj"] == "Climate change; Joint calls"
        assert annot["/T"] == "Ana Analyst" and annot["/Contents"] == made.note
        assert [round(float(v), 3) for v in annot["/C"]] == [round(v, 3) for v in rgb("#009E73")]
        assert parse_pdf_date(annot["/CreationDate"]) == CREATED
        assert parse_pdf_date(annot["/M"]) == MODIFIED


def test_the_article_is_laid_out_as_the_reader_shows_it(tmp_path: Path) -> None:
    with open_document(bundled(ARTICLE)) as article:
        layer = article.text_layer()
        made = [
            highlight(
                layer,
                "European and Japanese researchers and innovators will be able "
                "to cooperate more easily on global challenges",
            ),
            highlight(layer, "pledging over €760 million.\n\nBackground\n\nJapan is one"),
            highlight(
                layer, "Japan-EU Science and Technology Cooperation Agreement", codes=(), note=""
            ),
        ]
        assert {r.page for r in made[1][0].rects} == {0, 1}
        out = export(article, [h for h, _, _ in made], tmp_path / "article.pdf")
        with open_document(out) as exported:
            assert exported.page_sizes == ((READING_PAGE_WIDTH, READING_PAGE_HEIGHT),) * 2
            assert exported.title == article.title
            for page in range(article.page_count):
                shown, written = article.page_text(page), exported.page_text(page)
                assert shown.text.split() == written.text.split()
                assert (
                    max(
                        abs(a - b)
                        for a, b in zip(_drawn(shown.boxes), _drawn(written.boxes), strict=True)
                    )
                    < 0.5
                )
    expected = expectations(layer, made)
    del expected[-1]["contents"]  # an empty note: pdfannots reports none
    check(out, expected)


@pytest.mark.parametrize("name", ["article", "article.html", "notes.md", "book.epub"])
def test_highlights_read_back_on_the_spans_of_the_document_they_came_from(
    tmp_path: Path, generated: dict[str, Path], name: str
) -> None:
    """The PDF's own text joins some paragraphs the document's text breaks ("News article" and
    the headline are one PDF block): read back, every highlight still has its own span, also
    across those joins and across the page turn."""
    source = bundled(ARTICLE) if name == "article" else generated[name]
    with open_document(source) as document:
        layer = document.text_layer()
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+\s*\n\n\s*\S+", layer.text)]
        spans += [(m.start(), m.end()) for m in re.finditer(r"\w+(?: \w+){5}", layer.text)]
        made = [
            Highlight(
                f"H{index}",
                tuple(layer.rects(start, end)),
                "#0072B2",
                "Ana",
                "",
                (),
                CREATED,
                MODIFIED,
            )
            for index, (start, end) in enumerate(spans)
        ]
        out = export(document, made, tmp_path / "out.pdf")
    with open_document(out) as exported:  # the PDF's own text is not the document's
        assert (exported.text_layer().text != layer.text) == (name != "book.epub")
    found = read_highlights(out, out.read_bytes())
    assert found.text == layer.text
    assert {h.name: (h.start, h.end) for h in found.highlights} == {
        h.id: span for h, span in zip(made, spans, strict=True)
    }


def test_the_article_pdf_keeps_the_article_text_as_private_data(tmp_path: Path) -> None:
    """In the catalog's page-piece dictionary (ISO 32000 §14.5), as pypdf reads it: with the
    required /LastModified and the sha256 of the article it belongs to."""
    with open_document(bundled(ARTICLE)) as article:
        text, key = article.text_layer().text, article.fingerprint
        out = export(article, [], tmp_path / "article.pdf")
    catalog = pypdf.PdfReader(out).trailer["/Root"]
    data = catalog["/PieceInfo"]["/Accord"]
    assert parse_pdf_date(data["/LastModified"]) is not None
    assert data["/Private"]["/Source"] == key
    assert data["/Private"]["/Text"].get_object().get_data().decode("utf-8") == text
    # The same text when the export has to make it itself (no open document to take it from).
    alone = pypdf.PdfReader(io.BytesIO(annotated_pdf(bundled(ARTICLE).read_bytes(), "html", [])))
    kept = alone.trailer["/Root"]["/PieceInfo"]["/Accord"]["/Private"]["/Text"]
    assert kept.get_object().get_data().decode("utf-8") == text


def test_a_highlight_made_later_in_another_reader_reads_on_the_article_text(tmp_path: Path) -> None:
    """A colleague highlights the label and the headline (one PDF block) in their reader."""
    with open_document(bundled(ARTICLE)) as article:
        text = article.text_layer().text
        exported = annotated_pdf(article.path.read_bytes(), "html", [])
    with pymupdf.open(stream=exported, filetype="pdf") as pdf:
        page = pdf[0]
        quads = page.search_for("News article", quads=True) + page.search_for(
            "EU and Japan step up", quads=True
        )
        page.add_highlight_annot(quads).update()
        out = tmp_path / "colleague.pdf"
        pdf.save(out)
    (found,) = read_highlights(out, out.read_bytes()).highlights
    assert found.text == "News article\n\nEU and Japan step up"
    assert text[found.start : found.end] == found.text and found.start == text.index("News")


def test_a_pdf_whose_pages_changed_is_read_on_its_own_text(tmp_path: Path) -> None:
    """The kept text is the article's page for page: with a cover page put in front, the
    highlights are read on the PDF's own text (and the import finds them by quote)."""
    with open_document(bundled(ARTICLE)) as article:
        layer = article.text_layer()
        made, _, _ = highlight(layer, "European and Japanese researchers")
        exported = annotated_pdf(article.path.read_bytes(), "html", [made])
    with pymupdf.open(stream=exported, filetype="pdf") as pdf:
        pdf.new_page(0).insert_text((72, 72), "Cover note for the unit meeting")
        out = tmp_path / "with-cover.pdf"
        pdf.save(out)
    with open_document(out) as covered:
        own = covered.text_layer().text
    found = read_highlights(out, out.read_bytes())
    assert found.text == own and own.startswith("Cover note for the unit meeting\n\nNews")
    (highlight_found,) = found.highlights
    assert highlight_found.text == "European and Japanese researchers"
    assert own[highlight_found.start : highlight_found.end] == highlight_found.text


def test_a_code_name_holding_the_separator_stays_one_name(tmp_path: Path) -> None:
    with open_document(bundled(LETTER)) as letter:
        made, _, _ = highlight(
            letter.text_layer(), "as Growth Strategy.", codes=("Research; development", "Pandemics")
        )
        out = export(letter, [made], tmp_path / "letter.pdf")
    (annot,) = (
        a.get_object() for page in pypdf.PdfReader(out).pages for a in page.get("/Annots", [])
    )
    assert annot["/Subj"] == '"Research; development"; Pandemics'  # as a reader shows it
    (found,) = read_highlights(out, out.read_bytes()).highlights
    assert split_codes(found.subject) == ["Research; development", "Pandemics"]


def _drawn(boxes: array) -> list[float]:
    """The coordinates of the characters that are drawn (NaN marks the others)."""
    return [
        value
        for index in range(0, len(boxes), 4)
        if not math.isnan(boxes[index])
        for value in boxes[index : index + 4]
    ]


def test_characters_beyond_the_bmp_survive_in_exported_text(
    tmp_path: Path, generated: dict[str, Path]
) -> None:
    """MuPDF's own ToUnicode entries for 𝔸 and 😀 read back as other letters; the export
    repairs them, so a reviewer's tool recovers the quote."""
    with open_document(generated["article.html"]) as article:
        layer = article.text_layer()
        made = [highlight(layer, "Second point, with 𝔸 and 😀 inside")]
        out = export(article, [h for h, _, _ in made], tmp_path / "shaped.pdf")
    check(out, expectations(layer, made))
    found = read_highlights(out, out.read_bytes())
    assert [h.text for h in found.highlights] == ["Second point, with 𝔸 and 😀 inside"]


@pytest.mark.parametrize("name", ["notes.md", "book.epub"])
def test_text_and_epub_documents_export_too(
    tmp_path: Path, generated: dict[str, Path], name: str
) -> None:
    with open_document(generated[name]) as document:
        layer = document.text_layer()
        made = [highlight(layer, "The Sides intend to")]
        out = export(document, [h for h, _, _ in made], tmp_path / "out.pdf")
    check(out, expectations(layer, made))


def test_turned_and_cropped_pages_get_their_highlights_where_the_reader_shows_them(
    tmp_path: Path,
) -> None:
    """Rects are in the displayed page's space; the quads are written in the PDF's own space
    (checked here with pypdf and the PDF's /Rotate and /CropBox), in the text's direction."""
    source = tmp_path / "turned.pdf"
    doc = pymupdf.open()
    for rotation in (90, 180, 270):
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(
            pymupdf.Rect(100, 150, 400, 400),
            "On this turned and cropped page "
            "the Sides intend to explore twinning between their programmes.",
            fontsize=11,
        )
        page.set_cropbox(pymupdf.Rect(50, 100, 545, 742))
        page.set_rotation(rotation)
    doc.save(source)
    with open_document(source) as turned:
        layer = turned.text_layer()
        quote = "the Sides intend to explore twinning between their programmes"
        made = []
        for page in range(3):
            start = layer.text.index(quote, layer.page_span(page)[0])
            made.append(
                Highlight(
                    f"H{page}",
                    tuple(layer.rects(start, start + len(quote))),
                    "#0072B2",
                    "Ana",
                    "",
                    (),
                    CREATED,
                    MODIFIED,
                )
            )
        out = export(turned, made, tmp_path / "out.pdf")
    for page, written in zip(pypdf.PdfReader(out).pages, made, strict=True):
        (annot,) = (a.get_object() for a in page["/Annots"])
        points = [float(v) for v in annot["/QuadPoints"]]
        quads = [points[i : i + 8] for i in range(0, len(points), 8)]
        shown = [_displayed(quad, page) for quad in quads]
        for (x0, y0, x1, y1), rect in zip(shown, [r.rect for r in written.rects], strict=True):
            assert (
                max(abs(x0 - rect.x0), abs(y0 - rect.y0), abs(x1 - rect.x1), abs(y1 - rect.y1))
                < 0.01
            )
        for quad in quads:  # the text runs left to right in PDF space: UL, UR, LL, LR
            assert quad[0] < quad[2] and quad[1] > quad[5]
    found = read_highlights(out, out.read_bytes())
    assert [h.text for h in found.highlights] == [quote] * 3


def _displayed(quad: list[float], page: pypdf.PageObject) -> tuple[float, ...]:
    """A quad's bounding box on the displayed page (top-left origin, after /Rotate)."""
    cx0, cy0, cx1, cy1 = (float(v) for v in page.cropbox)
    xs, ys = quad[0::2], quad[1::2]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    rotation = page.get("/Rotate", 0) % 360
    if rotation == 0:
        return (x0 - cx0, cy1 - y1, x1 - cx0, cy1 - y0)
    if rotation == 90:
        return (y0 - cy0, x0 - cx0, y1 - cy0, x1 - cx0)
    if rotation == 180:
        return (cx1 - x1, y0 - cy0, cx1 - x0, y1 - cy0)
    return (cy1 - y1, cx1 - x1, cy1 - y0, cx1 - x0)


def test_exporting_an_exported_pdf_replaces_its_highlights(tmp_path: Path) -> None:
    with open_document(bundled(LETTER)) as letter:
        made, _, _ = highlight(letter.text_layer(), "as Growth Strategy.\n\n2. Collaboration")
        first = annotated_pdf(letter.path.read_bytes(), "pdf", [made])
    edited = Highlight(
        made.id,
        made.rects,
        made.colour,
        made.reviewer,
        "A new note",
        made.codes,
        made.created,
        MODIFIED,
    )
    again = annotated_pdf(first, "pdf", [edited])
    found = read_highlights(tmp_path / "again.pdf", again).highlights
    assert [(h.name, h.contents) for h in found] == [(made.id, "A new note")]


def test_the_foreign_example_reads_as_its_expectation_says() -> None:
    require(EXAMPLE, "the shared highlighted PDF example")
    found = read_highlights(EXAMPLE, EXAMPLE.read_bytes())
    expected = json.loads(EXAMPLE_EXPECTED.read_text(encoding="utf-8"))
    assert [(h.page + 1, h.text, h.contents, h.author, h.name) for h in found.highlights] == [
        (e["page"], e["text"], e["contents"], e["author"], e["name"]) for e in expected
    ]
    for h in found.highlights:
        assert found.text[h.start : h.end] == h.text
        assert h.created == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert [h.colour for h in found.highlights] == ["#FFD900", "#33CC33"]
    assert [h.subject for h in found.highlights] == ["Water | Tariff", "Energy | Fiscal incentive"]
    assert found.skipped == ()


def test_pdf_dates_in_and_out() -> None:
    assert pdf_date(datetime(2020, 5, 26, 11, 0, tzinfo=UTC)) == "D:20200526110000Z"
    assert parse_pdf_date("D:20200526110000+02'00'") == datetime(2020, 5, 26, 9, tzinfo=UTC)
    assert parse_pdf_date("D:20200526053000-03'30") == datetime(2020, 5, 26, 9, tzinfo=UTC)
    assert parse_pdf_date("D:2020") == datetime(2020, 1, 1, tzinfo=UTC)
    assert parse_pdf_date("20200526") == datetime(2020, 5, 26, tzinfo=UTC)
    for broken in ("", "yesterday", "D:20201341", "D:20200526110000+99'00'"):
        assert parse_pdf_date(broken) is None


def test_to_unicode_maps_get_utf16_for_characters_beyond_the_bmp() -> None:
    cmap = (
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        "2 beginbfchar\n<0003> <0041>\n<0004> <1d538>\nendbfchar\n"
        "2 beginbfrange\n<0010> <0012> <1f600>\n<0020> <0021> <0061>\nendbfrange\n"
        "endcmap\n"
    )
    assert tounicode.needs_repair(cmap)
    fixed = tounicode.repair(cmap)
    assert not tounicode.needs_repair(fixed)
    assert fixed.startswith("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
    assert fixed.endswith("endbfchar\nendcmap\n")
    mappings = fixed.split("endcodespacerange\n")[1]
    pairs = dict(line.split() for line in mappings.splitlines() if line.startswith("<"))
    assert pairs == {
        "<0003>": "<0041>",
        "<0004>": "<d835dd38>",
        "<0010>": "<d83dde00>",
        "<0011>": "<d83dde01>",
        "<0012>": "<d83dde02>",
        "<0020>": "<0061>",
        "<0021>": "<0062>",
    }
    bmp_only = cmap.replace("<1d538>", "<00e9>").replace("<1f600>", "<0030>")
    assert tounicode.repair(bmp_only) == bmp_only


def test_the_worker_answers_exports_and_reads_and_says_why_it_cannot(tmp_path: Path) -> None:
    """Through the worker process: a file written where asked, highlights read back, and a
    ``Failed`` with a sentence naming the file, after which the worker still answers."""
    events: queue.Queue[object] = queue.Queue()
    client = DocumentClient(events.put)
    client.start()
    try:

        def answer(request: int) -> object:
            while True:
                event = events.get(timeout=60)
                if getattr(event, "request", None) == request:
                    return event

        source = tmp_path / "letter.pdf"
        source.write_bytes(bundled(LETTER).read_bytes())
        opened = answer(client.open(source))
        assert isinstance(opened, Opened)
        with open_document(source) as letter:
            made, _, _ = highlight(letter.text_layer(), "as Growth Strategy.\n\n2. Collaboration")
        out = tmp_path / "out.pdf"
        written = answer(client.write_annotated_pdf(opened.info.key, [made], out=out))
        assert isinstance(written, AnnotatedPdfWritten) and written.size == out.stat().st_size
        html = answer(client.open(bundled(ARTICLE)))
        assert isinstance(html, Opened)
        refused = answer(client.read_highlights(html.info.key))
        assert isinstance(refused, Failed) and "news-article" in refused.message
        assert "not a PDF" in refused.message
        source.write_bytes(out.read_bytes())  # the file changes behind the worker's back
        stale = answer(client.write_annotated_pdf(opened.info.key, [made], out=out))
        assert isinstance(stale, Failed)
        assert "“letter.pdf”" in stale.message and "changed since Accord opened it" in stale.message
        exported = answer(client.open(out))
        assert isinstance(exported, Opened)
        read = answer(client.read_highlights(exported.info.key))
        assert isinstance(read, HighlightsRead)
        assert [(h.name, h.text) for h in read.highlights] == [
            (made.id, "as Growth Strategy.\n\n2. Collaboration")
        ]
    finally:
        client.shutdown()

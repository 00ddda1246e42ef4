"""Thousands of highlights on one page: written and read in work that grows linearly, and
every one comes back as it was written."""

from __future__ import annotations

import queue
import random
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pymupdf

from desktop.core.textlayer import TextLayer
from desktop.documents.annotated_pdf import annotated_pdf
from desktop.documents.client import DocumentClient
from desktop.documents.opening import open_document
from desktop.documents.pdf_highlights import read_highlights
from desktop.documents.protocol import (
    WORKING_EVERY,
    AnnotatedPdfWritten,
    Highlight,
    HighlightsRead,
    Opened,
    Working,
)
from tests.calls import growth
from tests.documents.conftest import LETTER, bundled

MOMENT = datetime(2020, 5, 26, 9, 30, tzinfo=UTC)
COLOURS = ("#D55E00", "#009E73", "#0072B2", "#CC79A7")


@cache
def _letter() -> tuple[bytes, TextLayer]:
    with open_document(bundled(LETTER)) as letter:
        return bundled(LETTER).read_bytes(), letter.text_layer()


def _highlights(count: int, *, first_page_only: bool = True) -> list[Highlight]:
    """``count`` highlights of 5 to 150 characters (overlapping, across lines), the first
    page's when asked, else anywhere (some across the page break); each one's id is its
    start and end in the letter's text."""
    _, layer = _letter()
    end_of_text = layer.page_span(0)[1] if first_page_only else len(layer.text)
    chance = random.Random(count)
    made = []
    for number in range(count):
        start = chance.randrange(end_of_text - 160)
        end = start + chance.randrange(5, 150)
        moment = MOMENT + timedelta(seconds=number)
        made.append(
            Highlight(
                f"{number:08X}-{start:04X}-4000-8000-{end:012X}",
                tuple(layer.rects(start, end)),
                COLOURS[number % 4],
                f"Reviewer {number % 3}",
                f"Note {number}" if number % 2 else "",
                (f"Code {number % 7}",),
                moment,
                moment + timedelta(hours=1),
            )
        )
    return made


def test_writing_grows_linearly_with_the_highlights_on_a_page() -> None:
    data, _ = _letter()

    def writing(count: int):
        made = _highlights(count)
        return lambda: annotated_pdf(data, "pdf", made)

    assert growth(writing, 250, 8) < 12


def test_reading_grows_linearly_with_the_highlights_on_a_page(tmp_path: Path) -> None:
    data, _ = _letter()

    def reading(count: int):
        written = annotated_pdf(data, "pdf", _highlights(count))
        return lambda: read_highlights(tmp_path / "letter.pdf", written)

    assert growth(reading, 250, 8) < 12


def test_thousands_of_highlights_read_back_as_they_were_written(tmp_path: Path) -> None:
    data, layer = _letter()
    made = _highlights(2000, first_page_only=False)
    written = annotated_pdf(data, "pdf", made)
    with pymupdf.open("pdf", written) as pdf:
        assert sum(1 for page in pdf for _ in page.annots()) >= len(made)
    read = read_highlights(tmp_path / "letter.pdf", written)
    assert read.skipped == ()
    by_name = {found.name: found for found in read.highlights}
    assert len(read.highlights) == len(by_name) == len(made)
    for highlight in made:
        found = by_name[highlight.id]
        _, start, _, _, end = highlight.id.split("-")
        assert found.text == layer.text[int(start, 16) : int(end, 16)].strip()
        assert (found.colour, found.author, found.contents, found.subject) == (
            highlight.colour,
            highlight.reviewer,
            highlight.note,
            highlight.codes[0],
        )
        assert (found.created, found.modified) == (highlight.created, highlight.modified)
        assert len(found.rects) == len(highlight.rects)


def test_the_worker_says_it_is_working_through_a_long_export_and_read(tmp_path: Path) -> None:
    """Whoever waits for the answer (``DocumentReader`` gives up after a silence of
    ``TIMEOUT_SECONDS``) hears from the worker every ``WORKING_EVERY`` highlights."""
    events: queue.Queue[object] = queue.Queue()
    client = DocumentClient(events.put)
    client.start()
    try:

        def answer(request: int) -> tuple[object, list[Working]]:
            working = []
            while True:
                event = events.get(timeout=120)
                if isinstance(event, Working):
                    working.append(event)
                elif getattr(event, "request", None) == request:
                    return event, working

        source = tmp_path / "letter.pdf"
        source.write_bytes(bundled(LETTER).read_bytes())
        opened, _ = answer(client.open(source))
        assert isinstance(opened, Opened)
        made = _highlights(2 * WORKING_EVERY + 1, first_page_only=False)
        out = tmp_path / "out.pdf"
        written, working = answer(client.write_annotated_pdf(opened.info.key, made, out=out))
        assert isinstance(written, AnnotatedPdfWritten)
        assert len(working) >= 3 and {w.key for w in working} == {opened.info.key}
        assert [w.done for w in working] == sorted(w.done for w in working)
        exported, _ = answer(client.open(out))
        assert isinstance(exported, Opened)
        read, working = answer(client.read_highlights(exported.info.key))
        assert isinstance(read, HighlightsRead) and len(read.highlights) == len(made)
        assert len(working) >= 3
    finally:
        client.shutdown()


def test_exporting_an_exported_pdf_again_grows_linearly() -> None:
    data, _ = _letter()

    def replacing(count: int):
        made = _highlights(count)
        exported = annotated_pdf(data, "pdf", made)
        return lambda: annotated_pdf(exported, "pdf", made)

    assert growth(replacing, 250, 8) < 12


def test_replacing_a_highlight_takes_the_replies_to_it_and_leaves_the_others() -> None:
    data, _ = _letter()
    first, second = _highlights(2)
    exported = annotated_pdf(data, "pdf", [first, second])
    with pymupdf.open("pdf", exported) as pdf:
        page = pdf[0]
        for annot in page.annots():
            reply = page.add_text_annot(annot.rect.tl, f"Reply to {annot.info['id']}")
            reply.set_irt_xref(annot.xref)
        replied = pdf.tobytes()
    again = annotated_pdf(replied, "pdf", [first])
    with pymupdf.open("pdf", again) as pdf:
        left = sorted((annot.type[1], annot.info["content"]) for annot in pdf[0].annots())
    assert left == [
        ("Highlight", first.note),
        ("Highlight", second.note),
        ("Text", f"Reply to {second.id}"),
    ]

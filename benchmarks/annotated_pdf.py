"""Annotated PDFs: a generated 1,000-page PDF with two highlights a page, through the worker.

Prints, each with its floor:
- writing the PDF with its highlights (``DocumentReader.write_annotated_pdf``: open in the
  worker, /Highlight with appearance, dates, ids, save) vs the bare PyMuPDF recipe in-process
  (``add_highlight_annot`` + ``update`` on the same quads, then save);
- reading the highlights back with the text under each (``DocumentReader.read_highlights``) vs
  reading the same file's canonical text alone (``DocumentReader.read``), which it must do too.

    uv run python benchmarks/annotated_pdf.py [--pages 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import smoke

from desktop.app.reading import DocumentReader
from desktop.documents.protocol import Highlight

PARAGRAPH = (
    "The Sides intend to explore appropriate modalities for enhanced STI cooperation such as "
    "possible expansion of co-funding mechanisms, joint calls, coordinated calls and twinning, "
    "where possible. "
)
QUOTES = ("co-funding mechanisms, joint calls", "coordinated calls and twinning")
NOW = datetime(2020, 5, 26, 9, 0, tzinfo=UTC)


def make_pdf(path: Path, pages: int) -> None:
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        page.insert_text((72, 60), f"Page {number + 1}", fontsize=14)
        page.insert_textbox(pymupdf.Rect(72, 80, 523, 780), PARAGRAPH * 14, fontsize=10)
    doc.save(path, garbage=3, deflate=True)


def highlights(reader: DocumentReader, path: Path) -> list[Highlight]:
    layer = reader.read(path).text
    made = []
    for page in range(layer.page_count):
        start, end = layer.page_span(page)
        for number, quote in enumerate(QUOTES):
            at = layer.text.index(quote, start + number * len(PARAGRAPH), end)
            made.append(
                Highlight(
                    f"{page}-{number}",
                    tuple(layer.rects(at, at + len(quote))),
                    "#D55E00",
                    "Ana Analyst",
                    "A note",
                    ("Joint calls",),
                    NOW,
                    NOW,
                )
            )
    return made


def floor_write(path: Path, made: list[Highlight], out: Path) -> None:
    """PyMuPDF's own recipe, nothing more: quads, appearance, save."""
    doc = pymupdf.open(path)
    for highlight in made:
        page = doc[highlight.rects[0].page]
        quads = [
            pymupdf.Rect(r.rect.x0, r.rect.y0, r.rect.x1, r.rect.y1).quad for r in highlight.rects
        ]
        annot = page.add_highlight_annot(quads)
        annot.set_colors(stroke=(0.84, 0.37, 0.0))
        annot.update()
    out.write_bytes(doc.tobytes(garbage=1, deflate=True))
    doc.close()


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    options = smoke.parse(parser, pages=20)
    folder = Path(tempfile.mkdtemp(prefix="accord-annotated-"))
    source = folder / "large.pdf"
    make_pdf(source, options.pages)
    with DocumentReader() as reader:
        made = highlights(reader, source)
        floor_s = timed(lambda: floor_write(source, made, folder / "floor.pdf"))
        out = folder / "annotated.pdf"
        write_s = timed(lambda: reader.write_annotated_pdf(source, made, out=out))
        text_s = timed(lambda: reader.read(out))
        read = None

        def read_back() -> None:
            nonlocal read
            read = reader.read_highlights(out)

        read_s = timed(read_back)
    assert read is not None and len(read.highlights) == len(made)
    print(f"{len(made)} highlights on {options.pages} pages, {out.stat().st_size / 1e6:.1f} MB")
    print(
        f"write annotated PDF: {write_s:.2f} s vs PyMuPDF recipe in-process {floor_s:.2f} s "
        f"({write_s / floor_s:.2f} x)"
    )
    print(
        f"read highlights with their text: {read_s:.2f} s vs the text layer alone "
        f"{text_s:.2f} s ({read_s / text_s:.2f} x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

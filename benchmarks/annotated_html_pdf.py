"""An HTML document exported as an annotated PDF that keeps its canonical text, and read back.

The bundled article repeated to a long document (``--copies``, 150 make about 250 pages).
Prints, each with its floor:
- ``annotated_pdf`` on the HTML as the worker runs it for a document it has open, its canonical
  text already made (layout, conversion, font subsetting, the text kept in the PDF), vs laying
  out and converting alone (what the export did before it kept the text); and, for
  comparison, the same export computing the text again;
- ``read_highlights`` on the result (the PDF's text, aligned page by page with the kept text)
  vs reading the PDF's own canonical text alone, which it must do too.

    uv run python benchmarks/annotated_html_pdf.py [--copies 150]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf
import smoke

from desktop.bundled import bundled_pair
from desktop.documents.annotated_pdf import annotated_pdf
from desktop.documents.opening import (
    READING_FONT_SIZE,
    READING_PAGE_HEIGHT,
    READING_PAGE_WIDTH,
    open_document,
)
from desktop.documents.pdf_highlights import read_highlights


def long_html(copies: int) -> bytes:
    page = bundled_pair()[1].read_text(encoding="utf-8")
    head, _, rest = page.partition("<body")
    body = rest[rest.index(">") + 1 : rest.rindex("</body>")]
    return f"{head}<body>{body * copies}</body></html>".encode()


def floor_export(data: bytes) -> bytes:
    source = pymupdf.open(stream=data, filetype="html")
    source.layout(width=READING_PAGE_WIDTH, height=READING_PAGE_HEIGHT, fontsize=READING_FONT_SIZE)
    pdf = pymupdf.open("pdf", source.convert_to_pdf())
    pdf.subset_fonts()
    return pdf.tobytes(garbage=1, deflate=True)


def floor_read(path: Path) -> str:
    with open_document(path) as document:
        return document.text_layer().text


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=150)
    copies = smoke.parse(parser, copies=2).copies
    data = long_html(copies)
    annotated_pdf(data, "html", [])  # fonts and caches warm
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "long.html"
        source.write_bytes(data)
        with open_document(source) as document:  # as the worker has it: open, text made
            text = document.canonical_text()
        out = Path(folder) / "long.pdf"
        export = min(
            timed(lambda: out.write_bytes(annotated_pdf(data, "html", [], canonical=text)))
            for _ in range(3)
        )
        cold = min(timed(lambda: annotated_pdf(data, "html", [])) for _ in range(3))
        floor = min(timed(lambda: floor_export(data)) for _ in range(3))
        with pymupdf.open(out) as pdf:
            pages = pdf.page_count
        print(
            f"export {pages} pages of an open document: {export:.2f} s, floor {floor:.2f} s, "
            f"ratio {export / floor:.1f} (its text computed again: {cold:.2f} s, ratio "
            f"{cold / floor:.1f})"
        )
        read = min(timed(lambda: read_highlights(out, out.read_bytes())) for _ in range(3))
        floor = min(timed(lambda: floor_read(out)) for _ in range(3))
        print(
            f"read back {pages} pages: {read:.2f} s, floor {floor:.2f} s, ratio {read / floor:.2f}"
        )


if __name__ == "__main__":
    main()

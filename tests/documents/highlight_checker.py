"""The project's independent PDF highlight checker (pypdf + pdfannots, no PyMuPDF), run as a
reviewer's tool would be, and the expectations it is given."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop.core.textlayer import TextLayer
from tests.needs import require

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "pdf-highlight"
CHECKER = SPECS / "check_pdf_highlights.py"
EXAMPLE = SPECS / "examples" / "highlighted.pdf"
EXAMPLE_EXPECTED = SPECS / "examples" / "highlighted.expected.json"


def expected_pieces(
    layer: TextLayer, start: int, end: int, *, name: str, **fields: str
) -> list[dict[str, object]]:
    """What a reader must recover for the highlight of ``[start, end)``: one entry per page it
    covers (a PDF annotation lives on one page), named as Accord names the pieces."""
    pages = sorted({rect.page for rect in layer.rects(start, end)})
    pieces = []
    for number, page in enumerate(pages, start=1):
        first, last = layer.page_span(page)
        text = layer.text[max(first, start) : min(last, end)].strip()
        piece_name = name if number == 1 else f"{name}#{number}"
        pieces.append({"page": page + 1, "text": text, "name": piece_name, **fields})
    return pieces


def check(pdf: Path, expected: list[dict[str, object]]) -> list[dict[str, object]]:
    """Run the checker on ``pdf`` against ``expected``; fail with its complaints, else return
    the highlights it recovered."""
    require(CHECKER, "the shared highlight checker")
    expectation = pdf.with_name(pdf.stem + ".expected.json")
    expectation.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(pdf), "--expect", str(expectation)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)

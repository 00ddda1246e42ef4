"""Every benchmark still runs: each script's ``--smoke`` mode (``benchmarks/smoke.py``), a small
input in seconds, end to end, printing its last figure (what it checks of its own results, it
checks: an error exits non-zero). So a benchmark cannot rot unnoticed between the sessions
that measure with it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.needs import require

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
BUNDLE = BENCHMARKS.parent / "dist" / "accord" / "accord"
"""The frozen bundle ``bundle_startup.py`` times: ``packaging/build`` makes it (CI does first)."""

LAST_FIGURE = {
    "agreement.py": "span units: every figure",
    "alignment.py": "clauses aligned",
    "annotated_html_pdf.py": "read back",
    "annotated_pdf.py": "read highlights with their text",
    "annotation_commands.py": "open (checks included)",
    "annotation_list.py": "a new dock filtered at once",
    "bundle_startup.py": "bundle size",
    "code_import.py": "200 codes from .jsonld",
    "codebook_panel.py": "tag with the panel open",
    "curation.py": "pre-merge of",
    "decision.py": "the list's repaint",
    "highlight_paint.py": "the rest of the window's frame",
    "hostile_documents.py": "10,000 nested divs",
    "interop_import.py": "parsing the archive alone",
    "interop_jsonld_csv.py": "parsing the JSON-LD back",
    "interop_qdpx.py": "1,000 of 1,000 read",
    "interop_tables.py": "html",
    "large_document.py": "worker RSS after every page",
    "link_gutter.py": "gutter frame with",
    "list_json.py": "list json / csv export",
    "merge.py": "of the 5 s floor",
    "open_turns.py": "longest turn",
    "pdf_many_highlights.py": "ratio to CSV",
    "project_checks.py": "at-the-limit.accord",
    "startup.py": "target: each accord figure",
    "qdpx_read.py": "expat alone with empty handlers",
    "window_open.py": "until the list is painted",
}
"""Each benchmark, and a line its smoke run prints last or nearly (it got to the end)."""

HELPERS = {"smoke.py", "spent.py", "startup_floor.py"}
"""Modules the benchmarks share, and the floor that startup.py runs: not benchmarks."""


def test_every_benchmark_has_a_smoke_run_here() -> None:
    scripts = {path.name for path in BENCHMARKS.glob("*.py")} - HELPERS
    assert scripts == set(LAST_FIGURE)


@pytest.mark.parametrize(("script", "figure"), sorted(LAST_FIGURE.items()))
def test_the_benchmark_runs_in_its_smoke_mode(script: str, figure: str) -> None:
    if script == "bundle_startup.py":
        require(BUNDLE, "the built bundle (packaging/build)")
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert figure in done.stdout

"""The scaling benchmarks still run: each script's ``--smoke`` mode, a small input in seconds,
end to end (it checks its own results and exits non-zero when they are wrong)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize(
    ("script", "figure"),
    [
        ("code_import.py", "200 codes from .jsonld"),
        ("pdf_many_highlights.py", "ratio to CSV"),
        ("open_turns.py", "longest turn"),
    ],
)
def test_the_benchmark_runs_in_its_smoke_mode(script: str, figure: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert figure in done.stdout

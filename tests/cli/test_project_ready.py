"""``accord --exit-when-project-ready``: the start-up line once the project is open and its
annotation list painted, as ``benchmarks/window_open.py`` reads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _launch(tmp_path, until: str) -> dict[str, float]:
    project = tmp_path / "review.accord"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACCORD_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--project", str(project), until],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert project.exists()  # the project was made (from what the panes read) before the line
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_line_comes_once_the_project_is_open_and_listed(tmp_path) -> None:
    report = _launch(tmp_path, "--exit-when-project-ready")
    assert set(report) == {
        "imports_ms",
        "window_shown_ms",
        "first_paint_ms",
        "project_ms",
        "cpu_ms",
        "pss_mb",
        "family_cpu_ms",
    }
    assert 0 < report["first_paint_ms"] <= report["project_ms"]
    assert 0 < report["cpu_ms"] <= report["project_ms"] * os.cpu_count()
    assert report["family_cpu_ms"] > report["cpu_ms"]  # the workers' and template's count too


def test_the_highlights_line_comes_once_the_panes_have_read_them(tmp_path) -> None:
    report = _launch(tmp_path, "--exit-when-highlights-read")
    assert {"project_ms", "highlights_ms", "longest_turn_ms"} <= set(report)
    assert 0 < report["project_ms"] <= report["highlights_ms"]
    assert report["longest_turn_ms"] > 0

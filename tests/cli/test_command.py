"""The ``accord`` command in a real subprocess, as a packager's smoke test would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from desktop import __version__


def _accord(*args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACCORD_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_version_and_help(tmp_path) -> None:
    version = _accord("--version", tmp_path=tmp_path)
    assert version.returncode == 0
    assert version.stdout.strip() == f"accord {__version__}"
    help_text = _accord("--help", tmp_path=tmp_path)
    assert help_text.returncode == 0
    assert "FILE_LEFT" in help_text.stdout and "--exit-when-ready" in help_text.stdout


def test_exit_when_ready_prints_startup_timings(tmp_path) -> None:
    result = _accord("--exit-when-ready", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report) == {
        "imports_ms",
        "window_shown_ms",
        "first_paint_ms",
        "pss_mb",
        "family_cpu_ms",
    }
    assert 0 < report["imports_ms"] <= report["window_shown_ms"] <= report["first_paint_ms"]
    assert report["pss_mb"] > 10


def test_two_files_open_side_by_side(tmp_path) -> None:
    left = tmp_path / "a.txt"
    right = tmp_path / "b.html"
    left.write_text("Left text.\n", encoding="utf-8")
    right.write_text("<h1>Right</h1><p>Right text.</p>", encoding="utf-8")
    result = _accord(str(left), str(right), "--exit-when-ready", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr

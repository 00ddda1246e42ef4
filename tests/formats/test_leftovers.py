"""What a killed export leaves (its partial file, the documents' temporary copies) is removed by
the next start's ``leftovers.clean``; what a running Accord is writing is not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import leftovers

ROOT = Path(__file__).resolve().parents[2]
EXPORTING = """
import os, signal, sys
from pathlib import Path
from desktop.core.leftovers import scratch_folder
from desktop.formats.files import atomic_output
with scratch_folder("texts") as folder, atomic_output(Path(sys.argv[1])) as partial:
    (folder / "letter.pdf").write_bytes(b"a copy of a document" * 50)
    partial.write_bytes(b"half an export")
    print("written", flush=True)
    if sys.argv[2] == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.read()
    partial.write_bytes(b"the whole export")
"""


def _export(out: Path, how: str, temp: Path) -> subprocess.Popen[str]:
    """An export in a child process that stops once it has written half (``killed``: killed
    there; else waiting for its input to close, then finishing)."""
    child = subprocess.Popen(
        [sys.executable, "-c", EXPORTING, str(out), how],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "written\n"
    return child


@pytest.mark.skipif(os.name != "posix", reason="process ids are checked on POSIX only")
def test_a_killed_exports_leftovers_go_and_a_running_ones_stay(tmp_path: Path) -> None:
    temp, exports = tmp_path / "temp", tmp_path / "exports"
    temp.mkdir()
    killed = _export(exports / "killed.csv", "killed", temp)
    assert killed.wait() == -signal.SIGKILL
    running = _export(exports / "running.csv", "running", temp)
    left = {p.name for p in exports.iterdir()}
    assert left == {f".killed.csv.{killed.pid}.partial", f".running.csv.{running.pid}.partial"}
    assert len(list(temp.iterdir())) == 4  # a folder and a note each

    cleaned = leftovers.clean(temp)

    assert (cleaned.partial_exports, cleaned.scratch_folders) == (1, 1)
    assert cleaned.size == len(b"half an export") + len(b"a copy of a document" * 50)
    assert cleaned.sentence() == (
        "Removed what an Accord that stopped unexpectedly left "
        "behind: 1 unfinished export and 1 temporary folder "
        "(0.0 MB)."
    )
    assert {p.name for p in exports.iterdir()} == {f".running.csv.{running.pid}.partial"}
    assert all(f"-{running.pid}-" in p.name for p in temp.iterdir())
    running.communicate("")
    assert running.returncode == 0
    assert [p.name for p in exports.iterdir()] == ["running.csv"]
    assert (exports / "running.csv").read_bytes() == b"the whole export"
    assert list(temp.iterdir()) == []
    assert not leftovers.clean(temp)


def test_a_note_removes_only_a_partial_export_of_its_own_process(tmp_path: Path) -> None:
    """A note is a file anyone could write into the temporary folder: it removes nothing but
    a file named as that process's partial export."""
    gone = _gone_pid()
    precious = tmp_path / "thesis.docx"
    other = tmp_path / f".report.csv.{gone + 1}.partial"
    for path in (precious, other):
        path.write_text("keep me")
        (tmp_path / f"accord-{gone}-partial-{path.stem}.txt").write_text(str(path))
    cleaned = leftovers.clean(tmp_path)
    assert (cleaned.partial_exports, precious.exists(), other.exists()) == (0, True, True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([precious.name, other.name])


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid

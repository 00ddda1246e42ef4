"""Real processes on one project file: killed at any moment, or two at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from desktop.store import open_project
from tests.store.helpers import integrity, small_project

ROOT = Path(__file__).resolve().parents[2]


def _writer(project: Path, reviewer: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.app.writer", str(project), reviewer, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _collect(process: subprocess.Popen[str], into: list[str]) -> threading.Thread:
    def read() -> None:
        for line in process.stdout:
            into.append(line.strip())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_sigkill_loses_at_most_the_command_in_flight(tmp_path: Path) -> None:
    """Every annotation whose id was printed is there after the kill, and the file is sound.
    The kill lands at random moments: while opening, between and inside transactions."""
    path = tmp_path / "killed.accord"
    small_project(path).close()
    acknowledged: list[str] = []
    chance = random.Random(20200526)
    # The first two kills land while the writer starts; the others a random time after its
    # first acknowledged edit, so that on a loaded machine they still land among transactions.
    delays = [(0.05, False), (0.3, False), *((chance.uniform(0.1, 1.2), True) for _ in range(6))]
    for rounds, (delay, once_writing) in enumerate(delays, start=1):
        process = _writer(path, f"reviewer {delay:.2f}", 100_000)
        printed: list[str] = []
        reader = _collect(process, printed)
        started = time.monotonic()
        while once_writing and not printed and time.monotonic() - started < 60:
            time.sleep(0.01)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join(timeout=10)
        acknowledged += printed
        assert integrity(path) == []
        with open_project(path) as project:
            present = set(project.annotations.ids())
        assert set(acknowledged) <= present
        assert len(present - set(acknowledged)) <= rounds  # committed, killed before printing
    assert len(acknowledged) > 100, "the writers should have got going between kills"


def test_two_processes_annotating_one_project_both_stay_correct(tmp_path: Path) -> None:
    path = tmp_path / "shared.accord"
    small_project(path).close()
    count = 300
    outputs: dict[str, list[str]] = {"Ada": [], "Bea": []}
    processes = {name: _writer(path, name, count) for name in outputs}
    readers = [_collect(processes[name], outputs[name]) for name in outputs]
    for process in processes.values():
        assert process.wait(timeout=120) == 0, process.stderr.read()
    for reader in readers:
        reader.join(timeout=10)
    assert integrity(path) == []
    with open_project(path) as project:
        assert project.annotations.count() == 2 * count
        names = {r.id: r.name for r in project.reviewers.all()}
        for name, ids in outputs.items():
            assert len(ids) == count
            assert {names[project.annotations.get(i).reviewer_id] for i in ids} == {name}
            assert all(project.annotations.codings(i) for i in ids)


def test_sigkill_of_accord_annotate_keeps_every_printed_id(tmp_path: Path) -> None:
    """The command line itself, killed at moments from start-up to just after it printed."""
    path = tmp_path / "cli.accord"
    small_project(path).close()
    command = [
        sys.executable,
        "-m",
        "desktop",
        "annotate",
        "--project",
        str(path),
        "--document",
        "notes.txt",
        "--quote",
        "joint calls",
        "--code",
        "Pandemics",
    ]
    acknowledged: list[str] = []
    for delay in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0, None):
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if delay is None:
            assert process.wait(timeout=60) == 0
        else:
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
        acknowledged += process.stdout.read().split()
        assert integrity(path) == []
    with open_project(path) as project:
        present = set(project.annotations.ids())
    assert acknowledged and set(acknowledged) <= present
    assert len(present) - len(acknowledged) <= 7

"""What the open checks cost: a project of 100,000 annotations, and one at the size up to which
every open gets the full checks (``desktop.store.soundness.FULL_CHECK_BYTES``).

Both projects are over the bundled pair, filled by ``interop_jsonld_csv.fill`` (spans of the
real texts, one to three codes, a note on one in five). For each, the medians of:
- ``open_project`` as a user's open runs it (header, format, SQLite's check, schema, rows);
- the checks alone (``check_project``), and the full tier forced on the large file (what an
  ``integrity_check`` at every open would cost instead);
- the floor: ``PRAGMA quick_check`` alone, the one check Accord ran at open before, and the
  ratio of the checks to it.

    uv run python benchmarks/project_checks.py [--annotations 100000] [--runs 5] [--project P]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import smoke
from interop_jsonld_csv import fill

from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.store import open_project, soundness


def make_project(path: Path, count: int) -> Path:
    with DocumentReader() as reader, new_project(path, reader=reader) as project:
        fill(project, reader, count)
    return path


def median_ms(run: Callable[[], object], runs: int) -> float:
    run()  # warm the file cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def quick_check(path: Path) -> None:
    with contextlib.closing(soundness.read_only(path, busy_timeout=10, immutable=True)) as db:
        db.execute("PRAGMA quick_check").fetchall()


def report(path: Path, runs: int) -> None:
    size = path.stat().st_size
    tier = "full" if size <= soundness.FULL_CHECK_BYTES else "quick"
    floor = median_ms(lambda: quick_check(path), runs)
    checks = median_ms(lambda: soundness.check_project(path, busy_timeout=10), runs)
    opened = median_ms(lambda: open_project(path).close(), runs)
    print(f"{path.name}: {size / 2**20:.0f} MB, {tier} checks at open")
    print(
        f"  open_project {opened:.0f} ms; its checks {checks:.0f} ms; floor (quick_check "
        f"alone) {floor:.0f} ms; checks / floor {checks / floor:.2f}"
    )
    if tier == "quick":
        with mock.patch.object(soundness, "FULL_CHECK_BYTES", size):
            full = median_ms(lambda: soundness.check_project(path, busy_timeout=10), runs)
        print(
            f"  the full checks on it would cost {full:.0f} ms at every open "
            f"({full / floor:.1f} × the floor)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, help="a large project made before, to reuse")
    options = smoke.parse(parser, annotations=1000, runs=1)
    with tempfile.TemporaryDirectory() as folder:
        large = options.project or make_project(Path(folder) / "large.accord", options.annotations)
        per_annotation = large.stat().st_size / max(options.annotations, 1)
        at_limit = int(soundness.FULL_CHECK_BYTES / per_annotation * 0.9)
        limit = make_project(Path(folder) / "at-the-limit.accord", at_limit)
        report(large, options.runs)
        report(limit, options.runs)


if __name__ == "__main__":
    main()

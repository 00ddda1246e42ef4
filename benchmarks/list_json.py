"""``accord list --format json`` on a project of 100,000 annotations, against the CSV export.

Runs both as the user does, each in a process of its own (``python -m desktop``), on the
project ``interop_jsonld_csv.py`` measures (the bundled documents, annotations with one to
three codes, a note on one in five), and prints for each its wall-clock time and the peak
resident memory of its process; then the listing's time as a ratio to the CSV export's (the
floor: both stream the same rows) and its memory against a listing of 1,000 annotations
(memory that grows with the project would show there).

    uv run python benchmarks/list_json.py [--annotations 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import smoke
from interop_jsonld_csv import fill  # (run as a script: benchmarks/ is on the path)

from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader

ROOT = Path(__file__).resolve().parents[1]


def run(arguments: list[str], *, data: Path) -> tuple[float, float]:
    """Wall-clock seconds and peak RSS in MB of ``python -m desktop ARGUMENTS``, its output
    thrown away."""
    environment = {**os.environ, "ACCORD_DATA_DIR": str(data)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"accord {' '.join(arguments)} failed ({process.returncode})")
    return seconds, usage.ru_maxrss / 1024


def median(arguments: list[str], *, data: Path, repeat: int) -> tuple[float, float]:
    runs = [run(arguments, data=data) for _ in range(repeat)]
    return (statistics.median(s for s, _ in runs), statistics.median(m for _, m in runs))


def project_with(folder: Path, count: int, reader: DocumentReader) -> Path:
    path = folder / f"bench-{count}.accord"
    with new_project(path, reader=reader) as project:
        fill(project, reader, count)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = smoke.parse(parser, annotations=2000, repeat=1)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with DocumentReader() as reader:
            small = project_with(folder, 1000, reader)
            large = project_with(folder, options.annotations, reader)
        listing = ["list", "--format", "json", "--project"]
        csv_seconds, csv_mb = median(
            ["export", "--format", "csv", "-o", str(folder / "a.csv"), "--project", str(large)],
            data=folder,
            repeat=options.repeat,
        )
        list_seconds, list_mb = median([*listing, str(large)], data=folder, repeat=options.repeat)
        _, small_mb = median([*listing, str(small)], data=folder, repeat=options.repeat)
    count = f"{options.annotations:,}"
    print(
        f"accord export --format csv, {count} annotations: {csv_seconds:.2f} s, "
        f"peak {csv_mb:.0f} MB"
    )
    print(
        f"accord list --format json, {count} annotations: {list_seconds:.2f} s, "
        f"peak {list_mb:.0f} MB"
    )
    print(
        f"list json / csv export: {list_seconds / csv_seconds:.2f}x the time; "
        f"peak memory {list_mb:.0f} MB at {count} against {small_mb:.0f} MB at 1,000"
    )


if __name__ == "__main__":
    main()

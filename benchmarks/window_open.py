"""Opening a project of 100,000 annotations: how much later the window is ready for work than
with an empty project.

Two projects over the two bundled documents (the new-project default): one empty, one filled
with 100,000 generated annotations (``interop_jsonld_csv.fill``: spans of the real canonical
texts, one to three codes, a note on one in five). Each is opened the way a user opens it,
``accord --project P --exit-when-project-ready`` in its own process (offscreen), which prints
the milliseconds from process start until both panes have painted (``first_paint_ms``) and
until the project is open and its annotation list has painted its rows and count
(``project_ms``), with the window process's CPU time by then (``cpu_ms``). Each project has
its own user data folder and is launched once beforehand, so every measured launch is a later
launch (the panes reopen the documents last shown, as they do for a user), with warm file
caches for both.

Prints the medians for each project, the difference, and its ratio to the floor: the issue's
0.5 s beyond an empty project's start.

    uv run python benchmarks/window_open.py [--annotations 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import smoke
from interop_jsonld_csv import fill

from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader

FLOOR_MS = 500.0
TIMEOUT_S = 180


def make_projects(folder: Path, count: int) -> dict[str, Path]:
    """An empty project and one with ``count`` annotations, both over the bundled pair."""
    paths = {"empty": folder / "empty.accord", "filled": folder / "filled.accord"}
    with DocumentReader() as reader:
        new_project(paths["empty"], reader=reader).close()
        with new_project(paths["filled"], reader=reader) as project:
            fill(project, reader, count)
    return paths


def launch(
    project: Path, data: Path, *, until: str = "--exit-when-project-ready"
) -> dict[str, float]:
    """One launch until the window is ready with the project (or what ``until`` names); its
    report, plus the wall time from spawn to exit."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "ACCORD_DATA_DIR": str(data),
    }
    command = [sys.executable, "-m", "desktop", "--project", str(project), until]
    started = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, env=env, text=True, timeout=TIMEOUT_S, check=False
    )
    wall = (time.perf_counter() - started) * 1000
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {result.returncode}:\n{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["exit_ms"] = wall
    return report


def measure(
    count: int, runs: int, *, until: str = "--exit-when-project-ready"
) -> dict[str, list[dict[str, float]]]:
    """The reports of ``runs`` later launches of each project (``make_projects``), in turn."""
    with tempfile.TemporaryDirectory(prefix="accord-open-") as name:
        folder = Path(name)
        started = time.perf_counter()
        paths = make_projects(folder, count)
        print(f"{count:,} annotations generated in {time.perf_counter() - started:.1f} s")
        data = {label: folder / f"data-{label}" for label in paths}
        for label, path in paths.items():  # the first launch: remembers the panes, warms caches
            launch(path, data[label], until=until)
        reports: dict[str, list[dict[str, float]]] = {label: [] for label in paths}
        for _ in range(runs):
            for label, path in paths.items():  # alternately, so both see the same load
                reports[label].append(launch(path, data[label], until=until))
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = smoke.parse(parser, annotations=1000, runs=1)
    reports = measure(options.annotations, options.runs)
    median = {
        label: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for label, runs in reports.items()
    }
    print(f"runs: {options.runs} each, alternating; ms since process start (median)")
    print(f"{'':24} {'first paint':>12} {'ready (wall)':>13} {'ready (cpu)':>12} {'PSS MB':>8}")
    for label, figures in median.items():
        print(
            f"{label + ' project':24} {figures['first_paint_ms']:12.0f} "
            f"{figures['project_ms']:13.0f} {figures['cpu_ms']:12.0f} "
            f"{figures['pss_mb']:8.1f}"
        )
    for clock, key in (("wall", "project_ms"), ("cpu", "cpu_ms")):
        extra = median["filled"][key] - median["empty"][key]
        print(
            f"{options.annotations:,} annotations cost {extra:7.0f} ms more ({clock}) until "
            f"the list is painted; floor {FLOOR_MS:.0f} ms, ratio {extra / FLOOR_MS:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Start-up as the user sees it: Accord against two floors of bare PySide6 + PyMuPDF.

Each program is timed from spawn until it prints its JSON line, which it does once both pages
are painted (the floors, and ``accord --exit-when-ready``) or once the project is open and its
panels are painted too (``accord --exit-when-project-ready``); what happens after (shut-down)
is not counted. The programs run in turn, so all see the same load, and the medians are
printed with their ratios to each floor's. Targets: both Accord figures <= 1.3 x the floor's
time, and its memory (window, worker template and document workers together) <= 1.3 x the
floor's.

The two floors (``startup_floor.py``): the bare one renders both pages in the window's own
process; the fair one renders them in one child process, PyMuPDF imported there alone, as a
reader must that keeps documents out of its window (Accord renders each in a capped process of
its own, so a hostile file cannot take the window down). Against the bare floor Accord pays for
that isolation (a second Python with PyMuPDF in memory, its pixels crossing a pipe); against
the fair one only for what it does beyond showing two pages.

    uv run python benchmarks/startup.py [--runs N] [--later] [--smoke]

Both are measured as a user's machine runs them:
- Each Accord run is a first launch, in a user data folder of its own: the window has its
  default size, as the floor's has, and the default project is made. With ``--later``, each
  run is a later launch instead: the folder has seen one launch before (not timed), so the
  project exists and the panes reopen its documents.
- With their bytecode cached (the warm-up runs write it to a temporary folder). Where the
  environment forbids writing bytecode (``PYTHONDONTWRITEBYTECODE``, as in CI sandboxes), every
  launch would otherwise compile Accord's own modules from source, a cost the floor (one
  small script over precompiled libraries) hardly pays and an installed Accord never does.
- The CPU time all of the program's processes have used by then is printed too: on a machine
  that other programs load, the time to the line grows with their load, the work does not.
- Memory is the proportional set size (PSS, ``/proc/PID/smaps_rollup``) summed over the
  program's processes when it prints (``desktop.launch.family_memory_mb``): for Accord, the
  window, the worker template and the two document workers; for the floors, the window and
  its child, if any. A page
  that n processes share counts 1/n in each, so a family's sum counts each page it shares once
  (the libraries, the PyMuPDF the forked workers share with their template), which summing
  resident sizes would count once per process. Pages shared with programs outside (the same
  libraries used by whatever else runs) lower both figures alike: the ratio is what counts.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TIMEOUT_S = 120


def _run(command: list[str], env: dict[str, str], *, user_data: Path) -> tuple[float, dict]:
    """Milliseconds from spawn until the program printed its JSON line, and that line."""
    env = {**env, "ACCORD_DATA_DIR": str(user_data)}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    printed = (time.perf_counter() - started) * 1000
    try:
        _out, errors = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        raise SystemExit(f"{command} did not exit within {TIMEOUT_S} s") from None
    if process.returncode != 0 or not line.startswith("{"):
        raise SystemExit(f"{command} exited with {process.returncode}: {errors}")
    return printed, json.loads(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--later",
        action="store_true",
        help="time later launches (the project exists) instead of first ones",
    )
    options = smoke.parse(parser, runs=1)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="accord-bench-bytecode-")
    accord = [sys.executable, "-m", "desktop"]
    programs = {
        "pages": [*accord, "--exit-when-ready"],
        "project": [*accord, "--exit-when-project-ready"],
        "floor": [sys.executable, str(HERE / "startup_floor.py")],
        "fair": [sys.executable, str(HERE / "startup_floor.py"), "--in-child"],
    }
    floors = {"floor": "bare floor", "fair": "fair floor"}
    times: dict[str, list[float]] = {name: [] for name in programs}
    memory: dict[str, list[float]] = {name: [] for name in programs}
    cpu: dict[str, list[float]] = {name: [] for name in programs}
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="accord-bench-user-") as folder:
        runs = iter(range(10**9))

        def run(name: str) -> tuple[float, dict]:
            user_data = Path(folder) / str(next(runs))
            if options.later and name not in floors:
                _run(programs[name], env, user_data=user_data)  # the launch before
            return _run(programs[name], env, user_data=user_data)

        for name in programs:  # warm the file cache and write the bytecode once
            run(name)
        for _ in range(options.runs):
            for name in ("pages", "floor", "project", "fair"):
                printed, report = run(name)
                times[name].append(printed)
                memory[name].append(report["pss_mb"])
                cpu[name].append(report["family_cpu_ms"])
                load.append(os.getloadavg()[0])
    median = statistics.median
    launch = "later launches" if options.later else "first launches"
    print(
        f"runs: {options.runs} of each program, alternating; {launch}; "
        f"load average (1 min) {min(load):.1f}-{max(load):.1f}"
    )
    accord = {"pages": "both pages painted", "project": "pages, project and panels painted"}
    for figure, unit, values in (
        ("ms from spawn until the JSON line (median)", "ms", times),
        (
            "CPU time of all its processes by then (median; what the load does not change)",
            "ms",
            cpu,
        ),
        ("memory, PSS of the window and its processes (median)", "MB", memory),
    ):
        print(figure)
        for name, what in floors.items():
            print(f"  {what:42} {median(values[name]):7.1f} {unit}")
        for name, what in accord.items():
            ratios = "  ".join(
                f"{median(values[name]) / median(values[floor]):.2f} x {label}"
                for floor, label in floors.items()
            )
            print(f"  accord: {what:34} {median(values[name]):7.1f} {unit}  {ratios}")
    print("target: each accord figure <= 1.30 x its floor (time and memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

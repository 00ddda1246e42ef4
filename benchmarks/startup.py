"""Start-up: ``accord --exit-when-ready`` against the bare PySide6 + PyMuPDF floor.

Runs each at least five times, alternately, and prints the medians of wall time (process start to
exit, as a user waits), Accord's own first-paint figure, and resident memory, with the ratios to
the floor. Targets: first paint <= 1.3 x the floor's wall time, RSS <= 1.3 x the floor's.

    uv run python benchmarks/startup.py [--runs N]

Both are measured as a user's machine runs them:
- Each Accord run is a first launch, in a user data folder of its own: the window has its
  default size, as the floor's has (a run after another would restore the size the previous
  one saved, which offscreen is the 800 x 800 screen's, and render smaller pages than the
  floor does).
- With their bytecode cached (the warm-up runs write it to a temporary folder). Where the
  environment forbids writing bytecode (``PYTHONDONTWRITEBYTECODE``, as in CI sandboxes), every
  launch would otherwise compile Accord's own modules from source, a cost the floor (one
  small script over precompiled libraries) hardly pays and an installed Accord never does.
- Accord's memory is that of its two processes (window and document worker) at first paint,
  with the pages they share (the Python and C libraries) counted once, as they are in memory,
  where the kernel lets us see that (root); otherwise it is their two RSS added up, which the
  line says.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _run(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time from spawn to exit (ms), and the last line the process printed."""
    with tempfile.TemporaryDirectory(prefix="accord-bench-user-") as user_data:
        env = {**env, "ACCORD_DATA_DIR": user_data}
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, env=env, text=True, timeout=120,
                                check=False)
        wall = (time.perf_counter() - started) * 1000
    if result.returncode != 0:
        raise SystemExit(f"{command} exited with {result.returncode}: {result.stderr}")
    return wall, result.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="accord-bench-bytecode-")
    accord = [sys.executable, "-m", "desktop", "--exit-when-ready"]
    floor = [sys.executable, str(HERE / "startup_floor.py")]
    accord_wall, accord_paint, accord_rss, floor_wall, floor_rss = [], [], [], [], []
    _run(accord, env)  # warm the file cache and write the bytecode once for both
    _run(floor, env)
    for _ in range(options.runs):
        wall, line = _run(accord, env)
        report = json.loads(line)
        accord_wall.append(wall)
        accord_paint.append(report["first_paint_ms"])
        accord_rss.append(report["rss_mb"])
        wall, line = _run(floor, env)
        floor_wall.append(wall)
        floor_rss.append(float(line))
    median = statistics.median
    print(f"runs: {options.runs} each, alternating")
    print(f"floor wall time       {median(floor_wall):7.0f} ms")
    print(f"accord wall time      {median(accord_wall):7.0f} ms  "
          f"ratio {median(accord_wall) / median(floor_wall):.2f}")
    print(f"accord first paint    {median(accord_paint):7.0f} ms  "
          f"ratio {median(accord_paint) / median(floor_wall):.2f} (target <= 1.30)")
    print(f"floor RSS             {median(floor_rss):7.1f} MB")
    counted = "shared once" if _shared_pages_visible() else "summed"
    print(f"accord RSS (+worker, {counted}) {median(accord_rss):5.1f} MB  "
          f"ratio {median(accord_rss) / median(floor_rss):.2f} (target <= 1.30)")
    return 0


def _shared_pages_visible() -> bool:
    """Whether ``accord`` can count the pages its processes share once (see ``rss_mb``)."""
    sys.path.insert(0, str(ROOT))
    from desktop.launch import physical_pages_visible

    return physical_pages_visible()


if __name__ == "__main__":
    sys.exit(main())

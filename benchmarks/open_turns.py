"""Opening a project of 100,000 annotations: the longest turn of the event loop, and when the
highlights of the pages in view are painted.

The projects are those of ``window_open.py`` (an empty one and one of 100,000 generated
annotations over the bundled pair). Each is opened the way a user opens it, a later launch of
``accord --project P --exit-when-highlights-read`` (offscreen), which prints, in milliseconds
since its process started, when the list and the pages were painted (``project_ms``) and
when both panes had read their highlights (``highlights_ms``), with the longest turn of the
event loop from the window's showing until then (``longest_turn_ms``, measured by a 5 ms
heartbeat, so a process the machine deschedules counts too: the load is printed).

Floors: no turn longer than 50 ms; the highlights in view with the first frame of the page,
that is no later after the list than in an empty project.

    uv run python benchmarks/open_turns.py [--annotations 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from window_open import measure

TURN_FLOOR_MS = 50.0
UNTIL = "--exit-when-highlights-read"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    load = [os.getloadavg()[0]]
    reports = measure(options.annotations, options.runs, until=UNTIL)
    load.append(os.getloadavg()[0])
    median = statistics.median
    print(
        f"runs: {options.runs} each, alternating; load average (1 min) "
        f"{min(load):.1f}-{max(load):.1f}; ms (median)"
    )
    print(f"{'':24} {'list+pages':>11} {'highlights':>11} {'longest turn':>13}")
    delay = {}
    for label, runs in reports.items():
        listed = median(r["project_ms"] for r in runs)
        highlights = median(r["highlights_ms"] for r in runs)
        turn = median(r["longest_turn_ms"] for r in runs)
        delay[label] = median(r["highlights_ms"] - r["project_ms"] for r in runs)
        print(f"{label + ' project':24} {listed:11.0f} {highlights:11.0f} {turn:13.0f}")
    for label, runs in reports.items():
        turn = median(r["longest_turn_ms"] for r in runs)
        print(
            f"{label} project: longest turn {turn:.0f} ms, floor {TURN_FLOOR_MS:.0f} ms, "
            f"ratio {turn / TURN_FLOOR_MS:.2f}"
        )
    print(
        f"highlights read {delay['filled']:.0f} ms after the list and pages "
        f"({delay['empty']:.0f} ms in the empty project; floor: the same, ratio "
        f"{(delay['filled'] + 1) / (delay['empty'] + 1):.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

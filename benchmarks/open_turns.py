"""Opening a project of 100,000 annotations: the longest turn of the event loop, when the pages
in view are painted with their highlights, and when the annotation list is full.

The projects are those of ``window_open.py`` (an empty one and one of 100,000 generated
annotations over the bundled pair). Each is opened the way a user opens it, a later launch of
``accord --project P --exit-when-highlights-read`` (offscreen), which prints, in milliseconds
since its process started, when both panes painted their pages in view, which they paint with
their highlights (``first_paint_ms``), when the annotation list was full (``list_ms``), when
both panes had read the highlights of every page (``highlights_ms``), and the longest turn of
the event loop from the window's showing until then (``longest_turn_ms``, measured by a 5 ms
heartbeat, so a process the machine deschedules counts too: the load is printed).

Floors: no turn longer than 50 ms; the pages in view painted with their highlights, as soon
after the window shows as in an empty project (the ratio printed: the time it takes to read
and draw them).

    uv run python benchmarks/open_turns.py [--annotations 100000] [--runs 3] [--smoke]

``--smoke`` (CI): 3,000 annotations, one run, in seconds; it checks that every figure came.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from window_open import measure

TURN_FLOOR_MS = 50.0
UNTIL = "--exit-when-highlights-read"
FIGURES = ("first_paint_ms", "list_ms", "highlights_ms", "longest_turn_ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="3,000 annotations, one run")
    options = parser.parse_args()
    if options.smoke:
        options.annotations, options.runs = 3000, 1
    load = [os.getloadavg()[0]]
    reports = measure(options.annotations, options.runs, until=UNTIL)
    load.append(os.getloadavg()[0])
    missing = [
        f"{label}: {key}"
        for label, runs in reports.items()
        for run in runs
        for key in FIGURES
        if not run.get(key, 0) > 0
    ]
    if missing:
        print(f"figures missing from accord's report: {', '.join(missing)}", file=sys.stderr)
        return 1

    def median(label: str, key: str) -> float:
        return statistics.median(run[key] for run in reports[label])

    print(
        f"runs: {options.runs} each, alternating; load average (1 min) "
        f"{min(load):.1f}-{max(load):.1f}; ms since process start (median)"
    )
    print(
        f"{'':24} {'window':>8} {'pages+highlights':>17} {'list full':>10} "
        f"{'all read':>9} {'longest turn':>13}"
    )
    for label in reports:
        print(
            f"{label + ' project':24} {median(label, 'window_shown_ms'):8.0f} "
            f"{median(label, 'first_paint_ms'):17.0f} {median(label, 'list_ms'):10.0f} "
            f"{median(label, 'highlights_ms'):9.0f} {median(label, 'longest_turn_ms'):13.0f}"
        )
    for label in reports:
        turn = median(label, "longest_turn_ms")
        print(
            f"{label} project: longest turn {turn:.0f} ms, floor {TURN_FLOOR_MS:.0f} ms, "
            f"ratio {turn / TURN_FLOOR_MS:.2f}"
        )
    shown = {
        label: median(label, "first_paint_ms") - median(label, "window_shown_ms")
        for label in reports
    }
    print(
        f"{options.annotations:,} annotations: pages in view painted with their highlights "
        f"{shown['filled']:.0f} ms after the window showed ({shown['empty']:.0f} ms in the "
        f"empty project; ratio {(shown['filled'] + 1) / (shown['empty'] + 1):.1f}); the list "
        f"full {median('filled', 'list_ms') - median('filled', 'window_shown_ms'):.0f} ms "
        "after it"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

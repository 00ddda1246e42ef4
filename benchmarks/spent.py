"""Timing a step of a window benchmark, and printing it beside its floor (shared by the
benchmarks that drive a real window; they run as scripts, so ``benchmarks/`` is on the path)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


class Spent:
    """Wall time and this thread's CPU time of a step, in milliseconds. On a shared machine
    the CPU time is the steadier figure: it leaves out the time other processes had the CPU."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu


def timed(run: Callable[[], object]) -> Spent:
    wall, cpu = time.perf_counter(), time.thread_time()
    run()
    return Spent((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000)


def median(spent: list[Spent]) -> Spent:
    return Spent(statistics.median(s.wall for s in spent), statistics.median(s.cpu for s in spent))


def report(label: str, spent: Spent, floor: float | None = None) -> None:
    ratio = f"  floor {floor:,.0f} ms, ratio {spent.cpu / floor:.2f} (cpu)" if floor else ""
    print(f"{label:58} {spent.wall:8.1f} ms wall {spent.cpu:8.1f} ms cpu{ratio}")

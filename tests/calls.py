"""Counting the function calls a piece of work makes, to test how it grows without timing it.

A timed assertion fails on a busy machine and passes a slow change on a fast one; the number of
Python and C function calls a run makes is the same on every machine. Running the work on an
input of size n and of size k·n and comparing the counts tells linear growth (about k times the
calls) from quadratic (about k² times).
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def calls(run: Callable[[], object]) -> int:
    """How many Python and C functions ``run`` calls, directly or not."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def growth(make: Callable[[int], Callable[[], object]], small: int, factor: int) -> float:
    """How many times more calls the work makes on ``factor`` times the input: about
    ``factor`` when it grows linearly, ``factor ** 2`` when quadratically. ``make(n)``
    builds the input of size n and returns the work to count (building is not counted)."""
    make(small)()  # warm caches and lazy imports, which only the first run would pay
    first = calls(make(small))
    return calls(make(small * factor)) / first

"""Work the window does while idle, a slice at a time, all of it within one budget per turn.

Opening a large project leaves much to read and draw: the highlights of the pages in view,
their images, the annotation list, the other pages. Each used to run on a zero-interval timer
of its own, and Qt runs every due timer in one turn of the event loop, so their slices added
up (turns of 300 ms and more at 100,000 annotations). Here one timer runs the jobs, most
urgent first, until the turn's ``BUDGET_S`` is spent; a job does a small step per call and
says whether it has more to do. ``accord --exit-when-highlights-read`` reports the longest
turn and ``benchmarks/open_turns.py`` holds it against 50 ms.

What the jobs read stays: 100,000 highlights and their styles are some 250,000 objects that
Python's cycle collector would walk at each full collection, a turn of 0.2 to 1 s (measured
at 100,000 annotations, collecting nothing: they hold no cycles). So while jobs run, full
collections are held off (the young generations are still collected), and when the last job
is done, if it was a load (``FREEZE_AFTER`` turns or more: not an edit's few), everything
made so far is frozen out of the collector's sight (``gc.freeze``): later full collections
walk only what came after. Closing a project gives its objects back to the collector
(``release_frozen``), so the cycles a closed project leaves are collected; an edit's work is
never frozen, so what it leaves in cycles is collected as usual.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject, QTimer

BUDGET_S = 0.010
"""Work per turn of the event loop: a key, a click or a frame waits at most this (plus the
step under way), which keeps every turn far under 50 ms even on a busy machine."""

FREEZE_AFTER = 20
"""Turns of work from which what the jobs made is frozen when they are done: a load."""
HELD_OFF = 1_000_000_000
"""The oldest generation's threshold while jobs run: no full collection in the meantime."""

Job = Callable[[float], bool]
"""One step of work, given the turn's deadline (``time.perf_counter()`` seconds): True while
there is more to do. A step may loop until the deadline; it must not run far past it."""


class Urgency(IntEnum):
    """Which job runs first (lowest first); jobs of one urgency take turns."""

    VISIBLE = 0
    """The highlights of the pages in view, and their images: the page waits for them."""
    LIST = 1
    """The annotation list and its filter index."""
    BACKGROUND = 2
    """The highlights of pages out of view, read ahead of a scroll."""


class IdleWork(QObject):
    """The jobs of one thread's event loop (see ``idle_work``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[Job, Urgency] = {}
        self._thresholds: tuple[int, int, int] | None = None
        """The collector's thresholds while no job runs (None: none is running)."""
        self._turns = 0
        """Turns of work since the jobs began (since none was running)."""
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self, job: Job, urgency: Urgency) -> None:
        """Run ``job`` while idle until it says it is done (again at ``urgency`` if it was
        already waiting)."""
        self._jobs.pop(job, None)
        self._jobs[job] = urgency
        self._timer.start()
        if self._thresholds is None:
            self._turns = 0
            self._thresholds = gc.get_threshold()
            gc.set_threshold(self._thresholds[0], self._thresholds[1], HELD_OFF)

    def stop(self, job: Job) -> None:
        self._jobs.pop(job, None)

    def pending(self, job: Job) -> bool:
        return job in self._jobs

    def _on_timer_timeout(self) -> None:
        self._turns += 1
        self._run(time.perf_counter() + BUDGET_S)
        self._done()

    def _done(self) -> None:
        """When no job is left: stop, and freeze what a load made (see the module's
        docstring)."""
        if self._jobs or self._thresholds is None:
            return
        self._timer.stop()
        gc.set_threshold(*self._thresholds)
        self._thresholds = None
        if self._turns >= FREEZE_AFTER:
            gc.freeze()

    def _run(self, deadline: float) -> None:
        while self._jobs and time.perf_counter() < deadline:
            job = min(self._jobs, key=self._jobs.__getitem__)  # the first of the most urgent
            urgency = self._jobs.pop(job)
            if job(deadline) and job not in self._jobs:  # (it may have changed its urgency)
                self._jobs[job] = urgency  # behind the others of its urgency


_SHARED: IdleWork | None = None


def idle_work() -> IdleWork:
    """The application's one ``IdleWork`` (made with the first job)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = IdleWork(QCoreApplication.instance())
        _SHARED.destroyed.connect(_forget)
    return _SHARED


def release_frozen() -> None:
    """Give what idle work froze back to the collector, and collect: a project is closing,
    and what it leaves in cycles would otherwise stay frozen for ever. (Its highlights are
    gone by then, freed as their last reference went: this collection walks little.)"""
    gc.unfreeze()
    gc.collect()


def _forget() -> None:
    global _SHARED
    _SHARED = None

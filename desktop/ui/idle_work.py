"""Work the window does while idle, a slice at a time, all of it within one budget per turn.

Opening a large project leaves much to read and draw: the highlights of the pages in view,
their images, the annotation list, the other pages. Each used to run on a zero-interval timer
of its own, and Qt runs every due timer in one turn of the event loop, so their slices added
up (turns of 300 ms and more at 100,000 annotations). Here one timer runs the jobs, most
urgent first, until the turn's ``BUDGET_S`` is spent; a job does a small step per call and
says whether it has more to do. ``accord --exit-when-highlights-read`` reports the longest
turn and ``benchmarks/open_turns.py`` holds it against 50 ms.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QObject, QTimer

BUDGET_S = 0.010
"""Work per turn of the event loop: a key, a click or a frame waits at most this (plus the
step under way), which keeps every turn far under 50 ms even on a busy machine."""

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
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self, job: Job, urgency: Urgency) -> None:
        """Run ``job`` while idle until it says it is done (again at ``urgency`` if it was
        already waiting)."""
        self._jobs.pop(job, None)
        self._jobs[job] = urgency
        self._timer.start()

    def stop(self, job: Job) -> None:
        self._jobs.pop(job, None)

    def pending(self, job: Job) -> bool:
        return job in self._jobs

    def run_until_done(self, deadline_s: float = 60.0) -> None:
        """Run every job to its end now (tests, and a caller that must have it all)."""
        end = time.perf_counter() + deadline_s
        while self._jobs and time.perf_counter() < end:
            self._run(time.perf_counter() + BUDGET_S)

    def _on_timer_timeout(self) -> None:
        self._run(time.perf_counter() + BUDGET_S)
        if not self._jobs:
            self._timer.stop()

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


def _forget() -> None:
    global _SHARED
    _SHARED = None

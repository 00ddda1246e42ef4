"""Starting a document worker process, with as little imported as possible first.

At launch the first paint waits on the workers (they import PyMuPDF), so ``accord`` starts them
before anything else it will need: this module uses the standard library's process tools, the
pixel ring and the workers' bounds only, not the protocol's classes, which the GUI imports while
the workers start. ``DocumentClient`` adopts the processes (and spawns the later ones here too).

A worker asks Linux to kill it when the *thread* that started it ends (``bounds``), so workers
are started on the main thread or, from any other, on one long-lived thread kept for that: a
worker started from a reader thread that then ends would be killed with it.
"""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from desktop.core.children import child_environment, module_command
from desktop.core.framing import widen_pipe
from desktop.documents.bounds import WorkerLimits
from desktop.documents.pixel_ring import PixelRing


class SpawnedWorker(NamedTuple):
    process: subprocess.Popen[bytes]
    ring: PixelRing | None
    """The worker's own pixel ring; None where memory files do not exist (images take the pipe)."""
    started_at: float
    """``time.monotonic()`` when it was started."""


def spawn_worker(limits: WorkerLimits | None = None) -> SpawnedWorker:
    """Start a worker with a pixel ring of its own; requests may be written at once (they wait
    in the pipe), and its events wait in the other pipe until someone reads them."""
    limits = limits or WorkerLimits()
    if threading.current_thread() is threading.main_thread():
        return _spawn(limits)
    return _Spawner.run(lambda: _spawn(limits))


def _spawn(limits: WorkerLimits) -> SpawnedWorker:
    ring = PixelRing.create()
    pixels = ["--pixels", str(ring.fd)] if ring is not None else []
    try:
        process = subprocess.Popen(
            module_command(
                "desktop.documents.worker",
                "--parent",
                str(os.getpid()),
                *limits.arguments(),
                *pixels,
            ),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_environment(),
            pass_fds=(ring.fd,) if ring is not None else (),
        )
    except BaseException:
        if ring is not None:
            ring.close()
        raise
    started_at = time.monotonic()
    assert process.stdout is not None and process.stdin is not None  # (both are PIPEs)
    widen_pipe(process.stdout)
    widen_pipe(process.stdin)
    return SpawnedWorker(process, ring, started_at)


_Answer = queue.SimpleQueue[SpawnedWorker | BaseException]
"""Where the spawner thread puts the worker it started, or what it raised."""


class _Spawner:
    """The one thread, started when first needed, that starts workers for the other threads."""

    _lock = threading.Lock()
    _jobs: queue.SimpleQueue[tuple[Callable[[], SpawnedWorker], _Answer]] | None = None

    @classmethod
    def run(cls, job: Callable[[], SpawnedWorker]) -> SpawnedWorker:
        with cls._lock:
            if cls._jobs is None:
                cls._jobs = queue.SimpleQueue()
                threading.Thread(
                    target=cls._serve,
                    args=(cls._jobs,),
                    daemon=True,
                    name="document-worker-spawner",
                ).start()
            jobs = cls._jobs
        answer: _Answer = queue.SimpleQueue()
        jobs.put((job, answer))
        result = answer.get()
        if isinstance(result, BaseException):
            raise result
        return result

    @staticmethod
    def _serve(jobs: queue.SimpleQueue[tuple[Callable[[], SpawnedWorker], _Answer]]) -> None:
        while True:
            job, answer = jobs.get()
            try:
                answer.put(job())
            except BaseException as error:  # handed to the thread that asked
                answer.put(error)

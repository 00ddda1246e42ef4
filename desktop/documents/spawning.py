"""Starting a document worker process, with as little imported as possible first.

At launch the first paint waits on the workers (they import PyMuPDF), so ``accord`` starts them
before anything else it will need: this module uses the standard library's process tools, the
pixel ring and the workers' bounds only, not the protocol's classes, which the GUI imports while
the workers start. ``DocumentClient`` adopts the processes (and spawns the later ones here too).

A window starts the template (``WorkerTemplate.start``) first of all: a process that imports
PyMuPDF once and forks each worker from there (see ``template``), in milliseconds and sharing
its pages. Without it (the subcommands, which read one document at a time, or where the
platform cannot pass descriptors or watch a process that is not its child) each worker is a
fresh Python. A spawned worker asks Linux to kill it when the *thread* that started it ends
(``bounds``), so those are started on the main thread or, from any other, on one long-lived
thread kept for that: a worker started from a reader thread that then ends would be killed with
it. A forked worker's parent is the template, which has one thread.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import BinaryIO, ClassVar, NamedTuple

from desktop.core.children import child_environment, module_command
from desktop.core.framing import widen_pipe
from desktop.documents.bounds import WorkerLimits
from desktop.documents.pixel_ring import PixelRing


class ForkedProcess:
    """A worker forked by the template, with what the client uses of a ``subprocess.Popen``:
    its pipes, its pid, its exit status (which the template reports: the worker is its child)
    and ``kill``."""

    def __init__(self, stdin: BinaryIO, stdout: BinaryIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.returncode: int | None = None
        self._pid: int | None = None
        self._forked = threading.Event()
        self._ended = threading.Event()

    @property
    def pid(self) -> int:
        """Its process id, once the template has forked it (0 if it never was: the template
        ended first)."""
        self._forked.wait()
        return self._pid or 0

    def wait(self, timeout: float | None = None) -> int:
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired("document worker", timeout or 0)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self._pid is not None and self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)

    def forked(self, pid: int) -> None:
        self._pid = pid
        self._forked.set()

    def ended(self, returncode: int) -> None:
        """Its exit status, as ``Popen.returncode`` says it (minus a signal's number)."""
        self.returncode = returncode
        self._forked.set()
        self._ended.set()


class WorkerTemplate:
    """The window's end of the template process (see ``template``): asks it for workers and
    hears their pids and exit statuses on a thread of its own."""

    _running: ClassVar[WorkerTemplate | None] = None
    _MESSAGE_BYTES = 4096

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._control = ours
        try:
            self.process = subprocess.Popen(
                module_command(
                    "desktop.documents.template",
                    "--parent",
                    str(os.getpid()),
                    "--control",
                    str(theirs.fileno()),
                ),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=child_environment(),
                pass_fds=(theirs.fileno(),),
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self._lock = threading.Lock()
        self._unforked: deque[ForkedProcess] = deque()
        self._forked: dict[int, ForkedProcess] = {}
        self._alive = True
        threading.Thread(target=self._hear_reports, daemon=True, name="worker-template").start()

    @classmethod
    def start(cls) -> None:
        """Start the template for this process's workers, if the platform allows (Linux)."""
        if cls._running is None and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds"):
            cls._running = cls()

    @classmethod
    def stop(cls) -> None:
        """Let the template go: it ends once it has no more requests (its workers, forked
        before, end with it)."""
        template, cls._running = cls._running, None
        if template is not None:
            with contextlib.suppress(OSError):  # wakes its reader thread, and ends the template
                template._control.shutdown(socket.SHUT_RDWR)
            template.process.wait()
            template._control.close()

    @classmethod
    def fork_worker(cls, limits: WorkerLimits, ring: PixelRing | None) -> ForkedProcess | None:
        """A worker forked by the running template, or None without one."""
        template = cls._running
        return template.fork(limits, ring) if template is not None else None

    def fork(self, limits: WorkerLimits, ring: PixelRing | None) -> ForkedProcess | None:
        """Ask for a worker; its pipes work at once (requests wait in them until it runs).
        None when the template has ended."""
        requests, ours_to_write = os.pipe()
        ours_to_read, events = os.pipe()
        process = ForkedProcess(os.fdopen(ours_to_write, "wb"), os.fdopen(ours_to_read, "rb"))
        pixels = ["--pixels", "{ring}"] if ring is not None else []
        message = " ".join(["fork", *limits.arguments(), *pixels]).encode()
        try:
            with self._lock:
                if not self._alive:
                    raise ConnectionError("the worker template has ended")
                socket.send_fds(
                    self._control,
                    [message],
                    [requests, events, *([ring.fd] if ring is not None else [])],
                )
                self._unforked.append(process)
        except OSError:
            process.stdin.close()
            process.stdout.close()
            return None
        finally:
            os.close(requests)
            os.close(events)
        return process

    def _hear_reports(self) -> None:
        """Hand each pid and exit status to its worker; when the template ends, so did every
        worker it forked (they die with it) and none that it did not fork will be."""
        with contextlib.suppress(OSError):
            while report := self._control.recv(self._MESSAGE_BYTES):
                kind, pid, *status = report.decode().split()
                with self._lock:
                    if kind == "forked":
                        process = self._forked[int(pid)] = self._unforked.popleft()
                    else:
                        process = self._forked.pop(int(pid))
                if kind == "forked":
                    process.forked(int(pid))
                else:
                    process.ended(os.waitstatus_to_exitcode(int(status[0])))
        with self._lock:
            self._alive = False
            lost = [*self._unforked, *self._forked.values()]
            self._unforked.clear()
            self._forked.clear()
        for process in lost:
            process.ended(-signal.SIGKILL)


class SpawnedWorker(NamedTuple):
    process: subprocess.Popen[bytes] | ForkedProcess
    ring: PixelRing | None
    """The worker's own pixel ring; None where memory files do not exist (images take the pipe)."""
    started_at: float
    """``time.monotonic()`` when it was started."""


def spawn_worker(limits: WorkerLimits | None = None) -> SpawnedWorker:
    """Start a worker with a pixel ring of its own (forked by the template when one runs);
    requests may be written at once (they wait in the pipe), and its events wait in the other
    pipe until someone reads them."""
    limits = limits or WorkerLimits()
    ring = PixelRing.create()
    try:
        process: subprocess.Popen[bytes] | ForkedProcess | None = WorkerTemplate.fork_worker(
            limits, ring
        )
        if process is None and threading.current_thread() is threading.main_thread():
            process = _spawn(limits, ring)
        elif process is None:
            process = _Spawner.run(lambda: _spawn(limits, ring))
    except BaseException:
        if ring is not None:
            ring.close()
        raise
    assert process.stdout is not None and process.stdin is not None  # (both are pipes)
    widen_pipe(process.stdout)
    widen_pipe(process.stdin)
    return SpawnedWorker(process, ring, time.monotonic())


def _spawn(limits: WorkerLimits, ring: PixelRing | None) -> subprocess.Popen[bytes]:
    pixels = ["--pixels", str(ring.fd)] if ring is not None else []
    return subprocess.Popen(
        module_command(
            "desktop.documents.worker", "--parent", str(os.getpid()), *limits.arguments(), *pixels
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=child_environment(),
        pass_fds=(ring.fd,) if ring is not None else (),
    )


_Answer = queue.SimpleQueue[subprocess.Popen[bytes] | BaseException]
"""Where the spawner thread puts the worker it started, or what it raised."""


class _Spawner:
    """The one thread, started when first needed, that starts workers for the other threads."""

    _lock = threading.Lock()
    _jobs: queue.SimpleQueue[tuple[Callable[[], subprocess.Popen[bytes]], _Answer]] | None = None

    @classmethod
    def run(cls, job: Callable[[], subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
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
    def _serve(
        jobs: queue.SimpleQueue[tuple[Callable[[], subprocess.Popen[bytes]], _Answer]],
    ) -> None:
        while True:
            job, answer = jobs.get()
            try:
                answer.put(job())
            except BaseException as error:  # handed to the thread that asked
                answer.put(error)

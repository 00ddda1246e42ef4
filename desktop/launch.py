"""What happens between typing ``accord`` and the window: start the document workers first.

Each pane's document has a worker process of its own (so a hostile file costs only its pane).
Both are forked from the worker template (``spawning.WorkerTemplate``), which imports PyMuPDF
once while this process is still importing Qt, so on a two-core workstation the halves of
start-up overlap. The first paint waits on the workers, so they are asked for before this
process imports anything it can import later (the protocol's classes, the client). Their
answers are held here until the window's bridge is ready to take them.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.documents.client import DocumentClient


class HeldEvents:
    """Buffers the worker's events until a receiver connects, then forwards them in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: list[object] = []
        self._receiver: Callable[[object], None] | None = None

    def __call__(self, event: object) -> None:
        with self._lock:
            if self._receiver is None:
                self._held.append(event)
                return
            receiver = self._receiver
        receiver(event)

    def connect(self, receiver: Callable[[object], None]) -> None:
        with self._lock:
            held, self._held = self._held, []
            self._receiver = receiver
        for event in held:
            receiver(event)


PANES = 2


class EarlyStart:
    """The workers, started, with the first documents already asked for.

    ``EarlyStart()`` starts the template and asks it for a worker for each pane, so the
    launcher can decide what to open (which may mean opening a project) while PyMuPDF is
    imported; ``open`` then asks for the documents. ``EarlyStart(paths)`` does both at once."""

    def __init__(self, documents: list[Path] | None = None) -> None:
        from desktop.documents.spawning import WorkerTemplate, spawn_worker

        WorkerTemplate.start()
        spawned = [spawn_worker() for _pane in range(PANES)]
        from desktop.documents.client import DocumentClient

        self.events = HeldEvents()
        self.client: DocumentClient = DocumentClient(self.events)
        self.client.start(*spawned)
        self.requests: list[tuple[Path, int]] = []
        if documents is not None:
            self.open(documents)

    def open(self, documents: list[Path]) -> None:
        """Ask for the documents; their text comes after their first page has been rendered,
        which is what the window shows first."""
        self.requests = [
            (path, self.client.open(str(path), text_after_render=True)) for path in documents
        ]

    def shutdown(self) -> None:
        """Stop the workers, then the template."""
        from desktop.documents.spawning import WorkerTemplate

        self.client.shutdown()
        WorkerTemplate.stop()


def ms_since_process_start() -> float:
    """Milliseconds since the operating system started this process (Linux: /proc), else since
    this module was imported, which is the closest moment Python can see."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED) * 1000


def family_memory_mb(root: int) -> float:
    """Memory of process ``root`` and every process under it (the window, the worker template
    and the document workers), in MB: the sum of their proportional set sizes (Linux's PSS;
    0 where it cannot be read).

    A page that n processes share counts 1/n in each, so summed over a family each page the
    family shares is counted once (the libraries, the template's PyMuPDF that its forked
    workers share copy-on-write, the pixel rings); summing their resident sizes would count
    it once per process. A page shared with a process outside the family (another program
    using the same library) is partly counted elsewhere: the same for any program measured so,
    which is why the benchmark holds Accord's figure against the floor's measured alike."""
    total_kb = 0
    for pid in _family(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                total_kb += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue  # it ended meanwhile
    return round(total_kb / 1024, 1)


def family_cpu_ms(root: int) -> float:
    """CPU time (user and system) that process ``root`` and every process under it have used
    so far, in ms (0 where it cannot be read): on a loaded machine, where wall-clock time says
    as much about the other programs as about this one, the work start-up costs."""
    ticks = 0
    for pid in _family(root):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            continue  # it ended meanwhile
    return round(ticks * 1000 / os.sysconf("SC_CLK_TCK"), 1)


def _family(root: int) -> list[int]:
    """``root`` and its descendants, from each process's parent in ``/proc``."""
    children: dict[int, list[int]] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    family = [root]
    for pid in family:
        family.extend(children.get(pid, []))
    return family


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes added up, in MB (0 where it cannot be read): for one
    process, its resident set (a family is measured with ``family_memory_mb``)."""
    total_kb = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except OSError:
            continue
    return round(total_kb / 1024, 1)


_IMPORTED = time.perf_counter()

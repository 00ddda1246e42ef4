"""What happens between typing ``accord`` and the window: start the document workers first.

Each pane's document has a worker process of its own (so a hostile file costs only its pane).
Both workers import PyMuPDF and open their documents while this process is still importing Qt,
so on a two-core workstation the halves of start-up overlap. The first paint waits on the
workers, so they are started before this process imports anything it can import later (the
protocol's classes, the client). Their answers are held here until the window's bridge is
ready to take them.
"""

from __future__ import annotations

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

    ``EarlyStart()`` starts a worker for each pane, so the launcher can decide what to open
    (which may mean opening a project) while they import PyMuPDF; ``open`` then asks for the
    documents. ``EarlyStart(paths)`` does both at once."""

    def __init__(self, documents: list[Path] | None = None) -> None:
        from desktop.documents.spawning import spawn_worker

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


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes together, in MB (0 where it cannot be read).

    Pages that several of them map (the Python and C libraries, the pixel ring) are in memory
    once, so they are counted once where the kernel shows which physical page each one is
    (``/proc/PID/pagemap`` shows that to root only); otherwise, and for one process, this is
    the sum of their VmRSS, which counts a shared page once per process that maps it."""
    if len(pids) > 1:
        frames = _resident_frames(pids)
        if frames is not None:
            return round(len(frames) * _PAGE_BYTES / 1024 / 1024, 1)
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


_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_PRESENT = 1 << 63
_FRAME = (1 << 55) - 1
_USER_SPACE_END = 1 << 47  # [vsyscall] lies above, and pagemap has nothing for it


def physical_pages_visible() -> bool:
    """Whether this process may see which physical pages processes use (so ``rss_mb`` can count
    the pages that several of them share once)."""
    return _resident_frames([os.getpid()]) is not None


def _resident_frames(pids: list[int]) -> set[int] | None:
    """The physical pages these processes have in memory, or None where they cannot be seen
    (not Linux, not root: then every present page reads as frame 0)."""
    frames: set[int] = set()
    try:
        for pid in pids:
            with (
                open(f"/proc/{pid}/maps", encoding="ascii", errors="replace") as maps,
                open(f"/proc/{pid}/pagemap", "rb", buffering=0) as pagemap,
            ):
                for line in maps:
                    start, end = (int(bound, 16) for bound in line.split(None, 1)[0].split("-"))
                    if end > _USER_SPACE_END:
                        continue
                    entries = memoryview(
                        os.pread(
                            pagemap.fileno(),
                            (end - start) // _PAGE_BYTES * 8,
                            start // _PAGE_BYTES * 8,
                        )
                    ).cast("Q")
                    frames.update(entry & _FRAME for entry in entries if entry & _PRESENT)
    except (OSError, ValueError):
        return None
    return frames if frames and 0 not in frames else None


_IMPORTED = time.perf_counter()

"""What happens between typing ``accord`` and the window: start the document worker first.

The worker process imports PyMuPDF and opens both documents while this process is still
importing Qt, so on a two-core workstation the two halves of start-up overlap. Its answers are
held here until the window's bridge is ready to take them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

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


class EarlyStart:
    """The worker, started, with the first documents already asked for.

    ``EarlyStart()`` starts the worker alone, so the launcher can decide what to open (which
    may mean opening a project) while the worker imports PyMuPDF; ``open`` then asks for the
    documents. ``EarlyStart(paths)`` does both at once."""

    def __init__(self, documents: list[Path] | None = None) -> None:
        self.events = HeldEvents()
        self.client = DocumentClient(self.events)
        self.client.start()
        self.requests: list[tuple[Path, int]] = []
        if documents is not None:
            self.open(documents)

    def open(self, documents: list[Path]) -> None:
        self.requests = [(path, self.client.open(str(path))) for path in documents]


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
    """Resident memory of these processes together, in MB (0 where it cannot be read)."""
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

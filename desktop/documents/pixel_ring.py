"""Shared memory that page images cross instead of the pipe (this module never imports PyMuPDF).

Why: a page at 150 % is about 6 MB. Through the pipe it was copied out of MuPDF's pixmap, through
the kernel, and into a fresh buffer in the GUI whose first touch costs as much as a copy, so a
render took half as long again through the worker as in-process. Through the ring, MuPDF draws
straight into memory that the GUI then reads where it lies (see ``drawing``): no copy at all.

How it stays safe:
- The client creates the ring as an anonymous memory file (``memfd_create``), seals its size,
  and passes the descriptor to the worker it starts. The ring has no name in /dev/shm, so
  nothing can be left behind however either process ends; a restarted worker gets a new ring.
- The ring's first page is a table with one byte per chunk of ``CHUNK_BYTES``: 0 free, 1 lent.
  The worker lends the first run of free chunks that is long enough (marks them, then has MuPDF
  draw the page into them) and sends only the run's offset and the image's size.
- The client maps exactly that run for that image and hands the UI a read-only memoryview of
  the mapping. When the last view of it is gone (a QImage over it holds one), the mapping is
  unmapped and the client marks its chunks free again. Each byte of the table has one writer at
  a time (the worker turns free into lent, the client lent into free), so no lock is needed,
  and pixels are never overwritten while anything can still read them.
- When no run is free, the image is larger than the ring, or memory files do not exist (not
  Linux), the pixels take the pipe as before.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import threading
import weakref
from collections.abc import Callable

CHUNK_BYTES = 256 * 1024
RING_BYTES = 48 * 1024 * 1024
"""Room for eight pages at 150 % held by the GUI at once. What has been drawn into stays in
memory (and in the worker's resident set) until the ring closes, so it is kept modest; lending
the first free run keeps it to the most images held at once (one or two while scrolling)."""
_TABLE_BYTES = mmap.PAGESIZE
_CHUNKS = RING_BYTES // CHUNK_BYTES
_FREE, _LENT = b"\x00", b"\x01"
_NAME = "accord-pixels"


class PixelRing:
    """The client's end: creates the ring and turns what the worker lent into memoryviews."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._lock = threading.RLock()  # a release may run inside receive, if it collects garbage
        self._table: mmap.mmap | None = mmap.mmap(fd, _TABLE_BYTES)

    @classmethod
    def create(cls) -> PixelRing | None:
        """A new ring, or None where anonymous memory files are not available.

        Its size is sealed: were the file shrunk under them, the GUI's reads would crash it
        (SIGBUS), whatever became of the worker.
        """
        if not (hasattr(os, "memfd_create") and hasattr(fcntl, "F_ADD_SEALS")):
            return None
        try:  # close-on-exec: only the worker that it is passed to gets it
            fd = os.memfd_create(_NAME, os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        except OSError:
            return None
        try:
            os.ftruncate(fd, _TABLE_BYTES + RING_BYTES)
            fcntl.fcntl(
                fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL
            )
            return cls(fd)
        except OSError:
            os.close(fd)
            return None

    def receive(self, offset: int, size: int) -> memoryview:
        """The ``size`` bytes the worker wrote at ``offset``, readable until the last view of them
        is dropped."""
        if (
            size <= 0
            or offset < _TABLE_BYTES
            or (offset - _TABLE_BYTES) % CHUNK_BYTES
            or offset + size > _TABLE_BYTES + RING_BYTES
        ):
            raise ValueError(f"{size} bytes at {offset} are not a run of the pixel ring")
        with self._lock:
            if self._table is None:  # the descriptor's number may belong to another file now
                raise ValueError("the pixel ring is closed")
            mapping = mmap.mmap(self.fd, size, offset=offset, prot=mmap.PROT_READ)
        finalizer = weakref.finalize(mapping, self._release, offset, size)
        finalizer.atexit = False
        return memoryview(mapping)

    def close(self) -> None:
        """Stop receiving; images already handed out stay readable until dropped."""
        with self._lock:
            if self._table is None:
                return
            self._table.close()
            self._table = None
            os.close(self.fd)

    def _release(self, offset: int, size: int) -> None:
        first, count = _chunks(offset, size)
        with self._lock:
            if self._table is not None:
                self._table[first : first + count] = _FREE * count


class RingWriter:
    """The worker's end: lends free chunks and has the pixels drawn into them."""

    def __init__(self, fd: int) -> None:
        if os.fstat(fd).st_size < _TABLE_BYTES + RING_BYTES:
            raise ValueError(f"descriptor {fd} is not a pixel ring")
        self._ring = mmap.mmap(fd, _TABLE_BYTES + RING_BYTES)

    def write(self, size: int, draw: Callable[[memoryview], None]) -> int | None:
        """Where ``draw`` wrote ``size`` bytes (for ``PixelRing.receive``), or None, without
        calling it, if no run of chunks is free for them.

        The first free run is lent (see ``RING_BYTES``). If ``draw`` fails, the run is free
        again: the client never heard of it.
        """
        count = -(-size // CHUNK_BYTES)
        first = self._ring.find(_FREE * count, 0, _CHUNKS)
        if count == 0 or first < 0:
            return None
        self._ring[first : first + count] = _LENT * count
        offset = _TABLE_BYTES + first * CHUNK_BYTES
        try:
            with memoryview(self._ring)[offset : offset + size] as pixels:
                draw(pixels)
        except BaseException:
            self._ring[first : first + count] = _FREE * count
            raise
        return offset


def _chunks(offset: int, size: int) -> tuple[int, int]:
    return (offset - _TABLE_BYTES) // CHUNK_BYTES, -(-size // CHUNK_BYTES)

"""Writing an export so that it is either complete or absent, a batch at a time."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop.exporters.source import Progress

BATCH = 1000
"""Annotations per write, and between two ``progress`` calls."""


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename,
    on any error or ``Cancelled`` it is removed, so no half-written file is ever left."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_batched(pieces: Iterable[str], write: Callable[[str], object], *, total: int,
                  progress: Progress) -> int:
    """Write ``pieces`` (one per annotation) joined ``BATCH`` at a time, calling ``progress``
    after each batch but the last, and return how many there were. (A write per annotation
    took a third of an exporter's time.)"""
    done = 0
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        done += 1
        if done % BATCH == 0:
            write("".join(batch))
            batch.clear()
            progress(done, max(total, done))
    write("".join(batch))
    return done

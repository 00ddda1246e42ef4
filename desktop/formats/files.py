"""Writing an export so that it is either complete or absent, a batch at a time."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop.core.errors import AccordError
from desktop.core.leftovers import noted, partial_name
from desktop.formats.source import Progress

BATCH = 1000
"""Annotations per write, and between two ``progress`` calls."""


_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""A full disk, a quota reached, a file size limit: room, not the folder, is what is lacking."""


class ExportWriteError(AccordError):
    """An export could not be written; the message names the file and the reason, and says
    that nothing was written."""


def write_failed(path: Path, error: OSError) -> ExportWriteError:
    """The one message every format gives when its file cannot be written (a full disk, a
    folder that is not one, no permission), for the menu and ``accord export`` alike."""
    advice = " Free some space, or export to another drive." if error.errno in _FULL else ""
    return ExportWriteError(
        f"Accord could not write “{path}”: {error.strerror or error}. Nothing was written.{advice}"
    )


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename,
    on any error or ``Cancelled`` it is removed, so no half-written file is ever left. An
    ``OSError`` on the way (a full disk, say) becomes ``write_failed``'s message."""
    path = Path(path)
    temporary = partial_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with noted(temporary):  # (removed at the next start if this process is killed)
            yield temporary
            os.replace(temporary, path)
    except OSError as error:
        raise write_failed(path, error) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def write_batched(
    pieces: Iterable[str], write: Callable[[str], object], *, total: int, progress: Progress
) -> int:
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

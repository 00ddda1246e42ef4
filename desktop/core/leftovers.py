"""Scratch files that say whose they are, so that what a killed Accord left is found and removed
at the next start, and what a running Accord uses is never touched.

An export writes a hidden ``.NAME.PID.partial`` beside its target and renames it at the end;
reading documents and imports copy documents into temporary folders. A crash, a kill or a
power cut leaves them: partial exports in the user's folders, copies of the project's
documents in the temporary folder. So every such folder is named ``accord-PID-PURPOSE-…`` in
the temporary folder, and every partial export is noted there by a small ``accord-PID-partial-…``
file that holds its path. ``clean`` lists the temporary folder once (a few milliseconds) and
removes the entries of processes that no longer run, each partial export they name with them.
A process id that was reused by another program keeps its entries for a later start: nothing is
removed unless its owner is certainly gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PREFIX = "accord-"
_ENTRY = re.compile(r"accord-(\d+)-(\w+)-")
_PARTIAL = re.compile(r"\..+\.(\d+)\.partial")
"""``atomic_output``'s temporary name: only such a file is removed by a note."""


def partial_name(path: Path) -> Path:
    """The hidden file beside ``path`` that an export writes before renaming it to ``path``."""
    return path.with_name(f".{path.name}.{os.getpid()}.partial")


@contextlib.contextmanager
def scratch_folder(purpose: str) -> Iterator[Path]:
    """A temporary folder for this process's ``purpose`` (a word), removed on leaving, and at
    the next start if this process is killed first."""
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-{purpose}-") as folder:
        yield Path(folder)


@contextlib.contextmanager
def noted(partial: Path) -> Iterator[None]:
    """Note ``partial`` (a ``partial_name``) in the temporary folder while it may exist."""
    handle, note = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-partial-", suffix=".txt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(str(partial.absolute()))
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(note)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What ``clean`` removed."""

    partial_exports: int = 0
    scratch_folders: int = 0
    size: int = 0
    """Bytes freed."""

    def __bool__(self) -> bool:
        return bool(self.partial_exports or self.scratch_folders)

    def sentence(self) -> str:
        parts = [
            f"{count} {what}{'' if count == 1 else 's'}"
            for count, what in (
                (self.partial_exports, "unfinished export"),
                (self.scratch_folders, "temporary folder"),
            )
            if count
        ]
        return (
            f"Removed what an Accord that stopped unexpectedly left behind: "
            f"{' and '.join(parts)} ({self.size / 1_048_576:.1f} MB)."
        )


def clean(folder: Path | None = None) -> Cleaned:
    """Remove the scratch entries (in ``folder``, by default the temporary folder) of Accord
    processes that no longer run, with the partial exports they note."""
    root = Path(folder or tempfile.gettempdir())
    partial_exports = scratch_folders = size = 0
    try:
        entries = [entry for entry in os.scandir(root) if entry.name.startswith(PREFIX)]
    except OSError:
        return Cleaned()
    for entry in entries:
        found = _ENTRY.match(entry.name)
        if found is None or _running(int(found[1])) or not _ours(entry):
            continue
        if found[2] == "partial":
            freed = _remove_noted(Path(entry.path), pid=found[1])
            partial_exports += freed is not None
            size += freed or 0
        elif entry.is_dir(follow_symlinks=False):
            size += _size(Path(entry.path))
            shutil.rmtree(entry.path, ignore_errors=True)
            scratch_folders += 1
    return Cleaned(partial_exports, scratch_folders, size)


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # (no cheap, sure test: keep everything)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: running
    return True


def _ours(entry: os.DirEntry[str]) -> bool:
    try:
        return os.name != "posix" or entry.stat(follow_symlinks=False).st_uid == os.getuid()
    except OSError:
        return False


def _remove_noted(note: Path, *, pid: str) -> int | None:
    """Remove the partial export ``note`` names (if it is one of process ``pid``'s) and the
    note; its size, or None when there was none left."""
    try:
        partial = Path(note.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        partial = None
    freed = None
    named = _PARTIAL.fullmatch(partial.name) if partial is not None else None
    if partial is not None and named is not None and named[1] == pid:
        with contextlib.suppress(OSError):
            freed = partial.lstat().st_size
            partial.unlink()
    with contextlib.suppress(OSError):
        note.unlink()
    return freed


def _size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            total += path.lstat().st_size
    return total

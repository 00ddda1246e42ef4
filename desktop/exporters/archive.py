"""Reading an untrusted ZIP archive (a ``.qdpx``) into memory, within the caps of ``limits``.

Archives arrive from other people and other tools, so nothing is ever extracted to disk and
nothing is trusted before it is checked, in two steps:

1. the directory, before a byte is inflated: how many entries, their names (no absolute path,
   no ``..``, no name twice: each is a classic way to smuggle a file somewhere else), and what
   the headers claim: the total size and the compression ratio (a zip bomb claims a lot, or
   lies);
2. every member read, through a stream capped at what its header claimed and at what is left of
   the total: a header that lies cannot make Accord inflate more than the caps, and a member
   that inflates to more (or less) than it claimed is refused.

Every problem is an ``ImportRefused`` naming the file and what is wrong with it.
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from pathlib import Path
from types import TracebackType
from typing import IO

from desktop.exporters.limits import (
    MAX_ARCHIVE_ENTRIES,
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    ImportRefused,
)

RATIO_FLOOR_BYTES = 1024**2
"""Below this size a high compression ratio is harmless (a page of repeated spaces compresses
a thousandfold), so the ratio is only held against members and archives larger than it."""

DAMAGED_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, EOFError, OSError,
    ValueError, RuntimeError, NotImplementedError,
)
"""What ``zipfile`` raises on a damaged, encrypted or exotic archive: a bad CRC or header,
a truncated or corrupt stream (zlib, bz2 and lzma each have their own), ``RuntimeError`` for a
password, ``NotImplementedError`` for an unknown compression method."""
INFLATE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError,
)
"""What reading an opened member can raise when its data is damaged (a bad CRC, a corrupt or
truncated stream; bz2 reports both as ``OSError``)."""
_DRIVE = re.compile(r"[A-Za-z]:")


def refused(file_name: str, problem: str) -> ImportRefused:
    return ImportRefused(f"Can't import “{file_name}”: {problem}.")


def _check_name(file_name: str, name: str) -> None:
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise refused(file_name, f"the archive holds an entry with an absolute path (“{name}”), "
                                 "which could write outside any folder it is unpacked in")
    if ".." in parts:
        raise refused(file_name, f"the archive holds an entry whose path climbs out of its "
                                 f"folder (“{name}”)")


def _ratio_exceeded(size: int, compressed: int) -> bool:
    return size > RATIO_FLOOR_BYTES and size > MAX_COMPRESSION_RATIO * max(compressed, 1)


class _CappedStream(io.RawIOBase):
    """A member's inflated bytes, refused as soon as they exceed ``size`` or end short of it."""

    def __init__(self, raw: IO[bytes], *, size: int, too_long: ImportRefused,
                 too_short: ImportRefused) -> None:
        super().__init__()
        self._raw = raw
        self._left = size
        self._too_long = too_long
        self._too_short = too_short

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()
        super().close()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise self._too_long
        if not data and self._left and len(buffer):
            raise self._too_short
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


class SafeArchive:
    """An open archive whose directory passed the checks; members are read within the caps."""

    def __init__(self, path: Path) -> None:
        self.file_name = path.name
        self._inflated = 0
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise refused(path.name, "there is no such file") from None
        except OSError as error:
            raise refused(path.name, f"it cannot be read ({error.strerror or error})") \
                from error
        except DAMAGED_ERRORS as error:
            raise refused(path.name, f"it is not a ZIP archive, or a damaged one ({error})") \
                from error
        try:
            self._members = self._check_directory()
        except BaseException:
            self._zip.close()
            raise

    def _check_directory(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_ARCHIVE_ENTRIES:
            raise refused(self.file_name, f"the archive holds {len(infos):,} entries, more than "
                                          f"the {MAX_ARCHIVE_ENTRIES:,} Accord accepts")
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_name(self.file_name, info.filename)
            if info.filename in members:
                raise refused(self.file_name, f"the archive holds two entries named "
                                              f"“{info.filename}”")
            if _ratio_exceeded(info.file_size, info.compress_size):
                raise refused(self.file_name, f"its entry “{info.filename}” claims to inflate "
                                              f"more than {MAX_COMPRESSION_RATIO} times, like a "
                                              "zip bomb")
            members[info.filename] = info
        size = sum(info.file_size for info in infos)
        if size > MAX_UNCOMPRESSED_BYTES:
            raise refused(self.file_name, f"its entries add up to {size / 1024**3:.1f} GB "
                                          f"inflated, more than the "
                                          f"{MAX_UNCOMPRESSED_BYTES // 1024**3} GB Accord accepts")
        if _ratio_exceeded(size, sum(info.compress_size for info in infos)):
            raise refused(self.file_name, f"it claims to inflate more than "
                                          f"{MAX_COMPRESSION_RATIO} times, like a zip bomb")
        return members

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._zip.close()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._members)

    def size(self, name: str) -> int:
        """What the member's header claims it inflates to."""
        return self._members[name].file_size

    def find(self, name: str) -> str | None:
        """The member called ``name``, or else the one whose name differs only in case (tools
        disagree on ``sources/`` vs ``Sources/`` and on the case of GUIDs)."""
        if name in self._members:
            return name
        folded = name.casefold()
        return next((member for member in self._members if member.casefold() == folded), None)

    def _budget(self, name: str) -> tuple[zipfile.ZipInfo, int]:
        info = self._members[name]
        if info.is_dir():
            raise refused(self.file_name, f"“{name}” is a folder, not a file")
        left = MAX_UNCOMPRESSED_BYTES - self._inflated
        if info.file_size > left:
            raise refused(self.file_name, f"its members inflate to more than the "
                                          f"{MAX_UNCOMPRESSED_BYTES // 1024**3} GB Accord accepts")
        return info, info.file_size

    def _too_long(self, name: str) -> ImportRefused:
        return refused(self.file_name, f"its entry “{name}” inflates to more than its header "
                                       "says, so the archive is damaged or forged")

    def _too_short(self, name: str) -> ImportRefused:
        return refused(self.file_name, f"its entry “{name}” is shorter than its header says, "
                                       "so the archive is damaged or forged")

    def read(self, name: str) -> bytes:
        """The member's bytes, inflated within its claimed size and the total cap."""
        info, limit = self._budget(name)
        try:
            with self._zip.open(info) as raw:
                data = raw.read(limit + 1)
        except DAMAGED_ERRORS as error:
            raise refused(self.file_name, f"its entry “{name}” cannot be read ({error})") \
                from error
        if len(data) > limit:
            raise self._too_long(name)
        if len(data) < limit:
            raise self._too_short(name)
        self._inflated += len(data)
        return data

    def stream(self, name: str) -> IO[bytes]:
        """The member as a stream capped like ``read`` (for XML parsed as it inflates); the
        caller closes it. Damaged data surfaces while reading as one of ``INFLATE_ERRORS``,
        which the caller turns into ``ImportRefused`` with ``damaged``."""
        info, limit = self._budget(name)
        try:
            raw = self._zip.open(info)
        except DAMAGED_ERRORS as error:
            raise refused(self.file_name, f"its entry “{name}” cannot be read ({error})") \
                from error
        self._inflated += limit
        return io.BufferedReader(_CappedStream(raw, size=limit, too_long=self._too_long(name),
                                              too_short=self._too_short(name)))

    def damaged(self, error: BaseException) -> ImportRefused:
        """The refusal for an error from ``INFLATE_ERRORS`` met while reading a ``stream``."""
        return refused(self.file_name, f"the archive is damaged ({error})")


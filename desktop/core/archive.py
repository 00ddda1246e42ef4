"""Reading an untrusted ZIP archive (a ``.qdpx``, an EPUB) into memory, within fixed caps.

Archives arrive from other people and other tools, so nothing is ever extracted to disk and
nothing is trusted before it is checked, in two steps:

1. the directory, before a byte is inflated: how many entries, their names (no absolute path,
   no ``..``, no name twice: each is a classic way to smuggle a file somewhere else), and what
   the headers claim: the total size and the compression ratio (a zip bomb claims a lot, or
   lies);
2. every member read, through a stream capped at what its header claimed and at what is left of
   the total: a header that lies cannot make Accord inflate more than the caps, and a member
   that inflates to more (or less) than it claimed is refused.

Every problem is raised as the error that the caller's ``refuse`` makes of a sentence saying
what is wrong (an import's refusal names the file one way, a document that cannot be opened
another). The same caps hold for every archive: one mechanism, for imports and documents.
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_ARCHIVE_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
"""All entries of an archive together, by what their headers claim and what inflating yields."""
MAX_COMPRESSION_RATIO = 200
RATIO_FLOOR_BYTES = 1024**2
"""Below this size a high compression ratio is harmless (a page of repeated spaces compresses
a thousandfold), so the ratio is only held against members and archives larger than it."""

DAMAGED_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)
"""What ``zipfile`` raises on a damaged, encrypted or exotic archive: a bad CRC or header,
a truncated or corrupt stream (zlib, bz2 and lzma each have their own), ``RuntimeError`` for a
password, ``NotImplementedError`` for an unknown compression method."""
INFLATE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
)
"""What reading an opened member can raise when its data is damaged (a bad CRC, a corrupt or
truncated stream; bz2 reports both as ``OSError``)."""
_DRIVE = re.compile(r"[A-Za-z]:")
Refuse = Callable[[str], Exception]
"""Makes the error to raise from a sentence saying what is wrong with the archive."""


def _check_name(refuse: Refuse, name: str) -> None:
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise refuse(
            f"the archive holds an entry with an absolute path (“{name}”), which "
            "could write outside any folder it is unpacked in"
        )
    if ".." in parts:
        raise refuse(f"the archive holds an entry whose path climbs out of its folder (“{name}”)")


def _ratio_exceeded(size: int, compressed: int) -> bool:
    return size > RATIO_FLOOR_BYTES and size > MAX_COMPRESSION_RATIO * max(compressed, 1)


class _CappedStream(io.RawIOBase):
    """A member's inflated bytes, refused as soon as they exceed ``size`` or end short of it."""

    def __init__(
        self, raw: IO[bytes], *, size: int, too_long: Exception, too_short: Exception
    ) -> None:
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

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer)
        data = self._raw.read(min(len(view), self._left + 1))
        if len(data) > self._left:
            raise self._too_long
        if not data and self._left and len(view):
            raise self._too_short
        self._left -= len(data)
        view[: len(data)] = data
        return len(data)


class SafeArchive:
    """An open archive whose directory passed the checks; members are read within the caps."""

    def __init__(self, source: Path | bytes, *, file_name: str, refuse: Refuse) -> None:
        """``source``: the archive's path, or its bytes already read."""
        self.file_name = file_name
        self._refuse = refuse
        self._inflated = 0
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        except FileNotFoundError:
            raise refuse("there is no such file") from None
        except OSError as error:
            raise refuse(f"it cannot be read ({error.strerror or error})") from error
        except DAMAGED_ERRORS as error:
            raise refuse(f"it is not a ZIP archive, or a damaged one ({error})") from error
        try:
            self._members = self._check_directory()
        except BaseException:
            self._zip.close()
            raise

    def _check_directory(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        refuse = self._refuse
        if len(infos) > MAX_ARCHIVE_ENTRIES:
            raise refuse(
                f"the archive holds {len(infos):,} entries, more than the "
                f"{MAX_ARCHIVE_ENTRIES:,} Accord accepts"
            )
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_name(refuse, info.filename)
            if info.filename in members:
                raise refuse(f"the archive holds two entries named “{info.filename}”")
            if _ratio_exceeded(info.file_size, info.compress_size):
                raise refuse(
                    f"its entry “{info.filename}” claims to inflate more than "
                    f"{MAX_COMPRESSION_RATIO} times, like a zip bomb"
                )
            members[info.filename] = info
        size = sum(info.file_size for info in infos)
        if size > MAX_UNCOMPRESSED_BYTES:
            raise refuse(
                f"its entries add up to {size / 1024**3:.1f} GB inflated, more than "
                f"the {MAX_UNCOMPRESSED_BYTES // 1024**3} GB Accord accepts"
            )
        if _ratio_exceeded(size, sum(info.compress_size for info in infos)):
            raise refuse(
                f"it claims to inflate more than {MAX_COMPRESSION_RATIO} times, like a zip bomb"
            )
        return members

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
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
            raise self._refuse(f"“{name}” is a folder, not a file")
        left = MAX_UNCOMPRESSED_BYTES - self._inflated
        if info.file_size > left:
            raise self._refuse(
                f"its members inflate to more than the "
                f"{MAX_UNCOMPRESSED_BYTES // 1024**3} GB Accord accepts"
            )
        return info, info.file_size

    def _too_long(self, name: str) -> Exception:
        return self._refuse(
            f"its entry “{name}” inflates to more than its header says, so the "
            "archive is damaged or forged"
        )

    def _too_short(self, name: str) -> Exception:
        return self._refuse(
            f"its entry “{name}” is shorter than its header says, so the "
            "archive is damaged or forged"
        )

    def read(self, name: str) -> bytes:
        """The member's bytes, inflated within its claimed size and the total cap."""
        info, limit = self._budget(name)
        try:
            with self._zip.open(info) as raw:
                data = raw.read(limit + 1)
        except DAMAGED_ERRORS as error:
            raise self._refuse(f"its entry “{name}” cannot be read ({error})") from error
        if len(data) > limit:
            raise self._too_long(name)
        if len(data) < limit:
            raise self._too_short(name)
        self._inflated += len(data)
        return data

    def stream(self, name: str) -> IO[bytes]:
        """The member as a stream capped like ``read`` (for XML parsed as it inflates); the
        caller closes it. Damaged data surfaces while reading as one of ``INFLATE_ERRORS``,
        which the caller turns into its refusal with ``damaged``."""
        info, limit = self._budget(name)
        try:
            raw = self._zip.open(info)
        except DAMAGED_ERRORS as error:
            raise self._refuse(f"its entry “{name}” cannot be read ({error})") from error
        self._inflated += limit
        return io.BufferedReader(
            _CappedStream(
                raw, size=limit, too_long=self._too_long(name), too_short=self._too_short(name)
            )
        )

    def damaged(self, error: BaseException) -> Exception:
        """The refusal for an error from ``INFLATE_ERRORS`` met while reading a ``stream``."""
        return self._refuse(f"the archive is damaged ({error})")

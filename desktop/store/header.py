"""Recognise a project file from its first 100 bytes, before SQLite is allowed near it.

Reading the header ourselves answers "is this SQLite, is it ours, is it complete, is it too
new" without opening a connection, so a foreign, truncated or future file is refused with a
precise sentence and is certainly not modified (not even a journal is created next to it).
Layout: https://www.sqlite.org/fileformat.html#the_database_header
"""

from __future__ import annotations

import stat
import struct
from pathlib import Path

from desktop.store.errors import ProjectError
from desktop.store.schema import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


def check_header(path: Path) -> None:
    """Raise ``ProjectError`` saying what the file is unless it looks like an Accord project.

    The format version is not judged here: a file in WAL mode may have a newer
    ``user_version`` in its ``-wal`` than in its header, so the caller asks SQLite for it.
    """
    data, size = _read_start(path)
    if size == 0:
        raise ProjectError(path, "the file is empty (0 bytes); it is not an Accord project.")
    if size < HEADER_SIZE or not data.startswith(SQLITE_MAGIC):
        raise ProjectError(path, "it is not an Accord project (not even an SQLite database).")
    (raw_page_size,) = struct.unpack_from(">H", data, 16)
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    change_counter, page_count = struct.unpack_from(">II", data, 24)
    (application_id,) = struct.unpack_from(">I", data, 68)
    (valid_for,) = struct.unpack_from(">I", data, 92)
    if page_size < 512 or page_size & (page_size - 1):
        raise ProjectError(path, "its SQLite header is damaged (impossible page size).")
    if application_id != APPLICATION_ID:
        raise ProjectError(
            path,
            "it is an SQLite database, but not an Accord project (another program made it).",
        )
    expected = page_count * page_size if valid_for == change_counter else 0
    in_use = Path(f"{path}-wal").exists()  # another Accord may be mid-checkpoint: ask SQLite
    if not in_use and (size % page_size or size < expected):
        announced = f" where its header announces {expected:,}" if size < expected else ""
        raise ProjectError(
            path,
            f"the file is truncated: it has {size:,} bytes{announced}, not a whole SQLite "
            "database. Restore it from a copy (Accord keeps one beside the project before each "
            "upgrade).",
        )


def _read_start(path: Path) -> tuple[bytes, int]:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ProjectError(path, "it is a folder, not a project file.")
        if not stat.S_ISREG(mode):  # a pipe would block the read for ever, a device not end
            raise ProjectError(path, "it is a pipe, socket or device, not a project file.")
        with path.open("rb") as file:
            data = file.read(HEADER_SIZE)
            size = file.seek(0, 2)
    except FileNotFoundError:
        raise ProjectError(path, "the file does not exist.") from None
    except PermissionError:
        raise ProjectError(path, "Accord may not read it (permission denied).") from None
    except OSError as error:
        raise ProjectError(path, f"Accord cannot read it: {error.strerror or error}.") from None
    return data, size

"""Open, create and upgrade a project file; hand out its repositories.

Opening is careful in a fixed order, because a project holds weeks of work:

1. the header is read by hand (``header``): not SQLite, not ours, truncated → refused;
2. a connection that cannot write checks the format version, SQLite's pages, the schema and
   the rows (``soundness``): damaged, newer or no format Accord wrote → refused; a folder or
   file Accord could not write to → refused with that reason. No step so far can change the
   file or create anything beside it;
3. an older format is copied beside the file (``VACUUM INTO``, dated) and then migrated in one
   exclusive transaction, so a crash leaves either the old file or the new one;
4. the working connection uses WAL (readers never wait for the writer; a killed process loses
   at most the transaction in flight), ``foreign_keys=ON`` and a busy timeout, so two Accords
   on one file take turns instead of failing or corrupting it.

``synchronous=NORMAL`` is the WAL setting SQLite recommends: a commit survives the process
being killed at any moment; only a power cut can take back the last commits, never corrupt.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Mapping
from glob import escape as glob_escape
from pathlib import Path
from types import TracebackType

from desktop import __version__
from desktop.codebook.model import Codebook
from desktop.core.model import format_time, utc_now
from desktop.store import queries
from desktop.store.annotations import AnnotationRepository
from desktop.store.branch_rows import BranchRepository
from desktop.store.codes import CodeRepository
from desktop.store.connection import Connection
from desktop.store.curations import CurationRepository
from desktop.store.documents import DocumentRepository, NewDocument
from desktop.store.errors import ProjectError
from desktop.store.header import check_header
from desktop.store.links import LinkRepository
from desktop.store.review import ReviewRepository
from desktop.store.reviewers import ReviewerRepository
from desktop.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from desktop.store.soundness import check_project, read_only

SUFFIX = ".accord"
BUSY_TIMEOUT_SECONDS = 10.0
"""How long a command waits for another Accord's transaction on the same file (they last
milliseconds; only a migration or a bulk import takes longer)."""
CACHE_KIB = 32 * 1024
"""SQLite's page cache of the working connection (see ``_connect``)."""
PAGE_SIZE = 16 * 1024
"""Bytes per page of a new project file (see ``_connect``)."""


class Project:
    """One open project file: its repositories and the transactions commands run in."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = Connection(path, connection)
        self.documents = DocumentRepository(self._db)
        self.reviewers = ReviewerRepository(self._db)
        self.codes = CodeRepository(self._db)
        self.links = LinkRepository(self._db)
        self.review = ReviewRepository(self._db)
        self.annotations = AnnotationRepository(
            self._db, codes=self.codes, links=self.links, review=self.review
        )
        self.curations = CurationRepository(self._db)
        self.branches = BranchRepository(self._db)

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction (``BEGIN IMMEDIATE``): every command runs in exactly one."""
        return self._db.transaction()

    def wait_for_writers(self, seconds: float | None) -> None:
        """Let a write wait at most ``seconds`` for another program's write transaction before
        it is refused with ``ProjectBusy`` (None: the full ``BUSY_TIMEOUT_SECONDS``). A window
        waits briefly and tries again from its event loop, rather than freezing for the whole
        timeout while another Accord imports."""
        self._db.write_wait_ms = None if seconds is None else round(seconds * 1000)

    def save_copy(self, target: str | Path) -> Path:
        """A complete, consistent copy of the project at ``target`` (``VACUUM INTO``: works
        while this project stays open and in use); an existing file there is not replaced."""
        target = Path(target)
        if target.exists():
            raise ProjectError(target, "a file of that name already exists; choose another name.")
        try:
            self._db.sql.execute("VACUUM INTO ?", (str(target),))
        except sqlite3.Error as error:
            target.unlink(missing_ok=True)
            raise ProjectError(target, f"Accord could not write the copy ({error}).") from error
        return target

    def reading(self) -> contextlib.AbstractContextManager[None]:
        """Around a command's reads: damage they run into is a ``DamagedProjectError``
        (see ``Connection.reading``)."""
        return self._db.reading()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_project(path: str | Path) -> Project:
    """Open an existing project, upgrading an older format after backing it up; refuse a file
    that is not a sound Accord project (``ProjectError``) or is newer (``NewerProjectError``)."""
    path = Path(path)
    check_header(path)
    version = check_project(path, busy_timeout=BUSY_TIMEOUT_SECONDS)
    _check_writable(path)
    if version < SCHEMA_VERSION:
        backup(path, version)
    connection = _connect(path)
    try:
        if version < SCHEMA_VERSION:
            _migrate(connection, path)
    except BaseException:
        connection.close()
        raise
    return Project(path, connection)


def create_project(
    path: str | Path,
    *,
    documents: list[NewDocument],
    codebook: Codebook,
    pins: Mapping[int, str] | None = None,
) -> Project:
    """A new project holding ``documents`` and ``codebook``.

    It is built under a temporary name beside ``path`` and linked into place complete, so an
    interrupted creation never leaves a half-made project where the next launch would find it.
    """
    path = Path(path)
    if path.exists():
        raise ProjectError(
            path,
            "a file of that name already exists; Accord does not replace it with a new project.",
        )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.creating")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_project(temporary)
        _build(temporary, documents=documents, codebook=codebook, pins=pins)
    except (sqlite3.Error, OSError, ProjectError) as error:
        cause = error.__cause__ if isinstance(error, ProjectError) and error.__cause__ else error
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else cause
        raise ProjectError(
            path, f"Accord could not create it ({reason}); nothing was left behind."
        ) from error
    else:
        _link(temporary, path)
    finally:
        remove_project(temporary)
    return open_project(path)


def _build(
    path: Path, *, documents: list[NewDocument], codebook: Codebook, pins: Mapping[int, str] | None
) -> None:
    """The complete new project at ``path``, closed, its journal folded into the file."""
    connection = _connect(path)
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _migrate(connection, path)
        project = Project(path, connection)
        with project.transaction():
            moment = utc_now()
            for position, document in enumerate(documents):
                project.documents.add(document, position=position, added=moment)
            project.codes.insert_all(codebook)
            if pins:
                project.codes.set_pins(pins)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def remove_project(path: str | Path) -> None:
    """Delete a closed project file with the journal files beside it: for the project a
    command made and then failed in, which holds nothing but what it was made with."""
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(path)):
        leftover.unlink(missing_ok=True)


def backup(path: Path, version: int) -> Path:
    """A consistent copy of the project beside it, named with its format and the time, made
    from a read-only connection before an upgrade touches the file."""
    stamp = format_time(utc_now()).replace(":", "").replace("-", "")
    target = path.with_name(f"{path.stem} (format {version} backup {stamp}){path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = target.with_name(
            f"{path.stem} (format {version} backup {stamp} {counter}){path.suffix}"
        )
    with contextlib.closing(read_only(path, busy_timeout=BUSY_TIMEOUT_SECONDS)) as connection:
        try:
            connection.execute("VACUUM INTO ?", (str(target),))
        except sqlite3.Error as error:
            target.unlink(missing_ok=True)
            raise ProjectError(
                path,
                f"Accord could not back it up before upgrading it "
                f"({error}); the file was left unchanged.",
            ) from error
    return target


def latest_backup(path: str | Path) -> Path | None:
    """The newest backup ``backup`` made beside ``path``, if any (offered when a project
    cannot be opened)."""
    found = _backups(Path(path), "*")
    return found[-1] if found else None


KEPT_BACKUPS = 3
"""Backups of one project in its current format kept beside it, the newest ones."""


def prune_backups(path: Path, *, version: int, keep: int = KEPT_BACKUPS) -> list[Path]:
    """Remove all but the newest ``keep`` backups of format ``version`` beside ``path`` (a
    killed or failed large import leaves one each time) and return those removed. Backups of
    an older format, made before a migration, are never removed here."""
    removed = _backups(path, str(version))[:-keep]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def _backups(path: Path, version: str) -> list[Path]:
    """``backup``'s copies of ``path`` in format ``version`` (a glob), oldest first."""
    return sorted(
        path.parent.glob(f"{glob_escape(path.stem)} (format {version} backup *){path.suffix}"),
        key=lambda candidate: candidate.stat().st_mtime,
    )


def _check_writable(path: Path) -> None:
    """Refuse a sound project Accord could not save into, saying why, before SQLite fails on
    it with a message that sounds like damage. (Accord has no read-only mode: every edit is
    saved the moment it is made.)"""
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        raise ProjectError(
            path,
            f"its folder “{folder}” is read-only, and Accord saves every "
            "edit at once, with a journal file beside the project. Copy "
            "the project into a folder you can write to; the file was "
            "left unchanged.",
        )
    if not os.access(path, os.W_OK):
        raise ProjectError(
            path,
            "the file is read-only, and Accord saves every edit into it "
            "at once. Make it writable or open a copy; the file was left "
            "unchanged.",
        )


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, cached_statements=256
    )
    try:
        # 16 KB pages rather than SQLite's 4 KB: rows of about a kilobyte (quote, context,
        # rectangles) and 64-character document keys in the reading-order index fill small
        # pages fast, and an import of 100,000 annotations wrote and committed 25 % faster.
        # Only a new file takes it (before WAL mode, the first write); a project made before
        # keeps its page size.
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        # Up to 32 MB of pages in memory (SQLite's default is 2 MB): an import of 100,000
        # annotations updates indexes of about that size, and wrote 40 % slower with less.
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        queries.register_functions(connection)
    except sqlite3.Error as error:
        connection.close()
        raise ProjectError(path, f"Accord cannot write to it ({error}).") from error
    return connection


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Apply the pending migrations in one exclusive transaction; another Accord opening the
    same old file at the same moment waits, then finds nothing left to do."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise ProjectError(path, "a newer Accord upgraded it meanwhile; update Accord.")
        if version < SCHEMA_VERSION:
            from sqlite_utils import Database  # (only here: a current project never needs it)

            MIGRATIONS.apply(Database(connection, recursive_triggers=False, execute_plugins=False))
            key = "created_with" if version == 0 else "migrated_with"
            connection.execute(
                "INSERT INTO project_info (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, __version__),
            )
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:  # SQLite ends it itself on some errors (a full disk)
            connection.execute("ROLLBACK")
        raise


def _link(source: Path, target: Path) -> None:
    """Put the finished file in place without ever replacing an existing one."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise ProjectError(
            target,
            "a file of that name appeared while the project was being "
            "created; choose another name.",
        ) from None
    except OSError:  # a file system without hard links: rename, having checked first
        if target.exists():
            raise ProjectError(target, "a file of that name already exists.") from None
        os.replace(source, target)

"""The one SQLite connection of a project, and its transactions.

Repositories share it. Writes must happen inside ``transaction()``, which the store checks,
so that no command can commit half of itself by forgetting to open one.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from desktop.store.errors import UNREADABLE, DamagedProjectError, ProjectBusy, ProjectError


class Connection:
    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.sql = connection
        self._rollbacks = 0
        self.write_wait_ms: int | None = None
        """How long ``transaction()`` waits for another connection's write; None: as long as
        the connection's busy timeout (see ``Project.wait_for_writers``)."""

    @property
    def in_transaction(self) -> bool:
        return self.sql.in_transaction

    def require_transaction(self) -> None:
        if not self.sql.in_transaction:
            raise RuntimeError("project writes must run inside project.transaction()")

    def version(self) -> tuple[int, int]:
        """Moves when another connection commits (``PRAGMA data_version``) or a transaction of
        ours is rolled back: with a count of its own writes, a cache keyed by it is never
        stale."""
        (other,) = self.sql.execute("PRAGMA data_version").fetchone()
        return (other, self._rollbacks)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self.sql.in_transaction:
            raise RuntimeError("a project transaction is already open")
        try:
            self._begin()
        except sqlite3.OperationalError as error:
            raise self._translate(error) from error
        try:
            yield
            self.sql.execute("COMMIT")
        except BaseException as error:
            self._rollbacks += 1
            if self.in_transaction:  # (not self.sql's: mypy would still hold it False from above)
                self.sql.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError) and not isinstance(
                error,
                sqlite3.IntegrityError | sqlite3.ProgrammingError,  # our bugs: as they are
            ):
                raise self._translate(error) from error
            raise

    def _begin(self) -> None:
        """Take the write lock, waiting at most ``write_wait_ms`` for another writer; reads
        keep the full busy timeout (only the lock is asked for with the short one)."""
        if self.write_wait_ms is None:
            self.sql.execute("BEGIN IMMEDIATE")
            return
        (full,) = self.sql.execute("PRAGMA busy_timeout").fetchone()
        self.sql.execute(f"PRAGMA busy_timeout = {int(self.write_wait_ms)}")
        try:
            self.sql.execute("BEGIN IMMEDIATE")
        finally:
            self.sql.execute(f"PRAGMA busy_timeout = {int(full)}")

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Say the damage a read runs into as a ``DamagedProjectError`` naming the file: the
        open checks read every row only of a project up to ``soundness.FULL_CHECK_BYTES``,
        so a damaged row of a larger one is met when it is read. Another Accord's long write
        stays ``ProjectBusy``; a constraint that failed is Accord's bug, left as it is."""
        try:
            yield
        except UNREADABLE as error:
            if isinstance(error, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise
            if _busy(error):
                raise ProjectBusy(self.path) from error
            raise DamagedProjectError.reading(self.path, error) from error

    def _translate(self, error: sqlite3.Error) -> Exception:
        if _busy(error):
            return ProjectBusy(self.path)
        return ProjectError(self.path, f"SQLite reported “{error}”; nothing was changed.")

    def close(self) -> None:
        self.sql.close()


def _busy(error: Exception) -> bool:
    return "locked" in str(error) or "busy" in str(error)

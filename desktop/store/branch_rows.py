"""The rows merging keeps in the lead's project: its id, and the conflicts merges listed."""

from __future__ import annotations

from desktop.core.conflicts import Conflict
from desktop.store.connection import Connection


class BranchRepository:
    """The project's id and the conflicts its merges listed."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def project_id(self) -> str:
        """The id every copy of the project carries (``project_info``)."""
        (found,) = self._db.sql.execute(
            "SELECT value FROM project_info WHERE key = 'project_id'"
        ).fetchone()
        return str(found)

    def conflicts(self, *, settled: bool = False) -> list[Conflict]:
        """The conflicts merges listed that the lead has not settled (or every one)."""
        where = "" if settled else "WHERE resolution IS NULL"
        with self._db.reading():
            rows = self._db.sql.execute(
                f"SELECT id, reviewer, entity, label, mine, theirs FROM merge_conflicts {where} "
                "ORDER BY id"
            ).fetchall()
        return [Conflict(*row) for row in rows]

"""The people who annotate. A reviewer is found or added by name when a session starts, so
the same name in two sessions (or two Accords on one file) is the same reviewer."""

from __future__ import annotations

from desktop.core.errors import AccordError
from desktop.core.model import Reviewer, ReviewerId, format_time, utc_now
from desktop.store.connection import Connection


class ReviewerRepository:
    def __init__(self, db: Connection) -> None:
        self._db = db

    def all(self) -> tuple[Reviewer, ...]:
        rows = self._db.sql.execute("SELECT id, name FROM reviewers ORDER BY name")
        return tuple(Reviewer(ReviewerId(row[0]), row[1]) for row in rows)

    def get(self, reviewer_id: int) -> Reviewer | None:
        row = self._db.sql.execute(
            "SELECT id, name FROM reviewers WHERE id = ?", (reviewer_id,)
        ).fetchone()
        return None if row is None else Reviewer(ReviewerId(row[0]), row[1])

    def find(self, name: str) -> Reviewer | None:
        """The reviewer called ``name`` (trimmed), if the project has one; nothing is written."""
        return self._by_name(_cleaned(name))

    def ensure(self, name: str) -> Reviewer:
        """The reviewer called ``name`` (trimmed), added if new: inside the transaction that
        is open (an edit's or an import's, so a refused one leaves no names behind), else in
        one of its own. Not an undoable edit: it only records who is working."""
        cleaned = _cleaned(name)
        found = self._by_name(cleaned)
        if found is not None:
            return found
        if self._db.sql.in_transaction:
            self._add(cleaned)
        else:
            with self._db.transaction():
                self._add(cleaned)
        found = self._by_name(cleaned)
        assert found is not None
        return found

    def _add(self, name: str) -> None:
        self._db.sql.execute(
            "INSERT INTO reviewers (name, added) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (name, format_time(utc_now())),
        )

    def _by_name(self, name: str) -> Reviewer | None:
        row = self._db.sql.execute(
            "SELECT id, name FROM reviewers WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else Reviewer(ReviewerId(row[0]), row[1])


def _cleaned(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise AccordError("A reviewer needs a name; give at least one letter.")
    return cleaned

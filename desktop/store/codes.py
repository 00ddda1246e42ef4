"""The codebook in the ``codes`` table: one row per code, the tree by ``parent_guid``.

The application edits a ``Codebook`` value (``desktop.codebook.edits``) and hands the result
here; only the rows that differ are written. Pin keys (1–9, one keystroke to apply a code) live
in the same table but outside the ``Codebook`` value, so a codebook exchanged with other tools
carries no keyboard layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.codebook.model import Codebook
from desktop.core.model import CodeId
from desktop.store.connection import Connection
from desktop.store.rows import CODES

_UPSERT = f"{CODES.insert} ON CONFLICT (guid) DO UPDATE SET " + ", ".join(
    f"{f.column} = excluded.{f.column}" for f in CODES.fields if f.name != "guid"
)


@dataclass(frozen=True, slots=True)
class CodebookDiff:
    """Which codes a write created, changed and removed (for the ChangeSet)."""

    created: frozenset[CodeId]
    modified: frozenset[CodeId]
    deleted: frozenset[CodeId]


class CodeRepository:
    def __init__(self, db: Connection) -> None:
        self._db = db
        self._writes = 0
        self._cached: tuple[tuple[int, int, int], Codebook] | None = None

    def codebook(self) -> Codebook:
        """The project's codebook (kept between calls until someone changes it)."""
        key = (*self._db.version(), self._writes)
        if self._cached is None or self._cached[0] != key:
            rows = self._db.sql.execute(f"SELECT {CODES.columns} FROM codes")
            self._cached = (key, Codebook(CODES.values(rows)))
        return self._cached[1]

    def pins(self) -> dict[int, CodeId]:
        """Pin key → code, for keys 1–9 that have a code."""
        rows = self._db.sql.execute(
            "SELECT pin_key, guid FROM codes WHERE pin_key IS NOT NULL ORDER BY pin_key"
        )
        return {key: CodeId(guid) for key, guid in rows}

    def insert_all(self, book: Codebook) -> None:
        self._db.require_transaction()
        self._writes += 1
        self._db.sql.executemany(_UPSERT, map(CODES.row, book))

    def replace(self, after: Codebook) -> CodebookDiff:
        """Make the stored codebook equal to ``after``. Removing a code removes its codings
        (``ON DELETE CASCADE``): a command keeps them first if it must put them back."""
        self._db.require_transaction()
        before = self.codebook()
        self._writes += 1
        deleted = frozenset(CodeId(c.guid) for c in before if c.guid not in after)
        created = frozenset(CodeId(c.guid) for c in after if c.guid not in before)
        modified = frozenset(
            CodeId(c.guid) for c in after if c.guid in before and before[c.guid] != c
        )
        self._db.sql.executemany("DELETE FROM codes WHERE guid = ?", ((g,) for g in deleted))
        self._db.sql.executemany(
            _UPSERT, (CODES.row(after[guid]) for guid in sorted(created | modified))
        )
        return CodebookDiff(created, modified, deleted)

    def set_pins(self, pins: Mapping[int, str]) -> frozenset[CodeId]:
        """Make the pin keys exactly ``pins``; returns the codes whose key changed."""
        self._db.require_transaction()
        before = self.pins()
        self._writes += 1
        changed = {guid for key, guid in before.items() if pins.get(key) != guid}
        changed |= {CodeId(guid) for key, guid in pins.items() if before.get(key) != guid}
        self._db.sql.execute("UPDATE codes SET pin_key = NULL WHERE pin_key IS NOT NULL")
        self._db.sql.executemany("UPDATE codes SET pin_key = ? WHERE guid = ?", pins.items())
        return frozenset(CodeId(guid) for guid in changed)

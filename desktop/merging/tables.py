"""Which tables a merge carries, their keys, and which thing each row is a part of.

Read from the schema itself, so a table another migration adds is merged without a word here.
A row whose first key column references another table ``ON DELETE CASCADE`` is a part of that
row (a coding of its annotation, a document's file of its document): a merge applies, holds
and counts a thing with all its parts, so a reviewer's new code on an annotation the lead
also changed waits with the rest of the reviewer's edit instead of slipping in alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import apsw

from desktop.merging.protocol import NOT_MERGED

Key = tuple[object, ...]
Thing = tuple[str, Key]
"""A table and the key of one of its rows that is no part of another."""


@dataclass(frozen=True, slots=True)
class Reference:
    parent: str
    columns: tuple[int, ...]
    """The positions of this table's columns holding the parent's key, in the key's order."""
    cascades: bool


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[int, ...]
    """The positions of the primary key's columns, in the key's order."""
    references: tuple[Reference, ...]
    integer_key: bool
    """Keyed by one INTEGER column: SQLite numbers new rows, so two copies can number two
    different rows alike (``desktop.merging.renumbering``)."""

    def key_of(self, row: Sequence[object]) -> Key:
        return tuple(row[i] for i in self.key)

    def owner(self) -> Reference | None:
        """The row this table's rows are a part of, if any (see the module's docstring)."""
        first, key = self.key[0], set(self.key)
        return next(
            (
                r
                for r in self.references
                if r.cascades and first in r.columns and key.issuperset(r.columns)
            ),
            None,
        )


class Schema:
    """The merged tables of one schema of a connection (``main``, ``theirs``, ``base``)."""

    def __init__(self, connection: apsw.Connection, schema: str = "main") -> None:
        names = [
            name
            for (name,) in connection.execute(
                f"SELECT name FROM {schema}.sqlite_schema WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite%' ORDER BY name"
            )
            if name not in NOT_MERGED
        ]
        self.tables = {name: _read(connection, schema, name) for name in names}
        self.tables = {n: t for n, t in self.tables.items() if t.key}  # sessions need a key
        self._owners = {name: table.owner() for name, table in self.tables.items()}

    def shape(self) -> dict[str, tuple[str, ...]]:
        return {name: table.columns for name, table in self.tables.items()}

    def parts(self, name: str) -> list[tuple[Table, tuple[int, ...]]]:
        """The tables whose rows are parts of a row of ``name``, each with the positions of
        the columns that hold that row's key."""
        found = []
        for table in self.tables.values():
            owner = self._owners[table.name]
            if owner is not None and owner.parent == name:
                found.append((table, owner.columns))
        return found

    def thing(self, table: str, row: Sequence[object]) -> Thing:
        """The thing a row (all its columns) is a part of, or is."""
        described, owner = self.tables[table], self._owners[table]
        if owner is None:
            return (table, described.key_of(row))
        return (owner.parent, tuple(row[i] for i in owner.columns))


def _read(connection: apsw.Connection, schema: str, name: str) -> Table:
    info = list(connection.execute(f"PRAGMA {schema}.table_info({quoted(name)})"))
    columns = tuple(row[1] for row in info)
    key = tuple(columns.index(row[1]) for row in sorted(info, key=lambda r: r[5]) if row[5])
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for row in connection.execute(f"PRAGMA {schema}.foreign_key_list({quoted(name)})"):
        grouped.setdefault(row[0], []).append(row)
    references = []
    for rows in grouped.values():
        parent = str(rows[0][2])
        parent_info = list(connection.execute(f"PRAGMA {schema}.table_info({quoted(parent)})"))
        parent_key = [r[1] for r in sorted(parent_info, key=lambda r: r[5]) if r[5]]
        by_target = {row[4] or parent_key[row[1]]: columns.index(str(row[3])) for row in rows}
        if set(by_target) == set(parent_key):
            references.append(
                Reference(
                    parent,
                    tuple(by_target[c] for c in parent_key),
                    str(rows[0][6]).upper() == "CASCADE",
                )
            )
    integer_key = len(key) == 1 and str(info[key[0]][2]).upper() == "INTEGER"
    return Table(name, columns, key, tuple(references), integer_key)


def quoted(name: str) -> str:
    """An SQL identifier for ``name``."""
    return '"' + name.replace('"', '""') + '"'

"""Rows as the session extension sees them: the changes between two schemas, and reading one
row of a schema by its key."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import apsw

from desktop.merging.tables import Key, Schema, Table, quoted

Row = tuple[Any, ...]
"""A row's values (SQLite's: int, float, str, bytes, None, or ``apsw.no_change``)."""


@dataclass(frozen=True, slots=True)
class RowChange:
    """One change of a changeset, copied out of SQLite's iterator (which reuses its objects).
    ``old`` and ``new`` hold ``apsw.no_change`` for the columns an update leaves alone."""

    table: str
    op: str
    old: Row | None
    new: Row | None

    def key(self, table: Table) -> Key:
        row = self.new if self.op == "INSERT" else self.old
        assert row is not None
        return table.key_of(row)


def changes_between(
    connection: apsw.Connection, schema: Schema, *, source: str, target: str
) -> list[RowChange]:
    """What turns every merged table of ``source`` into the same table of ``target``:
    ``sqlite3session_diff``, SQLite's own comparison, table by table."""
    session = apsw.Session(connection, target)
    try:
        for name in schema.tables:
            session.attach(name)
            session.diff(source, name)
        changeset = session.changeset()
    finally:
        session.close()
    return [RowChange(c.name, c.op, c.old, c.new) for c in apsw.Changeset.iter(changeset)]


def read(connection: apsw.Connection, schema: str, table: Table, key: Key) -> Row | None:
    """The row of ``table`` in ``schema`` with ``key``, or None."""
    where = " AND ".join(f"{quoted(table.columns[i])} IS ?" for i in table.key)
    found = connection.execute(
        f"SELECT * FROM {schema}.{quoted(table.name)} WHERE {where}", key
    ).fetchall()
    return tuple(found[0]) if found else None


def build(
    connection: apsw.Connection,
    changes: Iterable[tuple[str, Row | None, Row | None]],
    schema: Schema,
) -> bytes:
    """A changeset turning each ``(table, before, after)`` row from ``before`` into ``after``
    (None: no row), checked against the project's tables."""
    builder = apsw.ChangesetBuilder()
    try:
        builder.schema(connection, "main")
        for name, before, after in changes:
            if before is None and after is not None:
                builder.add_insert(name, False, after)
            elif after is None and before is not None:
                builder.add_delete(name, False, before)
            elif before is not None and after is not None and before != after:
                old, new = _update(schema.tables[name], before, after)
                builder.add_update(name, False, old, new)
        return builder.output()
    finally:
        builder.close()


def add_changes(connection: apsw.Connection, changes: Sequence[RowChange]) -> bytes:
    """The changeset of ``changes`` as they are."""
    builder = apsw.ChangesetBuilder()
    try:
        builder.schema(connection, "main")
        for change in changes:
            if change.op == "INSERT" and change.new is not None:
                builder.add_insert(change.table, False, change.new)
            elif change.op == "DELETE" and change.old is not None:
                builder.add_delete(change.table, False, change.old)
            elif change.old is not None and change.new is not None:
                builder.add_update(change.table, False, change.old, change.new)
        return builder.output()
    finally:
        builder.close()


def _update(table: Table, before: Row, after: Row) -> tuple[Row, Row]:
    """An update's old and new values as a changeset holds them: the key in old alone, the
    columns that change in both, the others in neither."""
    old: list[Any] = []
    new: list[Any] = []
    for i, (was, now) in enumerate(zip(before, after, strict=True)):
        if i in table.key:
            old.append(was)
            new.append(apsw.no_change)
        elif was == now and type(was) is type(now):
            old.append(apsw.no_change)
            new.append(apsw.no_change)
        else:
            old.append(was)
            new.append(now)
    return tuple(old), tuple(new)

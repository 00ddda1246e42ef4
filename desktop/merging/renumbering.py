"""New rows that a reviewer and the lead numbered alike: the reviewer's get another number.

A table keyed by an integer (``reviewers``: SQLite hands out ``max + 1``) numbers a reviewer's
new row as the lead numbers theirs, or as another reviewer whose copy was merged first: both
are number 5, and they are different rows. The reviewer's row is given the next free number
(or the number an earlier merge of the same copy gave it: a row of the project, new since the
base, equal to it in every other column), and every reference to it in the reviewer's changes
follows, so their work is not put under someone else's name. What is renumbered is only ever
a row new since the base: the base's rows keep their numbers on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import apsw

from desktop.merging.rows import Row, RowChange, read
from desktop.merging.tables import Key, Schema, Table, quoted


class Renumbering:
    """The reviewer's numbers that changed, by table, and the rows rewritten with them."""

    def __init__(self, schema: Schema) -> None:
        self._schema = schema
        self.ours: dict[tuple[str, Any], Any] = {}
        """(table, the reviewer's number) → the number in the project."""
        self._theirs: dict[tuple[str, Any], Any] = {}

    def add(self, table: str, theirs: Any, ours: Any) -> None:
        self.ours[(table, theirs)] = ours
        self._theirs[(table, ours)] = theirs

    def row(self, table: Table, row: Sequence[Any]) -> Row:
        """A row of the reviewer's (whole, or an update's values) with the numbers renumbered."""
        values = list(row)
        if table.integer_key:
            position = table.key[0]
            values[position] = self.ours.get((table.name, values[position]), values[position])
        for reference in table.references:
            if len(reference.columns) == 1:
                position = reference.columns[0]
                value = values[position]
                if value is not apsw.no_change:
                    values[position] = self.ours.get((reference.parent, value), value)
        return tuple(values)

    def change(self, change: RowChange) -> RowChange:
        """An insert's or update's new values renumbered (old values are the base's rows)."""
        if change.new is None or not self.ours:
            return change
        table = self._schema.tables[change.table]
        return RowChange(change.table, change.op, change.old, self.row(table, change.new))

    def theirs_key(self, table: Table, key: Key) -> Key:
        """The key a row of the project has in the reviewer's copy."""
        if not table.integer_key:
            return key
        return (self._theirs.get((table.name, key[0]), key[0]),)


def renumber(
    connection: apsw.Connection, schema: Schema, changes: list[RowChange]
) -> tuple[list[RowChange], Renumbering]:
    """The reviewer's changes with their colliding new numbers replaced (see the module)."""
    renumbering = Renumbering(schema)
    given: dict[str, int] = {}
    while True:
        found = False
        for change in map(renumbering.change, changes):
            table = schema.tables[change.table]
            if change.op != "INSERT" or not table.integer_key or change.new is None:
                continue
            number = change.new[table.key[0]]
            if (table.name, number) in renumbering._theirs:
                continue
            here = read(connection, "main", table, (number,))
            if here is None or here == change.new:
                continue
            ours = _merged_before(connection, table, change.new)
            if ours is None:
                ours = given.get(table.name) or _next(connection, table)
                given[table.name] = ours + 1
            renumbering.add(table.name, number, ours)
            found = True
        if not found:
            return [renumbering.change(c) for c in changes], renumbering


def _merged_before(connection: apsw.Connection, table: Table, row: Row) -> Any:
    """The number of a row of the project, new since the base, equal to ``row`` otherwise."""
    key = quoted(table.columns[table.key[0]])
    others = [i for i in range(len(table.columns)) if i != table.key[0]]
    same = " AND ".join(f"m.{quoted(table.columns[i])} IS ?" for i in others) or "1"
    found = connection.execute(
        f"SELECT m.{key} FROM main.{quoted(table.name)} AS m WHERE {same} AND NOT EXISTS "
        f"(SELECT 1 FROM base.{quoted(table.name)} AS b WHERE b.{key} = m.{key}) LIMIT 1",
        [row[i] for i in others],
    ).fetchall()
    return found[0][0] if found else None


def _next(connection: apsw.Connection, table: Table) -> int:
    key, name = quoted(table.columns[table.key[0]]), quoted(table.name)
    numbers = [
        connection.execute(f"SELECT max({key}) FROM {side}.{name}").get or 0
        for side in ("main", "theirs")
    ]
    return int(max(numbers)) + 1

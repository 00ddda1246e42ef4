"""Bring a reviewer's work into the lead's project: three-way, against the base they share.

The reviewer's copy keeps the project as it was sent (its base). SQLite's session extension
compares base with the copy (what the reviewer did); each thing the reviewer touched is then
read, by key, in the lead's project and in the base (what the lead did to it since). A thing
only the reviewer changed is applied as it is; a thing both changed the same way is left alone
(so merging the same file again changes nothing); a thing both changed differently is a
conflict: kept in ``merge_conflicts`` with the changeset that would take the reviewer's
version, never applied either way until the lead decides. The whole merge is one transaction
recorded by a session, whose inverse is the undo.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import apsw

from desktop.merging.protocol import Conflict
from desktop.merging.renumbering import Renumbering, renumber
from desktop.merging.rows import Row, RowChange, add_changes, build, changes_between, read
from desktop.merging.tables import Key, Schema, Table, Thing, quoted

LABEL_COLUMNS = ("exact", "name", "title", "text")
"""The column that names a thing for people, the first a table has."""


class Refusal(Exception):
    """A merge that cannot be made, with the sentence that says why; nothing was written."""


@dataclass
class _Plan:
    renumbering: Renumbering
    apply: dict[Thing, list[RowChange]] = field(default_factory=dict)
    held: dict[Thing, set[tuple[str, Key]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Merged:
    """How many things a merge applied, the conflicts it listed, and its undo (None: it wrote
    nothing)."""

    applied: int
    conflicts: list[Conflict]
    undo: bytes | None


def merge(connection: apsw.Connection, *, reviewer: str, now: str) -> Merged:
    """Merge the schema ``theirs`` (the reviewer's copy) into ``main`` against ``base``."""
    schema = Schema(connection, "main")
    for other in ("theirs", "base"):
        if Schema(connection, other).shape() != schema.shape():
            raise Refusal(
                "it was made with another version of Accord's project format; open it and "
                "this project with the same Accord, then merge again."
            )
    connection.execute("BEGIN IMMEDIATE")
    try:
        plan = _plan(connection, schema)
        while True:
            recorder = apsw.Session(connection, "main")
            recorder.attach()
            connection.execute("SAVEPOINT attempt")
            try:
                broken = _apply(connection, schema, plan)
                if not broken:
                    conflicts = _record(connection, schema, plan, reviewer=reviewer, now=now)
                    changed = bool(plan.apply or conflicts)
                    undo = apsw.Changeset.invert(recorder.changeset()) if changed else None
            finally:
                recorder.close()
            if not broken:
                break
            connection.execute("ROLLBACK TO attempt")
            connection.execute("RELEASE attempt")
            for thing in broken:
                mine = plan.apply.pop(thing)
                plan.held[thing] = {(c.table, c.key(schema.tables[c.table])) for c in mine}
        connection.execute("COMMIT" if undo is not None else "ROLLBACK")
    except BaseException:
        if not connection.get_autocommit():
            connection.execute("ROLLBACK")
        raise
    return Merged(len(plan.apply), conflicts, undo)


def _plan(connection: apsw.Connection, schema: Schema) -> _Plan:
    """Sort what the reviewer changed since the base (SQLite's diff of base and copy): a thing
    the lead left as it was in the base is applied; a thing the lead made the same as the
    reviewer's is left alone; any other is held as a conflict. The lead's side is read thing
    by thing, by key, rather than diffed whole: a merge reads what the reviewer touched."""
    changes, renumbering = renumber(
        connection, schema, changes_between(connection, schema, source="base", target="theirs")
    )
    theirs: dict[Thing, list[RowChange]] = {}
    for change in changes:
        theirs.setdefault(_thing(schema, change), []).append(change)
    plan = _Plan(renumbering)
    for thing, changed in theirs.items():
        mine = _rows(connection, schema, thing, "main")
        if mine == _rows(connection, schema, thing, "base"):
            plan.apply[thing] = changed
            continue
        reviewers = _rows(connection, schema, thing, "theirs", renumbering)
        if mine != reviewers:
            plan.held[thing] = set(mine) | set(reviewers)
    return plan


def _thing(schema: Schema, change: RowChange) -> Thing:
    row = change.new if change.op == "INSERT" else change.old
    assert row is not None
    return schema.thing(change.table, row)


def _rows(
    connection: apsw.Connection,
    schema: Schema,
    thing: Thing,
    side: str,
    renumbering: Renumbering | None = None,
) -> dict[tuple[str, Key], Row]:
    """Every row of ``thing`` in ``side``: its own and its parts' (``Schema.parts``); the
    reviewer's renumbered as the merge renumbers them."""
    table = schema.tables[thing[0]]
    found = {}
    own = _read(connection, side, table, thing[1], renumbering)
    if own is not None:
        found[(table.name, thing[1])] = own
    key = renumbering.theirs_key(table, thing[1]) if renumbering else thing[1]
    for part, columns in schema.parts(table.name):
        where = " AND ".join(f"{quoted(part.columns[c])} = ?" for c in columns)
        for row in connection.execute(
            f"SELECT * FROM {side}.{quoted(part.name)} WHERE {where}", key
        ):
            renumbered = renumbering.row(part, row) if renumbering else tuple(row)
            found[(part.name, part.key_of(renumbered))] = renumbered
    return found


def _read(
    connection: apsw.Connection,
    side: str,
    table: Table,
    key: Key,
    renumbering: Renumbering | None = None,
) -> Row | None:
    """A row of ``side`` by its key in the project (the reviewer's: renumbered)."""
    if renumbering is None:
        return read(connection, side, table, key)
    row = read(connection, side, table, renumbering.theirs_key(table, key))
    return None if row is None else renumbering.row(table, row)


def _apply(connection: apsw.Connection, schema: Schema, plan: _Plan) -> set[Thing]:
    """Apply what the plan applies; the things to hold back instead if that leaves a reference
    dangling: a reviewer's coding with a code the lead deleted, a code the reviewer deleted
    that the lead still uses. SQLite's own deferred check says whether any does; its
    ``foreign_key_check`` then says which (only then: it reads every table)."""
    changes = [c for changes in plan.apply.values() for c in changes]
    if not changes:
        return set()
    dangling: list[bool] = []

    def handler(reason: int, change: apsw.TableChange) -> int:
        if reason == apsw.SQLITE_CHANGESET_FOREIGN_KEY:
            dangling.append(True)
            return apsw.SQLITE_CHANGESET_OMIT  # (rolled back by the caller, once found)
        return apsw.SQLITE_CHANGESET_ABORT  # every other row was checked: a bug, write nothing

    apsw.Changeset.apply(
        add_changes(connection, changes),
        connection,
        conflict=handler,
        flags=apsw.SQLITE_CHANGESETAPPLY_FKNOACTION,
    )
    return _broken(connection, schema, plan) if dangling else set()


def _broken(connection: apsw.Connection, schema: Schema, plan: _Plan) -> set[Thing]:
    """The things to hold back for the references that dangle now."""
    found: set[Thing] = set()
    checked = {str(row[0]) for row in connection.execute("PRAGMA main.foreign_key_check")}
    for name in checked & set(schema.tables):
        table = schema.tables[name]
        for reference in table.references:
            parent = schema.tables.get(reference.parent)
            if parent is None:
                continue
            joined = " AND ".join(
                f"p.{quoted(parent.columns[k])} = c.{quoted(table.columns[c])}"
                for k, c in zip(parent.key, reference.columns, strict=True)
            )
            present = " AND ".join(
                f"c.{quoted(table.columns[c])} IS NOT NULL" for c in reference.columns
            )
            for row in connection.execute(
                f"SELECT c.* FROM main.{quoted(name)} AS c WHERE {present} AND NOT EXISTS "
                f"(SELECT 1 FROM main.{quoted(parent.name)} AS p WHERE {joined})"
            ):
                thing = schema.thing(name, row)
                if thing in plan.apply:
                    found.add(thing)  # the reviewer's row points at what the lead deleted
                else:  # the lead's row points at what the reviewer deleted
                    missing = tuple(row[c] for c in reference.columns)
                    found.add(schema.thing(parent.name, _key_row(parent, missing)))
    if checked and not found & set(plan.apply):
        raise Refusal(
            "it would leave the project with references that point nowhere, and Accord "
            f"could not tell which of its edits cause it (tables: {', '.join(sorted(checked))})."
        )
    return found & set(plan.apply)


def _key_row(table: Table, key: Key) -> list[object]:
    """A row of ``table`` holding only ``key`` (enough for ``Schema.thing``)."""
    row: list[object] = [None] * len(table.columns)
    for position, value in zip(table.key, key, strict=True):
        row[position] = value
    return row


def _record(
    connection: apsw.Connection, schema: Schema, plan: _Plan, *, reviewer: str, now: str
) -> list[Conflict]:
    """Write each held thing as a conflict, unless the same version of it was listed by an
    earlier merge (settled or not); returns the new ones."""
    recorded = []
    for thing, rows in plan.held.items():
        theirs_rows = [
            (name, key, _read(connection, "theirs", schema.tables[name], key, plan.renumbering))
            for name, key in sorted(rows, key=repr)
        ]
        digest = hashlib.sha256(repr((thing, theirs_rows)).encode()).hexdigest()
        if connection.execute(
            "SELECT 1 FROM main.merge_conflicts WHERE digest = ?", (digest,)
        ).fetchall():
            continue
        take_theirs = build(
            connection,
            [
                (name, read(connection, "main", schema.tables[name], key), after)
                for name, key, after in theirs_rows
            ],
            schema,
        )
        label = _label(connection, schema, thing, plan.renumbering)
        mine, theirs = (
            _did(connection, schema, thing, "main"),
            _did(connection, schema, thing, "theirs", plan.renumbering),
        )
        conflict_id = connection.execute(
            "INSERT INTO main.merge_conflicts (reviewer, entity, entity_key, label, mine, theirs, "
            "take_theirs, digest, found) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                reviewer,
                thing[0],
                json.dumps(thing[1]),
                label,
                mine,
                theirs,
                take_theirs,
                digest,
                now,
            ),
        ).get
        assert isinstance(conflict_id, int)
        recorded.append(Conflict(conflict_id, reviewer, thing[0], label, mine, theirs))
    return recorded


def _did(
    connection: apsw.Connection,
    schema: Schema,
    thing: Thing,
    side: str,
    renumbering: Renumbering | None = None,
) -> str:
    """What ``side`` did to the thing since the base: created, changed or deleted it."""
    table = schema.tables[thing[0]]
    was = read(connection, "base", table, thing[1])
    now = _read(connection, side, table, thing[1], renumbering)
    if was is None:
        return "created"
    return "deleted" if now is None else "changed"


def _label(
    connection: apsw.Connection, schema: Schema, thing: Thing, renumbering: Renumbering
) -> str:
    table = schema.tables[thing[0]]
    for side in ("main", "theirs", "base"):
        row = _read(connection, side, table, thing[1], renumbering if side == "theirs" else None)
        if row is not None:
            for column in LABEL_COLUMNS:
                if column in table.columns:
                    text = " ".join(str(row[table.columns.index(column)]).split())
                    return text if len(text) <= 60 else text[:59] + "…"
    return ", ".join(map(str, thing[1]))

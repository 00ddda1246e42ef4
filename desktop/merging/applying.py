"""Apply a changeset the merge made: an undo or redo, or the lead settling a conflict.

Each runs in one transaction recorded by a session, so what it did is itself a changeset,
whose inverse is the next undo (or redo).
"""

from __future__ import annotations

from collections.abc import Callable

import apsw

from desktop.merging.three_way import Refusal

Handler = Callable[[int, apsw.TableChange], int]


def apply_exactly(connection: apsw.Connection, changeset: bytes) -> bytes:
    """Apply ``changeset`` to a project that must be exactly as it left it (an undo or redo
    of a merge); the inverse of what it did. If anything it touches changed meanwhile (another
    Accord edited the project), nothing is written."""
    return _recorded(connection, changeset, _stale)


def settle(
    connection: apsw.Connection, conflict_id: int, *, keep: str, now: str
) -> tuple[bytes, dict[str, object]]:
    """Settle conflict ``conflict_id``: ``mine`` keeps the lead's version as it is, ``theirs``
    applies the reviewer's (whatever the lead's is now: that is the choice). The inverse of
    what it did, and the conflict as it was listed."""
    found = connection.execute(
        "SELECT take_theirs, resolution, label, reviewer FROM main.merge_conflicts WHERE id = ?",
        (conflict_id,),
    ).fetchall()
    if not found:
        raise Refusal(f"the project has no conflict #{conflict_id}.")
    take_theirs, resolution, label, reviewer = found[0]
    assert isinstance(take_theirs, bytes)
    if resolution is not None:
        raise Refusal(f"conflict #{conflict_id} was settled already ({resolution}).")
    note = (
        "UPDATE main.merge_conflicts SET resolution = ?, resolved = ? WHERE id = ?",
        (keep, now, conflict_id),
    )
    inverse = _recorded(
        connection, take_theirs if keep == "theirs" else b"", _theirs_wins, then=note
    )
    return inverse, {"label": label, "reviewer": reviewer}


def _recorded(
    connection: apsw.Connection,
    changeset: bytes,
    handler: Handler,
    *,
    then: tuple[str, tuple[object, ...]] | None = None,
) -> bytes:
    connection.execute("BEGIN IMMEDIATE")
    try:
        recorder = apsw.Session(connection, "main")
        recorder.attach()
        try:
            if changeset:
                apsw.Changeset.apply(
                    changeset,
                    connection,
                    conflict=handler,
                    flags=apsw.SQLITE_CHANGESETAPPLY_FKNOACTION,
                )
            if then is not None:
                connection.execute(*then)
            if connection.execute("PRAGMA main.foreign_key_check").fetchall():
                raise Refusal(
                    "it would leave references that point nowhere (something it needs was "
                    "deleted meanwhile); nothing was changed."
                )
            inverse = apsw.Changeset.invert(recorder.changeset())
        finally:
            recorder.close()
        connection.execute("COMMIT")
    except BaseException:
        if not connection.get_autocommit():
            connection.execute("ROLLBACK")
        raise
    return inverse


def _stale(reason: int, change: apsw.TableChange) -> int:
    raise Refusal(
        f"the project changed since (in {change.name}), so it cannot be restored exactly; "
        "nothing was changed."
    )


def _theirs_wins(reason: int, change: apsw.TableChange) -> int:
    if reason in (apsw.SQLITE_CHANGESET_DATA, apsw.SQLITE_CHANGESET_CONFLICT):
        return apsw.SQLITE_CHANGESET_REPLACE
    if reason == apsw.SQLITE_CHANGESET_NOTFOUND:
        return apsw.SQLITE_CHANGESET_OMIT  # (what the reviewer deleted is gone already)
    return apsw.SQLITE_CHANGESET_ABORT

"""The merge child: ``python -m desktop.merging.child`` reads one JSON request on stdin, writes
one JSON answer on stdout (``desktop.merging.protocol``).

Requests: ``merge`` (project, theirs, base image, reviewer, now), ``apply`` (project,
changeset: an undo or redo) and ``settle`` (project, conflict, keep, now). It opens the
project with APSW and nothing else in this process touches it.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

import apsw

from desktop.merging.applying import apply_exactly, settle
from desktop.merging.protocol import decode, encode
from desktop.merging.three_way import Refusal, merge

MAP_BYTES = 1 << 30
"""How much of each file SQLite maps rather than reads into its cache (a merge's diff reads
each table more than once; the child lives for one merge)."""
BUSY_TIMEOUT_MS = 10_000
"""As long as the application waits for another Accord's write (``store.project``)."""


def answer(request: dict[str, Any]) -> dict[str, Any]:
    connection = apsw.Connection(
        request["project"], flags=apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_URI
    )
    try:
        connection.set_busy_timeout(BUSY_TIMEOUT_MS)
        connection.execute("PRAGMA foreign_keys = ON")
        if request["op"] == "merge":
            return _merge(connection, request)
        if request["op"] == "apply":
            undo = apply_exactly(connection, decode(request["changeset"]) or b"")
            return {"applied": 1, "conflicts": [], "undo": encode(undo)}
        undo, settled = settle(
            connection, int(request["conflict"]), keep=request["keep"], now=request["now"]
        )
        return {"applied": 1, "conflicts": [], "undo": encode(undo), "details": settled}
    finally:
        connection.close()


def _merge(connection: apsw.Connection, request: dict[str, Any]) -> dict[str, Any]:
    theirs = request["theirs"]
    connection.execute("ATTACH ? AS theirs", (f"file:{_uri_path(theirs)}?mode=ro",))
    for schema in ("main", "theirs"):  # the diff reads each table several times: map it
        connection.execute(f"PRAGMA {schema}.mmap_size = {MAP_BYTES}")
    connection.execute("ATTACH ':memory:' AS base")
    connection.deserialize("base", _base_image(connection))
    done = merge(connection, reviewer=request["reviewer"], now=request["now"])
    return {
        "applied": done.applied,
        "conflicts": [dataclasses.asdict(c) for c in done.conflicts],
        "undo": encode(done.undo),
        "reviewer": request["reviewer"],
    }


def _base_image(connection: apsw.Connection) -> bytearray:
    """The project as it was when the copy was made (``branch_origin.base``), read in one
    piece by SQLite's incremental blob reader (half the cost of a SELECT of the value)."""
    found = connection.execute("SELECT rowid FROM theirs.branch_origin").get
    if not isinstance(found, int):
        raise Refusal("it is not a copy sent to a reviewer.")
    blob = connection.blob_open("theirs", "branch_origin", "base", found, False)
    try:
        image = bytearray(blob.length())
        blob.read_into(image)
    finally:
        blob.close()
    return image


def _uri_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path)


def main() -> int:
    request = json.loads(sys.stdin.read())
    try:
        result = answer(request)
    except Refusal as refusal:
        result = {"refused": f"{request.get('theirs') or request['project']}: {refusal}"}
    except apsw.BusyError:
        result = {"refused": f"{request['project']}: another program is writing to it; try again."}
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

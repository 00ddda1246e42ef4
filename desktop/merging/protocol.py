"""What the application layer and the merge child say to each other: JSON on stdin and stdout.

This module imports neither APSW nor ``sqlite3``, so both sides may import it. Changesets
travel as base64 text; a refusal travels as ``{"refused": sentence}`` and is raised on the
application's side as the ``AccordError`` the user reads.
"""

from __future__ import annotations

import base64
import json
import subprocess
from dataclasses import dataclass, field
from typing import Any

from desktop.core.children import child_environment, module_command
from desktop.core.conflicts import Conflict
from desktop.core.errors import AccordError

NOT_MERGED = frozenset({"_sqlite_migrations", "project_info", "branch_origin", "merge_conflicts"})
"""Tables that are the project's own bookkeeping, not work to merge: every other table of the
schema is merged, including tables added after this engine was written."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the child did: how many things it changed, the conflicts it listed, and the
    changeset that undoes it (None when it wrote nothing)."""

    applied: int
    conflicts: tuple[Conflict, ...] = ()
    undo: bytes | None = None
    reviewer: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def run_child(request: dict[str, Any]) -> Outcome:
    """Run one request in a child process and return its outcome; a refusal is raised as
    ``AccordError`` with the child's sentence. A child that dies says so, and since it writes
    in one transaction, the project is as it was."""
    completed = subprocess.run(
        module_command("desktop.merging.child"),
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=child_environment(),
        check=False,
    )
    try:
        answer = json.loads(completed.stdout)
    except json.JSONDecodeError:
        detail = completed.stderr.strip().splitlines()[-1:] or [f"exit {completed.returncode}"]
        raise AccordError(
            f"The merge stopped before it finished ({detail[0]}); the project is as it was."
        ) from None
    if "refused" in answer:
        raise AccordError(answer["refused"])
    return Outcome(
        applied=answer["applied"],
        conflicts=tuple(Conflict(**c) for c in answer["conflicts"]),
        undo=decode(answer["undo"]),
        reviewer=answer.get("reviewer", ""),
        details=answer.get("details", {}),
    )


def encode(changeset: bytes | None) -> str | None:
    return None if changeset is None else base64.b64encode(changeset).decode("ascii")


def decode(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)

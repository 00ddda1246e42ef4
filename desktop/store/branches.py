"""Copies sent to reviewers and the conflicts their merges left: the SQL side of branching.

A copy (``branch``) is the project as it is, plus one ``branch_origin`` row naming the project
it came from, who it was sent to and the project's image at that moment (its base), which the
merge child compares both sides with. The image is kept as it is, not compressed: a copy is
about twice the project's size, and a merge does not spend half a second of its 5 s budget
(issue 14) unpacking 100,000 annotations. ``origin`` reads that row from a reviewer's file without
writing to it, after the checks every project gets (not ours, truncated, damaged, newer).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.core.model import format_time, utc_now
from desktop.store.errors import ProjectError
from desktop.store.header import check_header
from desktop.store.project import BUSY_TIMEOUT_SECONDS, Project, remove_project
from desktop.store.schema import SCHEMA_VERSION
from desktop.store.soundness import check_project, read_only


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a reviewer's copy came from."""

    project_id: str
    reviewer: str
    branched: str
    format: int


def branch(project: Project, target: Path, *, reviewer: str) -> Path:
    """Write the copy for ``reviewer`` at ``target`` (never over an existing file): built
    under a temporary name beside it and linked into place complete."""
    if target.exists():
        raise ProjectError(target, "a file of that name already exists; choose another name.")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.branching")
    remove_project(temporary)
    try:
        project.save_copy(temporary)
        image = temporary.read_bytes()
        with contextlib.closing(sqlite3.connect(temporary, isolation_level=None)) as copy:
            copy.execute("BEGIN IMMEDIATE")
            copy.execute(
                "INSERT OR REPLACE INTO branch_origin "
                "(id, project_id, reviewer, branched, format, base) VALUES (1, ?, ?, ?, ?, ?)",
                (
                    project.branches.project_id(),
                    reviewer,
                    format_time(utc_now()),
                    SCHEMA_VERSION,
                    image,
                ),
            )
            copy.execute("COMMIT")
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise ProjectError(target, "a file of that name appeared meanwhile.") from None
    except OSError as error:
        raise ProjectError(
            target, f"Accord could not write the copy ({error.strerror})."
        ) from error
    finally:
        remove_project(temporary)
    return target


def origin(path: Path, *, project: Project) -> Origin:
    """Where the reviewer's file at ``path`` came from, refused with a sentence unless it is a
    sound copy of ``project`` in this Accord's format. Nothing is written, to either file."""
    check_header(path)
    version = check_project(path, busy_timeout=BUSY_TIMEOUT_SECONDS)
    if version != SCHEMA_VERSION:
        raise ProjectError(
            path,
            f"it is in project format {version} and this project in {SCHEMA_VERSION}; open it "
            "once with this Accord to upgrade it, then ask the reviewer for a new copy.",
        )
    with contextlib.closing(read_only(path, busy_timeout=BUSY_TIMEOUT_SECONDS)) as connection:
        row = connection.execute(
            "SELECT project_id, reviewer, branched, format FROM branch_origin WHERE id = 1"
        ).fetchone()
    if row is None:
        raise ProjectError(
            path,
            "it is an Accord project, but not a copy sent to a reviewer (File > Send to "
            "Reviewer…), so Accord cannot tell what its reviewer changed.",
        )
    found = Origin(*row)
    if found.project_id != project.branches.project_id():
        raise ProjectError(path, f"it was sent from another project, not from {project.path.name}.")
    return found

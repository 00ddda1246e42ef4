"""What every command is: plain data that applies itself to a project and returns its inverse.

``apply`` runs inside the one transaction the ``Editor`` opens for it, checks everything
before writing, and returns an ``Applied``: the command that undoes it (itself plain data, with
every value needed to restore the store exactly: ids, times, row numbers, codings) and the
changes to publish. Undo applies the inverse, which returns the redo, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from desktop.core.changes import Change, CodingDelta
from desktop.core.model import ReviewerId
from desktop.store import Project


@dataclass(frozen=True, slots=True)
class Context:
    """Who runs the command and when: what new annotations and codings record."""

    reviewer_id: ReviewerId
    now: datetime


@dataclass(frozen=True, slots=True)
class Applied:
    inverse: Command
    changes: tuple[Change, ...]
    label: str
    """What the user did, for "Undo …" (e.g. ``Tag “Pandemics”``)."""
    codings: CodingDelta | None = None
    """How the codes' counts moved, when the command knows (``ChangeSet.codings``)."""
    whole_project: bool = False
    """Anything may have changed (a merge): every view reloads (``ChangeSet.whole_project``)."""


class Command(Protocol):
    def apply(self, project: Project, context: Context) -> Applied: ...


def own_transaction(command: Command) -> bool:
    """Whether ``command`` writes the project from a child process in a transaction of that
    process's own (a merge: ``desktop.app.branching``), so the Editor must not hold one open
    around it: the child would wait for the Editor's lock for ever."""
    return bool(getattr(command, "own_transaction", False))


def quoted(name: str) -> str:
    return f"“{name}”"

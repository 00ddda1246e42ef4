"""Hand out and bring back work: a copy for a reviewer, and the merge of what they did.

The merge itself runs in a child process (``desktop.merging``) that writes the project in one
transaction of its own, so these commands run outside the Editor's transaction
(``own_transaction``) and their inverses are changesets that child applies. Each is still one
entry in the undo history, like every other edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from desktop.app.commands import Applied, Context, quoted
from desktop.core.errors import AccordError
from desktop.core.model import format_time
from desktop.merging.protocol import encode, run_child
from desktop.store import Project
from desktop.store.branches import branch, origin


class NothingToMerge(AccordError):
    """The reviewer's file holds nothing the project does not have (or has not settled)."""


def send_to_reviewer(project: Project, target: Path, *, reviewer: str) -> Path:
    """Write the copy for ``reviewer`` at ``target``. The reviewer is added to the project
    first, so the copy and every later copy agree on who they are."""
    with project.transaction():
        project.reviewers.ensure(reviewer)
    return branch(project, target, reviewer=reviewer)


def merge_label(reviewer: str, applied: int, conflicts: int) -> str:
    """``Merge Kenji's work: 57 changes, 4 conflicts``: the undo history's entry."""
    changes = f"{applied} change{'s' if applied != 1 else ''}"
    listed = f"{conflicts} conflict{'s' if conflicts != 1 else ''}"
    return f"Merge {reviewer}'s work: {changes}, {listed}"


@dataclass(frozen=True, slots=True)
class MergeReviewerWork:
    """Bring back what the reviewer of the copy at ``path`` added, changed and deleted."""

    path: Path
    own_transaction: ClassVar[bool] = True

    def apply(self, project: Project, context: Context) -> Applied:
        sent = origin(self.path, project=project)
        outcome = run_child(
            {
                "op": "merge",
                "project": str(project.path),
                "theirs": str(self.path),
                "reviewer": sent.reviewer,
                "now": format_time(context.now),
            }
        )
        if outcome.undo is None:
            raise NothingToMerge(
                f"{self.path}: nothing new from {sent.reviewer}: everything in it is in the "
                "project already, or listed as a conflict."
            )
        label = merge_label(sent.reviewer, outcome.applied, len(outcome.conflicts))
        return Applied(ApplyChangeset(outcome.undo, label), (), label, whole_project=True)


@dataclass(frozen=True, slots=True)
class SettleConflict:
    """Settle a merge conflict: ``keep`` is ``mine`` (the lead's version stays) or ``theirs``
    (the reviewer's version replaces it)."""

    conflict_id: int
    keep: str
    own_transaction: ClassVar[bool] = True

    def apply(self, project: Project, context: Context) -> Applied:
        if self.keep not in ("mine", "theirs"):
            raise AccordError(f"Keep “mine” or “theirs”, not “{self.keep}”.")
        outcome = run_child(
            {
                "op": "settle",
                "project": str(project.path),
                "conflict": self.conflict_id,
                "keep": self.keep,
                "now": format_time(context.now),
            }
        )
        assert outcome.undo is not None
        name = quoted(str(outcome.details["label"]))
        label = (
            f"Keep your version of {name}"
            if self.keep == "mine"
            else f"Take {outcome.details['reviewer']}'s version of {name}"
        )
        return Applied(ApplyChangeset(outcome.undo, label), (), label, whole_project=True)


@dataclass(frozen=True, slots=True)
class ApplyChangeset:
    """Undo (or redo) a merge or a settlement: the changeset the child recorded, inverted."""

    changeset: bytes
    label: str
    own_transaction: ClassVar[bool] = True

    def apply(self, project: Project, context: Context) -> Applied:
        outcome = run_child(
            {"op": "apply", "project": str(project.path), "changeset": encode(self.changeset)}
        )
        assert outcome.undo is not None
        return Applied(ApplyChangeset(outcome.undo, self.label), (), self.label, whole_project=True)

"""The one door for edits: an Editor executes commands, keeps their history, publishes changes.

(Named Editor, not Session, because a *review session* is a meeting of reviewers, recorded
in the project; an Editor is only the undo history of one open project.)

The UI, the command line and scripts all edit through ``execute``; each command runs in one
transaction, its inverse goes on the undo stack, and every subscriber receives one
``ChangeSet``. Views refresh from ChangeSets only, so an edit made from the list, the page or
the code tree (or undone from the menu) shows up the same everywhere.

History lives as long as the window or command keeps the project open (it is not saved):
after a restart there is nothing to undo, but nothing is lost either, since every edit was
committed when it was made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from desktop.app.commands import Applied, Command, Context, own_transaction
from desktop.core.changes import ChangeSet, Origin
from desktop.core.model import Reviewer, utc_now
from desktop.store import Project, ProjectBusy

Subscriber = Callable[[ChangeSet], None]


@dataclass(frozen=True, slots=True)
class _Entry:
    label: str
    command: Command


class Editor:
    """Edits of one reviewer on one open project, with undo and redo."""

    def __init__(
        self, project: Project, reviewer: Reviewer | str, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.project = project
        self.reviewer = reviewer
        """Who the edits are recorded under: a reviewer of the project, or the name of one it
        does not have yet, added in the transaction of the first edit (so a refused command
        writes nothing, not even a name)."""
        self._clock = clock
        self._undo: list[_Entry] = []
        self._redo: list[_Entry] = []
        self._subscribers: list[Subscriber] = []

    @classmethod
    def start(cls, project: Project, reviewer_name: str) -> Editor:
        """A editor for the reviewer of that name (added to the project with the first edit
        if new)."""
        return cls(project, project.reviewers.find(reviewer_name) or reviewer_name)

    def execute(self, command: Command) -> ChangeSet:
        """Apply ``command`` in one transaction; on any error nothing is written and the
        history is unchanged. A new edit clears what could be redone."""
        applied = self._apply(command)
        self._undo.append(_Entry(applied.label, applied.inverse))
        self._redo.clear()
        return self._publish(applied, applied.label, Origin.EXECUTE)

    def undo(self) -> ChangeSet:
        return self._step(self._undo, self._redo, Origin.UNDO)

    def redo(self) -> ChangeSet:
        return self._step(self._redo, self._undo, Origin.REDO)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_text(self) -> str:
        """The menu text: ``Undo Tag “Pandemics”``, or ``Undo`` when there is nothing."""
        return f"Undo {self._undo[-1].label}" if self._undo else "Undo"

    @property
    def redo_text(self) -> str:
        return f"Redo {self._redo[-1].label}" if self._redo else "Redo"

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` with every ChangeSet from now on; returns the unsubscribe."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    def _apply(self, command: Command) -> Applied:
        if own_transaction(command):
            if isinstance(self.reviewer, str):
                with self.project.transaction():
                    self.reviewer = self.project.reviewers.ensure(self.reviewer)
            return command.apply(self.project, Context(self.reviewer.id, self._clock()))
        with self.project.transaction():
            reviewer = self.reviewer
            if isinstance(reviewer, str):
                reviewer = self.project.reviewers.ensure(reviewer)
            applied = command.apply(self.project, Context(reviewer.id, self._clock()))
        self.reviewer = reviewer  # only once committed: a rolled-back name has no row
        return applied

    def _step(self, source: list[_Entry], target: list[_Entry], origin: Origin) -> ChangeSet:
        """Undo or redo the top entry. If it cannot be applied any more (what it restores was
        changed by another Accord meanwhile), the entry is dropped and the error raised, so
        the history never stays stuck on an impossible step. A project busy with another
        program's write is not that: the entry stays, to be tried again."""
        if not source:
            raise IndexError(f"nothing to {origin.value}")
        entry = source.pop()
        try:
            applied = self._apply(entry.command)
        except ProjectBusy:
            source.append(entry)
            raise
        target.append(_Entry(entry.label, applied.inverse))
        return self._publish(applied, entry.label, origin)

    def _publish(self, applied: Applied, label: str, origin: Origin) -> ChangeSet:
        assert isinstance(self.reviewer, Reviewer)  # _apply made it one
        change_set = ChangeSet(
            applied.changes,
            label,
            self.reviewer.id,
            origin,
            whole_project=applied.whole_project,
            codings=applied.codings,
        )
        errors = []
        for subscriber in list(self._subscribers):
            try:
                subscriber(change_set)
            except Exception as error:  # one broken view must not keep others stale
                errors.append(error)
        if errors:
            raise errors[0]
        return change_set

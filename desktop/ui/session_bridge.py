"""The Qt face of ``desktop.app.Session``: one signal per ChangeSet, and edits that report
their errors instead of raising into the event loop.

Every view (pages, annotation list, codebook panel, note panel) executes commands through
``execute`` and refreshes in ``changed`` only, so an edit made anywhere, or undone from the
menu, shows up the same everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.app.commands import Command
from desktop.app.session import Session
from desktop.core.changes import ChangeSet
from desktop.core.errors import AccordError
from desktop.store import Project


class SessionBridge(QObject):
    changed = Signal(object)
    """A ``ChangeSet`` after every command, undo and redo."""
    history_changed = Signal()
    """Undo/redo availability or their labels changed."""
    failed = Signal(str)
    """An edit was refused (a rule of the codebook, a stale annotation); the message says why."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.subscribe(self._on_session_changed)

    @property
    def project(self) -> Project:
        return self.session.project

    def execute(self, command: Command) -> ChangeSet | None:
        """Run ``command``; on a refusal emit ``failed`` and return None (nothing was written)."""
        return self._run(lambda: self.session.execute(command))

    def undo(self) -> ChangeSet | None:
        return self._run(self.session.undo) if self.session.can_undo else None

    def redo(self) -> ChangeSet | None:
        return self._run(self.session.redo) if self.session.can_redo else None

    def detach(self) -> None:
        """Stop listening (the project is being closed)."""
        self._unsubscribe()

    def _run(self, step) -> ChangeSet | None:  # type: ignore[no-untyped-def]
        try:
            result = step()
        except AccordError as error:
            self.failed.emit(str(error))
            self.history_changed.emit()
            return None
        self.history_changed.emit()
        return result

    def _on_session_changed(self, change_set: ChangeSet) -> None:
        self.changed.emit(change_set)

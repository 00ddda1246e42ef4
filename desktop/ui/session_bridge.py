"""The Qt face of ``desktop.app.Session``: one signal per ChangeSet, and edits that report
their errors instead of raising into the event loop.

Every view (pages, annotation list, codebook panel, note panel) executes commands through
``execute`` and refreshes in ``changed`` only, so an edit made anywhere, or undone from the
menu, shows up the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

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

    def __init__(self, session: Session | None = None, *, project: Project | None = None,
                 ask_reviewer: Callable[[], str | None] | None = None,
                 parent: QObject | None = None) -> None:
        """Over a running ``session``, or over ``project`` with the session started at the
        first edit, once ``ask_reviewer`` has named who is editing (None: the edit is
        cancelled). Reading needs no name; only writing records one."""
        super().__init__(parent)
        if session is None and project is None:
            raise ValueError("a SessionBridge needs a session or a project")
        self._project = session.project if session is not None else project
        self._ask_reviewer = ask_reviewer
        self._session: Session | None = None
        self._unsubscribe: Callable[[], None] = lambda: None
        if session is not None:
            self._attach(session)

    @property
    def project(self) -> Project:
        assert self._project is not None
        return self._project

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def can_undo(self) -> bool:
        return self._session is not None and self._session.can_undo

    @property
    def can_redo(self) -> bool:
        return self._session is not None and self._session.can_redo

    @property
    def undo_text(self) -> str:
        return self._session.undo_text if self._session else "Undo"

    @property
    def redo_text(self) -> str:
        return self._session.redo_text if self._session else "Redo"

    def execute(self, command: Command) -> ChangeSet | None:
        """Run ``command``; on a refusal emit ``failed`` and return None (nothing was written)."""
        session = self._session or self._start()
        if session is None:
            return None
        return self._run(lambda: session.execute(command))

    def undo(self) -> ChangeSet | None:
        return self._run(self._session.undo) if self._session and self.can_undo else None

    def redo(self) -> ChangeSet | None:
        return self._run(self._session.redo) if self._session and self.can_redo else None

    def announce(self, change_set: ChangeSet) -> None:
        """Tell every view about a change made outside the undo history (an import, which is
        one transaction of its own), so they refresh as after any edit."""
        self.changed.emit(change_set)

    def set_reviewer(self, name: str) -> None:
        """Edits from now on are recorded under ``name`` (added to the project if new)."""
        if self._session is not None:
            self._session.reviewer = self.project.reviewers.ensure(name)

    def detach(self) -> None:
        """Stop listening (the project is being closed)."""
        self._unsubscribe()

    def _attach(self, session: Session) -> None:
        self._session = session
        self._unsubscribe = session.subscribe(self._on_session_changed)

    def _start(self) -> Session | None:
        name = self._ask_reviewer() if self._ask_reviewer else None
        if not name:
            return None
        try:
            self._attach(Session.start(self.project, name))
        except AccordError as error:
            self.failed.emit(str(error))
            return None
        return self._session

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

"""The Qt face of ``desktop.app.Editor``: one signal per ChangeSet, and edits that report
their errors instead of raising into the event loop.

Every view (pages, annotation list, codebook panel, note panel) executes commands through
``execute`` and refreshes in ``changed`` only, so an edit made anywhere, or undone from the
menu, shows up the same everywhere.

While another program holds the project's write lock (another Accord importing, a script),
an edit does not freeze the window for SQLite's whole busy timeout: the project is asked to
wait only a moment, and an edit it refuses as busy waits in order, tried again from the event
loop until the lock is free. ``busy_changed`` says so, and ``changed`` comes when it is saved;
so does the follow-up its caller gave (``execute(..., then=...)``: select what the edit made,
move the focus), which a caller could not run itself from a return value that came too early.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.app.commands import Command
from desktop.app.editor import Editor
from desktop.core.changes import ChangeSet
from desktop.core.errors import AccordError
from desktop.store import Project, ProjectBusy

WRITE_WAIT_SECONDS = 0.05
"""How long an edit waits for another program's write before it waits from the event loop
instead (a command of another Accord's takes milliseconds: it rarely comes to that)."""
RETRY_MS = 200
"""How often a waiting edit is tried again."""

Step = Callable[[], ChangeSet | None]
FollowUp = Callable[[ChangeSet], object]
"""What a caller does once its edit is saved, with the edit's ChangeSet."""


class EditorBridge(QObject):
    changed = Signal(object)
    """A ``ChangeSet`` after every command, undo and redo."""
    history_changed = Signal()
    """Undo/redo availability or their labels changed."""
    failed = Signal(str)
    """An edit was refused (a rule of the codebook, a stale annotation); the message says why."""
    busy_changed = Signal(bool)
    """Edits wait because another program is writing to the project (True); all that waited
    were then tried (False)."""

    def __init__(
        self,
        editor: Editor | None = None,
        *,
        project: Project | None = None,
        ask_reviewer: Callable[[], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Over a running ``editor``, or over ``project`` with the editor started at the
        first edit, once ``ask_reviewer`` has named who is editing (None: the edit is
        cancelled). Reading needs no name; only writing records one."""
        super().__init__(parent)
        if editor is None and project is None:
            raise ValueError("an EditorBridge needs an editor or a project")
        self._project = editor.project if editor is not None else project
        self._ask_reviewer = ask_reviewer
        self._editor: Editor | None = None
        self._unsubscribe: Callable[[], None] = lambda: None
        self._reviewer_name: str | None = None
        self._waiting: deque[tuple[Step, FollowUp | None]] = deque()
        self._retry = QTimer(self, interval=RETRY_MS)
        self._retry.timeout.connect(self._on_retry_timeout)
        self.project.wait_for_writers(WRITE_WAIT_SECONDS)
        if editor is not None:
            self._attach(editor)

    @property
    def project(self) -> Project:
        assert self._project is not None
        return self._project

    @property
    def editor(self) -> Editor | None:
        return self._editor

    @property
    def waiting(self) -> int:
        """Edits waiting for another program to finish writing to the project."""
        return len(self._waiting)

    @property
    def can_undo(self) -> bool:
        return self._editor is not None and self._editor.can_undo

    @property
    def can_redo(self) -> bool:
        return self._editor is not None and self._editor.can_redo

    @property
    def undo_text(self) -> str:
        return self._editor.undo_text if self._editor else "Undo"

    @property
    def redo_text(self) -> str:
        return self._editor.redo_text if self._editor else "Redo"

    def execute(self, command: Command, *, then: FollowUp | None = None) -> ChangeSet | None:
        """Run ``command`` and then ``then`` with its ChangeSet; on a refusal emit ``failed``
        and return None (nothing was written, ``then`` is not run). None also when it waits for
        the project (``busy_changed``): it is run later, in order, and ``then`` when it is
        saved."""
        if self._editor is None and not self._name_reviewer():
            return None
        return self._run(lambda: self._started().execute(command), then)

    def undo(self) -> ChangeSet | None:
        editor = self._editor
        if editor is None or not (self.can_undo or self._waiting):
            return None
        return self._run(lambda: editor.undo() if editor.can_undo else None)

    def redo(self) -> ChangeSet | None:
        editor = self._editor
        if editor is None or not (self.can_redo or self._waiting):
            return None
        return self._run(lambda: editor.redo() if editor.can_redo else None)

    def when_free(self, write: Callable[[], object]) -> None:
        """Run a write that is no edit of the history (keeping an opened document) as an edit
        is run: after the edits that wait, and waiting itself while the project is busy; a
        refusal reaches ``failed``."""

        def step() -> None:
            write()

        self._run(step)

    def announce(self, change_set: ChangeSet) -> None:
        """Tell every view about a change made outside the undo history (an import, which is
        one transaction of its own), so they refresh as after any edit."""
        self.changed.emit(change_set)

    def set_reviewer(self, name: str) -> None:
        """Edits from now on are recorded under ``name`` (added to the project with the next
        edit if new)."""
        if self._editor is not None:
            self._editor.reviewer = self.project.reviewers.find(name) or name

    def finish_waiting(self) -> int:
        """Try the waiting edits once more, each waiting as long as SQLite's busy timeout (the
        window is closing: there is no later); the number still refused, which were not saved."""
        self._retry.stop()
        self.project.wait_for_writers(None)
        try:
            self._on_retry_timeout()
        finally:
            self.project.wait_for_writers(WRITE_WAIT_SECONDS)
        lost = len(self._waiting)
        if lost:
            self._waiting.clear()
            self.busy_changed.emit(False)
        return lost

    def detach(self) -> None:
        """Stop listening (the project is being closed)."""
        self._retry.stop()
        self._unsubscribe()

    def _attach(self, editor: Editor) -> None:
        self._editor = editor
        self._unsubscribe = editor.subscribe(self._on_editor_changed)

    def _name_reviewer(self) -> bool:
        """Whether someone is named to edit as (asked once: the editor starts with the first
        edit that is saved, which may wait for the project like any edit)."""
        if self._reviewer_name is None and self._ask_reviewer is not None:
            self._reviewer_name = self._ask_reviewer() or None
        return self._reviewer_name is not None

    def _started(self) -> Editor:
        if self._editor is None:
            assert self._reviewer_name is not None
            self._attach(Editor.start(self.project, self._reviewer_name))
        assert self._editor is not None
        return self._editor

    def _run(self, step: Step, then: FollowUp | None = None) -> ChangeSet | None:
        if self._waiting:  # after the edits that wait, never before them
            self._waiting.append((step, then))
            return None
        try:
            result = step()
        except ProjectBusy:
            self._waiting.append((step, then))
            self._retry.start()
            self.busy_changed.emit(True)
            return None
        except AccordError as error:
            self.failed.emit(str(error))
            self.history_changed.emit()
            return None
        self.history_changed.emit()
        if then is not None and result is not None:
            then(result)
        return result

    def _on_retry_timeout(self) -> None:
        """The waiting edits in order, until one still finds the project busy; each saved
        edit's follow-up runs once it is saved (not again if a later one is refused)."""
        while self._waiting:
            step, then = self._waiting[0]
            try:
                result = step()
            except ProjectBusy:
                return
            except AccordError as error:
                self.failed.emit(str(error))
                result = None
            self._waiting.popleft()
            self.history_changed.emit()
            if then is not None and result is not None:
                then(result)
        self._retry.stop()
        self.busy_changed.emit(False)

    def _on_editor_changed(self, change_set: ChangeSet) -> None:
        self.changed.emit(change_set)

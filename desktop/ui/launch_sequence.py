"""What a window does between its launch and its first frame, and just after it.

The launcher has already decided which project and documents to open (``LaunchPlan``) and
opened (or begun making) that project (``prepare_project``); this part takes it before the
window shows, so its panels are in the first frame and that frame is the final layout, and
leaves for after both panes' first paint only what would otherwise hold up reading: explaining
a project that cannot be opened. On a first launch the project is made empty and the panes'
documents are kept in it, in the panes' order, as the panes finish reading them (their bytes,
fingerprints and text are exactly what the project needs), so nothing waits on a second
document reader.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from desktop.app.launching import NewProject, prepare_project
from desktop.core.errors import AccordError
from desktop.ui.plain_text import warn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.app.launching import LaunchPlan
    from desktop.store import Project
    from desktop.ui.pane import DocumentPane


class LaunchSequence(QObject):
    def __init__(
        self,
        panes: tuple[DocumentPane, ...],
        *,
        parent: QWidget,
        set_project: Callable[[Project], None],
        recover: Callable[[Path, AccordError], None],
        keep_quietly: Callable[[DocumentPane], None],
    ) -> None:
        """``set_project``: open the project in the window; ``recover(path, error)``: explain
        a refused project and offer a way on; ``keep_quietly(pane)``: keep the pane's
        document in the open project without a message."""
        super().__init__(parent)
        self._panes = panes
        self._parent = parent
        self._set_project = set_project
        self._recover = recover
        self._keep_quietly = keep_quietly
        self._unpainted = set(panes)
        self._after_paint: list[Callable[[], None]] = []
        self._documents_due: list[DocumentPane] = []
        """The panes whose documents a project made at launch still waits for, to keep them
        in the panes' order (left first) and without a message for each."""
        for pane in panes:
            pane.ready.connect(lambda pane=pane: self._on_pane_ready(pane))

    @property
    def painted(self) -> bool:
        """Both panes have shown something (a page or a message)."""
        return not self._unpainted

    @property
    def keeps_documents(self) -> bool:
        """A project made at launch still waits for the panes' documents."""
        return bool(self._documents_due)

    def follow(self, plan: LaunchPlan) -> None:
        """Take over what the launcher decided, before the window shows: the project, opened
        or made by the launcher (``prepare_project``), is taken and its panels put in place
        now, so the first frame a user sees is the window's final layout (panels that arrived
        later would squeeze the panes, which would zoom again). The panes open their documents
        where the reader left them. Only a project that cannot be opened waits for both panes'
        first page, to be explained over a window that already reads."""
        for pane, shown in zip(self._panes, plan.positions, strict=False):
            pane.resume_at(shown)
        prepare_project(plan)
        if plan.project is not None:
            self._set_project(plan.project)
        elif isinstance(plan.error, AccordError):
            error, path = plan.error, plan.project_path
            self.when_painted(lambda: self._recover(path, error))
        elif plan.new_project is not None:
            self._make(plan.new_project)

    def when_painted(self, step: Callable[[], None]) -> None:
        """Run ``step`` once both panes have painted (now, if they have)."""
        if self._unpainted:
            self._after_paint.append(step)
        else:
            step()

    def keep_documents(self) -> None:
        """Keep the documents of a project made at launch in the panes' order, each once it
        has been read and those before it are kept (a pane that could not open its file is
        passed over)."""
        while self._documents_due:
            pane = self._documents_due[0]
            layer = pane.view.text_layer
            if not pane.shows_message and (layer is None or not layer.is_complete):
                return
            self._documents_due.pop(0)
            if not pane.shows_message:
                self._keep_quietly(pane)

    def stop_keeping(self) -> None:
        """The project made at launch closes: its documents are no longer waited for."""
        self._documents_due = []

    def _on_pane_ready(self, pane: DocumentPane) -> None:
        self._unpainted.discard(pane)
        if self._documents_due and pane.shows_message:
            self.keep_documents()  # the other pane's document need not wait for it
        if not self._unpainted:
            QTimer.singleShot(0, self._run_after_paint)  # once the frame is on screen

    def _run_after_paint(self) -> None:
        steps, self._after_paint = self._after_paint, []
        for step in steps:
            step()

    def _make(self, made: NewProject) -> None:
        """Take the project of a first launch, made by the launcher with the default codebook
        and no documents yet: the panes' documents are kept in it as they finish reading
        them."""
        try:
            project = made.open()
        except (AccordError, OSError) as error:
            said = f"Accord could not create the project “{made.path}”: {error}"
            self.when_painted(partial(warn, self._parent, "New Project", said))
            return
        self._set_project(project)
        self._documents_due = list(self._panes)

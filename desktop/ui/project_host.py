"""The open project of a window: opening, creating, recovering and closing project files, and
the parts that live as long as the project does.

A window always reads; it annotates once a project is open. This host holds the project and
makes, with it, the editor bridge that edits it, the annotator, the panels
(``ProjectPanels``) and the documents' keeper (``ProjectDocuments``), and closes them with
it. What lives as long as the window is a part of its own: the launch (``LaunchSequence``),
the background jobs (``BackgroundJobs``), recent projects and folders (``RecentProjects``).
Each part is given what it needs when it is made and is used through its public methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal
from PySide6.QtWidgets import QDockWidget

from desktop.app.launching import LaunchPlan, shown_documents
from desktop.bundled import bundled_pair
from desktop.core.errors import AccordError
from desktop.ui.background_jobs import BackgroundJobs
from desktop.ui.idle_work import release_frozen
from desktop.ui.launch_sequence import LaunchSequence
from desktop.ui.plain_text import warn
from desktop.ui.recent_projects import RecentProjects
from desktop.ui.reviewer_name import ReviewerName

if TYPE_CHECKING:
    from desktop.store import Project
    from desktop.ui.annotation_list import AnnotationListDock
    from desktop.ui.annotator import Annotator
    from desktop.ui.codebook_panel import CodebookDock
    from desktop.ui.documents_panel import DocumentsDock
    from desktop.ui.editor_bridge import EditorBridge
    from desktop.ui.main_window import MainWindow
    from desktop.ui.note_panel import NoteDock
    from desktop.ui.pane import DocumentPane
    from desktop.ui.project_documents import ProjectDocuments
    from desktop.ui.project_panels import ProjectPanels

# The store (sqlite_utils), the application layer (rapidfuzz) and the panels are imported where
# a project is first needed, after both panes have painted: the reader must not wait for them.


class ProjectHost(QObject):
    project_changed = Signal()
    panels_painted = Signal()
    """The open project's annotation list has painted its rows and count once: the window
    is ready for work (what ``accord --exit-when-project-ready`` waits for)."""

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.project: Project | None = None
        self.bridge: EditorBridge | None = None
        self.annotator: Annotator | None = None
        self.panels: ProjectPanels | None = None
        self.documents: ProjectDocuments | None = None
        self._pending_path: Path | None = None
        self._dock_state: QByteArray | None = None
        self.recent = RecentProjects(settings)
        self.reviewer = ReviewerName(settings, parent=window)
        self.jobs = BackgroundJobs(window, say=window.statusBar().showMessage)
        """Exports and imports running in the background."""
        self.launch = LaunchSequence(
            window.panes,
            parent=window,
            set_project=self.set_project,
            recover=self.recover,
            keep_quietly=self._keep_quietly,
        )
        for pane in window.panes:
            pane.view.text_ready.connect(lambda pane=pane: self._on_pane_text_ready(pane))

    def follow(self, plan: LaunchPlan) -> None:
        """Open what the launcher decided (``LaunchSequence.follow``), before the window shows."""
        self.launch.follow(plan)

    # -- project life ------------------------------------------------------------------------

    def set_project(self, project: Project) -> None:
        from desktop.ui.annotator import Annotator
        from desktop.ui.editor_bridge import EditorBridge
        from desktop.ui.project_documents import ProjectDocuments
        from desktop.ui.project_panels import ProjectPanels

        self.close_project()
        self.project = project
        self.bridge = EditorBridge(
            project=project, ask_reviewer=self.reviewer.ask_once, parent=self
        )
        self.annotator = Annotator(self.bridge, self.window.panes, parent=self)
        self.panels = ProjectPanels(
            self.window,
            self.bridge,
            self.annotator,
            settings=self.settings,
            earlier=self._dock_state,
        )
        self.panels.painted.connect(self.panels_painted)
        self.documents = ProjectDocuments(
            project,
            self.bridge,
            self.annotator,
            self.panels,
            focus=self.window.focus,
            parent=self.window,
            say=self.window.statusBar().showMessage,
        )
        self.recent.remember(project.path)
        for pane in self.window.panes:
            if pane.view.text_layer is not None and pane.view.text_layer.is_complete:
                self._on_pane_text_ready(pane)
        self.project_changed.emit()

    def close_project(self) -> None:
        if self.project is None:
            return
        self.save_pending_edits()
        if self.documents is not None:
            self.documents.remember_shown()
        self.launch.stop_keeping()
        self.jobs.stop_all()  # an export or import in flight stops, leaving nothing
        if self.bridge is not None:  # once the jobs let go of the file, while panels still show
            self._save_waiting_edits(self.bridge)
        if self.panels is not None:
            self._dock_state = self.panels.remove()  # the next project's panels go there
            self.panels = None
        if self.documents is not None:
            self.documents.close()
            self.documents = None
        if self.annotator is not None:
            self.annotator.detach()
            self.annotator.deleteLater()
        for pane in self.window.panes:  # the next project may show the same documents
            pane.view.clear_selection()
        if self.bridge is not None:
            self.bridge.detach()
            self.bridge.deleteLater()
        self.project.close()
        self.project = self.bridge = self.annotator = None
        release_frozen()  # what opening it froze, with the cycles it leaves
        self.project_changed.emit()

    def _save_waiting_edits(self, bridge: EditorBridge) -> None:
        """Edits still waiting for another program to finish writing get one last, longer
        wait; any the project still refuses are named as not saved, never dropped silently."""
        if not bridge.waiting:
            return
        lost = bridge.finish_waiting()
        if lost:
            warn(
                self.window,
                "Edits Not Saved",
                f"{lost} edit{'s' if lost > 1 else ''} could not be saved to "
                f"“{bridge.project.path}”: another program kept writing to it. Nothing else "
                "was changed.",
            )

    def save_pending_edits(self) -> None:
        if self.panels is not None:
            self.panels.note.save()

    def open_project(self, path: Path) -> bool:
        """Open the project at ``path`` and show its documents; explain a refusal."""
        from desktop.store import open_project

        try:
            project = open_project(path)
        except AccordError as error:
            self.recover(path, error)
            return False
        self.set_project(project)
        self._show_documents(project)
        return True

    def choose_project(self) -> None:
        from desktop.ui.project_dialogs import ProjectFiles

        path = ProjectFiles.ask_open(self.window, self.start_folder())
        if path is not None:
            self.remember_folder(path)
            self.open_project(path)

    def choose_new_project(self) -> None:
        from desktop.ui.project_dialogs import ProjectFiles

        path = ProjectFiles.ask_new(self.window, self.start_folder() / "Untitled.accord")
        if path is not None:
            self.remember_folder(path)
            self.new_project(path)

    def new_project(self, path: Path) -> None:
        """A project at ``path`` with the bundled documents and the default codebook, made
        once the panes have read them."""
        if path.exists():
            warn(
                self.window, "New Project", f"“{path}” already exists; Accord does not replace it."
            )
            return
        self.close_project()
        self._pending_path = path
        for pane, file in zip(self.window.panes, bundled_pair(), strict=True):
            pane.open_file(file)

    def save_copy(self) -> None:
        from desktop.ui.project_dialogs import ProjectFiles

        if self.project is None:
            return
        start = self.start_folder() / f"{self.project.path.stem} copy.accord"
        path = ProjectFiles.ask_new(self.window, start, title="Save a Copy As")
        if path is None:
            return
        self.remember_folder(path)
        try:
            self.project.save_copy(path)
        except AccordError as error:
            warn(self.window, "Save a Copy", str(error))
            return
        self.window.statusBar().showMessage(f"Saved a copy as “{path}”.", 8000)

    def recover(self, path: Path, error: AccordError) -> None:
        """Explain a refused project and offer a way on; the refused file is left alone."""
        from desktop.store import latest_backup
        from desktop.ui.project_dialogs import ProjectProblem, Recovery

        backup = latest_backup(path)
        choice = ProjectProblem.ask(self.window, error, backup=backup)
        if choice is Recovery.OPEN_BACKUP and backup is not None:
            self.open_project(backup)
        elif choice is Recovery.OPEN_ANOTHER:
            self.choose_project()
        elif choice is Recovery.NEW:
            self.choose_new_project()

    def _show_documents(self, project: Project) -> None:
        try:
            files = shown_documents(project)
        except AccordError as error:
            warn(self.window, "Project Documents", str(error))
            return
        for pane, file in zip(self.window.panes, files, strict=False):
            if pane.path != file:
                pane.open_file(file)

    def _create_pending(self) -> None:
        """Make the pending project from what both panes have read. (Its modules are imported
        only then: this is also called before the first paint, and returns at once.)"""
        path = self._pending_path
        panes = self.window.panes
        if (
            path is None
            or not self.launch.painted
            or not all(p.view.text_layer and p.view.text_layer.is_complete for p in panes)
        ):
            return
        from desktop.app.projects import create_default_project
        from desktop.app.workspace import bytes_as_read
        from desktop.store import NewDocument

        self._pending_path = None
        documents = []
        for pane in panes:
            info, layer = pane.view.document, pane.view.text_layer
            assert info is not None and layer is not None
            try:
                content = bytes_as_read(Path(info.path), info.fingerprint)
            except AccordError:
                continue  # changed on disk since it was read: not kept
            if all(d.id != info.fingerprint for d in documents):
                documents.append(
                    NewDocument(
                        content,
                        info.title,
                        info.kind,
                        Path(info.path).name,
                        len(info.page_sizes),
                        layer.sha256(),
                    )
                )
        try:
            project = create_default_project(path, documents)
        except (AccordError, OSError) as error:
            warn(
                self.window, "New Project", f"Accord could not create the project “{path}”: {error}"
            )
            return
        self.set_project(project)

    # -- documents ---------------------------------------------------------------------------

    def _keep_quietly(self, pane: DocumentPane) -> None:
        if self.documents is not None:
            self.documents.keep(pane, quietly=True)

    def _on_pane_text_ready(self, pane: DocumentPane) -> None:
        if self.project is None:
            self._create_pending()
        elif self.launch.keeps_documents:
            self.launch.keep_documents()
        else:
            self.documents.keep(pane, quietly=False)

    # -- reviewer ----------------------------------------------------------------------------

    def set_reviewer_name(self, name: str) -> None:
        """Record edits under ``name`` from now on (kept for the next launch)."""
        self.reviewer.remember(name)
        if self.bridge is not None:
            try:
                self.bridge.set_reviewer(name)
            except AccordError as error:
                warn(self.window, "Preferences", str(error))

    # -- panels ------------------------------------------------------------------------------

    @property
    def docks(self) -> list[QDockWidget]:
        return self.panels.docks if self.panels else []

    @property
    def codebook_dock(self) -> CodebookDock | None:
        return self.panels.codebook if self.panels else None

    @property
    def note_dock(self) -> NoteDock | None:
        return self.panels.note if self.panels else None

    @property
    def list_dock(self) -> AnnotationListDock | None:
        return self.panels.listing if self.panels else None

    @property
    def documents_dock(self) -> DocumentsDock | None:
        return self.panels.documents if self.panels else None

    # -- file dialogs ------------------------------------------------------------------------

    def start_folder(self) -> Path:
        """Where a file dialog opens (``RecentProjects.start_folder``)."""
        return self.recent.start_folder(self.project.path if self.project else None)

    def remember_folder(self, chosen: Path) -> None:
        self.recent.remember_folder(chosen)

    # -- import / export ---------------------------------------------------------------------

    def import_file(self) -> None:
        from desktop.ui.interop_dialogs import run_import

        run_import(self)

    def export_project(self) -> None:
        from desktop.ui.interop_dialogs import run_export

        run_export(self)

    # -- hand out and bring back work ---------------------------------------------------------

    def send_to_reviewer(self) -> None:
        from desktop.ui.branch_dialogs import send_to_reviewer

        send_to_reviewer(self)

    def merge_reviewer_work(self) -> None:
        from desktop.ui.branch_dialogs import merge_reviewer_work

        merge_reviewer_work(self)

    def settle_conflicts(self) -> None:
        from desktop.ui.branch_dialogs import settle_conflicts

        settle_conflicts(self)

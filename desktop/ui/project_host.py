"""The open project of a window: opening, creating and recovering project files, the session
that edits it, and the panels that show it.

A window always reads; it annotates once a project is open. On first launch no project exists
yet: the bundled documents are shown at once and the project is made as soon as the panes
have read them (their bytes, fingerprints and text are exactly what the project needs), so
nothing waits on a second document reader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from desktop.app.launching import LaunchPlan, remember_shown, shown_documents
from desktop.bundled import bundled_pair
from desktop.core.errors import AccordError
from desktop.ui.background_jobs import BackgroundJobs
from desktop.ui.plain_text import inform, warn
from desktop.ui.recent_projects import RecentProjects
from desktop.ui.reviewer_dialog import ReviewerDialog

if TYPE_CHECKING:
    from desktop.core.changes import ChangeSet
    from desktop.core.model import DocumentId
    from desktop.store import Project
    from desktop.ui.annotation_list import AnnotationListDock
    from desktop.ui.annotator import Annotator
    from desktop.ui.codebook_panel import CodebookDock
    from desktop.ui.documents_panel import DocumentsDock
    from desktop.ui.editor_bridge import EditorBridge
    from desktop.ui.main_window import MainWindow
    from desktop.ui.note_panel import NoteDock
    from desktop.ui.pane import DocumentPane
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
        self._pending_reveal: tuple[DocumentPane, str] | None = None
        """An annotation to show once its document, being opened in that pane, is read."""
        self._pending_path: Path | None = None
        self._launch_documents: list[DocumentPane] = []
        """The panes whose documents a project made at launch still waits for, to keep them
        in the panes' order (left first) and without a message for each."""
        self._dock_state: QByteArray | None = None
        self.recent = RecentProjects(settings)
        self.jobs = BackgroundJobs(window, say=window.statusBar().showMessage)
        """Exports and imports running in the background."""
        self._unpainted = set(window.panes)
        self._after_paint: list[Callable[[], None]] = []
        for pane in window.panes:
            pane.view.text_ready.connect(lambda pane=pane: self._on_pane_text_ready(pane))
            pane.ready.connect(lambda pane=pane: self._on_pane_ready(pane))

    # -- launch ------------------------------------------------------------------------------

    def follow(self, plan: LaunchPlan) -> None:
        """Take over what the launcher decided, before the window shows: the project is opened
        (or made) and its panels put in place now, so the first frame a user sees is the
        window's final layout (panels that arrived later would squeeze the panes, which would
        zoom again). The panes open their documents where the reader left them. Only a
        project that cannot be opened waits for both panes' first page, to be explained over
        a window that already reads."""
        for pane, shown in zip(self.window.panes, plan.positions, strict=False):
            pane.resume_at(shown)
        if plan.project is not None:
            self.set_project(plan.project)  # type: ignore[arg-type]
        elif isinstance(plan.error, AccordError):
            error, path = plan.error, plan.project_path
            self._when_painted(lambda: self._recover(path, error))
        elif plan.project_path.exists():
            self._open_at_launch(plan.project_path)
        else:
            self._make_at_launch(plan.project_path)

    def _when_painted(self, step: Callable[[], None]) -> None:
        if self._unpainted:
            self._after_paint.append(step)
        else:
            step()

    def _on_pane_ready(self, pane: DocumentPane) -> None:
        self._unpainted.discard(pane)
        if self._launch_documents and pane.shows_message:
            self._keep_launch_documents()  # the other pane's document need not wait for it
        if not self._unpainted:
            QTimer.singleShot(0, self._run_after_paint)  # once the frame is on screen

    def _run_after_paint(self) -> None:
        steps, self._after_paint = self._after_paint, []
        for step in steps:
            step()

    def _open_at_launch(self, path: Path) -> None:
        """Open the project whose documents the panes are opening."""
        from desktop.store import open_project

        try:
            project = open_project(path)
        except AccordError as error:
            self._when_painted(lambda error=error: self._recover(path, error))
            return
        self.set_project(project)

    def _make_at_launch(self, path: Path) -> None:
        """Make the project of a first launch at once, with the default codebook and no
        documents yet: the panes' documents are kept in it as the panes finish reading them
        (their bytes, fingerprints and text are exactly what the project needs)."""
        from desktop.app.projects import create_default_project

        try:
            project = create_default_project(path, [])
        except (AccordError, OSError) as error:
            self._when_painted(
                lambda error=error: warn(
                    self.window,
                    "New Project",
                    f"Accord could not create the project “{path}”: {error}",
                )
            )
            return
        self.set_project(project)
        self._launch_documents = list(self.window.panes)

    # -- project life ------------------------------------------------------------------------

    def set_project(self, project: Project) -> None:
        from desktop.ui.annotator import Annotator
        from desktop.ui.editor_bridge import EditorBridge

        self.close_project()
        self.project = project
        self.bridge = EditorBridge(project=project, ask_reviewer=self.reviewer_name, parent=self)
        self.annotator = Annotator(self.bridge, self.window.panes, parent=self)
        self._install_panels()
        self.recent.remember(project.path)
        for pane in self.window.panes:
            if pane.view.text_layer is not None and pane.view.text_layer.is_complete:
                self._on_pane_text_ready(pane)
        self.project_changed.emit()

    def close_project(self) -> None:
        if self.project is None:
            return
        self.save_pending_edits()
        self._remember_shown()
        self._launch_documents = []
        self.jobs.stop_all()  # an export or import in flight stops, leaving nothing
        if self.bridge is not None:  # once the jobs let go of the file, while panels still show
            self._save_waiting_edits(self.bridge)
        if self.panels is not None:
            self._dock_state = self.panels.remove()  # the next project's panels go there
            self.panels = None
        self._pending_reveal = None
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
            self._recover(path, error)
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

    def _recover(self, path: Path, error: AccordError) -> None:
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
            or self._unpainted
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

    def _on_pane_text_ready(self, pane: DocumentPane) -> None:
        if self.project is None:
            self._create_pending()
        elif self._launch_documents:
            self._keep_launch_documents()
        else:
            self._keep_document(pane, quietly=False)

    def _keep_launch_documents(self) -> None:
        """Keep the documents of a project made at launch in the panes' order, each once it
        has been read and those before it are kept (a pane that could not open its file is
        passed over)."""
        while self._launch_documents:
            pane = self._launch_documents[0]
            layer = pane.view.text_layer
            if not pane.shows_message and (layer is None or not layer.is_complete):
                return
            self._launch_documents.pop(0)
            if not pane.shows_message:
                self._keep_document(pane, quietly=True)

    def _keep_document(self, pane: DocumentPane, *, quietly: bool) -> None:
        """Keep the pane's document in the project (saying so unless ``quietly``), or place
        its annotations again when its text has changed; then let the pane annotate."""
        from desktop.core.model import DocumentId

        info, layer = pane.view.document, pane.view.text_layer
        if info is None or layer is None or self.annotator is None or self.bridge is None:
            return
        stored = self.project.documents.get(info.fingerprint)
        if stored is None:  # a write like an edit's: it may wait for the project to be free
            self.bridge.when_free(lambda: self._add_document(pane, quietly=quietly))
        elif stored.text_sha256 != layer.sha256():
            try:
                self._reanchor(DocumentId(info.fingerprint), pane)
            except AccordError as error:
                warn(self.window, "Document", str(error))
        self.annotator.attach(pane)
        self._remember_shown()
        self._show_panes_documents()
        if self._pending_reveal is not None and self._pending_reveal[0] is pane:
            annotation_id = self._pending_reveal[1]
            self._pending_reveal = None
            self.annotator.reveal(annotation_id)

    def _add_document(self, pane: DocumentPane, *, quietly: bool) -> None:
        """Keep the document the pane shows in the project, so it can be annotated (and say
        so, unless ``quietly``)."""
        from desktop.app.workspace import add_document
        from desktop.core.changes import ChangeSet, Entity, changes

        info, layer = pane.view.document, pane.view.text_layer
        if info is None or layer is None or self.project is None or self.bridge is None:
            return  # the pane or the project changed while the project was busy
        add_document(
            self.project,
            Path(info.path),
            fingerprint=info.fingerprint,
            title=info.title,
            kind=info.kind,
            page_count=len(info.page_sizes),
            text_sha256=layer.sha256(),
        )
        if not quietly:
            self.window.statusBar().showMessage(
                f"Added “{info.title}” to the project, so it can be annotated.", 8000
            )
        self.bridge.announce(
            ChangeSet(changes(Entity.DOCUMENT, created=[info.fingerprint]), "Add document")
        )
        if self.annotator is not None:
            self.annotator.attach(pane)

    def open_document(self, document_id: str, side: str, *, reveal: str | None = None) -> None:
        """Show a document of the project in the ``left`` or ``right`` pane (``""``: the
        active one), and then the annotation ``reveal``, if given."""
        from desktop.app.workspace import document_file

        if self.project is None or self.annotator is None:
            return
        stored = self.project.documents.get(document_id)
        if stored is None:
            return
        panes = {pane.side: pane for pane in self.window.panes}
        pane = panes.get(side, self.window.active_pane)
        self.window.active_pane = pane
        if pane.view.document is not None and pane.view.document.fingerprint == document_id:
            if reveal is not None:
                self.annotator.reveal(reveal)
            return
        try:
            path = document_file(self.project, stored)
        except (AccordError, OSError) as error:
            warn(self.window, "Open Document", f"Accord could not open “{stored.title}”: {error}")
            return
        self._pending_reveal = None if reveal is None else (pane, reveal)
        pane.open_file(path)

    def _replace_removed_documents(self, change_set: ChangeSet) -> None:
        """A pane showing a document just removed from the project shows another of its
        documents instead (left on screen, it would be added back at the next launch)."""
        from desktop.core.changes import Action, Entity

        removed = change_set.ids(Entity.DOCUMENT, Action.DELETED)
        if not removed or self.project is None:
            return
        for pane in self.window.panes:
            if pane.view.document is None or pane.view.document.fingerprint not in removed:
                continue
            shown = {p.view.document.fingerprint for p in self.window.panes if p.view.document}
            spare = next((d for d in self.project.documents.all() if d.id not in shown), None)
            if spare is not None:
                self.open_document(spare.id, pane.side)

    def _show_panes_documents(self) -> None:
        if self.documents_dock is not None:
            self.documents_dock.set_shown(
                {p.view.document.fingerprint: p.side for p in self.window.panes if p.view.document}
            )

    def _open_for_annotation(self, annotation_id: str) -> None:
        """An annotation whose document neither pane shows: offer to open it."""
        from desktop.ui.documents_panel import ask_side

        annotation = self.project and self.project.annotations.get(annotation_id)
        stored = annotation and self.project.documents.get(annotation.document_id)
        if stored:
            side = ask_side(self.window, stored.title)
            if side is not None:
                self.open_document(stored.id, side, reveal=annotation_id)

    def _open_annotations_document(self, annotation_id: str, side: str) -> None:
        annotation = self.project and self.project.annotations.get(annotation_id)
        if annotation:
            self.open_document(annotation.document_id, side, reveal=annotation_id)

    def _remember_shown(self) -> None:
        """Record the documents on screen and where each pane is in them, for the next
        launch of this project."""
        if self.project is not None:
            shown = [pane.shown_document() for pane in self.window.panes]
            remember_shown(self.project.path, [d for d in shown if d is not None])

    def _reanchor(self, document_id: DocumentId, pane: DocumentPane) -> None:
        from desktop.app.reanchoring import reanchor_document

        assert self.project is not None and pane.view.text_layer is not None
        result = reanchor_document(self.project, document_id, pane.view.text_layer)
        if result.orphans:
            inform(
                self.window,
                "Annotations Not Placed",
                f"The text of “{pane.title_label.text()}” differs from the one its annotations "
                f"were made on. {len(result.moved)} were placed again; {len(result.orphans)} "
                "could not be placed and are kept unchanged:\n\n"
                + "\n".join(
                    f"• “{a.anchor.exact[:60]}”: {reason}" for a, reason in result.orphans[:10]
                ),
            )

    # -- reviewer ----------------------------------------------------------------------------

    def reviewer_name(self) -> str | None:
        """The name edits are recorded under: asked the first time (prefilled with the
        account's name) and remembered."""
        from desktop.app.terminal import default_reviewer

        name = self.settings.value("reviewer/name")
        if name:
            return str(name)
        name = ReviewerDialog.ask(self.window, current=default_reviewer())
        if name:
            self.settings.setValue("reviewer/name", name)
            self.settings.sync()
        return name

    def reviewer_name_or_default(self) -> str:
        """The name edits are recorded under, else the account's (to offer in Preferences)."""
        from desktop.app.terminal import default_reviewer

        return str(self.settings.value("reviewer/name") or default_reviewer())

    def set_reviewer_name(self, name: str) -> None:
        """Record edits under ``name`` from now on (kept for the next launch)."""
        self.settings.setValue("reviewer/name", name)
        self.settings.sync()
        if self.bridge is not None:
            try:
                self.bridge.set_reviewer(name)
            except AccordError as error:
                warn(self.window, "Preferences", str(error))

    # -- panels ------------------------------------------------------------------------------

    def _install_panels(self) -> None:
        from desktop.ui.documents_panel import offer_open_in_panes
        from desktop.ui.project_panels import ProjectPanels

        assert self.bridge is not None and self.annotator is not None
        self.panels = ProjectPanels(
            self.window,
            self.bridge,
            self.annotator,
            settings=self.settings,
            earlier=self._dock_state,
        )
        self.panels.painted.connect(self.panels_painted)
        self.panels.documents.open_requested.connect(self.open_document)
        self.bridge.changed.connect(self._replace_removed_documents)
        self._show_panes_documents()
        offer_open_in_panes(
            self.panels.listing.view,
            self.panels.listing.model.annotation_id,
            self._open_annotations_document,
        )
        self.annotator.document_wanted.connect(self._open_for_annotation)

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

"""The reader window: two document panes side by side, the project's panels, the menus, and
the remembered layout. Project life (open, create, recover) is in ``ProjectHost``; the
commands, menus and toolbar are declared in ``actions`` and built by ``WindowActions``;
which pane a command acts on is ``PaneFocus``'s; the Annotate commands are
``AnnotateCommands``'; turning them into edits is ``Annotator``'s."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from desktop import __version__
from desktop.core.changes import Entity
from desktop.ui import shortcuts
from desktop.ui.actions import Facts, Reach
from desktop.ui.annotate_commands import AnnotateCommands
from desktop.ui.document_service import DocumentService
from desktop.ui.link_commands import LinkCommands
from desktop.ui.link_gutter import GUTTER_WIDTH, LinkSplitter
from desktop.ui.pane import DocumentPane
from desktop.ui.pane_focus import PaneFocus
from desktop.ui.plain_text import literal_ampersands
from desktop.ui.project_host import ProjectHost
from desktop.ui.review_commands import ReviewCommands
from desktop.ui.reviewer_layers_menu import fill_reviewers_menu
from desktop.ui.window_actions import WindowActions

BUSY_MESSAGE = (
    "The project is busy: another program is writing to it. Your edits wait and are "
    "saved as soon as it is free."
)


class MainWindow(QMainWindow):
    """Menus act on the active pane: the one that last had the keyboard focus."""

    def __init__(self, service: DocumentService, settings: QSettings) -> None:
        super().__init__()
        self.setWindowTitle("Accord")
        self._settings = settings
        self.left = DocumentPane(service, "left")
        self.right = DocumentPane(service, "right")
        self.splitter = LinkSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("readerSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(GUTTER_WIDTH)
        self.setCentralWidget(self.splitter)
        self.focus = PaneFocus(self.panes, self)
        self.host = ProjectHost(self, settings)
        self.links = LinkCommands(self)
        self.review = ReviewCommands(self)
        self.annotate = AnnotateCommands(
            self.host, self.focus, parent=self, say=self.statusBar().showMessage
        )
        self.commands = WindowActions(
            self, run=self, facts=self.facts, reading_keys_in=self.splitter
        )
        self.actions_by_id = self.commands.by_id
        shortcuts.apply(self.actions_by_id, shortcuts.current(settings))
        self.panels_menu = self.commands.submenus["panels"]
        self.recent_menu = self.commands.submenus["recent"]
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.reviewers_menu = self.commands.submenus["reviewers"]
        self.reviewers_menu.aboutToShow.connect(
            lambda: fill_reviewers_menu(
                self.reviewers_menu, self.host.annotator, self.host.reviewer.kept()
            )
        )
        for pane in self.panes:
            pane.view.selection_changed.connect(self._on_pane_selection_changed)
            pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            pane.view.customContextMenuRequested.connect(
                lambda point, pane=pane: self._show_page_menu(pane, point)
            )
        self.statusBar()
        self._restore_layout()
        self.host.project_changed.connect(self._on_host_project_changed)
        self._on_host_project_changed()

    @property
    def panes(self) -> tuple[DocumentPane, DocumentPane]:
        return (self.left, self.right)

    @property
    def active_pane(self) -> DocumentPane:
        return self.focus.active

    @active_pane.setter
    def active_pane(self, pane: DocumentPane) -> None:
        self.focus.active = pane

    # -- commands ----------------------------------------------------------------------------

    def facts(self, with_pins: bool = False) -> Facts:
        """What the commands' states and texts depend on, now (the pins ``with_pins``)."""
        bridge, annotator = self.host.bridge, self.host.annotator
        last = None
        if annotator is not None and annotator.last_code:
            last = annotator.codebook.get(annotator.last_code)
        pinned = None
        if with_pins:
            pinned = {}
            for key, code_id in (annotator.pins if annotator is not None else {}).items():
                code = annotator.codebook.get(code_id) if annotator is not None else None
                if code is not None:
                    pinned[key] = code.name
        return Facts(
            project_open=annotator is not None,
            selection=self.active_pane.view.selection is not None,
            current=annotator is not None and annotator.current is not None,
            can_undo=bool(bridge and bridge.can_undo),
            can_redo=bool(bridge and bridge.can_redo),
            undo_text=bridge.undo_text if bridge else "Undo",
            redo_text=bridge.redo_text if bridge else "Redo",
            last_code=last.name if last else None,
            pinned=pinned,
            can_link=self.links.can_link(),
            in_step=self.links.in_step,
            session_running=self.review.running() is not None,
        )

    def edit_preferences(self) -> None:
        """The name recorded on edits and the keyboard shortcuts (both kept in the settings)."""
        from desktop.ui.preferences_dialog import PreferencesDialog

        answer = PreferencesDialog.ask(
            self,
            name=self.host.reviewer.or_account(),
            assignment=shortcuts.current(self._settings),
        )
        if answer is None:
            return
        name, keys = answer
        shortcuts.save(self._settings, keys)
        shortcuts.apply(self.actions_by_id, keys)
        self.host.set_reviewer_name(name)

    def find_again(self, *, forward: bool) -> None:
        bar = self.active_pane.find_bar
        if not bar.isVisible():
            bar.open_bar()
        elif forward:
            bar.find_next()
        else:
            bar.find_previous()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Accord",
            f"<b>Accord {__version__}</b><p>Read a signed agreement beside the news about it, "
            "highlight its clauses and code them to thematic areas and instruments.</p>",
        )

    def _show_page_menu(self, pane: DocumentPane, point: QPoint) -> None:
        view = pane.view
        clicked = view.highlight_at(point.toPointF())
        annotator = self.host.annotator
        if clicked and annotator is not None and view.selection is None:
            annotator.set_current(clicked, pane)
        self.active_pane = pane
        menu = self.commands.page_menu(view)
        menu.exec(view.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.host.recent.paths()
        for path in recent:
            action = self.recent_menu.addAction(literal_ampersands(str(path)))
            action.triggered.connect(lambda _=False, p=path: self.host.open_project(p))
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def _on_host_project_changed(self) -> None:
        project = self.host.project
        self.setWindowTitle(f"{project.path.stem} — Accord" if project else "Accord")
        self.panels_menu.clear()
        for dock in self.host.docks:
            self.panels_menu.addAction(dock.toggleViewAction())
        if self.host.list_dock is not None:
            self.host.list_dock.addActions(self.commands.reaching(Reach.READING))
        if self.host.codebook_dock is not None:
            self.host.codebook_dock.code_activated.connect(self.annotate.apply_code)
        bridge = self.host.bridge
        if bridge is not None:
            bridge.history_changed.connect(self.commands.show)
            # A change to the codes may change the pins: the keys' states are read again.
            bridge.changed.connect(
                lambda changes: self.commands.show(with_pins=changes.touches(Entity.CODE))
            )
            bridge.failed.connect(self._on_bridge_failed)
            bridge.busy_changed.connect(self._on_bridge_busy_changed)
        annotator = self.host.annotator
        if annotator is not None:
            annotator.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            annotator.current_changed.connect(lambda _id: self.commands.show())
            annotator.last_code_changed.connect(lambda _id: self.commands.show())
        self.commands.show()

    def _on_bridge_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        QApplication.beep()

    def _on_bridge_busy_changed(self, busy: bool) -> None:
        """Said until the edits are saved; a refusal said meanwhile is not covered up."""
        bar = self.statusBar()
        if busy:
            bar.showMessage(BUSY_MESSAGE)
        elif bar.currentMessage() == BUSY_MESSAGE:
            bar.showMessage("The project is free again; the edits that waited were saved.", 8000)

    def _on_pane_selection_changed(self) -> None:
        pane = self.sender().parent()
        while pane is not None and not isinstance(pane, DocumentPane):
            pane = pane.parent()
        if pane is None:
            return
        self.commands.show()
        text = pane.view.selected_text()
        if text:
            where = pane.title_label.text()
            self.statusBar().showMessage(f"{len(text)} characters selected in {where}")
        else:
            self.statusBar().clearMessage()

    # -- remembered layout -------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = self._settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self._settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("window/splitter", self.splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.host.save_pending_edits()
        self.save_layout()
        self.host.close_project()
        super().closeEvent(event)

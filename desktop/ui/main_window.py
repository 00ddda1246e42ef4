"""The reader window: two document panes side by side, the project's panels, the menus, and
the remembered layout. Project life (open, create, recover) is in ``ProjectHost``; turning
keys and clicks into annotation commands is in ``Annotator``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QWidget,
)

from desktop import __version__
from desktop.ui import shortcuts
from desktop.ui.actions import ANNOTATION_KEYS, make_actions
from desktop.ui.document_service import DocumentService
from desktop.ui.pane import DocumentPane
from desktop.ui.plain_text import literal_ampersands, set_action_text
from desktop.ui.project_host import ProjectHost

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
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("readerSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.active_pane = self.left
        self.actions_by_id = make_actions(self)
        shortcuts.apply(self.actions_by_id, shortcuts.current(settings))
        self.host = ProjectHost(self, settings)
        self._build_menus()
        self._build_toolbar()
        self._connect_actions()
        for pane in (self.left, self.right):
            pane.view.selection_changed.connect(self._on_pane_selection_changed)
            pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            pane.view.customContextMenuRequested.connect(
                lambda point, pane=pane: self._show_page_menu(pane, point)
            )
        QApplication.instance().focusChanged.connect(self._on_app_focus_changed)
        self.statusBar()
        self._restore_layout()
        self.host.project_changed.connect(self._on_host_project_changed)
        self._on_host_project_changed()

    @property
    def panes(self) -> tuple[DocumentPane, DocumentPane]:
        return (self.left, self.right)

    def open_pair(self, left: Path, right: Path) -> None:
        self.left.open_file(left)
        self.right.open_file(right)

    # -- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.actions_by_id
        menus = {
            "&File": [
                "new_project",
                "open_project",
                "recent",
                "save_copy",
                None,
                "open_left",
                "open_right",
                None,
                "import",
                "export",
                None,
                "preferences",
                None,
                "quit",
            ],
            "&Edit": [
                "undo",
                "redo",
                None,
                "copy",
                "select_all",
                None,
                "find",
                "find_next",
                "find_previous",
            ],
            "&Annotate": [
                "highlight",
                "tag",
                "tag_last",
                "pinned",
                "note",
                None,
                "end_later",
                "end_earlier",
                "start_earlier",
                "start_later",
                None,
                "delete_annotation",
            ],
            "&View": ["zoom_in", "zoom_out", "zoom_reset", "fit_width", None, "panels"],
            "&Help": ["about"],
        }
        self.menus: dict[str, QMenu] = {}
        for title, ids in menus.items():
            menu = self.menuBar().addMenu(title)
            self.menus[title.replace("&", "")] = menu
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                elif action_id == "recent":
                    self.recent_menu = menu.addMenu("Open &Recent")
                    self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
                elif action_id == "pinned":
                    self.pinned_menu = menu.addMenu("Tag with &Pinned Code")
                    self.pinned_menu.aboutToShow.connect(self._fill_pinned_menu)
                    for key in range(1, 10):
                        self.pinned_menu.addAction(a[f"pin_{key}"])
                elif action_id == "panels":
                    self.panels_menu = menu.addMenu("&Panels")
                else:
                    menu.addAction(a[action_id])
        for action_id in ANNOTATION_KEYS:
            # Held by the panes (and the list) alone: held by the window too, Del would
            # delete the highlight while the keyboard is in the codebook's tree.
            self.removeAction(a[action_id])
            a[action_id].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.splitter.addAction(a[action_id])

    def _build_toolbar(self) -> None:
        bar = QToolBar("Annotate")
        bar.setObjectName("annotateToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action_id in ("undo", "redo", None, "highlight", "tag", "note", "delete_annotation"):
            if action_id is None:
                bar.addSeparator()
            else:
                bar.addAction(self.actions_by_id[action_id])
        # The buttons keep their names while the menu names the step ("Undo Tag …", also the
        # button's tooltip): a label growing and shrinking with each edit moved every button.
        self.actions_by_id["undo"].setIconText("Undo")
        self.actions_by_id["redo"].setIconText("Redo")
        self.addToolBar(bar)

    def _connect_actions(self) -> None:
        a = self.actions_by_id
        a["open_left"].triggered.connect(self.left.choose_file)
        a["open_right"].triggered.connect(self.right.choose_file)
        a["quit"].triggered.connect(self.close)
        a["copy"].triggered.connect(lambda: self.active_pane.view.copy_selection())
        a["select_all"].triggered.connect(lambda: self.active_pane.view.select_all())
        a["find"].triggered.connect(lambda: self.active_pane.find_bar.open_bar())
        a["find_next"].triggered.connect(self._find_next)
        a["find_previous"].triggered.connect(self._find_previous)
        a["zoom_in"].triggered.connect(lambda: self.active_pane.view.zoom_in())
        a["zoom_out"].triggered.connect(lambda: self.active_pane.view.zoom_out())
        a["zoom_reset"].triggered.connect(lambda: self.active_pane.view.reset_zoom())
        a["fit_width"].triggered.connect(lambda: self.active_pane.view.fit_to_width())
        a["about"].triggered.connect(self._show_about)
        host = self.host
        a["new_project"].triggered.connect(host.choose_new_project)
        a["open_project"].triggered.connect(host.choose_project)
        a["save_copy"].triggered.connect(host.save_copy)
        a["preferences"].triggered.connect(host.edit_preferences)
        a["import"].triggered.connect(host.import_file)
        a["export"].triggered.connect(host.export_project)
        a["undo"].triggered.connect(lambda: host.bridge and host.bridge.undo())
        a["redo"].triggered.connect(lambda: host.bridge and host.bridge.redo())
        a["highlight"].triggered.connect(lambda: self._annotate("highlight"))
        a["tag"].triggered.connect(lambda: self._annotate("pick_code"))
        a["tag_last"].triggered.connect(lambda: self._annotate("apply_last"))
        a["note"].triggered.connect(host.edit_note)
        a["delete_annotation"].triggered.connect(
            lambda: host.annotator and host.annotator.delete_current()
        )
        for action_id, which, forward in (
            ("end_later", "end", True),
            ("end_earlier", "end", False),
            ("start_earlier", "start", False),
            ("start_later", "start", True),
        ):
            a[action_id].triggered.connect(
                lambda _=False, w=which, f=forward: (
                    host.annotator and host.annotator.nudge(which=w, forward=f)
                )
            )
        for key in range(1, 10):
            a[f"pin_{key}"].triggered.connect(lambda _=False, k=key: self._annotate("pin", k))

    def _annotate(self, what: str, key: int = 0) -> None:
        """Run an annotation action on the active pane (or the current highlight's pane)."""
        annotator = self.host.annotator
        if annotator is None:
            self.statusBar().showMessage("Open a project to annotate.", 6000)
            return
        pane = self.active_pane
        if pane.view.selection is None and annotator.current_pane is not None:
            pane = annotator.current_pane
        if what == "highlight":
            annotator.highlight(pane)
        elif what == "apply_last":
            annotator.apply_last(pane)
        elif what == "pin":
            annotator.apply_pinned(pane, key)
        elif what == "pick_code":
            self.host.pick_code(pane)

    def _show_page_menu(self, pane: DocumentPane, point: QPoint) -> None:
        view = pane.view
        clicked = view.highlight_at(point.toPointF())
        annotator = self.host.annotator
        if clicked and annotator is not None and view.selection is None:
            annotator.set_current(clicked, pane)
        self.active_pane = pane
        a = self.actions_by_id
        menu = QMenu(view)
        menu.addAction(a["highlight"])
        menu.addAction(a["tag"])
        menu.addAction(a["tag_last"])
        menu.addMenu(self.pinned_menu)
        menu.addAction(a["note"])
        menu.addSeparator()
        menu.addAction(a["copy"])
        menu.addSeparator()
        menu.addAction(a["delete_annotation"])
        self._update_annotation_actions()
        self._fill_pinned_menu()
        menu.exec(view.viewport().mapToGlobal(point))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.host.recent_projects()
        for path in recent:
            action = self.recent_menu.addAction(literal_ampersands(str(path)))
            action.triggered.connect(lambda _=False, p=path: self.host.open_project(p))
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def _fill_pinned_menu(self) -> None:
        annotator = self.host.annotator
        pins = annotator.pins if annotator is not None else {}
        for key in range(1, 10):
            action = self.actions_by_id[f"pin_{key}"]
            code = annotator.codebook.get(pins[key]) if annotator and key in pins else None
            set_action_text(action, code.name if code else f"Key {key}: no code pinned")
            action.setEnabled(code is not None)

    def _update_annotation_actions(self) -> None:
        annotator = self.host.annotator
        has_project = annotator is not None
        selected = self.active_pane.view.selection is not None
        current = has_project and annotator.current is not None
        a = self.actions_by_id
        a["highlight"].setEnabled(has_project and selected)
        for action_id in ("tag", "tag_last"):
            a[action_id].setEnabled(has_project and (selected or current))
        for action_id in (
            "note",
            "delete_annotation",
            "end_later",
            "end_earlier",
            "start_earlier",
            "start_later",
        ):
            a[action_id].setEnabled(bool(current))
        last = (
            annotator.codebook.get(annotator.last_code)
            if (annotator and annotator.last_code)
            else None
        )
        a["tag_last"].setText(
            f"Tag with &Last Code ({literal_ampersands(last.name)})"
            if last
            else "Tag with &Last Code"
        )

    def _update_history_actions(self) -> None:
        bridge = self.host.bridge
        a = self.actions_by_id
        a["undo"].setEnabled(bool(bridge and bridge.can_undo))
        a["redo"].setEnabled(bool(bridge and bridge.can_redo))
        set_action_text(a["undo"], bridge.undo_text if bridge else "Undo")
        set_action_text(a["redo"], bridge.redo_text if bridge else "Redo")

    def _on_host_project_changed(self) -> None:
        project = self.host.project
        self.setWindowTitle(f"{project.path.stem} — Accord" if project else "Accord")
        for action_id in ("save_copy", "import", "export"):
            self.actions_by_id[action_id].setEnabled(project is not None)
        self.panels_menu.clear()
        for dock in self.host.docks:
            self.panels_menu.addAction(dock.toggleViewAction())
        bridge = self.host.bridge
        if bridge is not None:
            bridge.history_changed.connect(self._update_history_actions)
            bridge.changed.connect(lambda _changes: self._update_annotation_actions())
            bridge.failed.connect(self._on_bridge_failed)
            bridge.busy_changed.connect(self._on_bridge_busy_changed)
        annotator = self.host.annotator
        if annotator is not None:
            annotator.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            annotator.current_changed.connect(lambda _id: self._update_annotation_actions())
        self._update_history_actions()
        self._update_annotation_actions()

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

    def _find_next(self) -> None:
        bar = self.active_pane.find_bar
        bar.find_next() if bar.isVisible() else bar.open_bar()

    def _find_previous(self) -> None:
        bar = self.active_pane.find_bar
        bar.find_previous() if bar.isVisible() else bar.open_bar()

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Accord",
            f"<b>Accord {__version__}</b><p>Read a signed agreement beside the news about it, "
            "highlight its clauses and code them to thematic areas and instruments.</p>",
        )

    # -- active pane -------------------------------------------------------------------------

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for pane in (self.left, self.right):
            if new is not None and pane.isAncestorOf(new):
                self.active_pane = pane

    def _on_pane_selection_changed(self) -> None:
        pane = self.sender().parent()
        while pane is not None and not isinstance(pane, DocumentPane):
            pane = pane.parent()
        if pane is None:
            return
        self._update_annotation_actions()
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

    def restore_dock_layout(self) -> None:
        """Put the project's panels where they were (they exist only once a project is open,
        after the window state was first restored)."""
        state = self._settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.host.save_pending_edits()
        self.save_layout()
        self.host.close_project()
        super().closeEvent(event)

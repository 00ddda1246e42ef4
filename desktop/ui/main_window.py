"""The reader window: two document panes side by side, the menus, and the remembered layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QSplitter, QWidget

from desktop import __version__
from desktop.ui.actions import make_actions
from desktop.ui.document_service import DocumentService
from desktop.ui.pane import DocumentPane


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
        self._build_menus()
        self._connect_actions()
        for pane in (self.left, self.right):
            pane.view.selection_changed.connect(self._on_pane_selection_changed)
        QApplication.instance().focusChanged.connect(self._on_app_focus_changed)
        self.statusBar()
        self._restore_layout()

    def open_pair(self, left: Path, right: Path) -> None:
        self.left.open_file(left)
        self.right.open_file(right)

    # -- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.actions_by_id
        menus = {
            "&File": ["open_left", "open_right", None, "quit"],
            "&Edit": ["copy", "select_all", None, "find", "find_next", "find_previous"],
            "&View": ["zoom_in", "zoom_out", "zoom_reset", "fit_width"],
            "&Help": ["about"],
        }
        for title, ids in menus.items():
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[action_id])

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
        self.save_layout()
        super().closeEvent(event)

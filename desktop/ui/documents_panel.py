"""The Documents panel: every document of the project with its pages and annotations, and the
way back to one that is not on screen.

Opening asks the window (``open_requested``), which owns the panes; renaming and removing are
commands run through the session (``desktop.app.project_documents``), so they undo like every
edit, and the panel refreshes from ChangeSets like every view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.app.project_documents import (
    RemoveDocument,
    RenameDocument,
    annotation_count,
    document_summaries,
)
from desktop.core.changes import Action, ChangeSet, Entity
from desktop.core.model import DocumentId
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.plain_text import message_box, tooltip

COLUMNS = ("Document", "Pages", "Annotations", "Shown")
_ID = Qt.ItemDataRole.UserRole
SIDES = {"left": "Left", "right": "Right"}


def confirm_removal(parent: QWidget, title: str, annotations: int) -> bool:
    """Ask before removing; the question says what goes with the document."""
    going = (
        "It has no annotations."
        if annotations == 0
        else f"Its {annotations:,} annotation{'s' if annotations != 1 else ''} will be removed "
        "with it."
    )
    box = message_box(
        parent,
        icon=QMessageBox.Icon.Question,
        title="Remove Document",
        text=f"Remove “{title}” from the project?",
        informative=f"{going} Edit > Undo brings everything back.",
    )
    box.setStandardButtons(QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_side(parent: QWidget, title: str) -> str | None:
    """Which pane to open a document in, for an annotation on it: ``left``, ``right`` or
    None (cancelled)."""
    box = message_box(
        parent,
        icon=QMessageBox.Icon.Question,
        title="Open Document",
        text=f"“{title}” is not open in either pane. Open it to show the annotation?",
    )
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    buttons = {
        box.addButton(f"Open in {name} Pane", QMessageBox.ButtonRole.AcceptRole): side
        for side, name in SIDES.items()
    }
    box.exec()
    return buttons.get(box.clickedButton())


def offer_open_in_panes(
    view: QAbstractItemView,
    annotation_in_row: Callable[[int], str],
    open_in: Callable[[str, str], None],
) -> None:
    """A context menu on a list of annotations that opens the document of the one clicked in
    the left or right pane, at that annotation."""

    def show_menu(point: QPoint) -> None:
        index = view.indexAt(point)
        if not index.isValid():
            return
        annotation_id = annotation_in_row(index.row())
        menu = QMenu(view)
        for side, name in SIDES.items():
            menu.addAction(
                f"Open Its Document in {name} Pane", lambda side=side: open_in(annotation_id, side)
            )
        menu.exec(view.viewport().mapToGlobal(point))

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(show_menu)


def ask_title(parent: QWidget, current: str) -> str | None:
    title, accepted = QInputDialog.getText(parent, "Rename Document", "Title:", text=current)
    return title if accepted else None


class DocumentsDock(QDockWidget):
    open_requested = Signal(str, str)
    """A document id and ``left`` or ``right`` (``""``: the active pane)."""

    def __init__(self, bridge: EditorBridge, parent: QWidget | None = None) -> None:
        super().__init__("Documents", parent)
        self.setObjectName("documentsPanel")
        self.bridge = bridge
        self._shown: dict[str, str] = {}
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.actions_by_id = self._make_actions()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(4, 4, 4, 4)
        for action_id in ("open_left", "open_right", "rename", "remove"):
            button = QPushButton(self.actions_by_id[action_id].text().replace("&", ""))
            button.clicked.connect(self.actions_by_id[action_id].trigger)
            self.actions_by_id[action_id].enabledChanged.connect(button.setEnabled)
            buttons.addWidget(button)
        buttons.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)
        self.setFocusProxy(self.tree)
        self.tree.itemActivated.connect(lambda item, _column: self._open(""))
        self.tree.currentItemChanged.connect(lambda *_: self._update_actions())
        self.tree.customContextMenuRequested.connect(self._show_menu)
        bridge.changed.connect(self._on_bridge_changed)
        self.visibilityChanged.connect(self._on_visibility_changed)
        self._stale = False
        self._counts: dict[str, int] = {}
        self.reload()

    # -- what it shows -----------------------------------------------------------------------

    def reload(self) -> None:
        """List the documents again, keeping the current one current."""
        self._stale = False
        current = self.current_document_id()
        self.tree.clear()
        summaries = document_summaries(self.bridge.project)
        self._counts = {s.document.id: s.annotations for s in summaries}
        for summary in summaries:
            document = summary.document
            item = QTreeWidgetItem(
                [
                    document.title,
                    f"{document.page_count:,}",
                    f"{summary.annotations:,}",
                    SIDES.get(self._shown.get(document.id, ""), ""),
                ]
            )
            item.setData(0, _ID, document.id)
            item.setToolTip(0, tooltip(f"{document.title}\n{document.file_name}"))
            for column in (1, 2):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.tree.addTopLevelItem(item)
            if document.id == current:
                self.tree.setCurrentItem(item)
        self._update_actions()

    def set_shown(self, shown: dict[str, str]) -> None:
        """Which documents the panes show: document id → ``left`` or ``right``."""
        self._shown = dict(shown)
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            item.setText(3, SIDES.get(self._shown.get(item.data(0, _ID), ""), ""))

    def current_document_id(self) -> DocumentId | None:
        item = self.tree.currentItem()
        return None if item is None else DocumentId(item.data(0, _ID))

    def select(self, document_id: str) -> None:
        for row in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(row).data(0, _ID) == document_id:
                self.tree.setCurrentItem(self.tree.topLevelItem(row))

    # -- actions -----------------------------------------------------------------------------

    def _make_actions(self) -> dict[str, QAction]:
        made = {}
        for action_id, text, key, slot in (
            ("open_left", "Open in &Left Pane", None, lambda: self._open("left")),
            ("open_right", "Open in &Right Pane", None, lambda: self._open("right")),
            ("rename", "Re&name…", QKeySequence(Qt.Key.Key_F2), self.rename_current),
            (
                "remove",
                "Re&move…",
                QKeySequence(QKeySequence.StandardKey.Delete),
                self.remove_current,
            ),
        ):
            action = QAction(text, self)
            if key is not None:
                action.setShortcut(key)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.tree.addAction(action)
            action.triggered.connect(slot)
            made[action_id] = action
        return made

    def _update_actions(self) -> None:
        chosen = self.current_document_id() is not None
        for action in self.actions_by_id.values():
            action.setEnabled(chosen)

    def _show_menu(self, point: QPoint) -> None:
        if self.tree.itemAt(point) is None:
            return
        menu = QMenu(self.tree)
        for action_id in ("open_left", "open_right", None, "rename", "remove"):
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions_by_id[action_id])
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def _open(self, side: str) -> None:
        document_id = self.current_document_id()
        if document_id is not None:
            self.open_requested.emit(document_id, side)

    def rename_current(self) -> None:
        document_id = self.current_document_id()
        stored = document_id and self.bridge.project.documents.get(document_id)
        if not stored:
            return
        title = ask_title(self, stored.title)
        if title is not None and title.strip() != stored.title:
            self.bridge.execute(RenameDocument(stored.id, title))

    def remove_current(self) -> None:
        document_id = self.current_document_id()
        stored = document_id and self.bridge.project.documents.get(document_id)
        if not stored:
            return
        if confirm_removal(self, stored.title, annotation_count(self.bridge.project, stored.id)):
            self.bridge.execute(RemoveDocument(stored.id))

    # -- changes -----------------------------------------------------------------------------

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        """Documents come, go and change names; the counts change when annotations come or
        go. A tag or a note leaves them as they are, and a new highlight adds one to its
        document's count, so neither costs the panel a count of every annotation (tens of
        milliseconds at 100,000); anything else recounts, at once if the panel is in view,
        else when it comes into view."""
        created = change_set.ids(Entity.ANNOTATION, Action.CREATED)
        if change_set.touches(Entity.DOCUMENT) or change_set.ids(Entity.ANNOTATION, Action.DELETED):
            self._stale = True
        elif created and not self._stale:
            self._count_new(created)
        if self._stale and self.isVisible():
            self.reload()

    def _count_new(self, annotation_ids: frozenset[str]) -> None:
        items = {
            self.tree.topLevelItem(row).data(0, _ID): self.tree.topLevelItem(row)
            for row in range(self.tree.topLevelItemCount())
        }
        for annotation_id in annotation_ids:
            annotation = self.bridge.project.annotations.get(annotation_id)
            item = annotation and items.get(annotation.document_id)
            if not item:
                self._stale = True
                continue
            self._counts[annotation.document_id] += 1
            item.setText(2, f"{self._counts[annotation.document_id]:,}")

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and self._stale:
            self.reload()

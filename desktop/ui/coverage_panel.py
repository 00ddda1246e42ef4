"""The Coverage panel: what became of each clause of the letter (the left pane's document) in
the article (the right pane's), from the links, and the share of the letter reported.

Worked out (``desktop.comparing``, imported on first use) only while its tab is the one
shown, and again after an edit that touches links or annotations; double-clicking a clause
scrolls the left pane to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import ChangeSet, Entity
from desktop.core.links import LinkType
from desktop.ui.link_gutter import LINK_COLOURS

if TYPE_CHECKING:
    from desktop.ui.editor_bridge import EditorBridge
    from desktop.ui.main_window import MainWindow

_FATE_COLOURS = {
    "reported": LINK_COLOURS[LinkType.REPORTS],
    "paraphrased": LINK_COLOURS[LinkType.PARAPHRASES],
    "changed": LINK_COLOURS[LinkType.CHANGES],
    "contradicted": LINK_COLOURS[LinkType.CONTRADICTS],
    "omitted": LINK_COLOURS[LinkType.OMITS],
}
"""A fate in the colour of the link type that gives it (not yet reviewed: the text's own)."""


class CoverageDock(QDockWidget):
    def __init__(self, bridge: EditorBridge, window: MainWindow) -> None:
        super().__init__("Coverage", window)
        self.setObjectName("coveragePanel")
        self._bridge = bridge
        self._window = window
        self._stale = True
        self._on_screen = False
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it quotes section headings
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Clause of the letter", "In the article"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 520)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)
        bridge.changed.connect(self._on_bridge_changed)
        self.visibilityChanged.connect(self._on_visibility_changed)

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        if any(
            change_set.touches(entity)
            for entity in (Entity.LINK, Entity.ANNOTATION, Entity.DOCUMENT)
        ):
            self._stale = True
            if self._on_screen:
                self.refresh()

    def _on_visibility_changed(self, visible: bool) -> None:
        self._on_screen = visible
        if visible and self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Work the coverage out again for the documents the panes show."""
        from desktop.comparing.gather import project_coverage

        self._stale = False
        self.tree.clear()
        project = self._bridge.project
        left, right = (pane.view for pane in self._window.panes)
        ids = [None if v.highlights is None else v.highlights.document_id for v in (left, right)]
        letter, article = (None if i is None else project.documents.get(i) for i in ids)
        layer = left.text_layer
        if letter is None or article is None or layer is None or not layer.is_complete:
            self.summary.setText("Open the letter on the left and the article on the right.")
            return
        found = project_coverage(project, letter, article, letter_text=layer.text)
        counts = {}
        for item in found.clauses:
            counts[item.fate.value] = counts.get(item.fate.value, 0) + 1
        shares = "; ".join(
            f"{share.ratio:.0%} of {share.name}"
            for share in (found.overall, *found.by_section, *found.by_area)
        )
        said = ", ".join(f"{count} {fate}" for fate, count in counts.items())
        self.summary.setText(
            f"{said}; {len(found.additions)} added by the article. Reported: {shares}."
        )
        for item in found.clauses:
            row = QTreeWidgetItem([" ".join(item.clause.text.split()), item.fate.value])
            row.setData(0, Qt.ItemDataRole.UserRole, (item.clause.start, item.clause.end))
            colour = _FATE_COLOURS.get(item.fate.value)
            if colour is not None:
                row.setForeground(1, QBrush(QColor(colour)))
            row.setToolTip(0, item.clause.text)
            self.tree.addTopLevelItem(row)

    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        start, end = item.data(0, Qt.ItemDataRole.UserRole)
        self._window.left.view.reveal(start, end)

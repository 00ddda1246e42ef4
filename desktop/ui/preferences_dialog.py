"""File > Preferences: the name recorded on edits, and every keyboard shortcut.

Window managers take some keys before Accord sees them (Openbox and LXDE take Shift+Alt+arrows),
and hands differ, so each command's shortcut can be changed here. A key that another command
holds is refused with a message naming both, and the dialog stays open to choose again.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import shortcuts
from desktop.ui.actions import ACTIONS
from desktop.ui.dialog_buttons import ok_cancel
from desktop.ui.plain_text import warn

_TEXTS = {spec.id: spec.text.replace("&", "").rstrip("…") for spec in ACTIONS}


class PreferencesDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, *, name: str, assignment: shortcuts.Assignment
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.name = QLineEdit(name)
        self.name.setObjectName("reviewerName")
        self._keys = dict(assignment)
        self.table = QTableWidget(len(ACTIONS), 2)
        self.table.setHorizontalHeaderLabels(["Command", "Shortcut"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        widest = self.fontMetrics().horizontalAdvance("Ctrl+Shift+Right")
        self.table.setColumnWidth(1, widest + 56)  # the clear button and the frame
        self.edits: dict[str, QKeySequenceEdit] = {}
        for row, spec in enumerate(ACTIONS):
            item = QTableWidgetItem(_TEXTS[spec.id])
            item.setToolTip(spec.tip or _TEXTS[spec.id])
            self.table.setItem(row, 0, item)
            edit = QKeySequenceEdit(QKeySequence(", ".join(assignment.get(spec.id, ())[:1])))
            edit.setClearButtonEnabled(True)
            edit.setMaximumSequenceLength(1)
            edit.setAccessibleName(f"Shortcut for {_TEXTS[spec.id]}")
            self.table.setCellWidget(row, 1, edit)
            self.edits[spec.id] = edit
        reset = QPushButton("Reset All Shortcuts")
        reset.clicked.connect(self._on_reset_clicked)
        self.buttons = ok_cancel(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name.strip()))
        self.name.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The name Accord records on your annotations from now on:"))
        layout.addWidget(self.name)
        layout.addWidget(QLabel("Keyboard shortcuts (click one and press the new keys):"))
        layout.addWidget(self.table, 1)
        layout.addWidget(reset)
        layout.addWidget(self.buttons)
        self.resize(560, 640)

    def chosen(self) -> shortcuts.Assignment:
        """Each command's keys: an unchanged first key keeps the command's other keys (Redo
        keeps Ctrl+Y beside Ctrl+Shift+Z); a changed one replaces them."""
        chosen: shortcuts.Assignment = {}
        for action_id, edit in self.edits.items():
            before = self._keys.get(action_id, ())
            key = edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
            if before[:1] == ((key,) if key else ()):
                chosen[action_id] = before
            else:
                chosen[action_id] = (key,) if key else ()
        return chosen

    def accept(self) -> None:
        clashes = shortcuts.conflicts(self.chosen())
        if clashes:
            key, first, second = clashes[0]
            shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            warn(
                self,
                "Shortcut already in use",
                f"{shown} is the shortcut of both “{_TEXTS[first]}” and “{_TEXTS[second]}”. "
                "Give one of them another key.",
            )
            return
        super().accept()

    def _on_reset_clicked(self) -> None:
        self._keys = shortcuts.defaults()
        for action_id, edit in self.edits.items():
            edit.setKeySequence(QKeySequence(", ".join(self._keys.get(action_id, ())[:1])))

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, name: str, assignment: shortcuts.Assignment
    ) -> tuple[str, shortcuts.Assignment] | None:
        """The name (trimmed) and every command's keys, or None if the person cancelled."""
        dialog = cls(parent, name=name, assignment=assignment)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return " ".join(dialog.name.text().split()), dialog.chosen()

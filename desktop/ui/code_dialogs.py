"""The small dialogs the codebook panel asks through: a name, a description, a colour, a yes/no.

Each has a classmethod ``ask(...)`` that returns a plain value (None or False when cancelled),
so the panel reads like a script and tests replace ``ask`` instead of clicking a modal window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.codebook.colors import palette
from desktop.codebook.model import Facet
from desktop.core.errors import AccordError
from desktop.ui.dialog_buttons import ok_cancel
from desktop.ui.plain_text import PlainLabel, message_box

NameCheck = Callable[[str], object]
"""Raises ``AccordError`` with the reason when a name cannot be used (its return is ignored)."""


class NameDialog(QDialog):
    """One line for a code's name, checked as it is typed, so a clash with a sibling shows
    before the analyst presses OK rather than as an error afterwards."""

    def __init__(
        self, parent: QWidget | None, *, title: str, label: str, text: str, check: NameCheck | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._check = check
        self.field = QLineEdit(text)
        self.problem = PlainLabel(wordWrap=True)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(label))
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._on_field_text_changed)
        self._on_field_text_changed(text)
        self.field.selectAll()
        self.setMinimumWidth(360)

    def _on_field_text_changed(self, text: str) -> None:
        problem = ""
        if text.strip() and self._check is not None:
            try:
                self._check(text)
            except AccordError as error:
                problem = f"⚠ {error}"
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()) and not problem)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        label: str,
        text: str = "",
        check: NameCheck | None = None,
    ) -> str | None:
        """The name typed (trimmed), or None when cancelled."""
        dialog = cls(parent, title=title, label=label, text=text, check=check)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.field.text().strip() if accepted else None


class DescriptionDialog(QDialog):
    """A plain-text editor for what a code means: coders read it in tooltips to agree on it."""

    def __init__(self, parent: QWidget | None, *, name: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Describe “{name}”")
        self.editor = QPlainTextEdit(text)
        self.editor.setTabChangesFocus(True)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(f"What “{name}” covers, for everyone who codes with it:"))
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.resize(440, 260)

    @classmethod
    def ask(cls, parent: QWidget | None, *, name: str, text: str) -> str | None:
        """The description as typed, or None when cancelled."""
        dialog = cls(parent, name=name, text=text)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.editor.toPlainText() if accepted else None


class ColorDialog:
    """Qt's colour dialog, with the facet's accessible palette offered as custom colours."""

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str, initial: str, facet: Facet) -> str | None:
        """``#RRGGBB`` (upper case), or None when cancelled."""
        for slot, color in enumerate(palette(facet)[: QColorDialog.customCount()]):
            QColorDialog.setCustomColor(slot, QColor(color))
        chosen = QColorDialog.getColor(QColor(initial), parent, title)
        return chosen.name().upper() if chosen.isValid() else None


class ConfirmDialog:
    """A question with one action button and Cancel (Esc)."""

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str, text: str, action: str) -> bool:
        box = message_box(parent, icon=QMessageBox.Icon.Question, title=title, text=text)
        confirm = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(confirm)
        box.exec()
        return box.clickedButton() is confirm

"""Who is annotating: asked once (prefilled with the account's name), changeable later in
Preferences (``preferences_dialog``). Every annotation and coding records it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dialog_buttons import ok_cancel


class ReviewerDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, current: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your Name")
        intro = (
            "Accord records who made each highlight, code and note, so colleagues in a "
            "review session can tell their work apart. What name should it record?"
        )
        label = QLabel(intro, wordWrap=True)
        self.name = QLineEdit(current)
        self.name.setObjectName("reviewerName")
        self.name.selectAll()
        buttons = ok_cancel(self)
        self.name.textChanged.connect(
            lambda text: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, *, current: str) -> str | None:
        """The name typed (trimmed), or None if the person cancelled."""
        dialog = cls(parent, current=current)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return " ".join(dialog.name.text().split()) or None

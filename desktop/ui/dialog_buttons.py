"""The OK and Cancel buttons every dialog of Accord ends with."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def ok_cancel(dialog: QDialog, *, ok_text: str | None = None) -> QDialogButtonBox:
    """OK and Cancel wired to accept and reject ``dialog``; OK reads ``ok_text`` when given
    (what the dialog then does: "Export…", "Import")."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    if ok_text is not None:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons

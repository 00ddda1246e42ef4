"""The name edits are recorded under: asked the first time it is needed (prefilled with the
account's name), then kept in the settings file; changed in Preferences."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from desktop.ui.reviewer_dialog import ReviewerDialog

_KEY = "reviewer/name"


class ReviewerName:
    def __init__(self, settings: QSettings, *, parent: QWidget) -> None:
        """``parent``: the window the question belongs to."""
        self._settings = settings
        self._parent = parent

    def ask_once(self) -> str | None:
        """The name kept, else asked now (and kept); None if the person declined."""
        from desktop.app.terminal import default_reviewer

        name = self.kept()
        if name:
            return name
        asked = ReviewerDialog.ask(self._parent, current=default_reviewer())
        if asked:
            self.remember(asked)
        return asked

    def kept(self) -> str | None:
        """The name kept, if any, never asking: who "only mine" means."""
        name = self._settings.value(_KEY)
        return str(name) if name else None

    def or_account(self) -> str:
        """The name kept, else the account's (to offer in Preferences)."""
        from desktop.app.terminal import default_reviewer

        return str(self._settings.value(_KEY) or default_reviewer())

    def remember(self, name: str) -> None:
        self._settings.setValue(_KEY, name)
        self._settings.sync()

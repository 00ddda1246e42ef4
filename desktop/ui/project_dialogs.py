"""Choosing project files, and what to do when one cannot be opened."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.core.errors import AccordError
from desktop.store import SUFFIX, NewerProjectError
from desktop.ui.plain_text import message_box

PROJECT_FILTER = f"Accord projects (*{SUFFIX});;All files (*)"


class Recovery(Enum):
    OPEN_ANOTHER = "open another"
    OPEN_BACKUP = "open backup"
    NEW = "new"
    CANCEL = "cancel"


class ProjectProblem:
    """The message shown when a project file is refused; the file itself is never touched."""

    @classmethod
    def ask(cls, parent: QWidget | None, error: AccordError, *, backup: Path | None) -> Recovery:
        informative = ""
        if isinstance(error, NewerProjectError):
            informative = "You can open another project meanwhile."
        elif backup is not None:
            informative = f"The most recent backup beside it is “{backup.name}”."
        box = message_box(
            parent,
            icon=QMessageBox.Icon.Warning,
            title="Project Not Opened",
            text=str(error),
            informative=informative,
        )
        choices: dict[object, Recovery] = {}
        if backup is not None and not isinstance(error, NewerProjectError):
            choices[box.addButton("Open the Backup", QMessageBox.ButtonRole.AcceptRole)] = (
                Recovery.OPEN_BACKUP
            )
        choices[box.addButton("Open Another…", QMessageBox.ButtonRole.ActionRole)] = (
            Recovery.OPEN_ANOTHER
        )
        choices[box.addButton("New Project…", QMessageBox.ButtonRole.ActionRole)] = Recovery.NEW
        choices[box.addButton(QMessageBox.StandardButton.Cancel)] = Recovery.CANCEL
        box.exec()
        return choices.get(box.clickedButton(), Recovery.CANCEL)


class ProjectFiles:
    """File dialogs for projects (``ask_*`` return a path or None, so tests replace them)."""

    @classmethod
    def ask_open(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open Project", str(start), PROJECT_FILTER)
        return Path(name) if name else None

    @classmethod
    def ask_new(
        cls, parent: QWidget | None, start: Path, *, title: str = "New Project"
    ) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, str(start), PROJECT_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(SUFFIX)

"""File > Send to Reviewer…, Merge Reviewer's Work… and Settle Merge Conflicts….

Sending writes a copy for a colleague (``desktop.app.branching.send_to_reviewer``); merging runs
``MergeReviewerWork`` through the editor bridge, so each merge is one entry of Edit > Undo; the
conflicts a merge lists are shown in ``ConflictsDialog``, where the lead keeps their version or
takes the reviewer's, one at a time (each an undoable step too). A merge takes about a second:
the window shows a busy cursor meanwhile rather than running it in the background, since the
edits that follow must see its result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.conflicts import Conflict
from desktop.core.errors import AccordError
from desktop.ui.dialog_buttons import ok_cancel
from desktop.ui.plain_text import warn

if TYPE_CHECKING:
    from desktop.ui.project_host import ProjectHost

REVIEWER_FILTER = "Reviewers' copies (*.accord);;All files (*)"


class SendToReviewerDialog(QDialog):
    """Who the copy is for: one of the project's reviewers, or a new name."""

    def __init__(self, parent: QWidget | None, *, reviewers: Sequence[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send to Reviewer")
        intro = QLabel(
            "Accord writes a copy of the project for a colleague to code offline. When they "
            "send it back, File > Merge Reviewer's Work… brings in what they added, changed "
            "and deleted. Who is the copy for?",
            wordWrap=True,
        )
        self.name = QComboBox(editable=True)
        self.name.setObjectName("reviewerName")
        self.name.addItems(list(reviewers))
        self.name.setCurrentText("")
        buttons = ok_cancel(self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.name.editTextChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, *, reviewers: Sequence[str]) -> str | None:
        """The reviewer's name (trimmed), or None if the person cancelled."""
        dialog = cls(parent, reviewers=reviewers)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return " ".join(dialog.name.currentText().split()) or None


class ReviewerFiles:
    """The file dialogs of sending and merging (``ask_*`` return paths, so tests replace them)."""

    @classmethod
    def ask_copy(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, "Send to Reviewer", str(start), REVIEWER_FILTER
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".accord")

    @classmethod
    def ask_merged(cls, parent: QWidget | None, start: Path) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            parent, "Merge Reviewer's Work", str(start), REVIEWER_FILTER
        )
        return [Path(name) for name in names]


Settle = Callable[[int, str], bool]
"""Settle conflict ID keeping ``mine`` or ``theirs``; whether it was done."""


class ConflictsDialog(QDialog):
    """The conflicts left to settle, each "keep mine" or "take theirs"."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        summary: str,
        conflicts: Callable[[], list[Conflict]],
        settle: Settle,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge Conflicts")
        self._conflicts, self._settle = conflicts, settle
        self.summary = QLabel(summary, wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        explanation = QLabel(
            "Each conflict is something you and a reviewer both changed since their copy was "
            "made; neither version has replaced the other. Keep yours, or take theirs (each "
            "choice can be undone with Edit > Undo).",
            wordWrap=True,
        )
        self.list = QListWidget()
        self.list.setObjectName("conflicts")
        self.keep_mine = QPushButton("&Keep Mine")
        self.take_theirs = QPushButton("&Take Theirs")
        close = QPushButton("Close")
        buttons = QDialogButtonBox()
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.take_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_mine.clicked.connect(lambda: self._on_choice("mine"))
        self.take_theirs.clicked.connect(lambda: self._on_choice("theirs"))
        close.clicked.connect(self.reject)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        layout = QVBoxLayout(self)
        for widget in (self.summary, explanation, self.list):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.refresh()

    def refresh(self) -> None:
        row = max(self.list.currentRow(), 0)
        self.list.clear()
        for conflict in self._conflicts():
            item = QListWidgetItem(conflict.sentence())
            item.setData(Qt.ItemDataRole.UserRole, conflict.id)
            self.list.addItem(item)
        if self.list.count() == 0:
            self.list.addItem(QListWidgetItem("No conflict is left to settle."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._enable()

    def _enable(self) -> None:
        item = self.list.currentItem()
        chosen = item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        self.keep_mine.setEnabled(chosen)
        self.take_theirs.setEnabled(chosen)

    def _on_choice(self, keep: str) -> None:
        item = self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        if self._settle(int(item.data(Qt.ItemDataRole.UserRole)), keep):
            self.refresh()

    @classmethod
    def show_for(
        cls,
        parent: QWidget | None,
        *,
        summary: str,
        conflicts: Callable[[], list[Conflict]],
        settle: Settle,
    ) -> None:
        cls(parent, summary=summary, conflicts=conflicts, settle=settle).exec()


def send_to_reviewer(host: ProjectHost) -> None:
    from desktop.app.branching import send_to_reviewer as write_copy

    project = host.project
    if project is None:
        return
    name = SendToReviewerDialog.ask(
        host.window, reviewers=[reviewer.name for reviewer in project.reviewers.all()]
    )
    if name is None:
        return
    start = host.start_folder() / f"{project.path.stem} for {name}.accord"
    path = ReviewerFiles.ask_copy(host.window, start)
    if path is None:
        return
    host.remember_folder(path)
    try:
        with _busy():
            write_copy(project, path, reviewer=name)
    except AccordError as error:
        warn(host.window, "Send to Reviewer", str(error))
        return
    host.window.statusBar().showMessage(
        f"Wrote a copy for {name}: “{path}”. When they send it back, use File > Merge "
        "Reviewer's Work….",
        15000,
    )


def merge_reviewer_work(host: ProjectHost) -> None:
    from desktop.app.branching import MergeReviewerWork

    if host.project is None or host.bridge is None:
        return
    paths = ReviewerFiles.ask_merged(host.window, host.start_folder())
    if not paths:
        return
    host.remember_folder(paths[0])
    bridge, said = host.bridge, []
    refused = bridge.failed.connect(said.append)
    try:
        done = []
        for path in paths:
            with _busy():
                change_set = bridge.execute(MergeReviewerWork(path))
            if change_set is not None:
                done.append(change_set.label)
    finally:
        bridge.failed.disconnect(refused)
    summary = "\n".join([*done, *said])
    if host.project.branches.conflicts():
        settle_conflicts(host, summary=summary)
    elif said:
        warn(host.window, "Merge Reviewer's Work", summary)
    elif done:
        host.window.statusBar().showMessage("; ".join(done), 15000)


def settle_conflicts(host: ProjectHost, *, summary: str = "") -> None:
    from desktop.app.branching import SettleConflict

    project, bridge = host.project, host.bridge
    if project is None or bridge is None:
        return

    def settle(conflict_id: int, keep: str) -> bool:
        with _busy():
            return bridge.execute(SettleConflict(conflict_id, keep)) is not None

    ConflictsDialog.show_for(
        host.window,
        summary=summary or "Conflicts earlier merges listed:",
        conflicts=project.branches.conflicts,
        settle=settle,
    )


class _busy:
    """The wait cursor around a step of about a second."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()

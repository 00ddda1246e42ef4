"""Review > Start Session…: the session's title, purpose, attendees (chosen from the project's
reviewers) and chair."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from desktop.core.model import Reviewer, ReviewerId
from desktop.ui.dialog_buttons import ok_cancel


@dataclass(frozen=True)
class SessionAnswer:
    title: str
    purpose: str
    attendee_ids: tuple[ReviewerId, ...]
    chair_id: ReviewerId | None


class SessionDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, *, reviewers: tuple[Reviewer, ...], me: ReviewerId | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start Review Session")
        self.title = QLineEdit()
        self.title.setObjectName("sessionTitle")
        self.title.setPlaceholderText("e.g. Letter, first pass")
        self.purpose = QPlainTextEdit()
        self.purpose.setObjectName("sessionPurpose")
        self.purpose.setPlaceholderText("What the meeting is to settle")
        self.purpose.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.attendees = QListWidget()
        self.attendees.setObjectName("sessionAttendees")
        self.chair = QComboBox()
        self.chair.setObjectName("sessionChair")
        self.chair.addItem("No chair", None)
        for reviewer in reviewers:
            item = QListWidgetItem(reviewer.name)
            item.setData(Qt.ItemDataRole.UserRole, reviewer.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if reviewer.id == me else Qt.CheckState.Unchecked
            )
            self.attendees.addItem(item)
            self.chair.addItem(reviewer.name, reviewer.id)
            if reviewer.id == me:
                self.chair.setCurrentIndex(self.chair.count() - 1)
        buttons = ok_cancel(self, ok_text="Start")
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setEnabled(False)
        self.title.textChanged.connect(lambda text: start.setEnabled(bool(text.strip())))
        form = QFormLayout(self)
        form.addRow("&Title:", self.title)
        form.addRow("&Purpose:", self.purpose)
        form.addRow("&Attendees:", self.attendees)
        form.addRow("&Chair:", self.chair)
        form.addRow(buttons)
        self.resize(440, self.sizeHint().height())

    def answer(self) -> SessionAnswer:
        attending = tuple(
            ReviewerId(self.attendees.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.attendees.count())
            if self.attendees.item(row).checkState() == Qt.CheckState.Checked
        )
        chair = self.chair.currentData()
        return SessionAnswer(
            " ".join(self.title.text().split()),
            self.purpose.toPlainText().strip(),
            attending,
            None if chair is None else ReviewerId(chair),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, reviewers: tuple[Reviewer, ...], me: ReviewerId | None
    ) -> SessionAnswer | None:
        """What the person filled in, or None if they cancelled."""
        dialog = cls(parent, reviewers=reviewers, me=me)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

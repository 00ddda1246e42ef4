"""Under the note: the current annotation's decision history and its discussion (replies), and
a box to reply. Shown as plain text (names, notes and replies may come from anyone's file), a
line per event, the oldest first; a reply is sent with Enter as one undoable "Reply"."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.app.annotation_rows import local_time
from desktop.app.reviewing import ReplyTo
from desktop.core.model import AnnotationId
from desktop.ui.editor_bridge import EditorBridge


def history_lines(bridge: EditorBridge, annotation_id: str) -> list[str]:
    """The annotation's decisions, then its replies, as the panel shows them."""
    project = bridge.project
    names = {reviewer.id: reviewer.name for reviewer in project.reviewers.all()}
    sessions = {session.id: session.title for session in project.review.sessions()}
    lines = []
    for decision in project.review.history(annotation_id):
        said = f" — {' '.join(decision.note.split())}" if decision.note else ""
        within = f" (in “{sessions[decision.session_id]}”)" if decision.session_id else ""
        change = f"{decision.before} → {decision.status}"
        if decision.verdict.past != decision.status:
            change += f" ({decision.verdict.past})"
        lines.append(
            f"{local_time(decision.decided)}  {names.get(decision.reviewer_id, '?')}: "
            f"{change}{said}{within}"
        )
    replies = project.review.thread(annotation_id)
    if replies:
        lines.append("")
        lines.append("Discussion")
    for reply in replies:
        text = " ".join(reply.text.split())
        lines.append(f"{local_time(reply.created)}  {names.get(reply.reviewer_id, '?')}: {text}")
    return lines


class ReviewThread(QWidget):
    def __init__(self, bridge: EditorBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.annotation_id: AnnotationId | None = None
        self.events = QPlainTextEdit()
        self.events.setObjectName("reviewHistory")
        self.events.setReadOnly(True)
        self.events.setPlaceholderText("No decision or reply yet.")
        self.events.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.reply = QLineEdit()
        self.reply.setObjectName("reviewReply")
        self.reply.setPlaceholderText("Reply (Enter sends)…")
        self.reply.returnPressed.connect(self.send)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.events)
        layout.addWidget(self.reply)

    def show_for(self, annotation_id: AnnotationId | None) -> None:
        self.annotation_id = annotation_id
        self.reply.setEnabled(annotation_id is not None)
        lines = [] if annotation_id is None else history_lines(self.bridge, annotation_id)
        self.events.setPlainText("\n".join(lines))

    def send(self) -> None:
        text = self.reply.text()
        if self.annotation_id is None or not text.strip():
            return
        self.bridge.execute(ReplyTo(self.annotation_id, text), then=lambda _: self.reply.clear())

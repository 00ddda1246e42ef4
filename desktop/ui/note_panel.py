"""The note of the current annotation: read as rendered Markdown, edited as plain text.

A note may come from someone else's file (an import), so its Markdown is rendered closed: raw
HTML is shown as the text it is, an image is never loaded (not from a file, not from the
network: Qt would read ``![x](/dev/zero)`` until memory runs out), and a link opens in the
browser only after the analyst confirms its address, and only a web or e-mail one (a file's
path handed to the desktop could start a program).

A note is saved (one undoable "Edit note") when the editor loses the focus, on Ctrl+Enter, or
when another annotation becomes current, never per keystroke, so Undo takes back a whole edit.
Below it, the annotation's decision history and discussion (``review_thread``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFocusEvent, QImage, QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QPlainTextEdit,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.app.annotating import SetNote, clean_note
from desktop.core.changes import ChangeSet, Entity
from desktop.core.model import AnnotationId
from desktop.ui.code_dialogs import ConfirmDialog
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.plain_text import PlainLabel, warn
from desktop.ui.review_thread import ReviewThread

PLACEHOLDER = "Click a highlight, then write a note here (Markdown: *emphasis*, **strong**, lists)."


class _NoteEditor(QPlainTextEdit):
    """Saves when it loses the focus or on Ctrl+Enter; Esc leaves it unchanged."""

    def __init__(self, dock: NoteDock) -> None:
        super().__init__()
        self._dock = dock

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._dock.save()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._dock.save()
            self._dock.show_rendered()
            return
        if event.key() == Qt.Key.Key_Escape:
            self._dock.load(self._dock.annotation_id)
            self._dock.show_rendered()
            return
        super().keyPressEvent(event)


MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
"""GitHub's Markdown without its raw HTML: ``<img src=…>`` in a note is shown as typed."""
NO_IMAGE = QImage(1, 1, QImage.Format.Format_ARGB32)
"""What every image a note names is "loaded" as: one clear pixel. Not an empty or null image,
for then Qt reads the image's file itself."""
NO_IMAGE.fill(Qt.GlobalColor.transparent)
_IMAGE = QTextDocument.ResourceType.ImageResource.value
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The links a note may open, once confirmed."""


class _Rendered(QTextBrowser):
    """The rendered note; a click (or N) switches to editing, except on a link."""

    def __init__(self, dock: NoteDock) -> None:
        super().__init__()
        self._dock = dock
        self.setOpenLinks(False)  # a link is never followed inside the panel (it would read it)
        self.anchorClicked.connect(self._on_anchor_clicked)

    def show_markdown(self, text: str) -> None:
        self.document().setMarkdown(text, MARKDOWN)

    def loadResource(self, kind: int, name: QUrl) -> object:
        """Refuse every resource (images, style sheets) whatever its address."""
        return NO_IMAGE if kind == _IMAGE else ""

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._dock.annotation_id is not None and not self.anchorAt(event.position().toPoint()):
            self._dock.edit()
        else:
            super().mousePressEvent(event)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        address = url.toString()
        if url.scheme().lower() not in LINK_SCHEMES:
            warn(
                self,
                "Open Link",
                f"Accord opens only web and e-mail links from a note, not this one:\n\n{address}",
            )
            return
        if ConfirmDialog.ask(
            self,
            title="Open Link",
            action="Open Link",
            text=f"Open this address from the note in your browser?\n\n{address}",
        ):
            QDesktopServices.openUrl(url)


class NoteDock(QDockWidget):
    def __init__(self, bridge: EditorBridge, parent: QWidget | None = None) -> None:
        super().__init__("Note", parent)
        self.setObjectName("notePanel")
        self.bridge = bridge
        self.annotation_id: AnnotationId | None = None
        self._loaded = ""
        self.quote = PlainLabel(wordWrap=True)
        self.quote.setObjectName("noteQuote")
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = _NoteEditor(self)
        self.editor.setPlaceholderText(PLACEHOLDER)
        self.rendered = _Rendered(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.rendered)
        self.stack.addWidget(self.editor)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.quote)
        layout.addWidget(self.stack, 2)
        self.thread = ReviewThread(bridge)
        layout.addWidget(self.thread, 1)
        self.setWidget(body)
        bridge.changed.connect(self._on_bridge_changed)
        self.load(None)

    def load(self, annotation_id: str | None) -> None:
        """Show the note of ``annotation_id`` (saving the one being edited first)."""
        if annotation_id != self.annotation_id:
            self.save()
        annotation = self.bridge.project.annotations.get(annotation_id) if annotation_id else None
        self.annotation_id = annotation.id if annotation else None
        self._loaded = annotation.note if annotation else ""
        self.editor.setPlainText(self._loaded)
        self.editor.setEnabled(annotation is not None)
        if annotation is None:
            self.quote.setText("No annotation selected.")
            self.rendered.show_markdown(f"*{PLACEHOLDER}*")
        else:
            exact = " ".join(annotation.anchor.exact.split())
            shown = exact if len(exact) <= 240 else exact[:239] + "…"
            self.quote.setText(f"“{shown}”")
            self.rendered.show_markdown(self._loaded or "*No note yet: click here or press N.*")
        self.thread.show_for(self.annotation_id)
        if self.stack.currentWidget() is self.editor and annotation is None:
            self.show_rendered()

    def edit(self) -> None:
        """Start editing the note (the N key)."""
        if self.annotation_id is None:
            return
        self.show()
        self.raise_()
        self.stack.setCurrentWidget(self.editor)
        self.editor.setFocus()
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def show_rendered(self) -> None:
        self.rendered.show_markdown(self._loaded or "*No note yet: click here or press N.*")
        self.stack.setCurrentWidget(self.rendered)

    def save(self) -> None:
        if self.annotation_id is None:
            return
        text = self.editor.toPlainText()
        if clean_note(text) == clean_note(self._loaded):
            return
        annotation_id = self.annotation_id
        self._loaded = text
        self.bridge.execute(SetNote(annotation_id, text))

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        if change_set.whole_project or self.annotation_id in change_set.ids(Entity.ANNOTATION):
            editing = self.editor.hasFocus()
            if not editing:
                self.load(self.annotation_id)

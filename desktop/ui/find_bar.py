"""Find in a document (Ctrl+F): every hit highlighted, next/previous, a count, a case option."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from desktop.core.textunits import find_all
from desktop.ui.page_view import PageView
from desktop.ui.plain_text import PlainLabel


class FindBar(QWidget):
    """Searches the canonical text of one page view, so a phrase matches across line breaks."""

    closed = Signal()

    def __init__(self, view: PageView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._hits: list[tuple[int, int]] = []
        self._current = -1
        self.field = QLineEdit(placeholderText="Find in document")
        self.field.setClearButtonEnabled(True)
        self.match_case = QCheckBox("Match case")
        self.count_label = PlainLabel()
        self.count_label.setMinimumWidth(90)
        previous = QToolButton(text="▲", toolTip="Previous match (Shift+Enter, Shift+F3)")
        following = QToolButton(text="▼", toolTip="Next match (Enter, F3)")
        close = QToolButton(text="✕", toolTip="Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.field, previous, following, self.match_case, self.count_label, close):
            layout.addWidget(widget)
        layout.setStretch(0, 1)
        self.field.textChanged.connect(self._search)
        self.match_case.toggled.connect(self._search)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        close.clicked.connect(self.close_bar)
        view.text_ready.connect(self._search)
        self.field.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+C in the field copies the current hit (the selection in the page), as the
        same key does in the page: the field would copy the words typed to find it."""
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
            and 0 <= self._current < len(self._hits)
        ):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self._view.copy_selection()
                return True
        return super().eventFilter(watched, event)

    def open_bar(self) -> None:
        self.show()
        selected = self._view.selected_text()
        if selected and "\n" not in selected and len(selected) < 200:
            self.field.setText(selected)
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._hits, self._current = [], -1
        self._view.set_find_hits([], -1)
        self._view.setFocus()
        self.closed.emit()

    @property
    def hit_count(self) -> int:
        return len(self._hits)

    def _search(self) -> None:
        layer = self._view.text_layer
        needle = self.field.text()
        if layer is None or not needle.strip():
            self._hits, self._current = [], -1
        else:
            self._hits = find_all(layer.text, needle, match_case=self.match_case.isChecked())
            self._current = self._first_hit_in_view()
        self._show()

    def _first_hit_in_view(self) -> int:
        layer = self._view.text_layer
        if not self._hits or layer is None:
            return -1
        page = self._view.current_page
        if page < layer.ready_pages:
            start = layer.page_span(page)[0]
            for index, (hit_start, _end) in enumerate(self._hits):
                if hit_start >= start:
                    return index
        return 0

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self._hits:
            return
        self._current = (self._current + direction) % len(self._hits)
        self._show()

    def _show(self) -> None:
        if not self.field.text().strip():
            self.count_label.setText("")
        elif not self._hits:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{self._current + 1} of {len(self._hits)}")
        self._view.set_find_hits(self._hits, self._current)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.find_previous() if backwards else self.find_next()
        elif event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

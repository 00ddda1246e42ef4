"""The annotation list's filter bar: words, facet, code, document, reviewer, status, and the
counts.

Typing is debounced (``DEBOUNCE_MS``) so a fast typist sees one re-filter per pause rather than
one per letter; the choices apply at once. A code includes every code under it, and the code
choices follow the facet: an annotation matches "Instruments" when it has any instrument, and
"Joint calls" only lists with the instruments, so the two choices never contradict each other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.codebook.model import Facet
from desktop.core.filtering import reviewer_key, reviewers_named
from desktop.core.model import CodeId, DocumentId, Status
from desktop.store import AnnotationFilter, Project
from desktop.ui.annotation_model import short_title
from desktop.ui.code_chips import chip_icon
from desktop.ui.plain_text import PlainLabel, tooltip

DEBOUNCE_MS = 120
_INDENT = "\u2003"
"""An em space per level of the code tree: the combo shows the hierarchy without a tree."""


class AnnotationFilterBar(QWidget):
    filter_changed = Signal()
    """The filter the user set changed (text after a pause, choices at once)."""
    typing_finished = Signal()
    """Enter in the text box: the user wants to go to the list."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.text = QLineEdit(placeholderText="Words in quote or note")
        self.text.setClearButtonEnabled(True)
        self.text.setToolTip(
            "Show annotations whose quote or note contains every word (Ctrl+F in the list)"
        )
        self.facet = _combo("Facet: annotations with a code of this facet")
        self.facet.addItem("Any facet", None)
        for facet in Facet:
            self.facet.addItem(facet.value, facet)
        self.code = _combo("Code: annotations with this code or any code under it")
        self.document = _combo("Document")
        self.reviewer = _combo("Reviewer: who made the annotation")
        self.status = _combo("Status: where the review stands on the annotation")
        self.status.addItem("Any status", None)
        for status in Status:
            self.status.addItem(status.value.capitalize(), status)
        self.clear_button = QToolButton(text="Clear", toolTip="Clear the filter")
        self.count_label = PlainLabel()
        self.count_label.setAccessibleName("Annotations shown")
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(4)
        # Two rows, so the list below keeps its height: the words, the count and Clear, then
        # every choice side by side (the list's dock is wide and low by default).
        layout.addWidget(self.text, 0, 0, 1, 3)
        layout.addWidget(self.count_label, 0, 3)
        layout.addWidget(self.clear_button, 0, 4)
        choices = (self.facet, self.code, self.document, self.reviewer, self.status)
        for column, choice in enumerate(choices):
            layout.addWidget(choice, 1, column)
            layout.setColumnStretch(column, 1)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.filter_changed)
        self.text.textChanged.connect(self._debounce.start)
        self.text.returnPressed.connect(self._on_text_return_pressed)
        self.facet.currentIndexChanged.connect(self._on_facet_changed)
        for combo in (self.code, self.document, self.reviewer, self.status):
            combo.currentIndexChanged.connect(self.filter_changed)
        self.clear_button.clicked.connect(self.clear)
        self.reload_codes()
        self.reload_sources()

    def current_filter(self) -> AnnotationFilter:
        """The filter chosen, as ``accord list`` would make it from the same names: a code
        (or a facet's top folder) stands for its sub-codes too, and a reviewer's name for
        every reviewer of that name in any case."""
        book = self._project.codes.codebook()
        code, facet = self.code.currentData(), self.facet.currentData()
        codes: frozenset[CodeId] = frozenset()
        if code is not None and code in book:
            codes = frozenset({CodeId(code)})
        elif facet is not None:
            codes = frozenset({CodeId(book.root(facet).guid)})
        document, reviewer = self.document.currentData(), self.reviewer.currentData()
        status = self.status.currentData()
        return AnnotationFilter(
            document_ids=frozenset() if document is None else frozenset({DocumentId(document)}),
            code_ids=codes,
            reviewer_ids=frozenset()
            if reviewer is None
            else reviewers_named(reviewer, self._project.reviewers.all()),
            text=self.text.text().strip(),
            statuses=frozenset() if status is None else frozenset({status}),
        )

    def clear(self) -> None:
        """Back to every annotation, with one re-filter."""
        self._debounce.stop()
        combos = (self.facet, self.code, self.document, self.reviewer, self.status)
        for widget in (self.text, *combos):
            widget.blockSignals(True)
        self.text.clear()
        for combo in combos:
            combo.setCurrentIndex(0)
        for widget in (self.text, *combos):
            widget.blockSignals(False)
        self.reload_codes()
        self.filter_changed.emit()

    def set_counts(self, shown: int, total: int, *, filtered: bool) -> None:
        noun = "annotation" if total == 1 else "annotations"
        self.count_label.setText(
            f"{shown:,} of {total:,} {noun}" if filtered else f"{total:,} {noun}"
        )

    def reload_codes(self) -> None:
        """Rebuild the code choices from the codebook (after a code edit, or another facet),
        keeping the chosen code while it exists in the chosen facet."""
        book = self._project.codes.codebook()
        facet = self.facet.currentData()
        chosen = self.code.currentData()
        self.code.blockSignals(True)
        self.code.clear()
        self.code.addItem("Any code", None)
        for wanted in Facet if facet is None else (facet,):
            for code in book.descendants(book.root(wanted).guid):
                depth = len(book.ancestors(code.guid)) - 1
                self.code.addItem(chip_icon(code.color), _INDENT * depth + code.name, code.guid)
                self.code.setItemData(
                    self.code.count() - 1,
                    tooltip(book.path(code.guid)),
                    Qt.ItemDataRole.ToolTipRole,
                )
        self.code.setCurrentIndex(max(self.code.findData(chosen), 0) if chosen else 0)
        self.code.blockSignals(False)

    def reload_sources(self) -> None:
        """Rebuild the document and reviewer choices (a first annotation by a new reviewer
        adds one), keeping what is chosen."""
        _refill(
            self.document,
            "All documents",
            [(short_title(d.title), d.id, d.title) for d in self._project.documents.all()],
        )
        spellings: dict[str, list[str]] = {}
        for reviewer in self._project.reviewers.all():
            spellings.setdefault(reviewer_key(reviewer.name), []).append(reviewer.name)
        _refill(
            self.reviewer,
            "All reviewers",
            [(names[0], key, ", ".join(names)) for key, names in spellings.items()],
        )

    def _on_facet_changed(self) -> None:
        self.reload_codes()
        self.filter_changed.emit()

    def _on_text_return_pressed(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self.filter_changed.emit()
        self.typing_finished.emit()


def _combo(tip: str) -> QComboBox:
    combo = QComboBox(toolTip=tip)
    combo.setAccessibleName(tip.split(":", 1)[0])
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    # Five side by side must still fit a small window (the dock sets its minimum width):
    # four characters at the least, and each grows with the room there is.
    combo.setMinimumContentsLength(4)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _refill(combo: QComboBox, everything: str, choices: list[tuple[str, object, str]]) -> None:
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for text, data, tip in choices:
        combo.addItem(text, data)
        combo.setItemData(combo.count() - 1, tooltip(tip), Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
    combo.blockSignals(False)

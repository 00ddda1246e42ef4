"""Review > Suggest Links: the suggested alignment of the two panes' documents, as dashed bands
in the gutter and a list to accept or reject, one by one or all that are checked.

The letter is the left pane's document, the article the right's. For each clause of the
article with a counterpart, the letter's best clause (*reports*, with its score); for one with
none, a proposed *adds*; for each clause of the letter nothing reaches, a proposed *omits*.
Accepting one (``AcceptSuggestion``) highlights both clauses and links them in one undoable
step; rejecting one only takes it off the list. The alignment module is imported when the
command runs, so start-up does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.app.anchors import anchor_for_span
from desktop.app.linking import AcceptSuggestion
from desktop.core.links import LinkType
from desktop.core.model import DocumentId
from desktop.core.textlayer import TextLayer
from desktop.ui.link_bands import End, SuggestedBand

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def suggested_bands(letter: TextLayer, article: TextLayer) -> list[SuggestedBand]:
    """The suggestions for the two texts, best first within the article's order."""
    from desktop.comparing.alignment import align

    found = []
    alignment = align(letter.text, article.text)
    for suggestion in alignment.suggestions:
        clause = suggestion.clause
        right = End.of(tuple(article.rects(clause.start, clause.end)))
        if suggestion.counterpart:
            best = suggestion.candidates[0]
            found.append(
                SuggestedBand(
                    LinkType.REPORTS,
                    End.of(tuple(letter.rects(best.clause.start, best.clause.end))),
                    right,
                    (best.clause.start, best.clause.end),
                    (clause.start, clause.end),
                    best.score,
                    f"{best.score:.2f}  “{_short(clause.text)}” reports "
                    f"“{_short(best.clause.text)}”",
                )
            )
        else:
            found.append(
                SuggestedBand(
                    LinkType.ADDS,
                    None,
                    right,
                    None,
                    (clause.start, clause.end),
                    suggestion.score,
                    f"adds  “{_short(clause.text)}” (no counterpart in the letter)",
                )
            )
    for clause in alignment.unreported:
        found.append(
            SuggestedBand(
                LinkType.OMITS,
                End.of(tuple(letter.rects(clause.start, clause.end))),
                None,
                (clause.start, clause.end),
                None,
                0.0,
                f"omits  “{_short(clause.text)}” (nothing in the article reports it)",
            )
        )
    return found


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class SuggestionsDialog(QDialog):
    """The list of suggestions beside the window (not modal: the panes stay to scroll)."""

    def __init__(self, window: MainWindow, suggestions: list[SuggestedBand]) -> None:
        super().__init__(window)
        self.setWindowTitle("Suggested Links")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._window = window
        self.list = QListWidget()
        for band in suggestions:
            item = QListWidgetItem(band.label)
            item.setData(Qt.ItemDataRole.UserRole, band)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if band.type is LinkType.REPORTS else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        accept = QPushButton("&Accept Checked")
        reject = QPushButton("&Reject Checked")
        buttons.addButton(accept, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(reject, QDialogButtonBox.ButtonRole.ActionRole)
        accept.clicked.connect(self.accept_checked)
        reject.clicked.connect(self.reject_checked)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        note = QLabel(
            "Dashed bands show each suggestion. Accepting one highlights both clauses "
            "and links them (undoable); rejecting one only takes it off this list."
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(note)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self._show_bands()

    def _checked(self) -> list[QListWidgetItem]:
        return [
            item
            for item in (self.list.item(row) for row in range(self.list.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def accept_checked(self) -> None:
        window = self._window
        bridge, annotator = window.host.bridge, window.host.annotator
        if bridge is None or annotator is None:
            return
        letter_id, article_id = (annotator.document_of(p) for p in window.panes)
        left, right = (pane.view.text_layer for pane in window.panes)
        if None in (letter_id, article_id, left, right):
            return
        assert left is not None and right is not None
        for item in self._checked():
            band: SuggestedBand = item.data(Qt.ItemDataRole.UserRole)
            letter_anchor = (
                None if band.left_span is None else anchor_for_span(left, *band.left_span)
            )
            article_anchor = (
                None if band.right_span is None else anchor_for_span(right, *band.right_span)
            )
            if band.type is LinkType.OMITS:
                assert letter_anchor is not None
                command = AcceptSuggestion(
                    band.type,
                    DocumentId(letter_id or ""),
                    letter_anchor,
                    DocumentId(article_id or ""),
                )
            else:
                assert article_anchor is not None
                command = AcceptSuggestion(
                    band.type,
                    DocumentId(article_id or ""),
                    article_anchor,
                    DocumentId(letter_id or ""),
                    letter_anchor,
                )
            if bridge.execute(command) is not None:
                self.list.takeItem(self.list.row(item))
        self._show_bands()

    def reject_checked(self) -> None:
        for item in self._checked():
            self.list.takeItem(self.list.row(item))
        self._show_bands()

    def _show_bands(self) -> None:
        gutter = self._window.splitter.gutter
        gutter.suggested = [
            item.data(Qt.ItemDataRole.UserRole)
            for item in (self.list.item(row) for row in range(self.list.count()))
            if item is not None
        ]
        gutter.update()

    def closeEvent(self, event: object) -> None:  # type: ignore[override]
        self._window.splitter.gutter.suggested = []
        self._window.splitter.gutter.update()
        super().closeEvent(event)  # type: ignore[arg-type]


def open_suggestions(window: MainWindow) -> SuggestionsDialog | None:
    """Suggest links between the panes' documents (both must be the project's, text read)."""
    left, right = (pane.view.text_layer for pane in window.panes)
    annotator = window.host.annotator
    if (
        annotator is None
        or left is None
        or right is None
        or not (left.is_complete and right.is_complete)
        or None in (annotator.document_of(p) for p in window.panes)
    ):
        window.statusBar().showMessage(
            "Suggesting links needs both panes' documents read and in the project.", 8000
        )
        return None
    dialog = SuggestionsDialog(window, suggested_bands(left, right))
    dialog.show()
    return dialog

"""The Curation panel: for one document, the places where reviewers highlighted overlapping
text, as an agenda (most contested first), each with every reviewer's highlights and codes
side by side; the lead settles the selected place with a button, and the list follows at once.

A dock, tabbed with the annotation list, rather than a dialog: curating is reading both
panes and the list at once, and a modal window would hide the page each decision is about.
Clicking a place shows it on its page. After a decision the selection stays on the same row,
which now holds the next most contested place (the settled one moved down among the
curated), so a meeting works through the list with one key or click a place.

The agenda is read when the panel is first shown, and again only when it is in view: an edit
made while it is hidden marks it stale.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.app.curating import Curate, Settlement, Uncurate, adopt, merge, pre_merge, reject
from desktop.app.curation_agenda import CurationAgenda
from desktop.app.reviewer_layers import ReviewerLayers
from desktop.core.changes import ChangeSet
from desktop.core.curation import Unit, UnitState
from desktop.core.model import DocumentId, ReviewerId
from desktop.ui.curation_model import CurationModel
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.plain_text import PlainLabel

STATE_WORDS = {
    UnitState.DISAGREE: "disagree",
    UnitState.PARTLY: "partly",
    UnitState.INCOMPLETE: "not everyone",
    UnitState.AGREE: "agree",
    UnitState.CURATED: "curated",
}


class CurationDock(QDockWidget):
    annotation_activated = Signal(str)
    """The user chose a place: show its first highlight on its page."""

    def __init__(self, bridge: EditorBridge, parent: QWidget | None = None) -> None:
        super().__init__("Curation", parent)
        self.setObjectName("curationPanel")
        self._bridge = bridge
        self._stale = True
        self._layers = ReviewerLayers()
        self._on_screen = False
        """Its tab is the one shown (``visibilityChanged``; ``isVisible`` is also true for
        a tab behind another)."""
        self.model = CurationModel(bridge.project)
        self.documents = QComboBox()
        self.documents.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.documents.setMinimumContentsLength(24)
        self.summary = PlainLabel()
        self.pre_merge_button = QPushButton("Pre-merge Agreed")
        self.pre_merge_button.setToolTip(
            "Adopt every place on which all reviewers agree, in one step (one undo)"
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.horizontalHeader().setHighlightSections(False)
        self.decisions = QHBoxLayout()
        self.decisions.setContentsMargins(4, 2, 4, 4)
        self.adopt_buttons: dict[ReviewerId, QPushButton] = {}
        self.merge_button = QPushButton("&Merge Codes")
        self.merge_button.setToolTip(
            "Keep one highlight, on the span most reviewers chose, with every code given here"
        )
        self.reject_button = QPushButton("&Reject (Keep Nothing)")
        self.reject_button.setToolTip("Settle the place with nothing kept")
        self.take_back_button = QPushButton("&Take Back")
        self.take_back_button.setToolTip("Undo the settlement of this place")
        self._lay_out()
        self.documents.currentIndexChanged.connect(self._on_documents_current_index_changed)
        self.pre_merge_button.clicked.connect(self._on_pre_merge_clicked)
        self.merge_button.clicked.connect(lambda: self._settle(merge, "Merge codes"))
        self.reject_button.clicked.connect(
            lambda: self._settle(reject, "Reject place, nothing kept")
        )
        self.take_back_button.clicked.connect(self._on_take_back_clicked)
        self.view.clicked.connect(self._on_view_clicked)
        self.view.activated.connect(self._on_view_clicked)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        bridge.changed.connect(self._on_bridge_changed)
        self.visibilityChanged.connect(self._on_visibility_changed)
        self._update_buttons()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 2)
        top.addWidget(PlainLabel("Document:"))
        top.addWidget(self.documents)
        top.addWidget(self.summary, 1)
        top.addWidget(self.pre_merge_button)
        self.decisions.addStretch(1)
        for button in (self.merge_button, self.reject_button, self.take_back_button):
            self.decisions.addWidget(button)
        decisions = QWidget()
        decisions.setLayout(self.decisions)
        # a button per reviewer must not widen the dock area (nor move the first frame)
        decisions.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(decisions)
        self.setWidget(body)
        self.setFocusProxy(self.view)

    # -- what it shows -----------------------------------------------------------------------

    @property
    def document_id(self) -> DocumentId | None:
        found = self.documents.currentData()
        return DocumentId(found) if found else None

    def show_document(self, document_id: str) -> None:
        """Curate that document (read at once if the panel is in view)."""
        self._list_documents()
        found = self.documents.findData(document_id)
        if found >= 0:
            self.documents.setCurrentIndex(found)

    def show_place(self, document_id: str, start: int, end: int) -> None:
        """Bring the panel forward on that document, the unit at ``start``-``end`` chosen (the
        Agreement panel's disagreements open here)."""
        self.show()
        self.raise_()
        self.show_document(document_id)
        self.reload()
        for row in range(self.model.rowCount()):
            unit = self.model.unit(row)
            if unit is not None and unit.start < end and start < unit.end:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
                self.annotation_activated.emit(unit.key)
                return

    def set_layers(self, layers: ReviewerLayers) -> None:
        """Leave the columns of reviewers the window hides empty."""
        self.model.hidden = {r for r in self.model.reviewers if not layers.shows(r)}
        self._layers = layers
        self.model.refreshed()
        self._after_change(max(self.view.currentIndex().row(), 0))

    def reload(self) -> None:
        """Read the chosen document's units again."""
        self._stale = False
        self._list_documents()
        document_id = self.document_id
        agenda = None if document_id is None else CurationAgenda(self._bridge.project, document_id)
        self.model.set_agenda(agenda)
        self.model.hidden = {r for r in self.model.reviewers if not self._layers.shows(r)}
        self._size_columns()
        self._rebuild_adopt_buttons()
        self._after_change(0)

    def _list_documents(self) -> None:
        chosen = self.documents.currentData()
        documents = [(d.id, d.title) for d in self._bridge.project.documents.all()]
        if [self.documents.itemData(i) for i in range(self.documents.count())] == [
            d for d, _ in documents
        ]:
            return
        self.documents.blockSignals(True)
        self.documents.clear()
        for document_id, title in documents:
            self.documents.addItem(title, document_id)
        found = self.documents.findData(chosen)
        self.documents.setCurrentIndex(max(found, 0))
        self.documents.blockSignals(False)

    def _size_columns(self) -> None:
        """The state and the text as wide as they need, the reviewers sharing the rest
        equally: they are what is compared."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        widest = max(metrics.horizontalAdvance(state.shown) for state in UnitState)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, widest + 2 * metrics.averageCharWidth())  # not sized by rows
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, metrics.averageCharWidth() * 28)
        for column in range(2, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _rebuild_adopt_buttons(self) -> None:
        for button in self.adopt_buttons.values():
            self.decisions.removeWidget(button)
            button.deleteLater()
        self.adopt_buttons = {}
        for number, reviewer in enumerate(self.model.reviewers):
            name = self.model.reviewer_name(reviewer)
            button = QPushButton(
                f"Adopt {name}’s" if number >= 9 else f"&{number + 1} Adopt {name}’s"
            )
            button.setToolTip(f"Keep {name}’s highlights here as they are, with their codes")
            button.clicked.connect(partial(self._adopt, reviewer))
            self.decisions.insertWidget(number, button)
            self.adopt_buttons[reviewer] = button

    def _after_change(self, row: int) -> None:
        """Select ``row`` (the same place in the list: now the next place to settle), say
        the counts and enable what applies."""
        agenda = self.model.agenda
        counts = agenda.counts() if agenda is not None else {}
        self.summary.setText(
            " · ".join(f"{counts[s]:,} {word}" for s, word in STATE_WORDS.items() if counts.get(s))
            or "No highlights in this document"
        )
        rows = self.model.rowCount()
        if rows:
            index = self.model.index(min(row, rows - 1), 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        agreed = counts.get(UnitState.AGREE, 0)
        self.pre_merge_button.setText(f"Pre-merge Agreed ({agreed:,})")
        self.pre_merge_button.setEnabled(bool(agreed))
        self._update_buttons()

    def _update_buttons(self) -> None:
        unit = self.model.unit(self.view.currentIndex().row())
        open_unit = unit is not None and unit.state is not UnitState.CURATED
        for reviewer, button in self.adopt_buttons.items():
            button.setEnabled(open_unit and bool(unit and unit.of(reviewer)))
        self.merge_button.setEnabled(open_unit)
        self.reject_button.setEnabled(open_unit)
        self.take_back_button.setEnabled(unit is not None and unit.curation_id is not None)

    # -- decisions ---------------------------------------------------------------------------

    def _adopt(self, reviewer: ReviewerId) -> None:
        name = self.model.reviewer_name(reviewer)
        self._settle(lambda unit: adopt(unit, reviewer), f"Adopt {name}’s version")

    def _settle(self, how: Callable[[Unit], Settlement], label: str) -> None:
        unit = self.model.unit(self.view.currentIndex().row())
        document_id = self.document_id
        if unit is None or document_id is None or unit.state is UnitState.CURATED:
            return
        self._bridge.execute(Curate(document_id, (how(unit),), label))

    def _on_take_back_clicked(self) -> None:
        unit = self.model.unit(self.view.currentIndex().row())
        if unit is not None and unit.curation_id is not None:
            self._bridge.execute(Uncurate((unit.curation_id,)))

    def _on_pre_merge_clicked(self) -> None:
        agenda = self.model.agenda
        if agenda is None:
            return
        command = pre_merge(agenda.document_id, agenda.units)
        if command is not None:
            self._bridge.execute(command)

    # -- following the project ---------------------------------------------------------------

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        agenda = self.model.agenda
        if not self._on_screen:
            self._stale = True
            return
        if self._stale or agenda is None:
            self.reload()
            return
        row = self.view.currentIndex().row()
        before = agenda.reviewers
        if agenda.follow(change_set):
            self.model.refreshed()
            if agenda.reviewers != before:
                self._rebuild_adopt_buttons()
            self._after_change(max(row, 0))

    def _on_visibility_changed(self, visible: bool) -> None:
        self._on_screen = visible
        if visible and self._stale:
            self.reload()

    def _on_documents_current_index_changed(self, _index: int) -> None:
        if self._on_screen:
            self.reload()
        else:
            self._stale = True

    def _on_view_clicked(self, index: QModelIndex) -> None:
        unit = self.model.unit(index.row())
        if unit is not None:
            self.annotation_activated.emit(unit.key)

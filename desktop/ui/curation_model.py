"""The curation agenda as a Qt table: a unit a row, most contested first; its state, where it
is, then every reviewer's highlights and codes side by side, a column each.

The rows are ``CurationAgenda``'s units (Qt-free); the quotes and code names a row shows are
read when the row is first painted, so 20,000 units cost nothing until they scroll into view.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.app.curation_agenda import CurationAgenda
from desktop.app.reviewer_layers import reviewer_color
from desktop.core.curation import Unit, UnitState, Version
from desktop.core.model import ReviewerId
from desktop.store import Project

STATE_COLORS = {
    UnitState.DISAGREE: "#F4B6B6",
    UnitState.PARTLY: "#F8D9A8",
    UnitState.INCOMPLETE: "#FBF0B0",
    UnitState.AGREE: "#C8E6C9",
    UnitState.CURATED: "#DDDDDD",
}
"""The state column's background: red for the most contested to grey for settled."""
QUOTE_CHARS = 60
FIXED_COLUMNS = ("State", "Text")

Index = QModelIndex | QPersistentModelIndex


class CurationModel(QAbstractTableModel):
    def __init__(self, project: Project, agenda: CurationAgenda | None = None) -> None:
        super().__init__()
        self._project = project
        self.agenda = agenda
        self._names: dict[int, str] = {}
        self._quotes: dict[str, str] = {}
        self.hidden: set[ReviewerId] = set()
        """Reviewers whose column is left empty (their layer is hidden)."""

    # What the dock asks

    def set_agenda(self, agenda: CurationAgenda | None) -> None:
        self.beginResetModel()
        self.agenda = agenda
        self._quotes.clear()
        self._names = {r.id: r.name for r in self._project.reviewers.all()}
        self.endResetModel()

    def refreshed(self) -> None:
        """The agenda changed (it followed an edit): show it as it is now."""
        self.beginResetModel()
        self._names = {r.id: r.name for r in self._project.reviewers.all()}
        self.endResetModel()

    @property
    def reviewers(self) -> tuple[ReviewerId, ...]:
        return self.agenda.reviewers if self.agenda is not None else ()

    def unit(self, row: int) -> Unit | None:
        units = self.agenda.units if self.agenda is not None else []
        return units[row] if 0 <= row < len(units) else None

    def reviewer_name(self, reviewer_id: ReviewerId) -> str:
        return self._names.get(reviewer_id, f"Reviewer {reviewer_id}")

    # Qt's model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        if parent.isValid() or self.agenda is None:
            return 0
        return len(self.agenda.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(FIXED_COLUMNS) + len(self.reviewers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        reviewer = self._reviewer_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return FIXED_COLUMNS[section] if reviewer is None else self.reviewer_name(reviewer)
        if role == Qt.ItemDataRole.ForegroundRole and reviewer is not None:
            return QBrush(QColor(reviewer_color(reviewer)))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        unit = self.unit(index.row()) if index.isValid() else None
        if unit is None:
            return None
        column = index.column()
        reviewer = self._reviewer_of(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return unit.state.shown
            if column == 1:
                return self._quote(unit.versions[0], whole=role == Qt.ItemDataRole.ToolTipRole)
            assert reviewer is not None
            return self._reviewer_text(unit, reviewer, whole=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QBrush(QColor(STATE_COLORS[unit.state]))
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(QColor("#202020"))  # on its light background, in a dark theme too
        if role == Qt.ItemDataRole.ForegroundRole and reviewer is not None:
            return QBrush(QColor(reviewer_color(reviewer)))
        return None

    def _reviewer_of(self, column: int) -> ReviewerId | None:
        reviewers = self.reviewers
        number = column - len(FIXED_COLUMNS)
        return reviewers[number] if 0 <= number < len(reviewers) else None

    def _reviewer_text(self, unit: Unit, reviewer: ReviewerId, *, whole: bool) -> str:
        if reviewer in self.hidden:
            return ""
        versions = unit.of(reviewer)
        if not versions:
            return "(nothing here)"
        book = self._project.codes.codebook()
        said = []
        for version in versions:
            names = sorted(code.name for c in version.code_ids if (code := book.get(c)) is not None)
            codes = ", ".join(names) if names else "no code"
            said.append(f"{codes}: {self._quote(version, whole=whole)}")
        return ("\n" if whole else " | ").join(said)

    def _quote(self, version: Version, *, whole: bool) -> str:
        quote = self._quotes.get(version.annotation_id)
        if quote is None:
            found = self._project.annotations.get(version.annotation_id)
            quote = found.anchor.exact if found is not None else ""
            self._quotes[version.annotation_id] = quote
        quote = " ".join(quote.split())
        if not whole and len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "…"
        return f"“{quote}”"

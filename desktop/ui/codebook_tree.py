"""The codebook panel's tree view and its filter: what a click means, and what typing hides.

A click only selects a code: an analyst clicks a code to read it, rename it or delete it, and
that must never change an annotation. Applying it is the explicit gesture: a double-click on the
code's row (not on its expand arrow, nor one that ends an inline rename) or Enter on the current
code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTreeView, QWidget

from desktop.ui.codebook_model import SEARCH_ROLE, Column


class CodeFilter(QSortFilterProxyModel):
    """Keeps the codes whose name or description contains every typed word (any order, any
    case), with their ancestors, so a match is always seen where it sits in the tree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(Column.CODE)

    def set_words(self, text: str) -> None:
        lookaheads = "".join(
            f"(?=.*{QRegularExpression.escape(word)})" for word in text.casefold().split()
        )
        self.setFilterRegularExpression(
            QRegularExpression(
                f"^{lookaheads}" if lookaheads else "",
                QRegularExpression.PatternOption.DotMatchesEverythingOption,
            )
        )


class _RowWidths:
    """The width of each row's text in one column, and how many rows have each width: the
    widest is known as rows change without measuring the rows that did not."""

    def __init__(self) -> None:
        self._of: dict[str, int] = {}
        self._rows: Counter[int] = Counter()

    @property
    def widest(self) -> int:
        return max(self._rows, default=0)

    def replace(self, widths: Mapping[str, int]) -> None:
        self._of = dict(widths)
        self._rows = Counter(self._of.values())

    def update(self, widths: Mapping[str, int]) -> None:
        for row, width in widths.items():
            before = self._of.get(row)
            if before is not None:
                self._rows[before] -= 1
                if not self._rows[before]:
                    del self._rows[before]
            self._of[row] = width
            self._rows[width] += 1


class CodeTree(QTreeView):
    code_chosen = Signal(QModelIndex)
    """A left double-click on a row's name or columns (not its arrow), or Enter on a row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widths = {column: _RowWidths() for column in Column}
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """The name takes the width the counts and keys leave (the header has sections only
        once there is a model)."""
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.CODE, QHeaderView.ResizeMode.Stretch)
        for column in (Column.COUNT, Column.KEY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)

    def fit_column(
        self, column: Column, texts: Mapping[str, str], *, every_row: bool = True
    ) -> None:
        """Make ``column`` as wide as its widest row's text (in bold, as facet rows are) or its
        title, wider or narrower. ``texts`` is every row's text by row, or (not ``every_row``)
        the changed rows' alone: only those are measured again, where Qt's resize-to-contents
        would measure every row at each change of a count."""
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        widths = {row: metrics.horizontalAdvance(text) for row, text in texts.items()}
        rows = self._widths[column]
        if every_row:
            rows.replace(widths)
        else:
            rows.update(widths)
        margin = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        header = self.header()
        width = max(rows.widest + margin, header.sectionSizeHint(column))
        if width != header.sectionSize(column):
            header.resizeSection(column, width)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        index = self.indexAt(point)
        on_row = (
            index.isValid()
            and event.button() == Qt.MouseButton.LeftButton
            and self.visualRect(index).contains(point)
            and self.state() != QAbstractItemView.State.EditingState
        )
        super().mouseDoubleClickEvent(event)
        if on_row:
            self.code_chosen.emit(index.siblingAtColumn(0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and current.isValid()
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.code_chosen.emit(current.siblingAtColumn(0))
            event.accept()
            return
        super().keyPressEvent(event)

"""The annotation list as a table model that stays quick with 100,000 annotations.

The model holds only the ordered ids that match the filter. A row's contents are fetched when
the view first draws it, forty rows at a time (``project.annotations.listed``), and kept
in a bounded cache, as Anki's browser does with cards: scrolling through the whole list never
holds more than ``CACHE_ROWS`` rows. Which ids match comes from ``AnnotationIndex``, loaded a
batch at a time while the window is idle, so a filter answers in milliseconds (before it is
loaded, the store's SQL answers, in tens to hundreds of milliseconds).

The model refreshes only from the bridge's ``ChangeSet``s, never on paint. Which rows come,
go or are repainted is decided without Qt (``desktop.app.list_rows.ListRows``, which tells
this model as a Qt model must tell its views); a changed one is dropped from the cache here.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from desktop.app.annotation_index import AnnotationIndex
from desktop.app.annotation_rows import COLUMNS, Column, Row, format_row, local_time, short_title
from desktop.app.list_rows import ListRows
from desktop.codebook.colors import BLACK, WHITE, contrast_ratio
from desktop.core.changes import ChangeSet, Entity
from desktop.core.model import AnnotationId
from desktop.store import AnnotationFilter, ListedAnnotation, Project
from desktop.ui.annotation_rows import Chip
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.highlight_pieces import LIST_COLORS
from desktop.ui.idle_work import Urgency, idle_work
from desktop.ui.plain_text import tooltip

__all__ = [
    "ANNOTATION_ID_ROLE",
    "CHIPS_ROLE",
    "AnnotationTableModel",
    "Chip",
    "Column",
    "local_time",
    "short_title",
]

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole
"""The annotation id of any cell."""
CHIPS_ROLE = Qt.ItemDataRole.UserRole.value + 1
"""The codes column's chips, a tuple of ``Chip``, for ``CodeChipDelegate``."""

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_ID = ANNOTATION_ID_ROLE.value
_CHIPS = CHIPS_ROLE
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGN, _ID, _CHIPS, _FOREGROUND})
_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class AnnotationTableModel(QAbstractTableModel):
    counts_changed = Signal()
    """The number of rows or of annotations in the project changed."""

    FETCH = 40
    """Rows fetched together when the view draws one that is not cached: a screenful of the
    dock, so a jump to a new annotation's row costs one small read."""
    CACHE_ROWS = 3000
    FILL = 200
    """Annotations the list's index reads per step while it fills (a few milliseconds)."""

    def __init__(self, bridge: EditorBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._where = AnnotationFilter()
        self._rows = ListRows([], self, filling=True)
        self._total = self.project.annotations.count()
        self._cache: OrderedDict[str, Row] = OrderedDict()
        self._titles: dict[str, str] = {}
        self._reviewers: dict[int, str] = {}
        self._chips: dict[str, Chip] = {}
        self._paths: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self.reviewer_colors: dict[str, QColor] | None = None
        """Each reviewer's colour by name, for the reviewer column, when the window colours
        by reviewer (``AnnotationListDock.set_layers``); None: the theme's text colour."""
        self._load_codes()
        self._index = AnnotationIndex(self.project, batch=self.FILL)
        self._fill(time.perf_counter())  # a small project's list is full at once
        if self._rows.filling is not None:
            idle_work().start(self._fill, Urgency.LIST)
        bridge.changed.connect(self._on_bridge_changed)

    @property
    def project(self) -> Project:
        return self._bridge.project

    @property
    def total(self) -> int:
        """Annotations in the project, whatever the filter."""
        return self._total

    @property
    def where(self) -> AnnotationFilter:
        return self._where

    @property
    def index_ready(self) -> bool:
        return self._index.ready

    @property
    def filling(self) -> bool:
        """Whether rows are still coming (the list fills as its index loads)."""
        return self._rows.filling is not None

    # The filter

    def set_filter(self, where: AnnotationFilter) -> None:
        """Show the annotations ``where`` selects (a model reset: the view keeps nothing)."""
        if where == self._where:
            return
        self._where = where
        self._reset(self._query())
        self.counts_changed.emit()

    def annotation_id(self, row: int) -> AnnotationId:
        return self._rows.ids[row]

    def row_of(self, annotation_id: str) -> int | None:
        """The annotation's row, or None when the filter hides it."""
        return self._rows.row_of(annotation_id)

    # QAbstractTableModel

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows.ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section].header
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        """Called some fifty times per visible row and paint: roles are plain ints here and
        every column's cell is one attribute of the cached row."""
        if role not in _ROLES or not index.isValid():
            return None
        row_number, column = index.row(), index.column()
        if not 0 <= row_number < len(self._rows.ids):
            return None
        if role == _ID:
            return self._rows.ids[row_number]
        if role == _ALIGN:
            return _RIGHT if COLUMNS[column].numeric else _LEFT
        row = self._row(row_number)
        if row is None:
            return None
        if role == _FOREGROUND:  # a reviewer's name in their colour (when the window colours
            # by reviewer); else a rejected row greyed, a disputed one marked
            if column == Column.REVIEWER and self.reviewer_colors is not None:
                return self.reviewer_colors.get(row.reviewer)
            return LIST_COLORS.get(row.listed.get("status", ""))
        if column == Column.CODES:
            return self._codes_data(row, role)
        if role == _CHIPS:
            return None
        if role == _TOOLTIP:
            return tooltip(COLUMNS[column].tip(row))
        return COLUMNS[column].cell(row)

    def _codes_data(self, row: Row, role: int) -> object:
        """Codes in codebook order (thematic areas first), so a code keeps its place from row
        to row and the eye can run down a column of chips."""
        known = sorted(
            (code for code in row.code_ids if code in self._chips), key=self._order.__getitem__
        )
        if role == _CHIPS:
            return tuple(self._chips[code] for code in known)
        if role == _TOOLTIP:
            return tooltip("\n".join(self._paths[code] for code in known))
        return "; ".join(self._chips[code].name for code in known)

    # Rows, fetched as they are drawn

    def _row(self, row: int) -> Row | None:
        annotation_id = self._rows.ids[row]
        cached = self._cache.get(annotation_id)
        if cached is None:
            first = row - row % self.FETCH
            wanted = [
                found
                for found in self._rows.ids[first : first + self.FETCH]
                if found not in self._cache
            ]
            for listed in self.project.annotations.listed(wanted):
                self._cache[listed.annotation.id] = self._format(listed)
            while len(self._cache) > self.CACHE_ROWS:
                self._cache.popitem(last=False)
            cached = self._cache.get(annotation_id)  # None: deleted by another Accord
        else:
            self._cache.move_to_end(annotation_id)
        return cached

    def _format(self, listed: ListedAnnotation) -> Row:
        annotation = listed.annotation
        title = self._titles.get(annotation.document_id)
        if title is None:
            self._titles = {d.id: d.title for d in self.project.documents.all()}
            title = self._titles.get(annotation.document_id, annotation.document_id[:12])
        reviewer = self._reviewers.get(annotation.reviewer_id)
        if reviewer is None:
            self._reviewers = {r.id: r.name for r in self.project.reviewers.all()}
            reviewer = self._reviewers.get(annotation.reviewer_id, "")
        return format_row(annotation, listed.code_ids, title=title, reviewer=reviewer)

    def _load_codes(self) -> None:
        book = self.project.codes.codebook()
        self._paths = {code.guid: book.path(code.guid) for code in book}
        self._order = {code.guid: place for place, code in enumerate(book)}
        self._chips = {}
        for code in book:
            text = (
                BLACK
                if contrast_ratio(code.color, BLACK) >= contrast_ratio(code.color, WHITE)
                else WHITE
            )
            self._chips[code.guid] = Chip(code.name, QColor(code.color), QColor(text))

    # Refreshing from ChangeSets

    def _query(self) -> list[AnnotationId]:
        """The ids to show: from the index once it is loaded; until then (the first seconds
        after opening a large project) from the store's SQL, slower per filter but far
        quicker than finishing the load on the spot."""
        if not self._index.ready:
            return self.project.annotations.ids(self._where)
        return self._index.matching(self._where)

    def stop_loading(self) -> None:
        """Stop loading the filter index (the project is closing)."""
        idle_work().stop(self._fill)

    def _fill(self, deadline: float) -> bool:
        """Load the index a batch at a time until ``deadline``, the rows of an unfiltered
        list coming with each batch, in reading order, at the end: each batch starts after
        the last. An edit meanwhile places its row as it does on a full list, among the rows
        loaded (or leaves it to its batch), so a batch leaves out the rows already shown.
        True while there is more to load."""
        while True:
            if self._index.load_batch():
                self._rows.filling = None
                return False
            self._rows.append_loaded(self._index.last_batch)
            if time.perf_counter() >= deadline:
                return True

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        if change_set.whole_project:
            self._load_codes()
            self._reload()
            return
        if change_set.touches(Entity.DOCUMENT):  # renamed: the titles are read again
            self._titles = {}
            self._cache.clear()
            if self._rows.ids:
                self.dataChanged.emit(
                    self.index(0, Column.DOCUMENT),
                    self.index(len(self._rows.ids) - 1, Column.DOCUMENT),
                )
        if change_set.touches(Entity.CODE):
            self._load_codes()
            self._cache.clear()  # a deleted code's codings went with it
            if self._where.code_ids:  # the codes under a chosen one may be others now
                self._reset(self._query())
                self.counts_changed.emit()
            elif self._rows.ids:
                self.dataChanged.emit(
                    self.index(0, Column.CODES), self.index(len(self._rows.ids) - 1, Column.CODES)
                )
        for annotation_id in change_set.ids(Entity.ANNOTATION):
            self._cache.pop(annotation_id, None)
        moved = self._rows.apply(
            change_set, index=self._index, where=self._where, query=self._query
        )
        if moved.counts:
            self._total = (
                len(self._index) if self._index.ready else self.project.annotations.count()
            )
            self.counts_changed.emit()
        last = len(COLUMNS) - 1
        if moved.repaint is None:
            if self._rows.ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows.ids) - 1, last))
            return
        for row in moved.repaint:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # RowEvents: what ListRows tells as rows come and go

    def begin_remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)

    def end_remove(self) -> None:
        self.endRemoveRows()

    def begin_insert(self, first: int, last: int) -> None:
        self.beginInsertRows(QModelIndex(), first, last)

    def end_insert(self) -> None:
        self.endInsertRows()

    def begin_reset(self) -> None:
        self.beginResetModel()

    def end_reset(self) -> None:
        self.endResetModel()

    def _reload(self) -> None:
        """Everything again: the rows, their count and the reading-order index."""
        self._cache.clear()
        self._index = AnnotationIndex(self.project, batch=self.FILL)
        idle_work().start(self._fill, Urgency.LIST)
        self._total = self.project.annotations.count()
        self._reset(self._query())
        self.counts_changed.emit()

    def _reset(self, ids: list[AnnotationId]) -> None:
        """Show ``ids``, every row there is (a list still filling is full from now on)."""
        self._rows.reset(ids)

"""The annotation list: every annotation of the project in reading order, filterable, as a
dock beside the two documents.

Clicking a row, or Enter on it, asks the window to show that annotation on its page
(``annotation_activated``); clicking a highlight on the page selects its row
(``show_annotation``) without asking back. Ctrl+F while the list has focus goes to the filter
box; elsewhere the window's Ctrl+F stays Find in the document, because the dock claims the key
only through ``ShortcutOverride`` from its own focused widgets. A row's context menu (right
click, or the Menu key) sets the fields the annotation declares ``listed`` that take one of a
fixed set of values (its status), each an undoable edit.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from functools import partial

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.app.annotating import SetField
from desktop.app.annotation_rows import COLUMNS, Column
from desktop.app.reviewer_layers import ReviewerLayers, reviewer_color
from desktop.core.changes import Action, ChangeSet, Entity
from desktop.core.model import Annotation, AnnotationId, ReviewerId
from desktop.core.record import listed_fields, shown
from desktop.store import AnnotationFilter
from desktop.ui.annotation_filter_bar import AnnotationFilterBar
from desktop.ui.annotation_model import AnnotationTableModel
from desktop.ui.code_chip_delegate import CodeChipDelegate
from desktop.ui.editor_bridge import EditorBridge


class AnnotationTable(QTableView):
    """The list itself: whole rows, one selected, fixed row height (so 100,000 rows cost
    nothing to lay out), and Enter as activation on every platform."""

    row_activated = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.clicked.connect(self.row_activated)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class AnnotationListDock(QDockWidget):
    annotation_activated = Signal(str)
    """The user chose an annotation in the list (click or Enter): show it on its page."""

    def __init__(self, bridge: EditorBridge, parent: QWidget | None = None) -> None:
        super().__init__("Annotations", parent)
        self.setObjectName("annotationList")
        self._kept: str | None = None
        self._bridge = bridge
        self._layers = ReviewerLayers()
        self.model = AnnotationTableModel(bridge, self)
        self.filter_bar = AnnotationFilterBar(bridge.project)
        self.view = AnnotationTable()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(Column.CODES, CodeChipDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        for number, column in enumerate(COLUMNS):
            header.resizeSection(number, column.width)
        header.setSectionResizeMode(Column.QUOTE, QHeaderView.ResizeMode.Stretch)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.setFocusProxy(self.view)
        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
        self.filter_bar.typing_finished.connect(self._on_filter_bar_typing_finished)
        self.model.counts_changed.connect(self._show_counts)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.view.row_activated.connect(self._on_view_row_activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        bridge.changed.connect(self._on_bridge_changed)
        self._show_counts()

    def current_annotation_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.annotation_id(index.row()) if index.isValid() else None

    def show_annotation(self, annotation_id: str) -> bool:
        """Select the annotation's row and scroll to it, without ``annotation_activated``.
        False (and nothing selected) when the filter hides it."""
        row = self.model.row_of(annotation_id)
        if row is None:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())
            return False
        self._select(row)
        return True

    def focus_filter(self) -> None:
        self.filter_bar.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.text.selectAll()

    def event(self, event: QEvent) -> bool:
        """Claim Ctrl+F from the window's Find while focus is inside the dock."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Find)
        ):
            event.accept()
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Find)
        ):
            self.focus_filter()
            return True
        return super().event(event)

    def field_menu(self, annotation_id: str) -> QMenu:
        """A submenu for each ``listed`` field of the annotation with a fixed set of values
        (an enum: its status), each value an action, the current one checked."""
        menu = QMenu(self)
        annotation = self._bridge.project.annotations.get(annotation_id)
        if annotation is None:
            return menu
        for declared in listed_fields(Annotation):
            kind = declared.kind
            if not (isinstance(kind, type) and issubclass(kind, Enum)):
                continue
            values = menu.addMenu(declared.title or declared.name)
            current = declared.get(annotation)
            for member in kind:
                action = values.addAction(shown(member).capitalize())
                action.setCheckable(True)
                action.setChecked(member == current)
                action.triggered.connect(
                    partial(self._set_field, AnnotationId(annotation_id), declared.name, member)
                )
        return menu

    def _set_field(self, annotation_id: AnnotationId, name: str, value: object) -> None:
        self._bridge.execute(SetField(annotation_id, name, value))

    def _on_view_context_menu_requested(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        self._select(index.row())
        menu = self.field_menu(self.model.annotation_id(index.row()))
        if not menu.isEmpty():
            menu.exec(self.view.viewport().mapToGlobal(point))

    def _select(self, row: int) -> None:
        index = self.model.index(row, Column.QUOTE)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _show_counts(self) -> None:
        self.filter_bar.set_counts(
            self.model.rowCount(), self.model.total, filtered=self.model.where != AnnotationFilter()
        )

    def set_layers(self, layers: ReviewerLayers) -> None:
        """List only the reviewers the window shows, their names in their colours when it
        colours by reviewer."""
        self._layers = layers
        self.model.reviewer_colors = (
            {r.name: QColor(reviewer_color(r.id)) for r in self._bridge.project.reviewers.all()}
            if layers.by_reviewer
            else None
        )
        self._on_filter_bar_filter_changed()
        self.view.viewport().update()

    def _on_filter_bar_filter_changed(self) -> None:
        self.model.set_filter(self._with_layers(self.filter_bar.current_filter()))

    def _with_layers(self, where: AnnotationFilter) -> AnnotationFilter:
        """The filter bar's choice, narrowed to the reviewers shown."""
        if self._layers.all_shown:
            return where
        chosen = where.reviewer_ids or frozenset(r.id for r in self._bridge.project.reviewers.all())
        shown = self._layers.shown_among(chosen)
        # No reviewer has the id 0 (SQLite's start at 1): nobody shown lists nothing.
        return replace(where, reviewer_ids=shown or frozenset({ReviewerId(0)}))

    def _on_filter_bar_typing_finished(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self._select(0)

    def _on_model_about_to_be_reset(self) -> None:
        self._kept = self.current_annotation_id()

    def _on_model_reset(self) -> None:
        """Keep the selected annotation selected (and in view) when it is still listed."""
        row = None if self._kept is None else self.model.row_of(self._kept)
        if row is None:
            self.view.scrollToTop()
        else:
            self._select(row)
        self._show_counts()

    def _on_view_row_activated(self, index: QModelIndex) -> None:
        self.annotation_activated.emit(self.model.annotation_id(index.row()))

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        if change_set.touches(Entity.DOCUMENT) or change_set.ids(Entity.ANNOTATION, Action.CREATED):
            self.filter_bar.reload_sources()
        if change_set.touches(Entity.CODE):
            self.filter_bar.reload_codes()
            self.model.set_filter(self.filter_bar.current_filter())

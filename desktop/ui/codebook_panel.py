"""The codebook dock: see both facets with live counts, filter them, edit them, tag with them.

Every edit is a command executed through the bridge (so the Edit menu undoes it) and the panel
redraws only from ``bridge.changed``: what the model rebuilds after a change, the panel puts
back as the analyst left it (the codes they collapsed, the code they had selected). Dialogs are
asked through their ``ask`` classmethods (``code_dialogs``, ``CodePicker``) and return plain
values.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app.coding_scheme import (
    AddCode,
    DeleteCode,
    DescribeCode,
    MergeCodes,
    PinCode,
    RecolorCode,
)
from desktop.codebook import rules
from desktop.codebook.colors import is_readable
from desktop.codebook.model import Code, Facet
from desktop.core.model import CodeId
from desktop.ui.code_dialogs import ColorDialog, ConfirmDialog, DescriptionDialog, NameDialog
from desktop.ui.code_picker import CodePicker
from desktop.ui.codebook_model import CODABLE_ROLE, CODE_ID_ROLE, CodebookModel, Column
from desktop.ui.codebook_tree import CodeFilter, CodeTree
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.plain_text import literal_ampersands


class CodebookDock(QDockWidget):
    code_activated = Signal(str)
    """The guid of a code the analyst applied (double-click, Enter or the Apply button): tag
    the current annotation or selection with it. A plain click only selects the code."""

    def __init__(self, bridge: EditorBridge, parent: QWidget | None = None) -> None:
        super().__init__("Codebook", parent)
        self.setObjectName("codebookPanel")
        self._bridge = bridge
        self._collapsed: set[str] = set()
        self._restoring = False
        self._kept_selection: list[str] = []
        self.model = CodebookModel(bridge, self)
        self.proxy = CodeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Filter codes")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter codes")
        self.tree = CodeTree()
        self.tree.setModel(self.proxy)
        self.tree.setAccessibleName("Codebook")
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._make_actions()
        self.menu = self._make_menu()
        self._layout()
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.installEventFilter(self)
        self.tree.code_chosen.connect(self._on_tree_code_chosen)
        self.tree.collapsed.connect(self._on_tree_collapsed)
        self.tree.expanded.connect(self._on_tree_expanded)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        self.tree.selectionModel().currentChanged.connect(self._update_actions)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.proxy.modelReset.connect(self._on_proxy_reset)
        # An edit changes a few rows: the columns' widths follow them once per burst of
        # changes, both ways, measuring the changed rows alone (measuring every row at each
        # tag cost more than the tag itself).
        self.model.dataChanged.connect(self._update_actions)
        self._rows_changed: set[str] = set()
        self._follow_rows = QTimer(self, singleShot=True, interval=0)
        self._follow_rows.timeout.connect(self._on_follow_rows_timeout)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self._restore_expansion()
        self._fit_columns()
        self._update_actions()

    # The parts

    def _make_actions(self) -> None:
        def action(
            text: str, slot: Callable[[], object], shortcut: str = "", tip: str = ""
        ) -> QAction:
            made = QAction(text, self.tree)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.setToolTip(tip or text.replace("&", "").rstrip("…"))
            made.triggered.connect(slot)
            self.tree.addAction(made)
            return made

        self.add_action = action(
            "&Add Code…", self.add_code, "Ins", "Add a code under the selected one (Ins)"
        )
        self.add_thematic_action = action(
            f"New Code in {Facet.THEMATIC.value}…", lambda: self.add_code(facet=Facet.THEMATIC)
        )
        self.add_instrument_action = action(
            f"New Code in {Facet.INSTRUMENT.value}…", lambda: self.add_code(facet=Facet.INSTRUMENT)
        )
        self.rename_action = action("&Rename", self.rename_code, "F2")
        self.recolor_action = action("Re&colour…", self.recolor_code)
        self.describe_action = action("Edit &Description…", self.describe_code)
        self.merge_action = action("&Merge Into…", self.merge_code)
        self.delete_action = action("&Delete…", self.delete_code, "Del")
        self.pin_menu = QMenu("&Pin to Key", self)
        self.pin_actions = [
            action(f"&{key}", lambda _=False, key=key: self.pin_code(key)) for key in range(1, 10)
        ]
        for pin in self.pin_actions:
            pin.setCheckable(True)
            self.pin_menu.addAction(pin)
        self.unpin_action = action("&Unpin", self.unpin_code)

    def _layout(self) -> None:
        add = QToolButton(text="+", toolTip=self.add_action.toolTip(), autoRaise=True)
        add.setAccessibleName("Add code")
        add.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        add.clicked.connect(self.add_action.trigger)
        add_menu = QMenu(add)
        add_menu.addActions([self.add_action, self.add_thematic_action, self.add_instrument_action])
        add.setMenu(add_menu)
        self.apply_button = QToolButton(
            text="Apply",
            autoRaise=True,
            toolTip="Tag the current highlight or selection with the selected code "
            "(or double-click the code, or press Enter)",
        )
        self.apply_button.setAccessibleName("Apply code")
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        more = QToolButton(text="⋯", toolTip="Edit the selected code", autoRaise=True)
        more.setAccessibleName("Code actions")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more.setMenu(self.menu)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        top.addWidget(self.apply_button)
        top.addWidget(add)
        top.addWidget(more)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        self.setWidget(body)

    def _make_menu(self) -> QMenu:
        """Every action on the selected code: the ⋯ button's menu and the context menu."""
        menu = QMenu(self)
        menu.addActions([self.add_action, self.add_thematic_action, self.add_instrument_action])
        menu.addSeparator()
        menu.addActions([self.rename_action, self.recolor_action, self.describe_action])
        menu.addSeparator()
        menu.addMenu(self.pin_menu)
        menu.addAction(self.unpin_action)
        menu.addSeparator()
        menu.addActions([self.merge_action, self.delete_action])
        return menu

    # What the window asks

    def current_code(self) -> Code | None:
        guid = self._guid(self.tree.currentIndex())
        return self.model.codebook.get(guid) if guid else None

    def select_code(self, guid: str) -> None:
        """Make ``guid`` the current code and scroll to it (clearing a filter that hides it)."""
        source = self.model.index_of(guid)
        if not source.isValid():
            return
        if not self.proxy.mapFromSource(source).isValid():
            self.filter.clear()
        index = self.proxy.mapFromSource(source)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    # Edits

    def add_code(self, *, facet: Facet | None = None) -> None:
        """A new code under the selected one, or directly below a facet folder."""
        book, current = self.model.codebook, self.current_code()
        parent = book.root(facet) if facet is not None else current or book.root(Facet.THEMATIC)
        where = "directly in" if parent.is_root else "under"
        name = NameDialog.ask(
            self,
            title="Add code",
            label=f"Name of the new code {where} “{parent.name}”:",
            check=lambda text: rules.check_new_code(book, parent_guid=parent.guid, name=text),
        )
        if name is None:
            return
        command = AddCode(CodeId(parent.guid), name)
        self._bridge.execute(command, then=lambda _: self.select_code(command.code_id))

    def rename_code(self) -> None:
        """Edit the name in place (Enter keeps it, Esc cancels); the model runs the rename."""
        code = self.current_code()
        if code is not None and not code.is_root:
            self.tree.edit(self.tree.currentIndex().siblingAtColumn(Column.CODE))

    def recolor_code(self) -> None:
        code = self.current_code()
        if code is None:
            return
        color = ColorDialog.ask(
            self, title=f"Colour of “{code.name}”", initial=code.color, facet=code.facet
        )
        if color is None or color == code.color:
            return
        if not is_readable(color, code.facet) and not ConfirmDialog.ask(
            self,
            title="Hard-to-read colour",
            text=_unreadable(color, code.facet),
            action="Use This Colour",
        ):
            return
        self._bridge.execute(RecolorCode(CodeId(code.guid), color))

    def describe_code(self) -> None:
        code = self.current_code()
        if code is None:
            return
        text = DescriptionDialog.ask(self, name=code.name, text=code.description)
        if text is not None and rules.clean_description(text) != code.description:
            self._bridge.execute(DescribeCode(CodeId(code.guid), text))

    def merge_code(self) -> None:
        """Merge the current code into one the analyst picks from the same facet."""
        code = self.current_code()
        if code is None or code.is_root:
            return
        book = self.model.codebook
        inside = {code.guid, *(d.guid for d in book.descendants(code.guid))}
        other_facet = {c.guid for c in book if c.facet != code.facet}
        target = CodePicker.ask(
            self, book, title=f"Merge “{code.name}” into", exclude=inside | other_facet
        )
        if target is not None:
            self._bridge.execute(
                MergeCodes(CodeId(code.guid), CodeId(target)),
                then=lambda _: self.select_code(target),
            )

    def delete_code(self) -> None:
        code = self.current_code()
        if code is None or code.is_root:
            return
        if ConfirmDialog.ask(
            self, title="Delete code", text=self.delete_question(code), action="Delete"
        ):
            self._bridge.execute(DeleteCode(CodeId(code.guid)))

    def delete_question(self, code: Code) -> str:
        """What deleting ``code`` costs, in the words the confirmation uses."""
        below = self.model.codebook.descendants(code.guid)
        gone = [code.guid, *(d.guid for d in below)]
        lost = len({c.annotation_id for c in self._bridge.project.annotations.codings_with(gone)})
        these = "these codes" if below else "this code"
        if below:
            subject = f"“{code.name}” and its {_plural(len(below), 'sub-code')}"
        else:
            subject = f"“{code.name}”"
        if lost:
            verb = "loses" if lost == 1 else "lose"
            cost = f"{_plural(lost, 'annotation')} {verb} {these}."
        else:
            cost = f"No annotation has {these}."
        return f"Delete {subject}? {cost} You can undo this."

    def pin_code(self, key: int) -> None:
        """Give the current code ``key``, asking first when another code holds it (that code
        loses its key); choosing the key it already has frees it."""
        code = self.current_code()
        if code is None or not code.is_codable:
            return
        held = self.model.pins().get(key)
        holder = self.model.codebook.get(held) if held and held != code.guid else None
        if holder is not None and not ConfirmDialog.ask(
            self,
            title="Key already pinned",
            text=f"Key {key} is pinned to “{holder.name}”. Pin it to “{code.name}” "
            f"instead? “{holder.name}” will have no key.",
            action=f"Pin to {key}",
        ):
            return
        self._bridge.execute(PinCode(key, None if held == code.guid else CodeId(code.guid)))

    def unpin_code(self) -> None:
        code = self.current_code()
        for key, guid in self.model.pins().items():
            if code is not None and guid == code.guid:
                self._bridge.execute(PinCode(key, None))

    # Keeping the view as the analyst left it

    def _guid(self, index: QModelIndex) -> str:
        return str(index.data(CODE_ID_ROLE)) if index.isValid() else ""

    def _on_model_about_to_be_reset(self) -> None:
        """Remember the current code and its ancestors: if it goes, its parent is selected."""
        guid = self._guid(self.tree.currentIndex())
        book = self.model.codebook
        self._kept_selection = []
        if guid in book:
            self._kept_selection = [guid, *(a.guid for a in reversed(book.ancestors(guid)))]

    def _on_proxy_reset(self) -> None:
        self._collapsed &= {code.guid for code in self.model.codebook}
        self._restore_expansion()
        self._fit_columns()
        survivor = next((g for g in self._kept_selection if g in self.model.codebook), None)
        if survivor is not None:
            self.select_code(survivor)
        self._update_actions()

    def _on_tree_collapsed(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._collapsed.add(self._guid(index))

    def _on_tree_expanded(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._collapsed.discard(self._guid(index))

    def _restore_expansion(self) -> None:
        """Everything expanded but what the analyst collapsed; while filtering, everything."""
        self._restoring = True
        try:
            self.tree.expandAll()
            if not self.filter.text().strip():
                for guid in self._collapsed:
                    self.tree.collapse(self.proxy.mapFromSource(self.model.index_of(guid)))
        finally:
            self._restoring = False

    def _fit_columns(self) -> None:
        for column in (Column.COUNT, Column.KEY):
            self.tree.fit_column(column, self.model.column_texts(column))

    def _on_model_data_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex) -> None:
        """The codebook model says a change one row at a time (``CodebookModel`` emits a
        range of columns of one code), so the row of ``top_left`` is the whole change."""
        self._rows_changed.add(self._guid(top_left))
        self._follow_rows.start()

    def _on_follow_rows_timeout(self) -> None:
        changed, self._rows_changed = self._rows_changed, set()
        for column in (Column.COUNT, Column.KEY):
            self.tree.fit_column(column, self.model.column_texts(column, changed), every_row=False)

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_words(text)
        self._restore_expansion()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the filter box, Down goes to the first shown code and Enter applies it."""
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            first = self._first_codable()
            if event.key() == Qt.Key.Key_Down and first.isValid():
                self.tree.setCurrentIndex(first)
                self.tree.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and first.isValid():
                self.tree.setCurrentIndex(first)
                self._on_tree_code_chosen(first)
                return True
        return super().eventFilter(watched, event)

    def _first_codable(self) -> QModelIndex:
        index = self.proxy.index(0, 0)
        while index.isValid():
            if index.data(CODABLE_ROLE):
                return index
            index = self.tree.indexBelow(index)
        return QModelIndex()

    def _on_tree_code_chosen(self, index: QModelIndex) -> None:
        if index.data(CODABLE_ROLE):
            self.code_activated.emit(self._guid(index))

    def _on_apply_button_clicked(self) -> None:
        self._on_tree_code_chosen(self.tree.currentIndex())

    def _on_tree_context_menu_requested(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self.menu.exec(self.tree.viewport().mapToGlobal(position))

    def _update_actions(self) -> None:
        code = self.current_code()
        is_code = code is not None and not code.is_root
        codable = code is not None and code.is_codable
        for edit in (self.rename_action, self.merge_action, self.delete_action):
            edit.setEnabled(is_code)
        self.recolor_action.setEnabled(code is not None)
        self.describe_action.setEnabled(code is not None)
        self.pin_menu.setEnabled(codable)
        self.apply_button.setEnabled(codable)
        book, pins = self.model.codebook, self.model.pins()
        for key, pin in enumerate(self.pin_actions, start=1):
            holder = book.get(pins[key]) if key in pins else None
            pin.setText(f"&{key}" + (f"   {literal_ampersands(holder.name)}" if holder else ""))
            pin.setChecked(holder is not None and code is not None and holder.guid == code.guid)
            pin.setEnabled(codable)
        self.unpin_action.setEnabled(code is not None and code.guid in pins.values())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _unreadable(color: str, facet: Facet) -> str:
    if facet is Facet.THEMATIC:
        return (
            f"Black text on a highlight of {color} may be hard to read, or the highlight "
            "hard to tell from the page. Use it anyway?"
        )
    return (
        f"An underline in {color} may be hard to see on white paper, or hard to tell from "
        "black text. Use it anyway?"
    )

"""The codebook as a Qt tree: the two facets, their codes, live counts and pin keys.

A thin model over the immutable ``Codebook`` value (as napari's models sit over plain lists):
it reads the project through the bridge and edits only by executing commands, so an inline
rename or a drag is undoable like every other edit, and it refreshes from ``bridge.changed``
alone. A change that leaves the tree's shape alone (rename, recolour, description, pin, counts)
updates the rows in place, so the view keeps its expansion, selection and any open editor; a
change of shape (add, move, merge, delete) rebuilds the tree.

Columns: the code (colour chip, name), how many annotations carry it, and its pin key. A code
with sub-codes shows "12 (30)": 12 annotations carry the code itself, 30 codings are in its
subtree (the code and its sub-codes), which is how QDA tools roll counts up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont

from desktop.app.coding_scheme import MoveCode, RenameCode
from desktop.codebook.model import Code, Codebook
from desktop.core.changes import ChangeSet, CodingDelta, Entity
from desktop.core.model import CodeId
from desktop.ui.code_chips import chip_icon
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.plain_text import tooltip

CODE_MIME_TYPE = "application/x-accord-code-guid"
"""A dragged code: its guid in UTF-8. Our own type, so nothing else can be dropped as a code."""

CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The code's guid (str)."""
CODABLE_ROLE = Qt.ItemDataRole.UserRole + 2
"""Whether the code can be applied to text (facet folders cannot)."""
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
"""Name and description, case-folded, for the panel's filter."""

_Index = QModelIndex | QPersistentModelIndex
_COUNT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)
"""What a change of counts changes: not the name, colour or search text."""
_TOP = QModelIndex()
"""The invisible root: Qt's default parent argument."""


class Column(IntEnum):
    CODE = 0
    COUNT = 1
    KEY = 2


_HEADERS = {
    Column.CODE: ("Code", "Codes of the two facets; drag a code to move it"),
    Column.COUNT: (
        "Count",
        "Annotations with the code; in brackets, codings of the code and its sub-codes together",
    ),
    Column.KEY: ("Key", "Pin key: press it in a document to apply the code"),
}


@dataclass(eq=False, slots=True)
class _Node:
    """One row. Indexes point at nodes (kept alive in ``_nodes``), never at codes, so a
    rename or recolour updates the row without invalidating the view's indexes."""

    guid: str
    parent: _Node | None
    row: int
    children: list[_Node] = field(default_factory=list)


class CodebookModel(QAbstractItemModel):
    def __init__(self, bridge: EditorBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._book: Codebook
        self._pins: dict[CodeId, int]
        self._counts: dict[str, tuple[int, int]]
        self._roots: list[_Node]
        self._nodes: dict[str, _Node]
        self._rebuild()
        # Counting every coding takes ~20 ms at 100,000 annotations, so an edit that says how
        # the counts moved (ChangeSet.codings: every annotation command) moves them by that.
        # Anything else is counted again when the event loop is next idle, once per burst of
        # edits, so a new highlight is painted first.
        self._recount = QTimer(self, singleShot=True, interval=0)
        self._recount.timeout.connect(self._refresh_counts)
        bridge.changed.connect(self._on_bridge_changed)

    # What the panel asks

    @property
    def codebook(self) -> Codebook:
        return self._book

    def pins(self) -> dict[int, CodeId]:
        """Pin key → code, as the project has them."""
        return {key: guid for guid, key in self._pins.items()}

    def count(self, guid: str) -> int:
        """Annotations that carry the code itself."""
        return self._counts.get(guid, (0, 0))[0]

    def column_texts(self, column: Column, guids: Iterable[str] | None = None) -> dict[str, str]:
        """What ``column`` shows on every row (or on the rows of ``guids``), by code, for
        sizing it without asking Qt to measure."""
        book = self._book
        codes = book if guids is None else (book[g] for g in guids if g in book)
        return {code.guid: self._text(code, column) for code in codes}

    def index_of(self, guid: str, column: Column = Column.CODE) -> QModelIndex:
        node = self._nodes.get(guid)
        return QModelIndex() if node is None else self.createIndex(node.row, column, node)

    # Keeping up with the project

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        if change_set.touches(Entity.CODE):
            self._reload(recount=change_set.touches(Entity.ANNOTATION))
        elif change_set.codings is not None and not change_set.whole_project:
            self._move_counts(change_set.codings)
        elif change_set.touches(Entity.ANNOTATION):
            self._recount.start()

    def _reload(self, *, recount: bool) -> None:
        """Rebuild on a change of shape; otherwise update the rows that changed (and the
        counts, when the same edit re-tagged annotations)."""
        book = self._bridge.project.codes.codebook()
        if _shape(book) != _shape(self._book):
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
            return
        old_book, old_pins = self._book, self._pins
        self._book, self._pins = book, _pins_by_code(self._bridge.project.codes.pins())
        changed = [
            c.guid
            for c in book
            if c != old_book[c.guid] or self._pins.get(c.guid) != old_pins.get(c.guid)
        ]
        self._announce(changed, Column.CODE, Column.KEY)
        if recount:
            self._refresh_counts()

    def _rebuild(self) -> None:
        project = self._bridge.project
        self._book = project.codes.codebook()
        self._pins = _pins_by_code(project.codes.pins())
        self._counts = _rolled_up(self._book, project.annotations.counts_by_code())
        self._nodes = {}
        self._roots = []
        for code in self._book:
            parent = None if code.parent_guid is None else self._nodes[code.parent_guid]
            siblings = self._roots if parent is None else parent.children
            node = _Node(code.guid, parent, len(siblings))
            siblings.append(node)
            self._nodes[code.guid] = node

    def _refresh_counts(self) -> None:
        counts = _rolled_up(self._book, self._bridge.project.annotations.counts_by_code())
        changed = [guid for guid in self._nodes if counts.get(guid) != self._counts.get(guid)]
        self._counts = counts
        self._announce(changed, Column.CODE, Column.COUNT, roles=_COUNT_ROLES)

    def _move_counts(self, moved: CodingDelta) -> None:
        """Add what each code gained (or lost) to its own count and to its subtree's, up to
        its facet: the rows of those codes and their ancestors change, nothing is counted."""
        touched: dict[str, None] = {}
        for guid, gained in moved:
            if guid not in self._nodes:  # a code this tree does not show yet
                self._recount.start()
                continue
            own, within = self._counts.get(guid, (0, 0))
            self._counts[guid] = (own + gained, within + gained)
            touched[guid] = None
            for ancestor in self._book.ancestors(guid):
                own, within = self._counts.get(ancestor.guid, (0, 0))
                self._counts[ancestor.guid] = (own, within + gained)
                touched[ancestor.guid] = None
        for guid in touched:
            if self._counts[guid] == (0, 0):
                del self._counts[guid]  # as ``_rolled_up`` leaves a code none carries
        self._announce(touched, Column.CODE, Column.COUNT, roles=_COUNT_ROLES)

    def _announce(
        self, guids: Iterable[str], first: Column, last: Column, *, roles: Sequence[int] = ()
    ) -> None:
        """Name the roles when they can be named: a filter proxy re-filters (and a whole
        facet with recursive filtering) only when a change may touch its filter role."""
        for guid in guids:
            self.dataChanged.emit(self.index_of(guid, first), self.index_of(guid, last), roles)

    # Qt's tree

    def _node(self, index: _Index) -> _Node:
        return index.internalPointer()  # type: ignore[no-any-return]

    def index(self, row: int, column: int, parent: _Index = _TOP) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        siblings = self._node(parent).children if parent.isValid() else self._roots
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: _Index) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        return QModelIndex() if parent is None else self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: _Index = _TOP) -> int:
        if not parent.isValid():
            return len(self._roots)
        return 0 if parent.column() > 0 else len(self._node(parent).children)

    def columnCount(self, parent: _Index = _TOP) -> int:
        return len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADERS[Column(section)][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        code = self._book[self._node(index).guid]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(code, column)
        if role == Qt.ItemDataRole.EditRole and column is Column.CODE:
            return code.name
        if role == Qt.ItemDataRole.DecorationRole and column is Column.CODE:
            return chip_icon(code.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tooltip(code))
        if role == Qt.ItemDataRole.AccessibleTextRole and column is Column.CODE:
            return self._spoken(code)
        if role == Qt.ItemDataRole.FontRole and code.is_root:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column is not Column.CODE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CODE_ID_ROLE:
            return code.guid
        if role == CODABLE_ROLE:
            return code.is_codable
        if role == SEARCH_ROLE:
            return f"{code.name}\n{code.description}".casefold()
        return None

    def _text(self, code: Code, column: Column) -> str:
        if column is Column.CODE:
            return code.name
        if column is Column.KEY:
            key = self._pins.get(code.guid)
            return "" if key is None else str(key)
        own, within = self._counts.get(code.guid, (0, 0))
        if not code.is_codable:
            return f"({within})" if within else ""
        if within != own:
            return f"{own} ({within})"
        return str(own) if own else ""

    def _tooltip(self, code: Code) -> str:
        path = " › ".join(c.name for c in (*self._book.ancestors(code.guid), code))
        own, within = self._counts.get(code.guid, (0, 0))
        lines = [path]
        if code.description:
            lines.append(code.description)
        if code.is_codable:
            counted = f"{_annotations(own)} {'carries' if own == 1 else 'carry'} it"
            if within != own:
                counted += f"; {within} codings with its sub-codes"
            lines.append(counted + ".")
        key = self._pins.get(code.guid)
        if key is not None:
            lines.append(f"Key {key} applies it.")
        return "\n\n".join(lines)

    def _spoken(self, code: Code) -> str:
        """What a screen reader says for the row: the colour chip and columns are silent."""
        parts = [code.name]
        if code.is_codable:
            parts.append(_annotations(self.count(code.guid)))
        key = self._pins.get(code.guid)
        if key is not None:
            parts.append(f"key {key}")
        return ", ".join(parts)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        )
        if self._book[self._node(index).guid].is_root:
            return flags
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == Column.CODE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An inline rename, as an undoable command (a refusal reaches ``bridge.failed``)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        code = self._book[self._node(index).guid]
        if code.is_root or not isinstance(value, str) or value.strip() == code.name:
            return False
        return self._bridge.execute(RenameCode(CodeId(code.guid), value)) is not None

    # Drag and drop: moving a code among its siblings or under another code

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        guids = [self._node(i).guid for i in indexes if i.isValid()]
        codes = [g for g in dict.fromkeys(guids) if not self._book[g].is_root]
        if not codes:
            return None
        data = QMimeData()
        data.setData(CODE_MIME_TYPE, codes[0].encode())
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """A code onto a code or a facet (not onto itself or inside its own subtree). A drop
        in the other facet is allowed here so the command can say why it refuses it."""
        guid = _dragged(data)
        if guid is None or guid not in self._book or not parent.isValid():
            return False
        target = self._node(parent).guid
        return target != guid and all(d.guid != target for d in self._book.descendants(guid))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not self.canDropMimeData(
            data, action, row, column, parent
        ):
            return False
        guid = _dragged(data)
        assert guid is not None
        code, target = self._book[guid], self._node(parent).guid
        position = None if row < 0 else row
        if code.parent_guid == target:
            last = len(self._book.children(target)) - 1
            if position is not None and position > code.position:
                position -= 1  # the row counted the code itself, which leaves its place
            if (last if position is None else min(position, last)) == code.position:
                return False  # dropped where it already is: no edit, nothing to undo
        return self._bridge.execute(MoveCode(CodeId(guid), CodeId(target), position)) is not None


def _dragged(data: QMimeData) -> str | None:
    if not data.hasFormat(CODE_MIME_TYPE):
        return None
    return bytes(data.data(CODE_MIME_TYPE).data()).decode("utf-8", errors="replace")


def _shape(book: Codebook) -> list[tuple[str, str | None]]:
    """The tree without names or colours: codes in depth-first sibling order with parents."""
    return [(code.guid, code.parent_guid) for code in book]


def _pins_by_code(pins: dict[int, CodeId]) -> dict[CodeId, int]:
    return {guid: key for key, guid in pins.items()}


def _rolled_up(book: Codebook, counts: dict[CodeId, int]) -> dict[str, tuple[int, int]]:
    """(annotations with the code, codings in its subtree) for every code with any."""
    within: dict[str, int] = {}
    for code in reversed(list(book)):  # children before their parents
        within[code.guid] = within.get(code.guid, 0) + counts.get(CodeId(code.guid), 0)
        if code.parent_guid is not None:
            within[code.parent_guid] = within.get(code.parent_guid, 0) + within[code.guid]
    return {guid: (counts.get(CodeId(guid), 0), total) for guid, total in within.items() if total}


def _annotations(count: int) -> str:
    return f"{count} annotation" if count == 1 else f"{count} annotations"

"""Pick a code by typing a few letters: the quick way to tag a clause or name a merge target.

The search field keeps the focus the whole time: typing filters, Up/Down (and Page Up/Down)
move the highlighted row, Enter applies it, Esc cancels. Matching and ranking are
``Codebook.find`` (``desktop.codebook.search``): every typed word must start a word of, or occur
in, the name, the parents' names or the description; the name counts most. Both facets are
listed together, each row with its colour chip, its name and its path in a quieter colour, so
*Missions* under *Horizon Europe* is told apart from any other *Missions*. The codes the
highlight already has carry a check mark and a bold name: picking one takes it off.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codebook.model import Code, Codebook
from desktop.ui.code_chips import CHIP_SIZE, chip_icon, secondary_text
from desktop.ui.plain_text import PlainLabel, tooltip

CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
APPLIED_ROLE = Qt.ItemDataRole.UserRole + 3
"""True for a code the highlight already has."""

_Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()
"""The invisible root: Qt's default parent argument."""
_NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_PADDING = 6


class CodeMatches(QAbstractListModel):
    """The codable codes matching the query, best first (every one when the query is empty)."""

    def __init__(
        self,
        book: Codebook,
        *,
        exclude: Collection[str] = (),
        applied: Collection[str] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._exclude = frozenset(exclude)
        self._applied = frozenset(applied)
        self._paths = {
            code.guid: " › ".join(a.name for a in book.ancestors(code.guid)) for code in book
        }
        self._codes: tuple[Code, ...] = ()
        self.set_query("")

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self._codes = tuple(c for c in self._book.find(query) if c.guid not in self._exclude)
        self.endResetModel()

    def rowCount(self, parent: _Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self._codes)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        code = self._codes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return code.name
        if role == Qt.ItemDataRole.DecorationRole:
            return chip_icon(code.color)
        applied = code.guid in self._applied
        if role == Qt.ItemDataRole.ToolTipRole:
            taken_off = "Already on this highlight: choosing it takes it off."
            return tooltip(
                "\n\n".join(t for t in (taken_off if applied else "", code.description) if t)
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{code.name}, in {self._paths[code.guid]}" + (", applied" if applied else "")
        if role == APPLIED_ROLE:
            return applied
        if role == CODE_ID_ROLE:
            return code.guid
        if role == PATH_ROLE:
            return self._paths[code.guid]
        return None


class _MatchDelegate(QStyledItemDelegate):
    """Chip, name, then the path in a quieter colour (still AA-readable), elided at the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        height = max(option.fontMetrics.height(), CHIP_SIZE) + _PADDING
        return QSize(0, height)  # as wide as the list: long paths are elided, never scrolled

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(_PADDING, 0, -_PADDING, 0)
        chip = QRect(rect.left(), rect.center().y() - CHIP_SIZE // 2, CHIP_SIZE, CHIP_SIZE)
        option.icon.paint(painter, chip)
        metrics = option.fontMetrics
        text_rect = rect.adjusted(CHIP_SIZE + _PADDING, 0, 0, 0)
        path = str(index.data(PATH_ROLE))
        gap = 3 * _PADDING
        room = max(
            round(text_rect.width() * 0.6),
            text_rect.width() - metrics.horizontalAdvance(path) - gap,
        )
        applied = bool(index.data(APPLIED_ROLE))
        painter.save()
        if applied:  # a check mark and a bold name: picking it takes the code off
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            metrics = QFontMetrics(font)
        name = metrics.elidedText(
            ("✓ " if applied else "") + option.text, Qt.TextElideMode.ElideRight, room
        )
        roles = QPalette.ColorRole
        painter.setPen(option.palette.color(roles.HighlightedText if selected else roles.Text))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, name)
        rest = text_rect.adjusted(metrics.horizontalAdvance(name) + gap, 0, 0, 0)
        painter.setFont(option.font)
        path = option.fontMetrics.elidedText(path, Qt.TextElideMode.ElideLeft, rest.width())
        painter.setPen(secondary_text(option.palette, selected=selected))
        painter.drawText(rest, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, path)
        painter.restore()


class CodePicker(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        codebook: Codebook,
        *,
        title: str = "Tag with code",
        exclude: Collection[str] = (),
        applied: Collection[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.search = QLineEdit(placeholderText="Type to find a code")
        self.search.setClearButtonEnabled(True)
        self.matches = CodeMatches(codebook, exclude=exclude, applied=applied, parent=self)
        self.list = QListView()
        self.list.setModel(self.matches)
        self.list.setItemDelegate(_MatchDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.nothing = PlainLabel(wordWrap=True)
        self.nothing.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.nothing)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.search.installEventFilter(self)
        self.list.clicked.connect(self._on_list_clicked)
        self._highlight_first()
        self.resize(480, 420)

    @property
    def chosen(self) -> str | None:
        """The guid of the highlighted code (what Enter applies)."""
        index = self.list.currentIndex()
        return str(index.data(CODE_ID_ROLE)) if index.isValid() else None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        codebook: Codebook,
        *,
        title: str = "Tag with code",
        exclude: Collection[str] = (),
        applied: Collection[str] = (),
    ) -> str | None:
        """The guid of the code picked, or None when cancelled. ``applied`` are marked as the
        codes the highlight already has."""
        dialog = cls(parent, codebook, title=title, exclude=exclude, applied=applied)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen if accepted else None

    def _highlight_first(self) -> None:
        if self.matches.rowCount():
            self.list.setCurrentIndex(self.matches.index(0))
        query = self.search.text().strip()
        self.nothing.setText(f"No code matches “{query}”." if query else "No codes to choose.")
        self.nothing.setVisible(not self.matches.rowCount())

    def _on_search_text_changed(self, text: str) -> None:
        self.matches.set_query(text)
        self._highlight_first()

    def _on_search_return_pressed(self) -> None:
        if self.chosen is not None:
            self.accept()

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self.list.setCurrentIndex(index)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow and page keys in the search field move the highlight in the list."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _NAVIGATION_KEYS
        ):
            QApplication.sendEvent(self.list, event)
            return True
        return super().eventFilter(watched, event)

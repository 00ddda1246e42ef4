"""Codes drawn as chips in the annotation list: each code's name on a rounded rectangle of its
colour, painted (no widget per row), so the eye finds a code by colour as on the page.

The name is black or white, whichever contrasts more with the colour (never below 4.58:1), and
each chip has a thin darker border so a pale colour (Okabe–Ito yellow) still stands out from
the row behind it. When the chips do not fit, the last one is shortened with an ellipsis; the
cell's tooltip lists every code by its full path.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.annotation_model import CHIPS_ROLE, Chip

PADDING = 5
"""Horizontal space inside a chip, either side of its name."""
GAP = 4
"""Space between two chips and at the cell's edges."""
MIN_CHIP = 28
"""A chip narrower than this would show no letters: stop instead."""


class CodeChipDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        # The view's option already carries the row's state (selected, alternate): the panel
        # is drawn from it as it is, and the text is the chips'.
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                            widget)
        chips: tuple[Chip, ...] = index.data(CHIPS_ROLE) or ()
        if not chips:
            return
        metrics = QFontMetrics(option.font)
        rect = option.rect
        height = min(metrics.height() + 2, rect.height() - 2)
        top = rect.top() + (rect.height() - height) / 2
        right = rect.right() - GAP
        x = rect.left() + GAP
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        for chip in chips:
            room = right - x
            if room < MIN_CHIP:
                break
            width = metrics.horizontalAdvance(chip.name) + 2 * PADDING
            name = chip.name
            if width > room:
                name = metrics.elidedText(chip.name, Qt.TextElideMode.ElideRight,
                                          room - 2 * PADDING)
                width = room
            box = QRectF(x, top, width, height)
            painter.setPen(QPen(chip.fill.darker(160), 1.0))
            painter.setBrush(chip.fill)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), height / 3, height / 3)
            painter.setPen(chip.text)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
            x += width + GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        chips: tuple[Chip, ...] = index.data(CHIPS_ROLE) or ()
        width = sum(metrics.horizontalAdvance(c.name) + 2 * PADDING + GAP for c in chips) + GAP
        return QSize(width, metrics.height() + 6)

"""Codes drawn as chips in the annotation list: each code's name on a rounded rectangle of its
colour, painted (no widget per row), so the eye finds a code by colour as on the page.

The name is black or white, whichever contrasts more with the colour (never below 4.58:1), and
each chip has a thin darker border so a pale colour (Okabe–Ito yellow) still stands out from
the row behind it. When the chips do not fit, the last one that does is shortened with an
ellipsis and a "+N" after it says how many more codes the row has (the cell's tooltip lists
every code by its full path), so a row never looks as if it had fewer codes than it has.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.annotation_model import CHIPS_ROLE, Chip

PADDING = 5
"""Horizontal space inside a chip, either side of its name."""
GAP = 4
"""Space between two chips and at the cell's edges."""
MIN_CHIP = 28
"""A chip narrower than this would show no letters: stop instead."""


class CodeChipDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # The view's option already carries the row's state (selected, alternate): the panel
        # is drawn from it as it is, and the text is the chips'.
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        chips: tuple[Chip, ...] = index.data(CHIPS_ROLE) or ()
        if not chips:
            return
        metrics = QFontMetrics(option.font)
        rect = option.rect
        height = min(metrics.height() + 2, rect.height() - 2)
        top = rect.top() + (rect.height() - height) / 2
        widths = [metrics.horizontalAdvance(chip.name) + 2 * PADDING for chip in chips]
        fitted, hidden = fit_chips(
            widths, rect.width() - 2 * GAP, more_width=lambda n: metrics.horizontalAdvance(more(n))
        )
        x = rect.left() + GAP
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        for chip, width, full in zip(chips, fitted, widths, strict=False):
            name = (
                chip.name
                if width >= full
                else metrics.elidedText(
                    chip.name, Qt.TextElideMode.ElideRight, round(width) - 2 * PADDING
                )
            )
            box = QRectF(x, top, width, height)
            painter.setPen(QPen(chip.fill.darker(160), 1.0))
            painter.setBrush(chip.fill)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), height / 3, height / 3)
            painter.setPen(chip.text)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
            x += width + GAP
        if hidden:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            painter.setPen(
                option.palette.color(
                    QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
                )
            )
            painter.drawText(
                QRectF(x, top, rect.right() - x, height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                more(hidden),
            )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        chips: tuple[Chip, ...] = index.data(CHIPS_ROLE) or ()
        width = sum(metrics.horizontalAdvance(c.name) + 2 * PADDING + GAP for c in chips) + GAP
        return QSize(width, metrics.height() + 6)


def more(hidden: int) -> str:
    """What stands for the chips that did not fit."""
    return f"+{hidden}"


def fit_chips(
    widths: list[int], room: float, *, more_width: Callable[[int], float]
) -> tuple[list[float], int]:
    """The widths the chips are drawn at, left to right, and how many are left out.

    Each chip is drawn whole while it fits with room kept for the "+N" of those after it; the
    first that does not is shortened (down to ``MIN_CHIP``) or left out with the rest.
    """
    drawn: list[float] = []
    x = 0.0
    for position, width in enumerate(widths):
        after = len(widths) - position - 1
        space = room - x - (more_width(after) + GAP if after else 0)
        if width <= space:
            drawn.append(width)
            x += width + GAP
            continue
        if space >= MIN_CHIP:
            drawn.append(space)
            return drawn, after
        return drawn, len(widths) - position
    return drawn, 0

"""Colour chips for codes, and a secondary text colour that stays readable.

A code's colour is shown as a small square beside its name, never as a background behind text:
many palette colours (Okabe–Ito yellow, sky blue) are too light to carry text, and a name must
be readable whatever colour an analyst picks. The chip gets a border in the theme's text colour,
so a pale chip still stands out from the list behind it (WCAG 1.4.11, non-text contrast).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap

from desktop.codebook.colors import MIN_TEXT_CONTRAST, contrast_ratio

CHIP_SIZE = 14
_BORDER_ALPHA = 170
"""Black at this opacity over white is #555555, a contrast of 7.5 with white paper."""


def chip_icon(color: str) -> QIcon:
    """A square of ``color`` with a border that contrasts with the current theme's background."""
    border = QGuiApplication.palette().color(QPalette.ColorRole.Text)
    screen = QGuiApplication.primaryScreen()
    scale = max(screen.devicePixelRatio(), 1.0) if screen is not None else 1.0
    return _chip(color.upper(), border.rgb(), scale)


@functools.lru_cache(maxsize=1024)
def _chip(color: str, border_rgb: int, scale: float) -> QIcon:
    side = round(CHIP_SIZE * scale)
    pixmap = QPixmap(side, side)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    border = QColor.fromRgb(border_rgb)
    border.setAlpha(_BORDER_ALPHA)
    painter.setPen(QPen(border, 1.0))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(1.5, 1.5, CHIP_SIZE - 3, CHIP_SIZE - 3), 2.5, 2.5)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the colour, not a tint of the selection's
    return icon


def secondary_text(palette: QPalette, *, selected: bool = False) -> QColor:
    """A quieter colour for paths and hints that still reads at WCAG AA (4.5:1) on the view's
    background: halfway between text and background, pulled back towards the text until the
    contrast is enough (theme colours vary too much to trust a fixed grey)."""
    group = QPalette.ColorGroup.Active
    text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    back_role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
    text, back = palette.color(group, text_role), palette.color(group, back_role)
    for weight in (0.45, 0.35, 0.25, 0.15, 0.0):
        mixed = QColor.fromRgbF(
            text.redF() + (back.redF() - text.redF()) * weight,
            text.greenF() + (back.greenF() - text.greenF()) * weight,
            text.blueF() + (back.blueF() - text.blueF()) * weight,
        )
        if contrast_ratio(mixed.name(), back.name()) >= MIN_TEXT_CONTRAST:
            return mixed
    return text

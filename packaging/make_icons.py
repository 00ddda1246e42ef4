"""Render Accord's icon (resources/desktop/icons/*.svg) to the PNG sizes the freedesktop icon
theme and the window use: `uv run python packaging/make_icons.py` after changing the SVG (the
PNGs are committed, so the bundle needs no SVG renderer)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "desktop" / "icons"
NAME = "org.accordreader.Accord"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"{NAME}-{size}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

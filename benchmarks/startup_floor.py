"""The floor Accord's start-up is measured against: bare PySide6 + PyMuPDF in one process.

Opens the two bundled documents, renders their first pages, shows them in a window, and quits as
soon as the window has painted. Nothing else: no worker, no settings, no menus. Prints one JSON
line once that frame is done, as ``accord --exit-when-ready`` does, with its memory (MB) at that
moment, read the same way: its proportional set size (PSS; one process, no children), and the
CPU time it has used.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "documents" / "letter-of-intent-eu-japan-sti.pdf"
ARTICLE = ROOT / "documents" / "news-article-eu-japan-sti-2020-05-26.html"


def first_page(path: Path, width_px: int) -> QPixmap:
    doc = pymupdf.open(path)
    if doc.is_reflowable:
        doc.layout(width=460, height=650, fontsize=11)
    page = doc[0]
    zoom = width_px / page.rect.width
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
    image = QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    layout = QHBoxLayout(window)
    for path in (LETTER, ARTICLE):
        label = QLabel()
        label.setPixmap(first_page(path, 660))
        layout.addWidget(label)
    window.resize(1400, 900)
    painted = FirstPaint(
        lambda: (
            print(json.dumps({"pss_mb": _pss_mb(), "family_cpu_ms": _cpu_ms()}), flush=True),
            app.quit(),
        )
    )
    window.installEventFilter(painted)
    window.show()
    return app.exec()


class FirstPaint(QObject):
    """Calls ``then`` once the frame of the window's first paint is done."""

    def __init__(self, then: Callable[[], object]) -> None:
        super().__init__()
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def _cpu_ms() -> float:
    return round(time.process_time() * 1000, 1)


def _pss_mb() -> float:
    with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            if line.startswith("Pss:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


if __name__ == "__main__":
    sys.exit(main())

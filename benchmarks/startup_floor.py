"""The floors Accord's start-up is measured against: bare PySide6 + PyMuPDF.

Opens the two bundled documents, renders their first pages, shows them in a window, and quits as
soon as the window has painted. Nothing else: no settings, no menus, no project. Prints one JSON
line once that frame is done, as ``accord --exit-when-ready`` does, with the memory (MB) at that
moment, read the same way: the proportional set size (PSS) of the process and any child, and
the CPU time they have used.

    python benchmarks/startup_floor.py              # one process does everything
    python benchmarks/startup_floor.py --in-child   # the pages are rendered in a child process

The first is the bare floor. The second is the floor fair to a reader that keeps PyMuPDF out of
its window (as Accord must: a document renders in a capped process of its own, so a hostile
file costs only that process): the window spawns one child before it imports Qt, the child
alone imports PyMuPDF and renders both pages, and sends their pixels up a pipe, then stays (as
a reader's worker does) until the window ends.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "documents" / "letter-of-intent-eu-japan-sti.pdf"
ARTICLE = ROOT / "documents" / "news-article-eu-japan-sti-2020-05-26.html"
WIDTH_PX = 660
HEADER = struct.Struct("<III")
"""A page's width, height and stride (bytes per row) ahead of its RGB samples in the pipe."""


def first_page(path: Path, width_px: int) -> tuple[int, int, int, bytes]:
    """The first page at ``width_px`` pixels wide: width, height, stride and RGB samples."""
    import pymupdf

    doc = pymupdf.open(path)
    if doc.is_reflowable:
        doc.layout(width=460, height=650, fontsize=11)
    page = doc[0]
    zoom = width_px / page.rect.width
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
    return pix.width, pix.height, pix.stride, pix.samples


def render_in_child() -> int:
    """The child of ``--in-child``: render both pages into stdout, then wait for the window to
    end (stdin closes)."""
    out = sys.stdout.buffer
    for path in (LETTER, ARTICLE):
        width, height, stride, samples = first_page(path, WIDTH_PX)
        out.write(HEADER.pack(width, height, stride))
        out.write(samples)
    out.flush()
    sys.stdin.buffer.read()
    return 0


def _read_page(pipe: BinaryIO) -> tuple[int, int, int, bytes]:
    width, height, stride = HEADER.unpack(pipe.read(HEADER.size))
    return width, height, stride, pipe.read(stride * height)


def main(*, in_child: bool) -> int:
    child = (
        subprocess.Popen(
            [sys.executable, __file__, "--render"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        if in_child
        else None
    )
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QImage, QPixmap
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    layout = QHBoxLayout(window)
    for path in (LETTER, ARTICLE):
        assert child is None or child.stdout is not None
        width, height, stride, samples = (
            first_page(path, WIDTH_PX) if child is None else _read_page(child.stdout)
        )
        image = QImage(samples, width, height, stride, QImage.Format.Format_RGB888)
        label = QLabel()
        label.setPixmap(QPixmap.fromImage(image))
        layout.addWidget(label)
    window.resize(1400, 900)

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

    def report() -> None:
        from desktop.launch import family_cpu_ms, family_memory_mb

        measured = {
            "pss_mb": family_memory_mb(os.getpid()),
            "family_cpu_ms": family_cpu_ms(os.getpid()),
        }
        print(json.dumps(measured), flush=True)
        app.quit()

    painted = FirstPaint(report)
    window.installEventFilter(painted)
    window.show()
    return app.exec()


if __name__ == "__main__":
    if sys.argv[1:] == ["--render"]:
        sys.exit(render_in_child())
    sys.exit(main(in_child=sys.argv[1:] == ["--in-child"]))

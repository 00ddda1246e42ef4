"""Where the project's panels go on first launch, before the user has placed them.

An analyst reads the two documents side by side, so they get most of the window: the codebook
and the note in a column on the right the full height of the window (the code tree shows
without scrolling, and codes are clicked while reading); the annotation list under the two
documents only, a quarter of the height (its filters and a few rows: it is for finding, the
documents are for reading). Later launches restore whatever the user made of it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

SIDE_WIDTH = 0.24
"""The codebook and note column's share of the window's width."""
NOTE_HEIGHT = 0.3
"""The note's share of that column's height (the codebook has the rest)."""
LIST_HEIGHT = 0.25
"""The annotation list's share of the window's height."""


def give_side_column_full_height(window: QMainWindow) -> None:
    """The right-hand panels run the whole height; the bottom ones sit under the documents."""
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)


def first_launch_sizes(
    window: QMainWindow, *, codebook: QDockWidget, note: QDockWidget, listing: QDockWidget
) -> None:
    width, height = window.width(), window.height()
    window.resizeDocks([codebook], [round(width * SIDE_WIDTH)], Qt.Orientation.Horizontal)
    window.resizeDocks(
        [codebook, note],
        [round(height * (1 - NOTE_HEIGHT)), round(height * NOTE_HEIGHT)],
        Qt.Orientation.Vertical,
    )
    window.resizeDocks([listing], [round(height * LIST_HEIGHT)], Qt.Orientation.Vertical)

"""What the annotation list draws that needs Qt: a code as a coloured chip. The columns and
rows themselves are Qt-free (``desktop.app.annotation_rows``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True, slots=True)
class Chip:
    """A code as the list draws it: its name on its colour, in black or white, whichever
    contrasts more (always at least 4.58:1, so every palette colour can carry its name)."""

    name: str
    fill: QColor
    text: QColor

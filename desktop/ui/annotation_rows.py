"""The annotation list's columns and rows as the view shows them: each annotation's cells
formatted once when its row is fetched, its tooltips when asked for."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from operator import attrgetter

from PySide6.QtGui import QColor

from desktop.core.model import AnnotationId, CodeId


class Column(IntEnum):
    DOCUMENT = 0
    PAGE = 1
    QUOTE = 2
    CODES = 3
    NOTE = 4
    REVIEWER = 5
    TIME = 6


HEADERS = ("Document", "Page", "Quote", "Codes", "Note", "Reviewer", "Modified")
SHORT_TITLE = 28
"""Characters of a document title the list shows (whole words, then an ellipsis)."""


@dataclass(frozen=True, slots=True)
class Chip:
    """A code as the list draws it: its name on its colour, in black or white, whichever
    contrasts more (always at least 4.58:1, so every palette colour can carry its name)."""

    name: str
    fill: QColor
    text: QColor


@dataclass(frozen=True, slots=True)
class Row:
    """One annotation's cells, formatted once when fetched (codes stay ids: a renamed or
    recoloured code must show without refetching). Tooltips are made when asked for: a row
    is fetched to be drawn, and most are never pointed at."""

    id: AnnotationId
    document: str
    document_tip: str
    page: int
    quote: str
    code_ids: tuple[CodeId, ...]
    note: str
    note_tip: str
    reviewer: str
    time: str
    created: datetime
    modified: datetime


def _time_tip(row: Row) -> str:
    return (
        f"Modified {row.modified.astimezone():%Y-%m-%d %H:%M:%S %Z}\n"
        f"Created {row.created.astimezone():%Y-%m-%d %H:%M:%S %Z}"
    )


CELLS: tuple[Callable[[Row], object], ...] = (
    attrgetter("document"),
    attrgetter("page"),
    attrgetter("quote"),
    attrgetter("code_ids"),
    attrgetter("note"),
    attrgetter("reviewer"),
    attrgetter("time"),
)
TIPS: tuple[Callable[[Row], object], ...] = (
    attrgetter("document_tip"),
    lambda row: f"Page {row.page}",
    lambda row: textwrap.fill(row.quote, 80),
    attrgetter("code_ids"),
    lambda row: row.note_tip or None,
    attrgetter("reviewer"),
    _time_tip,
)
"""Each column's text and tooltip (the codes column has its own, see ``_codes_data``)."""


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """The title cut after its last whole word that fits, with an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{cut or title[:limit]}…"


def local_time(moment: datetime) -> str:
    """A UTC time as the user's clock shows it, to the minute (ISO order sorts and reads the
    same in every locale)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")

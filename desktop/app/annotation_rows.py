"""The annotation list's columns and rows, without Qt: each column declared once (its
heading, starting width, text, tooltip and alignment) and each annotation's cells formatted
once when its row is fetched, its tooltips when asked for.

The columns are the list's own (``Column``) followed by every field the annotation declares
``listed`` (``desktop.core.record``), so a field declared there is a column here with no other
edit.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from operator import attrgetter

from desktop.core.markdown_text import plain_text
from desktop.core.model import Annotation, AnnotationId, CodeId
from desktop.core.record import listed_fields, shown

SHORT_TITLE = 28
"""Characters of a document title the list shows (whole words, then an ellipsis)."""


class Column(IntEnum):
    """The list's own columns, by place; ``COLUMNS`` says what each is."""

    DOCUMENT = 0
    PAGE = 1
    QUOTE = 2
    CODES = 3
    NOTE = 4
    REVIEWER = 5
    TIME = 6


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
    listed: Mapping[str, str]
    """Each ``listed`` field's value as text, by name."""


@dataclass(frozen=True, slots=True)
class ListColumn:
    """One column of the list: its heading, starting width in pixels (measuring contents
    would fetch every row, so the list never does), its text and tooltip for a row, and
    whether it is a number (aligned right)."""

    header: str
    width: int
    cell: Callable[[Row], object]
    tip: Callable[[Row], object]
    numeric: bool = False


def _time_tip(row: Row) -> str:
    return (
        f"Modified {row.modified.astimezone():%Y-%m-%d %H:%M:%S %Z}\n"
        f"Created {row.created.astimezone():%Y-%m-%d %H:%M:%S %Z}"
    )


def _listed_column(name: str, header: str) -> ListColumn:
    def cell(row: Row) -> str:
        return row.listed[name]

    return ListColumn(header, 90, cell, cell)


_OWN = {
    Column.DOCUMENT: ListColumn(
        "Document", 140, attrgetter("document"), attrgetter("document_tip")
    ),
    Column.PAGE: ListColumn(
        "Page", 44, attrgetter("page"), lambda row: f"Page {row.page}", numeric=True
    ),
    Column.QUOTE: ListColumn(
        "Quote", 320, attrgetter("quote"), lambda row: textwrap.fill(row.quote, 80)
    ),
    Column.CODES: ListColumn("Codes", 220, attrgetter("code_ids"), attrgetter("code_ids")),
    Column.NOTE: ListColumn("Note", 160, attrgetter("note"), lambda row: row.note_tip or None),
    Column.REVIEWER: ListColumn("Reviewer", 90, attrgetter("reviewer"), attrgetter("reviewer")),
    Column.TIME: ListColumn("Modified", 120, attrgetter("time"), _time_tip),
}
COLUMNS: tuple[ListColumn, ...] = (
    *(_OWN[column] for column in Column),
    *(_listed_column(field.name, field.title or field.name) for field in listed_fields(Annotation)),
)
"""Every column, in the list's order (the codes column's chips and tooltip are the view's)."""


def format_row(
    annotation: Annotation, code_ids: tuple[CodeId, ...], *, title: str, reviewer: str
) -> Row:
    """The row of ``annotation`` in a document called ``title``, by ``reviewer``."""
    note = plain_text(annotation.note.strip())  # its words, not its Markdown marks
    return Row(
        id=annotation.id,
        document=short_title(title),
        document_tip=title,
        page=annotation.anchor.page + 1,
        quote=" ".join(annotation.anchor.exact.split()),
        code_ids=code_ids,
        note=note.split("\n", 1)[0],
        note_tip=note,
        reviewer=reviewer,
        time=local_time(annotation.modified),
        created=annotation.created,
        modified=annotation.modified,
        listed={field.name: shown(field.get(annotation)) for field in _LISTED},
    )


_LISTED = listed_fields(Annotation)


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

"""What a page view draws, read page by page: each annotation's id, span, rectangles and codes.

Opening a project shows the pages in view first, so their highlights are read first, from the
``annotations_by_page`` index (migration 0003), a slice at a time: a page that 35,000
annotations overlap takes a second of reading, and the window must answer meanwhile. A slice
is one complete query that resumes after the last row read (``PagePlace``), so nothing stays
open between two slices and an edit made between them is simply read as it is.

A page's annotations are walked group by group, a group being those that start on one page
and end on another (the index's two keys): the page's own, then those running onto it from
the pages before. Within a group the index is in rowid order, so each slice is a seek.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from desktop.core.model import AnnotationId, CodeId, ReviewerId

BY_PAGE_INDEX = "annotations_by_page"
"""The index this module reads by (made by migration 0003)."""
LAST_PAGE = "CASE WHEN json_valid(rects) THEN json_extract(rects, '$[#-1][0]') END"
"""The page an annotation ends on: its last rectangle's, exactly as the index keys it (SQLite
uses an index on an expression only for the same expression)."""
_BATCH = 500
"""Ids per ``IN (…)`` list: well below SQLite's limit of bound parameters."""
_COLUMNS = (
    "rowid, id, start_offset, end_offset, rects, "
    "(SELECT group_concat(code_guid, ' ') FROM (SELECT code_guid FROM annotation_codes "
    "WHERE annotation_id = annotations.id ORDER BY created, code_guid)), reviewer_id, status"
)

_Row = tuple[int, str, int, int, str, str | None, int, str]
"""A row of ``_COLUMNS``."""
Piece = tuple[int, float, float, float, float]
"""One rectangle as stored: ``(page, x0, y0, x1, y1)`` in PDF points, page 0-based."""


class DrawnAnnotation(NamedTuple):
    """What drawing a highlight needs, and nothing more (no quote, note or times to parse)."""

    id: AnnotationId
    start: int
    end: int
    pieces: tuple[Piece, ...]
    code_ids: tuple[CodeId, ...]
    """Oldest coding first."""
    reviewer_id: ReviewerId
    """Who made it: which reviewer layer it is on."""
    status: str = "proposed"
    """The review status: a rejected highlight is drawn dimmed, a disputed one marked."""


class PagePlace(NamedTuple):
    """Where reading a page's annotations has got to: the group (the pages its annotations
    start and end on) and the last rowid read in it."""

    first_page: int
    last_page: int
    rowid: int


def on_page(
    connection: sqlite3.Connection,
    document_id: str,
    page: int,
    *,
    after: PagePlace | None,
    limit: int,
) -> tuple[list[DrawnAnnotation], PagePlace | None]:
    """Up to ``limit`` annotations of the document with a rectangle on ``page``, from
    ``after`` on (None: from the start), and where to go on from (None: the page is read)."""
    place = after or _next_group(connection, document_id, page, PagePlace(page, page - 1, 0))
    rows: list[_Row] = []
    while place is not None and len(rows) < limit:
        more = connection.execute(
            f"SELECT {_COLUMNS} FROM annotations WHERE document_fingerprint = ? AND page = ? "
            f"AND {LAST_PAGE} = ? AND rowid > ? ORDER BY rowid LIMIT ?",
            (document_id, place.first_page, place.last_page, place.rowid, limit - len(rows)),
        ).fetchall()
        rows += more
        if len(rows) < limit:
            place = _next_group(connection, document_id, page, place)
        else:
            place = place._replace(rowid=more[-1][0])
    # Starting before the page and ending after it, a highlight may yet skip it (a page
    # without text between two); such are left out here, past the slice's count.
    found = [drawn for drawn in _drawn(rows) if any(piece[0] == page for piece in drawn.pieces)]
    return found, place


def drawn(
    connection: sqlite3.Connection, document_id: str, annotation_ids: Sequence[str]
) -> list[DrawnAnnotation]:
    """The annotations of the document with these ids as drawn (ids that no longer exist, or
    are another document's, are left out: both panes hear of every edit)."""
    found: list[DrawnAnnotation] = []
    for first in range(0, len(annotation_ids), _BATCH):
        batch = list(annotation_ids[first : first + _BATCH])
        rows = connection.execute(
            f"SELECT {_COLUMNS} FROM annotations WHERE document_fingerprint = ? "
            f"AND id IN ({', '.join('?' * len(batch))})",
            [document_id, *batch],
        )
        found += _drawn(rows.fetchall())
    return found


def _next_group(
    connection: sqlite3.Connection, document_id: str, page: int, place: PagePlace
) -> PagePlace | None:
    """The group after ``place`` that reaches ``page``: the next page of ending in the same
    page of starting, else the next page of starting before (one index seek each)."""
    first = place.first_page
    last_after = place.last_page
    while first >= 0:
        (last,) = connection.execute(
            f"SELECT min({LAST_PAGE}) FROM annotations WHERE document_fingerprint = ? "
            f"AND page = ? AND {LAST_PAGE} > ?",
            (document_id, first, max(last_after, page - 1)),
        ).fetchone()
        if last is not None:
            return PagePlace(first, last, 0)
        first, last_after = first - 1, page - 1
    return None


def _drawn(rows: Sequence[_Row]) -> list[DrawnAnnotation]:
    """The rows' rectangles are decoded in one ``json.loads`` of them all: called once per
    row, the decoder's own calls took as long as the decoding (35,000 rows: 0.9 s)."""
    pieces = json.loads("[" + ",".join(row[4] for row in rows) + "]")
    make, no_codes = tuple.__new__, ()
    return [
        make(
            DrawnAnnotation,
            (
                row[1],
                row[2],
                row[3],
                tuple(map(tuple, rects)),
                tuple(row[5].split()) if row[5] else no_codes,
                row[6],
                row[7],
            ),
        )
        for row, rects in zip(rows, pieces, strict=True)
    ]

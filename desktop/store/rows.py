"""How annotations and codings are laid out in their rows (one place for both directions)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from desktop.core.geometry import PageRect, Rect
from desktop.core.model import (
    Anchor,
    Annotation,
    AnnotationId,
    CodeId,
    Coding,
    DocumentId,
    ReviewerId,
    format_time,
    parse_time,
)

ANNOTATION_COLUMNS = (
    "id, document_fingerprint, start_offset, end_offset, exact, prefix, suffix, page, rects, "
    "note, reviewer_id, created, modified"
)
CODING_COLUMNS = "annotation_id, code_guid, reviewer_id, created"


def rects_json(rects: Iterable[PageRect]) -> str:
    """``[[page, x0, y0, x1, y1], …]``: readable in ``sqlite3`` and by ``json_each``. Written
    by hand, as ``json.dumps`` would (``repr`` of each number), from pieces cached per
    rectangle object: an import's 100,000 highlights share the line pieces its placer made
    (measured: half the time, a quarter of ``json.dumps``'s; the cache is looked up here, not
    in a function call per rectangle, which saves a fifth more)."""
    pieces = []
    for r in rects:
        found = _PIECES.get(id(r))
        pieces.append(_new_piece(r) if found is None else found[1])
    return "[" + ",".join(pieces) + "]"


_PIECES: dict[int, tuple[PageRect, str]] = {}
"""Encoded rectangles by object identity (each entry keeps its rectangle alive, so an id is
not reused while it is here). Not by equality: 0, 0.0 and -0.0 are equal and encode
differently."""
_MAX_PIECES = 65_536


def _new_piece(r: PageRect) -> str:
    """The piece of a rectangle not in the cache, which keeps it."""
    piece = f"[{r.page},{r.rect.x0!r},{r.rect.y0!r},{r.rect.x1!r},{r.rect.y1!r}]"
    if len(_PIECES) >= _MAX_PIECES:
        _PIECES.clear()
    _PIECES[id(r)] = (r, piece)
    return piece


def annotation_row(annotation: Annotation) -> tuple[object, ...]:
    return annotation_values(
        annotation.id,
        annotation.document_id,
        annotation.anchor,
        annotation.note,
        annotation.reviewer_id,
        annotation.created,
        annotation.modified,
    )


def annotation_values(
    id_: str,
    document_id: str,
    anchor: Anchor,
    note: str,
    reviewer_id: int,
    created: datetime,
    modified: datetime,
) -> tuple[object, ...]:
    """An annotation's row (``ANNOTATION_COLUMNS``) from its fields: what a bulk import hands
    ``insert_rows`` without building an ``Annotation`` only to take it apart again."""
    return (
        id_,
        document_id,
        anchor.start,
        anchor.end,
        anchor.exact,
        anchor.prefix,
        anchor.suffix,
        anchor.page,
        rects_json(anchor.rects),
        note,
        reviewer_id,
        format_time(created),
        format_time(modified),
    )


def annotation_from_row(row: Sequence[Any]) -> Annotation:
    """The annotation in ``row`` (``ANNOTATION_COLUMNS``)."""
    (
        id_,
        document,
        start,
        end,
        exact,
        prefix,
        suffix,
        page,
        rects,
        note,
        reviewer,
        created,
        modified,
    ) = row
    anchor = Anchor(start, end, exact, prefix, suffix, page, rects_from_json(rects))
    return Annotation(
        AnnotationId(id_),
        DocumentId(document),
        anchor,
        note,
        ReviewerId(reviewer),
        parse_time(created),
        parse_time(modified),
    )


def rects_from_json(rects: str) -> tuple[PageRect, ...]:
    """The rectangles ``rects_json`` wrote."""
    return tuple(PageRect(int(p), Rect(x0, y0, x1, y1)) for p, x0, y0, x1, y1 in json.loads(rects))


def coding_row(coding: Coding) -> tuple[object, ...]:
    return coding_values(coding.annotation_id, coding.code_id, coding.reviewer_id, coding.created)


def coding_values(
    annotation_id: str, code_id: str, reviewer_id: int, created: datetime
) -> tuple[object, ...]:
    """A coding's row (``CODING_COLUMNS``) from its fields (see ``annotation_values``)."""
    return (annotation_id, code_id, reviewer_id, format_time(created))


def coding_from_row(row: Sequence[Any]) -> Coding:
    return Coding(AnnotationId(row[0]), CodeId(row[1]), ReviewerId(row[2]), parse_time(row[3]))

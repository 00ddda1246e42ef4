"""How annotations and codings are laid out in their rows (one place for both directions)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

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
    """``[[page, x0, y0, x1, y1], …]``: readable in ``sqlite3`` and by ``json_each``."""
    return json.dumps(
        [[r.page, r.rect.x0, r.rect.y0, r.rect.x1, r.rect.y1] for r in rects],
        separators=(",", ":"),
    )


def annotation_row(annotation: Annotation) -> tuple[object, ...]:
    a = annotation.anchor
    return (annotation.id, annotation.document_id, a.start, a.end, a.exact, a.prefix, a.suffix,
            a.page, rects_json(a.rects), annotation.note, annotation.reviewer_id,
            format_time(annotation.created), format_time(annotation.modified))


def annotation_from_row(row: Sequence) -> Annotation:
    """The annotation in ``row`` (``ANNOTATION_COLUMNS``); a NULL in place of the rectangles
    (a stream that skips them) gives an anchor without any."""
    (id_, document, start, end, exact, prefix, suffix, page, rects, note, reviewer, created,
     modified) = row
    anchor = Anchor(start, end, exact, prefix, suffix, page, () if rects is None else tuple(
        PageRect(int(p), Rect(x0, y0, x1, y1)) for p, x0, y0, x1, y1 in json.loads(rects)
    ))
    return Annotation(AnnotationId(id_), DocumentId(document), anchor, note,
                      ReviewerId(reviewer), parse_time(created), parse_time(modified))


def coding_row(coding: Coding) -> tuple[object, ...]:
    return (coding.annotation_id, coding.code_id, coding.reviewer_id, format_time(coding.created))


def coding_from_row(row: Sequence) -> Coding:
    return Coding(AnnotationId(row[0]), CodeId(row[1]), ReviewerId(row[2]), parse_time(row[3]))

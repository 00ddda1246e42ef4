"""Filtering and paging annotations for the list view and the command line.

A list of 100,000 annotations is shown the way Anki's browser shows cards: the view asks once
for the ordered ids that match its filter (``ids``), keeps them, and fetches the few rows it
draws (``listed``) as they scroll into view. Reading order is walked per document along the
``annotations_in_reading_order`` index, so no sort of the whole table is ever needed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from desktop.core.model import (
    Annotation,
    AnnotationId,
    CodeId,
    DocumentId,
    ReviewerId,
)
from desktop.store.rows import (
    ANNOTATION_COLUMNS,
    annotation_from_row,
)

_BATCH = 500
"""Ids per ``IN (…)`` list: well below SQLite's limit of bound parameters."""


@dataclass(frozen=True, slots=True)
class AnnotationFilter:
    """Which annotations to list; empty fields do not filter. Within a field any value
    matches (documents, reviewers, codes); across fields all must. Each word of ``text`` must
    occur in the quote or the note (ignoring case for A–Z)."""

    document_ids: frozenset[DocumentId] = frozenset()
    code_ids: frozenset[CodeId] = frozenset()
    reviewer_ids: frozenset[ReviewerId] = frozenset()
    text: str = ""


@dataclass(frozen=True, slots=True)
class ListedAnnotation:
    """An annotation with the ids of its codes, oldest coding first."""

    annotation: Annotation
    code_ids: tuple[CodeId, ...]


def filter_conditions(where: AnnotationFilter) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if where.reviewer_ids:
        clauses.append(f"reviewer_id IN ({placeholders(where.reviewer_ids)})")
        params.extend(sorted(where.reviewer_ids))
    if where.code_ids:
        clauses.append(
            "id IN (SELECT annotation_id FROM annotation_codes "
            f"WHERE code_guid IN ({placeholders(where.code_ids)}))"
        )
        params.extend(sorted(where.code_ids))
    for word in where.text.split():
        clauses.append(r"(exact LIKE ? ESCAPE '\' OR note LIKE ? ESCAPE '\')")
        pattern = "%" + word.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        params.extend((pattern, pattern))
    return clauses, params


def document_positions(connection: sqlite3.Connection, where: AnnotationFilter) -> dict[str, int]:
    """The documents to list from, with their place in reading order."""
    rows = connection.execute("SELECT fingerprint, position FROM documents")
    return {
        fingerprint: position
        for fingerprint, position in rows
        if not where.document_ids or fingerprint in where.document_ids
    }


def ids(connection: sqlite3.Connection, where: AnnotationFilter) -> list[AnnotationId]:
    """Two plans, each the fast one for its case (measured on 100,000 annotations):
    unfiltered, walk each document along the reading-order index (no sort at all); filtered
    by code, reviewer or text, let SQLite find the matches its own way (via the codings index,
    or one pass over the table) and sort just those here."""
    clauses, params = filter_conditions(where)
    positions = document_positions(connection, where)
    found: list[AnnotationId] = []
    if not clauses:
        for document in sorted(positions, key=positions.__getitem__):
            rows = connection.execute(
                "SELECT id FROM annotations WHERE document_fingerprint = ? "
                "ORDER BY start_offset, end_offset, id",
                (document,),
            )
            found.extend(AnnotationId(row[0]) for row in rows)
        return found
    rows = connection.execute(
        "SELECT document_fingerprint, start_offset, end_offset, id FROM annotations "
        f"WHERE {' AND '.join(clauses)}",
        params,
    )
    matches = [(positions[row[0]], *row[1:]) for row in rows if row[0] in positions]
    matches.sort()
    return [AnnotationId(match[3]) for match in matches]


def count(connection: sqlite3.Connection, where: AnnotationFilter) -> int:
    clauses, params = filter_conditions(where)
    if where.document_ids:
        clauses.append(f"document_fingerprint IN ({placeholders(where.document_ids)})")
        params.extend(sorted(where.document_ids))
    sql = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    total: int
    (total,) = connection.execute(f"SELECT count(*) FROM annotations {sql}", params).fetchone()
    return total


def listed(connection: sqlite3.Connection, annotation_ids: Sequence[str]) -> list[ListedAnnotation]:
    by_id: dict[str, ListedAnnotation] = {}
    for first in range(0, len(annotation_ids), _BATCH):
        batch = list(annotation_ids[first : first + _BATCH])
        marks = placeholders(batch)
        codes: dict[str, list[CodeId]] = {}
        for annotation_id, code_id in connection.execute(
            f"SELECT annotation_id, code_guid FROM annotation_codes "
            f"WHERE annotation_id IN ({marks}) ORDER BY created, code_guid",
            batch,
        ):
            codes.setdefault(annotation_id, []).append(CodeId(code_id))
        for row in connection.execute(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id IN ({marks})", batch
        ):
            by_id[row[0]] = ListedAnnotation(annotation_from_row(row), tuple(codes.get(row[0], ())))
    return [by_id[annotation_id] for annotation_id in annotation_ids if annotation_id in by_id]


def overlapping(
    connection: sqlite3.Connection, document_id: str, start: int, end: int
) -> list[ListedAnnotation]:
    """Annotations of one document that overlap ``start..end`` (a page's text), with their
    codes: what a page view draws. The reading-order index bounds the scan by ``start_offset``
    and answers ``end_offset`` from the index itself, so a page of a 100,000-annotation
    project costs milliseconds."""
    rows = connection.execute(
        "SELECT id FROM annotations WHERE document_fingerprint = ? AND start_offset < ? "
        "AND end_offset > ?",
        (document_id, end, start),
    ).fetchall()
    return listed(connection, [row[0] for row in rows])


class FilterFields(NamedTuple):
    """What the annotation list filters on and orders by, and nothing more (no rectangles, no
    times): light enough that a list can keep all of a 100,000-annotation project in memory
    and filter it as the user types (see ``desktop.app.annotation_index``)."""

    id: AnnotationId
    document_id: DocumentId
    start: int
    end: int
    reviewer_id: ReviewerId
    quote: str
    note: str
    code_ids: tuple[CodeId, ...]


_FILTER_FIELDS = (
    "id, document_fingerprint, start_offset, end_offset, reviewer_id, exact, note, "
    "(SELECT group_concat(code_guid, ' ') FROM annotation_codes "
    "WHERE annotation_id = annotations.id)"
)


def filter_fields(
    connection: sqlite3.Connection,
    annotation_ids: Sequence[str] | None = None,
    *,
    batch: int = 2000,
) -> Iterator[list[FilterFields]]:
    """The filter fields of these annotations, a batch at a time, in no particular order; or
    (None) of all annotations in reading order, walking the reading-order index document by
    document. Each batch is one complete query that resumes after the last row read, so a
    caller may load a batch per idle moment without keeping a read open, and a row changed
    meanwhile is read as it is when its batch comes."""
    if annotation_ids is None:
        documents = [
            row[0]
            for row in connection.execute("SELECT fingerprint FROM documents ORDER BY position")
        ]
        for document in documents:
            after: tuple[int, int, str] = (-1, -1, "")
            while True:
                rows = connection.execute(
                    f"SELECT {_FILTER_FIELDS} FROM annotations WHERE document_fingerprint = ? "
                    "AND (start_offset, end_offset, id) > (?, ?, ?) "
                    "ORDER BY start_offset, end_offset, id LIMIT ?",
                    (document, *after, batch),
                ).fetchall()
                if not rows:
                    break
                after = (rows[-1][2], rows[-1][3], rows[-1][0])
                yield [_filter_fields(row) for row in rows]
        return
    for first in range(0, len(annotation_ids), _BATCH):
        chunk = list(annotation_ids[first : first + _BATCH])
        found = connection.execute(
            f"SELECT {_FILTER_FIELDS} FROM annotations WHERE id IN ({placeholders(chunk)})", chunk
        )
        yield [_filter_fields(row) for row in found]


def _filter_fields(row: Sequence[Any]) -> FilterFields:
    codes = tuple(CodeId(code) for code in row[7].split()) if row[7] else ()
    return FilterFields(
        AnnotationId(row[0]),
        DocumentId(row[1]),
        row[2],
        row[3],
        ReviewerId(row[4]),
        row[5],
        row[6],
        codes,
    )


def placeholders(values: Sequence[object] | frozenset[object]) -> str:
    return ", ".join("?" * len(values))

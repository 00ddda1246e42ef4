"""Filtering and paging annotations for the list view and the command line.

A list of 100,000 annotations is shown the way Anki's browser shows cards: the view asks once
for the ordered ids that match its filter (``ids``), keeps them, and fetches the few rows it
draws (``listed``) as they scroll into view. Reading order is walked per document along the
``annotations_in_reading_order`` index, so no sort of the whole table is ever needed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop.core.filtering import ONE_VALUE_FIELDS, AnnotationFilter, text_matches
from desktop.core.model import (
    Annotation,
    AnnotationId,
    CodeId,
)
from desktop.store.rows import ANNOTATIONS

_BATCH = 500
"""Ids per ``IN (…)`` list: well below SQLite's limit of bound parameters."""


@dataclass(frozen=True, slots=True)
class ListedAnnotation:
    """An annotation with the ids of its codes, oldest coding first."""

    annotation: Annotation
    code_ids: tuple[CodeId, ...]


def filter_conditions(where: AnnotationFilter) -> tuple[list[str], list[object]]:
    """The SQL ``WHERE`` clauses of ``desktop.core.filtering``'s rules and their parameters.
    ``where`` lists sub-codes already (``AnnotationFilter.with_sub_codes``, which the
    repository applies); the text rule is ``filtering.text_matches`` itself, registered on the
    connection (``register_functions``), so it folds case as the in-memory index does."""
    clauses: list[str] = []
    params: list[object] = []
    for field, annotation_field in ONE_VALUE_FIELDS:
        chosen = getattr(where, field)
        if chosen:
            column = ANNOTATIONS.column(annotation_field)
            clauses.append(f"{column} IN ({placeholders(chosen)})")
            params.extend(sorted(chosen))
    if where.code_ids:
        clauses.append(
            "id IN (SELECT annotation_id FROM annotation_codes "
            f"WHERE code_guid IN ({placeholders(where.code_ids)}))"
        )
        params.extend(sorted(where.code_ids))
    if where.words():
        quote, note = ANNOTATIONS.column("exact"), ANNOTATIONS.column("note")
        clauses.append(f"{_TEXT_MATCHES}({quote}, {note}, ?)")
        params.append(where.text)
    return clauses, params


_TEXT_MATCHES = "accord_text_matches"


def register_functions(connection: sqlite3.Connection) -> None:
    """Give the connection the Python rules the filter's SQL calls."""
    connection.create_function(_TEXT_MATCHES, 3, text_matches, deterministic=True)


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
    clauses, params = filter_conditions(replace(where, document_ids=frozenset()))  # walked
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
        rows = connection.execute(
            f"SELECT {ANNOTATIONS.columns} FROM annotations WHERE id IN ({marks})", batch
        )
        for annotation in ANNOTATIONS.values(rows):
            by_id[annotation.id] = ListedAnnotation(annotation, tuple(codes.get(annotation.id, ())))
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


def placeholders(values: Sequence[object] | frozenset[object]) -> str:
    return ", ".join("?" * len(values))

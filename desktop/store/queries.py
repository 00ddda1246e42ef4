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
from typing import NamedTuple

from desktop.core.model import (
    Anchor,
    Annotation,
    AnnotationId,
    CodeId,
    Coding,
    DocumentId,
    ReviewerId,
    parse_time,
)
from desktop.store.rows import (
    ANNOTATION_COLUMNS,
    CODING_COLUMNS,
    annotation_from_row,
    rects_from_json,
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


def _conditions(where: AnnotationFilter) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if where.reviewer_ids:
        clauses.append(f"reviewer_id IN ({_marks(where.reviewer_ids)})")
        params.extend(sorted(where.reviewer_ids))
    if where.code_ids:
        clauses.append(
            "id IN (SELECT annotation_id FROM annotation_codes "
            f"WHERE code_guid IN ({_marks(where.code_ids)}))"
        )
        params.extend(sorted(where.code_ids))
    for word in where.text.split():
        clauses.append(r"(exact LIKE ? ESCAPE '\' OR note LIKE ? ESCAPE '\')")
        pattern = "%" + word.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        params.extend((pattern, pattern))
    return clauses, params


def _positions(connection: sqlite3.Connection, where: AnnotationFilter) -> dict[str, int]:
    """The documents to list from, with their place in reading order."""
    rows = connection.execute("SELECT fingerprint, position FROM documents")
    return {fingerprint: position for fingerprint, position in rows
            if not where.document_ids or fingerprint in where.document_ids}


def ids(connection: sqlite3.Connection, where: AnnotationFilter) -> list[AnnotationId]:
    """Two plans, each the fast one for its case (measured on 100,000 annotations):
    unfiltered, walk each document along the reading-order index (no sort at all); filtered
    by code, reviewer or text, let SQLite find the matches its own way (via the codings index,
    or one pass over the table) and sort just those here."""
    clauses, params = _conditions(where)
    positions = _positions(connection, where)
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
    clauses, params = _conditions(where)
    if where.document_ids:
        clauses.append(f"document_fingerprint IN ({_marks(where.document_ids)})")
        params.extend(sorted(where.document_ids))
    sql = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return connection.execute(f"SELECT count(*) FROM annotations {sql}", params).fetchone()[0]


def listed(connection: sqlite3.Connection, annotation_ids: Sequence[str]) -> list[ListedAnnotation]:
    by_id: dict[str, ListedAnnotation] = {}
    for first in range(0, len(annotation_ids), _BATCH):
        batch = list(annotation_ids[first : first + _BATCH])
        marks = _marks(batch)
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
            by_id[row[0]] = ListedAnnotation(annotation_from_row(row),
                                             tuple(codes.get(row[0], ())))
    return [by_id[annotation_id] for annotation_id in annotation_ids if annotation_id in by_id]


def overlapping(connection: sqlite3.Connection, document_id: str, start: int, end: int
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


def filter_fields(connection: sqlite3.Connection, annotation_ids: Sequence[str] | None = None,
                  *, batch: int = 2000) -> Iterator[list[FilterFields]]:
    """The filter fields of these annotations, a batch at a time, in no particular order; or
    (None) of all annotations in reading order, walking the reading-order index document by
    document. Each batch is one complete query that resumes after the last row read, so a
    caller may load a batch per idle moment without keeping a read open, and a row changed
    meanwhile is read as it is when its batch comes."""
    if annotation_ids is None:
        documents = [row[0] for row in
                     connection.execute("SELECT fingerprint FROM documents ORDER BY position")]
        for document in documents:
            after: tuple[int, int, str] = (-1, -1, "")
            while True:
                rows = connection.execute(
                    f"SELECT {_FILTER_FIELDS} FROM annotations WHERE document_fingerprint = ? "
                    "AND (start_offset, end_offset, id) > (?, ?, ?) "
                    "ORDER BY start_offset, end_offset, id LIMIT ?",
                    (document, *after, batch)).fetchall()
                if not rows:
                    break
                after = (rows[-1][2], rows[-1][3], rows[-1][0])
                yield [_filter_fields(row) for row in rows]
        return
    for first in range(0, len(annotation_ids), _BATCH):
        chunk = list(annotation_ids[first : first + _BATCH])
        rows = connection.execute(
            f"SELECT {_FILTER_FIELDS} FROM annotations WHERE id IN ({_marks(chunk)})", chunk)
        yield [_filter_fields(row) for row in rows]


def _filter_fields(row: Sequence) -> FilterFields:
    codes = tuple(CodeId(code) for code in row[7].split()) if row[7] else ()
    return FilterFields(AnnotationId(row[0]), DocumentId(row[1]), row[2], row[3],
                        ReviewerId(row[4]), row[5], row[6], codes)


def snapshots(connection: sqlite3.Connection, where: AnnotationFilter, *, rects: bool
              ) -> Iterator[tuple[Annotation, tuple[Coding, ...]]]:
    """The matching annotations, each with its full codings (who, when, oldest first), in
    reading order: what an export streams. Each document is walked along the reading-order
    index with the filter checked on the way, and the codings are read in one pass of their
    table beforehand (measured on 100,000 annotations: a third of the time of fetching both
    by batches of ids). ``rects=False`` leaves every anchor's rectangles empty: decoding them
    took half of the stream's time, and only a PDF export draws them. Rows are unpacked here
    rather than through ``rows.annotation_from_row``: at 100,000 rows a call per row shows."""
    clauses, params = _conditions(where)
    condition = "".join(f" AND {clause}" for clause in clauses)
    columns = ANNOTATION_COLUMNS if rects else ANNOTATION_COLUMNS.replace("rects", "NULL")
    positions = _positions(connection, where)
    documents = sorted(positions, key=positions.__getitem__)
    every_document = len(positions) == connection.execute(
        "SELECT count(*) FROM documents").fetchone()[0]
    codings = _codings(connection, documents, every_document=every_document)
    for document in documents:
        rows = connection.execute(
            f"SELECT {columns} FROM annotations WHERE document_fingerprint = ?{condition} "
            "ORDER BY start_offset, end_offset, id",
            (document, *params),
        )
        for (id_, _document, start, end, exact, prefix, suffix, page, rects_text, note,
             reviewer, created, modified) in rows:
            anchor = Anchor(start, end, exact, prefix, suffix, page, rects_from_json(rects_text))
            yield (Annotation(id_, _document, anchor, note, reviewer, parse_time(created),
                              parse_time(modified)),
                   codings.get(id_, ()))


def _codings(connection: sqlite3.Connection, documents: Sequence[str], *, every_document: bool
             ) -> dict[str, tuple[Coding, ...]]:
    """Codings by annotation id, oldest first: the whole table in its own order when every
    document is exported, else those of the named documents' annotations."""
    if every_document:
        rows = connection.execute(f"SELECT {CODING_COLUMNS} FROM annotation_codes")
    else:
        rows = connection.execute(
            f"SELECT {', '.join('c.' + c for c in CODING_COLUMNS.split(', '))} "
            "FROM annotations a JOIN annotation_codes c ON c.annotation_id = a.id "
            f"WHERE a.document_fingerprint IN ({_marks(documents)})", documents)
    found: dict[str, list[Coding]] = {}
    for annotation_id, code_id, reviewer_id, created in rows:
        coding = Coding(annotation_id, code_id, reviewer_id, parse_time(created))
        listed = found.get(annotation_id)
        if listed is None:
            found[annotation_id] = [coding]
        else:
            listed.append(coding)
    return {annotation_id: tuple(sorted(listed, key=_oldest_first)) if len(listed) > 1
            else (listed[0],) for annotation_id, listed in found.items()}


def _oldest_first(coding: Coding) -> tuple[object, str]:
    return coding.created, coding.code_id


def _marks(values: Sequence[object] | frozenset[object]) -> str:
    return ", ".join("?" * len(values))

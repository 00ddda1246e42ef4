"""Curations (``curations``, ``curation_annotations``) and what the curation view reads: every
reviewer's highlights of a document as ``Version`` values, apart from the team's results.

The view of a document with 100,000 annotations reads them all at once, so the versions come
from plain queries over the reading-order index and the coding table (no row objects, no
query per annotation), and the codes are grouped here.
"""

from __future__ import annotations

from desktop.core.curation import Curation, CurationId, Outcome, Version
from desktop.core.model import (
    AnnotationId,
    CodeId,
    DocumentId,
    ReviewerId,
    format_time,
    parse_time,
)
from desktop.store.connection import Connection

_COLUMNS = "id, document_fingerprint, outcome, reviewer_id, created"
_SOURCE, _RESULT = "source", "result"


class CurationRepository:
    def __init__(self, db: Connection) -> None:
        self._db = db

    # Reading

    def get(self, curation_id: str) -> Curation | None:
        row = self._db.sql.execute(
            f"SELECT {_COLUMNS} FROM curations WHERE id = ?", (curation_id,)
        ).fetchone()
        return None if row is None else self._curation(row)

    def in_document(self, document_id: str) -> list[Curation]:
        rows = self._db.sql.execute(
            f"SELECT {_COLUMNS} FROM curations WHERE document_fingerprint = ? ORDER BY id",
            (document_id,),
        ).fetchall()
        return [self._curation(row) for row in rows]

    def settled(self, document_id: str) -> dict[AnnotationId, CurationId]:
        """Each source annotation of the document's curations that still hold: rejected, or
        with one of their team annotations still there (deleting the results leaves the unit
        to settle again, until an undo brings them back)."""
        rows = self._db.sql.execute(
            "SELECT sources.annotation_id, curations.id FROM curations "
            "JOIN curation_annotations AS sources ON sources.curation_id = curations.id "
            "AND sources.role = 'source' "
            "WHERE curations.document_fingerprint = ? AND (curations.outcome = 'rejected' "
            "OR EXISTS (SELECT 1 FROM curation_annotations AS results JOIN annotations "
            "ON annotations.id = results.annotation_id "
            "WHERE results.curation_id = curations.id AND results.role = 'result'))",
            (document_id,),
        )
        return {AnnotationId(source): CurationId(curation) for source, curation in rows}

    def versions(self, document_id: str) -> list[Version]:
        """Every annotation of the document that is not a curation's result, with its codes,
        in reading order: the reviewers' versions the units are made of.

        The codes come from one pass over the whole coding table in its key order, each
        annotation's as one text, rather than a look-up per annotation (measured at 100,000:
        60 ms of CPU against 370); it reads the other documents' codings too, which costs
        less than finding this one's one by one. The few distinct sets of codes are made
        once each."""
        texts: dict[str, str] = dict(
            self._db.sql.execute(
                "SELECT annotation_id, group_concat(code_guid, ' ') FROM annotation_codes "
                "GROUP BY annotation_id"
            ).fetchall()
        )
        sets: dict[str | None, frozenset[CodeId]] = {None: frozenset()}  # None: uncoded
        sets.update((text, frozenset(map(CodeId, text.split(" ")))) for text in set(texts.values()))
        results = self._results("WHERE curations.document_fingerprint = ?", (document_id,))
        rows = self._db.sql.execute(
            "SELECT id, reviewer_id, start_offset, end_offset FROM annotations "
            "WHERE document_fingerprint = ? ORDER BY start_offset, end_offset, id",
            (document_id,),
        ).fetchall()
        made, text_of = tuple.__new__, texts.get
        return [
            made(Version, (annotation_id, reviewer_id, start, end, sets[text_of(annotation_id)]))
            for annotation_id, reviewer_id, start, end in rows
            if annotation_id not in results
        ]

    def results(self) -> set[AnnotationId]:
        """Every team annotation of the project: what the reviewer layers show apart."""
        return self._results("", ())

    def _results(self, where: str, arguments: tuple[str, ...]) -> set[AnnotationId]:
        rows = self._db.sql.execute(
            "SELECT curation_annotations.annotation_id FROM curations "
            "JOIN curation_annotations ON curation_annotations.curation_id = curations.id "
            f"AND curation_annotations.role = 'result' {where}",
            arguments,
        )
        return {AnnotationId(row[0]) for row in rows}

    # Writing (inside project.transaction())

    def insert(self, curation: Curation) -> None:
        self._db.require_transaction()
        self._db.sql.execute(
            f"INSERT INTO curations ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (
                curation.id,
                curation.document_id,
                curation.outcome.value,
                curation.reviewer_id,
                format_time(curation.created),
            ),
        )
        self._db.sql.executemany(
            "INSERT INTO curation_annotations (curation_id, annotation_id, role) VALUES (?, ?, ?)",
            [(curation.id, source, _SOURCE) for source in curation.source_ids]
            + [(curation.id, result, _RESULT) for result in curation.result_ids],
        )

    def delete(self, curation_id: str) -> None:
        """Remove the curation and (by cascade) its links; the team annotations are the
        caller's to remove."""
        self._db.require_transaction()
        self._db.sql.execute("DELETE FROM curations WHERE id = ?", (curation_id,))

    def _curation(self, row: tuple[str, str, str, int, str]) -> Curation:
        curation_id, document_id, outcome, reviewer_id, created = row
        linked: dict[str, list[AnnotationId]] = {_SOURCE: [], _RESULT: []}
        for annotation_id, role in self._db.sql.execute(
            "SELECT annotation_id, role FROM curation_annotations WHERE curation_id = ? "
            "ORDER BY annotation_id",
            (curation_id,),
        ):
            linked[role].append(AnnotationId(annotation_id))
        return Curation(
            CurationId(curation_id),
            DocumentId(document_id),
            Outcome(outcome),
            tuple(linked[_SOURCE]),
            tuple(linked[_RESULT]),
            ReviewerId(reviewer_id),
            parse_time(created),
        )

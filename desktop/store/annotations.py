"""Annotations and their codings: ``annotations`` holds the highlight, ``annotation_codes``
which codes it carries, each with who applied it and when.

Writes are single prepared statements (SQLite caches them per connection), so a command that
adds one annotation costs one insert plus one per code, inside the command's transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from desktop.core.filtering import AnnotationFilter
from desktop.core.links import Link
from desktop.core.model import Annotation, AnnotationId, CodeId, Coding, DocumentId
from desktop.core.review import Decision, Reply
from desktop.store import pages, queries, streams
from desktop.store.codes import CodeRepository
from desktop.store.connection import Connection
from desktop.store.errors import StaleError
from desktop.store.links import LinkRepository
from desktop.store.pages import DrawnAnnotation, PagePlace
from desktop.store.queries import ListedAnnotation
from desktop.store.review import ReviewRepository
from desktop.store.rows import ANNOTATIONS, CODINGS
from desktop.store.streams import AnnotationRecord

_UPDATE = ANNOTATIONS.update(unchanging=("document_id", "reviewer_id", "created"))
"""An annotation's id, document, author and creation never change."""


@dataclass(frozen=True, slots=True)
class AnnotationSnapshot:
    """Everything about one annotation, to put it back exactly as it was."""

    annotation: Annotation
    codings: tuple[Coding, ...]
    links: tuple[Link, ...] = ()
    """The links with an end here (read by ``snapshot``, not by ``snapshots``): deleting the
    annotation deletes them, so bringing it back brings them back."""
    decisions: tuple[Decision, ...] = ()
    replies: tuple[Reply, ...] = ()
    """Its decision history and reply thread, which go and come back with it as links do."""


class AnnotationRepository:
    def __init__(
        self,
        db: Connection,
        *,
        codes: CodeRepository,
        links: LinkRepository,
        review: ReviewRepository,
    ) -> None:
        self._db = db
        self._codes = codes
        self._links = links
        self._review = review

    # Reading

    def get(self, annotation_id: str) -> Annotation | None:
        return ANNOTATIONS.one(
            self._db.sql.execute(
                f"SELECT {ANNOTATIONS.columns} FROM annotations WHERE id = ?", (annotation_id,)
            )
        )

    def require(self, annotation_id: str) -> Annotation:
        found = self.get(annotation_id)
        if found is None:
            raise StaleError(
                f"The annotation {annotation_id[:8]} no longer exists; it may have been deleted "
                "meanwhile (in this window or another Accord)."
            )
        return found

    def ids_starting(self, prefix: str, *, limit: int = 2) -> list[AnnotationId]:
        """Up to ``limit`` ids that begin with ``prefix``, in any case (SQLite's ``LIKE``): a
        person gives the eight characters ``accord list`` shows."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._db.sql.execute(
            "SELECT id FROM annotations WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
            (escaped + "%", limit),
        )
        return [AnnotationId(row[0]) for row in rows]

    def codings(self, annotation_id: str) -> tuple[Coding, ...]:
        """The annotation's codings, oldest first."""
        rows = self._db.sql.execute(
            f"SELECT {CODINGS.columns} FROM annotation_codes WHERE annotation_id = ? "
            "ORDER BY created, code_guid",
            (annotation_id,),
        )
        return tuple(CODINGS.values(rows))

    def codings_with(self, code_ids: Iterable[str]) -> tuple[Coding, ...]:
        """Every coding with one of ``code_ids``."""
        found: list[Coding] = []
        for code_id in code_ids:
            rows = self._db.sql.execute(
                f"SELECT {CODINGS.columns} FROM annotation_codes WHERE code_guid = ?", (code_id,)
            )
            found.extend(CODINGS.values(rows))
        return tuple(found)

    def counts_by_code(self) -> dict[CodeId, int]:
        """How many annotations carry each code (codes that none carries are left out): the
        codebook panel's numbers after every edit, so one grouped pass over the code index."""
        rows = self._db.sql.execute(
            "SELECT code_guid, COUNT(*) FROM annotation_codes GROUP BY code_guid"
        )
        return {CodeId(guid): count for guid, count in rows}

    def counts_by_document(self) -> dict[DocumentId, int]:
        """How many annotations each document has (documents with none are left out): one
        grouped pass over the reading-order index, which starts with the document."""
        rows = self._db.sql.execute(
            "SELECT document_fingerprint, COUNT(*) FROM annotations GROUP BY document_fingerprint"
        )
        return {DocumentId(fingerprint): count for fingerprint, count in rows}

    def snapshot(self, annotation_id: str) -> AnnotationSnapshot | None:
        annotation = self.get(annotation_id)
        if annotation is None:
            return None
        return AnnotationSnapshot(
            annotation,
            self.codings(annotation_id),
            tuple(self._links.touching([annotation_id])),
            tuple(self._review.history(annotation_id)),
            tuple(self._review.thread(annotation_id)),
        )

    def count(self, where: AnnotationFilter | None = None) -> int:
        return queries.count(self._db.sql, self._evaluated(where))

    def ids(self, where: AnnotationFilter | None = None) -> list[AnnotationId]:
        """Ids of the matching annotations in reading order (document order, then position):
        what a list view holds, fetching rows with ``listed`` as they scroll into view."""
        return queries.ids(self._db.sql, self._evaluated(where))

    def listed(self, annotation_ids: Sequence[str]) -> list[ListedAnnotation]:
        """The annotations with these ids and their codes, in the order asked (ids that no
        longer exist are left out)."""
        return queries.listed(self._db.sql, annotation_ids)

    def record_batches(
        self, annotation_ids: Sequence[str] | None = None, *, batch: int = 2000
    ) -> Iterator[list[AnnotationRecord]]:
        """These annotations (None: all, in reading order) as records, a batch at a time:
        what a list keeps in memory to filter as the user types (see ``streams``)."""
        return streams.record_batches(self._db.sql, annotation_ids, batch=batch)

    def records(self, where: AnnotationFilter | None = None) -> Iterator[AnnotationRecord]:
        """Every matching annotation with its codings, in reading order, as flat records of
        the stored values: what the text exports stream (see ``streams``)."""
        return streams.records(self._db.sql, self._evaluated(where))

    def snapshots(self, where: AnnotationFilter | None = None) -> Iterator[AnnotationSnapshot]:
        """Every matching annotation with its codings, in reading order, as the model's
        values (rectangles included: what a PDF export draws)."""
        for annotation, codings in streams.snapshots(self._db.sql, self._evaluated(where)):
            yield AnnotationSnapshot(annotation, codings)

    def _evaluated(self, where: AnnotationFilter | None) -> AnnotationFilter:
        """``where`` as the SQL evaluates it: with the sub-codes of its codes."""
        where = where or AnnotationFilter()
        return where.with_sub_codes(self._codes.codebook()) if where.code_ids else where

    def overlapping(self, document_id: str, start: int, end: int) -> list[ListedAnnotation]:
        """Annotations of the document overlapping ``start..end``, with their codes."""
        return queries.overlapping(self._db.sql, document_id, start, end)

    def on_page(
        self, document_id: str, page: int, *, after: PagePlace | None = None, limit: int = 500
    ) -> tuple[list[DrawnAnnotation], PagePlace | None]:
        """A slice of the annotations with a rectangle on ``page`` and where the next slice
        starts (None: the page is read): a page view's highlights (see ``pages``)."""
        return pages.on_page(self._db.sql, document_id, page, after=after, limit=limit)

    def drawn(self, document_id: str, annotation_ids: Sequence[str]) -> list[DrawnAnnotation]:
        """These annotations of the document as a page view draws them (ids no longer there,
        or of another document, are left out)."""
        return pages.drawn(self._db.sql, document_id, annotation_ids)

    def in_document(self, document_id: str) -> list[Annotation]:
        rows = self._db.sql.execute(
            f"SELECT {ANNOTATIONS.columns} FROM annotations WHERE document_fingerprint = ? "
            "ORDER BY start_offset, end_offset, id",
            (document_id,),
        )
        return list(ANNOTATIONS.values(rows))

    # Writing (inside project.transaction())

    def insert(self, annotation: Annotation, codings: Iterable[Coding] = ()) -> None:
        self._db.require_transaction()
        self._db.sql.execute(ANNOTATIONS.insert, ANNOTATIONS.row(annotation))
        self.add_codings(codings)

    def insert_many(self, annotations: Iterable[Annotation], codings: Iterable[Coding]) -> None:
        """Insert annotations and codings, each table in one prepared statement run over all
        its rows: a bulk import's way in (a statement per row took most of its writing)."""
        self._db.require_transaction()
        self._db.sql.executemany(ANNOTATIONS.insert, map(ANNOTATIONS.row, annotations))
        self._db.sql.executemany(CODINGS.insert, map(CODINGS.row, codings))

    @contextlib.contextmanager
    def indexes_built_at_end(self) -> Iterator[None]:
        """Around a bulk insert into a project without annotations, inside its transaction:
        the indexes of the annotations and their codings but their keys (reading order, by
        page, by code) are dropped and built again once the rows are in, one sorted pass each
        instead of an insert into each per row. Measured on 100,000 imported annotations with
        200,000 codings: their insert took 2.0-2.1 s of CPU with the three built at the end,
        against 2.8-3.4 s with the by-page index alone built so (its key evaluates JSON); the
        three builds take 0.4-0.6 s. If the block fails, the transaction's rollback brings the
        indexes back with everything else; in a project that already holds annotations,
        rebuilding would cost every row."""
        self._db.require_transaction()
        indexes = self._db.sql.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('annotations', 'annotation_codes') ORDER BY name"
        ).fetchall()
        for name, _ in indexes:
            self._db.sql.execute(f"DROP INDEX {name}")
        yield
        for _, made in indexes:
            self._db.sql.execute(made)

    def update(self, annotation: Annotation) -> None:
        """Store whatever changed of the annotation (its id, document, author and creation
        never change)."""
        self._db.require_transaction()
        self._db.sql.execute(_UPDATE, ANNOTATIONS.by_column(annotation))

    def set_notes(self, notes: Iterable[tuple[str, str]]) -> None:
        """Set the notes of annotations given as (note, id) pairs, nothing else changing (an
        import's notes, read after its annotations were written)."""
        self._db.require_transaction()
        self._db.sql.executemany("UPDATE annotations SET note = ? WHERE id = ?", notes)

    def delete(self, annotation_id: str) -> None:
        """Remove the annotation and (by cascade) its codings."""
        self._db.require_transaction()
        self._db.sql.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))

    def delete_in_document(self, document_id: str) -> None:
        """Remove every annotation of the document and (by cascade) their codings."""
        self._db.require_transaction()
        self._db.sql.execute(
            "DELETE FROM annotations WHERE document_fingerprint = ?", (document_id,)
        )

    def add_codings(self, codings: Iterable[Coding]) -> None:
        self._db.require_transaction()
        self._db.sql.executemany(CODINGS.insert, map(CODINGS.row, codings))

    def remove_coding(self, annotation_id: str, code_id: str) -> None:
        self._db.require_transaction()
        self._db.sql.execute(
            "DELETE FROM annotation_codes WHERE annotation_id = ? AND code_guid = ?",
            (annotation_id, code_id),
        )

    def set_codings(self, annotation_id: str, codings: Iterable[Coding]) -> None:
        """Make the annotation's codings exactly ``codings``."""
        self._db.require_transaction()
        self._db.sql.execute(
            "DELETE FROM annotation_codes WHERE annotation_id = ?", (annotation_id,)
        )
        self.add_codings(codings)

    def restore(self, snapshot: AnnotationSnapshot) -> None:
        """Make the annotation exactly as in ``snapshot``: re-insert it (and its links whose
        other end is there, its decisions and replies) if it was deleted, or put back its
        fields and codings if it was changed (its links are the link commands' business, its
        decisions and replies the review commands')."""
        self._db.require_transaction()
        annotation = snapshot.annotation
        if self._db.sql.execute(
            "SELECT 1 FROM annotations WHERE id = ?", (annotation.id,)
        ).fetchone():
            self.update(annotation)
            self.set_codings(annotation.id, snapshot.codings)
        else:
            self.insert(annotation, snapshot.codings)
            self._links.restore(snapshot.links)
            self._review.restore_decisions(snapshot.decisions)
            self._review.restore_replies(snapshot.replies)

"""The project's documents as the Documents panel shows them, and the commands that rename and
remove one.

Removing a document removes its annotations with it (they are highlights on its text); the
inverse keeps the document's bytes, its row (position, time added) and a snapshot of every
annotation, so undo brings all of it back exactly, codings included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.app.commands import Applied, Context, quoted
from desktop.core.changes import Entity, changes
from desktop.core.curation import Curation
from desktop.core.errors import AccordError
from desktop.core.links import Link
from desktop.core.model import DocumentId, StoredDocument
from desktop.core.review import Decision, Reply
from desktop.store import AnnotationFilter, AnnotationSnapshot, NewDocument, Project, StaleError


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One line of the Documents panel."""

    document: StoredDocument
    annotations: int


def document_summaries(project: Project) -> list[DocumentSummary]:
    """Every document of the project in its order, with how many annotations it has."""
    counts = project.annotations.counts_by_document()
    return [DocumentSummary(d, counts.get(d.id, 0)) for d in project.documents.all()]


def annotation_count(project: Project, document_id: DocumentId) -> int:
    """How many annotations go if the document is removed (what the question says)."""
    return project.annotations.count(AnnotationFilter(document_ids=frozenset({document_id})))


def clean_title(title: str) -> str:
    """One line, trimmed: what a title is everywhere it is shown."""
    return " ".join(title.split())


def _stored(project: Project, document_id: DocumentId) -> StoredDocument:
    stored = project.documents.get(document_id)
    if stored is None:
        raise StaleError(
            f"The project has no document {document_id[:12]} any more; it may "
            "have been removed meanwhile."
        )
    return stored


@dataclass(frozen=True, slots=True)
class RenameDocument:
    document_id: DocumentId
    title: str

    def apply(self, project: Project, context: Context) -> Applied:
        title = clean_title(self.title)
        if not title:
            raise AccordError(
                "A document needs a title; type one, or press Esc to keep the old one."
            )
        before = _stored(project, self.document_id)
        if before.title == title:
            raise AccordError(f"The document is already called {quoted(title)}.")
        project.documents.rename(self.document_id, title)
        return Applied(
            RenameDocument(self.document_id, before.title),
            changes(Entity.DOCUMENT, modified=[self.document_id]),
            f"Rename document {quoted(title)}",
        )


@dataclass(frozen=True, slots=True)
class RemovedDocument:
    """Everything a removal took away, to put it back exactly."""

    document: NewDocument
    position: int
    added: datetime
    annotations: tuple[AnnotationSnapshot, ...]
    links: tuple[Link, ...] = ()
    """The links to its annotations or to the document as a whole, which went with them."""
    curations: tuple[Curation, ...] = ()
    """The settlements of its curation units, which went with it."""
    decisions: tuple[Decision, ...] = ()
    replies: tuple[Reply, ...] = ()
    """Its annotations' decisions and replies, which went with them."""


@dataclass(frozen=True, slots=True)
class RemoveDocument:
    document_id: DocumentId

    def apply(self, project: Project, context: Context) -> Applied:
        stored = _stored(project, self.document_id)
        snapshots = tuple(
            project.annotations.snapshots(
                AnnotationFilter(document_ids=frozenset({self.document_id}))
            )
        )
        decisions, replies = project.review.of_document(self.document_id)
        removed = RemovedDocument(
            NewDocument(
                project.documents.content(self.document_id),
                stored.title,
                stored.kind,
                stored.file_name,
                stored.page_count,
                stored.text_sha256,
            ),
            stored.position,
            project.documents.added(self.document_id),
            snapshots,
            tuple(project.links.of_document(self.document_id)),
            tuple(project.curations.in_document(self.document_id)),
            tuple(decisions),
            tuple(replies),
        )
        project.annotations.delete_in_document(self.document_id)
        project.documents.remove(self.document_id)
        ids = [s.annotation.id for s in snapshots]
        return Applied(
            RestoreDocument(removed),
            changes(Entity.DOCUMENT, deleted=[self.document_id])
            + changes(Entity.ANNOTATION, deleted=ids),
            f"Remove document {quoted(stored.title)}",
        )


@dataclass(frozen=True, slots=True)
class RestoreDocument:
    """Put a removed document back, with its annotations (the inverse of ``RemoveDocument``)."""

    removed: RemovedDocument

    def apply(self, project: Project, context: Context) -> Applied:
        document = self.removed.document
        if project.documents.get(document.id) is not None:
            raise StaleError(
                f"{quoted(document.title)} is in the project again already "
                "(opened or imported meanwhile), so it was not restored."
            )
        project.documents.add(document, position=self.removed.position, added=self.removed.added)
        for snapshot in self.removed.annotations:
            project.annotations.restore(snapshot)
        project.links.restore(self.removed.links)
        for curation in self.removed.curations:
            project.curations.insert(curation)
        project.review.restore_decisions(self.removed.decisions)
        project.review.restore_replies(self.removed.replies)
        ids = [s.annotation.id for s in self.removed.annotations]
        return Applied(
            RemoveDocument(document.id),
            changes(Entity.DOCUMENT, created=[document.id])
            + changes(Entity.ANNOTATION, created=ids),
            f"Restore document {quoted(document.title)}",
        )

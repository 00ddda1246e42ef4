"""What every exporter reads: the project's documents, codebook, reviewers and annotations,
narrowed by the user's filters, and the canonical texts the annotations' offsets count in.

The texts come from the document worker (only ``desktop.documents`` runs PyMuPDF), so the
application layer fetches them once and hands them in; an exporter never opens a document.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field

from desktop.codebook.model import Codebook
from desktop.core.links import Link
from desktop.core.model import DocumentId, Reviewer, ReviewerId, StoredDocument
from desktop.core.review import Decision, Reply
from desktop.store import AnnotationFilter, AnnotationRecord, AnnotationSnapshot, Project

Progress = Callable[[int, int], None]
"""``progress(done, total)``, called now and then during a long export; it may raise
``Cancelled`` to stop (the exporter then leaves no file)."""


class Cancelled(Exception):
    """The user stopped a long export or import."""


def no_progress(done: int, total: int) -> None:
    """The ``Progress`` of a caller that does not show any."""


ExportOptions = AnnotationFilter
"""The filters every format honours (``--reviewer``, ``--code``, ``--document``): the annotation
filter itself (``desktop.core.filtering``), so an export holds what the list shows for the same
choices, a code with its sub-codes."""
EVERYTHING = ExportOptions()


@dataclass(frozen=True, slots=True)
class ExportSource:
    """A read-only view of one project for one export."""

    project: Project
    name: str
    """The project's name as a person reads it (its file name without the extension)."""
    documents: tuple[StoredDocument, ...]
    """The documents exported, in reader order (all of them unless filtered)."""
    codebook: Codebook
    reviewers: Mapping[ReviewerId, Reviewer]
    texts: Mapping[DocumentId, str] = field(default_factory=dict)
    """Canonical text of each document (what offsets count in); empty when the format
    does not need it."""
    options: ExportOptions = EVERYTHING

    @property
    def filter(self) -> AnnotationFilter:
        return self.options

    def count(self) -> int:
        return self.project.annotations.count(self.filter)

    def records(self) -> Iterator[AnnotationRecord]:
        """Matching annotations with their codings, in reading order, as the stored values:
        what the text formats write (moments already in ``format_time``'s form)."""
        return self.project.annotations.records(self.filter)

    def links(self, exported: Collection[str]) -> list[Link]:
        """The links whose annotations were all ``exported`` (ids) and whose document, for a
        link to a whole document, is exported too: a file never names what it lacks."""
        documents = {document.id for document in self.documents}
        return [
            link
            for link in self.project.links.all()
            if all(end in exported for end in link.ends)
            and (link.target_document_id is None or link.target_document_id in documents)
        ]

    def review(self, exported: Collection[str]) -> tuple[list[Decision], list[Reply]]:
        """The decisions and replies on the ``exported`` annotations (ids), the decisions in
        each annotation's order, the replies in each thread's."""
        review = self.project.review
        decisions = [d for d in review.all_decisions() if d.annotation_id in exported]
        replies = [r for r in review.all_replies() if r.annotation_id in exported]
        return decisions, replies

    def annotations(self) -> Iterator[AnnotationSnapshot]:
        """Matching annotations with their codings, in reading order, as the model's values,
        rectangles included: what an annotated PDF draws."""
        return self.project.annotations.snapshots(self.filter)

    def content(self, document_id: DocumentId) -> bytes:
        """The document's bytes as stored (checked against its fingerprint)."""
        return self.project.documents.content(document_id)

    def reviewer_name(self, reviewer_id: ReviewerId) -> str:
        found = self.reviewers.get(reviewer_id)
        return found.name if found else f"reviewer {reviewer_id}"


def read_source(
    project: Project,
    *,
    texts: Mapping[DocumentId, str] | None = None,
    options: ExportOptions = EVERYTHING,
) -> ExportSource:
    documents = tuple(
        d
        for d in project.documents.all()
        if not options.document_ids or d.id in options.document_ids
    )
    return ExportSource(
        project=project,
        name=project.path.stem,
        documents=documents,
        codebook=project.codes.codebook(),
        reviewers={r.id: r for r in project.reviewers.all()},
        texts=dict(texts or {}),
        options=options,
    )

"""What coverage and the links' tables read from a project: the pair of documents compared,
each link with both its ends, and the letter's passages with their thematic areas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from desktop.codebook.model import Facet
from desktop.comparing.coverage import Coverage, Passage, coverage
from desktop.core.links import Link
from desktop.core.model import Annotation, AnnotationId, StoredDocument, format_time
from desktop.store import AnnotationFilter, Project

LINK_FIELDS = (
    "id",
    "type",
    "source_id",
    "source_document",
    "source_start",
    "source_end",
    "source_quote",
    "target_id",
    "target_document",
    "target_start",
    "target_end",
    "target_quote",
    "note",
    "reviewer",
    "status",
    "created",
    "modified",
)
"""The columns of every table of links (``accord links``, the CSV and XLSX exports); a link
to a whole document leaves the target's id, offsets and quote empty."""


@dataclass(frozen=True, slots=True)
class LinkedEnds:
    link: Link
    source: Annotation
    target: Annotation | None
    """None for a link to a whole document (``link.target_document_id``)."""


def linked_ends(project: Project, links: Iterable[Link] | None = None) -> Iterator[LinkedEnds]:
    """These links (None: every link, in the reading order of their sources) with their
    ends."""
    cache: dict[str, Annotation] = {}

    def annotation(annotation_id: str) -> Annotation:
        found = cache.get(annotation_id)
        if found is None:
            found = cache[annotation_id] = project.annotations.require(annotation_id)
        return found

    for link in project.links.all() if links is None else links:
        target = None if link.target_id is None else annotation(link.target_id)
        yield LinkedEnds(link, annotation(link.source_id), target)


def link_rows(project: Project, links: Iterable[Link] | None = None) -> Iterator[dict[str, object]]:
    """These links (None: every link) as rows of ``LINK_FIELDS`` (documents by title, times as
    ISO text)."""
    titles = {document.id: document.title for document in project.documents.all()}
    names = {reviewer.id: reviewer.name for reviewer in project.reviewers.all()}
    for ends in linked_ends(project, links):
        link, source, target = ends.link, ends.source, ends.target
        target_document = target.document_id if target is not None else link.target_document_id
        yield {
            "id": link.id,
            "type": link.type.value,
            "source_id": source.id,
            "source_document": titles[source.document_id],
            "source_start": source.anchor.start,
            "source_end": source.anchor.end,
            "source_quote": source.anchor.exact,
            "target_id": "" if target is None else target.id,
            "target_document": "" if target_document is None else titles[target_document],
            "target_start": "" if target is None else target.anchor.start,
            "target_end": "" if target is None else target.anchor.end,
            "target_quote": "" if target is None else target.anchor.exact,
            "note": link.note,
            "reviewer": names.get(link.reviewer_id, ""),
            "status": link.status.value,
            "created": format_time(link.created),
            "modified": format_time(link.modified),
        }


def project_coverage(
    project: Project, letter: StoredDocument, article: StoredDocument, *, letter_text: str
) -> Coverage:
    """The coverage of ``letter`` (whose canonical text is ``letter_text``) by ``article``."""
    book = project.codes.codebook()
    thematic = {
        code.guid: code.name for code in book if code.facet is Facet.THEMATIC and code.is_codable
    }
    passages = [
        Passage(
            snapshot.annotation.id,
            snapshot.annotation.anchor.start,
            snapshot.annotation.anchor.end,
            tuple(thematic[c.code_id] for c in snapshot.codings if c.code_id in thematic),
        )
        for snapshot in project.annotations.snapshots(
            AnnotationFilter(document_ids=frozenset({letter.id}))
        )
    ]
    article_ids = frozenset(AnnotationId(a.id) for a in project.annotations.in_document(article.id))
    links = [
        link
        for link in project.links.all()
        if link.target_document_id in (None, letter.id, article.id)
    ]
    return coverage(letter_text, passages, links, article_ids=article_ids)

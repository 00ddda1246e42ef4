"""The links a file brings, put in once every annotation of the file is placed.

A link's ends are the file's annotation ids (``file_id``: the ids its annotations were kept
under) or, for *omits* and *adds*, a document of the file (by its key, matched to one of the
project's). A link the project has already (by id) is left as it is; one whose end found no
place, or that breaks a rule of links (two passages of one document), is not imported and the
report says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop.app.annotating import clean_note
from desktop.app.code_merge import foreign_guid
from desktop.app.import_documents import Target
from desktop.app.import_report import ImportReport
from desktop.core.links import Link, LinkId, LinkType
from desktop.core.model import AnnotationId, ReviewerId, utc_now
from desktop.formats.incoming import IncomingLink
from desktop.store import Project


def import_links(
    project: Project,
    links: Iterable[IncomingLink],
    *,
    targets: Mapping[str, Target],
    reviewer_id: ReviewerId,
    report: ImportReport,
) -> None:
    """Insert the new ones of ``links`` (inside the import's transaction)."""
    now = utc_now()
    for item in links:
        link_id = LinkId(foreign_guid(item.id))
        if project.links.get(link_id) is not None:
            report.links_unchanged += 1
            continue
        why = _refusal(project, item, targets)
        if why is not None:
            report.dropped.append(f"The link {item.id[:8]} ({item.type}) was not imported: {why}")
            continue
        kind = LinkType(item.type)
        document = targets[item.target_document_key].document_id if kind.to_document else None  # type: ignore[index]  # checked by _refusal
        project.links.insert(
            Link(
                link_id,
                AnnotationId(foreign_guid(item.source_id)),
                None if kind.to_document else AnnotationId(foreign_guid(item.target_id or "")),
                document,
                kind,
                clean_note(item.note),
                reviewer_id,
                now,
                now,
            )
        )
        report.links_added += 1


def _refusal(project: Project, item: IncomingLink, targets: Mapping[str, Target]) -> str | None:
    """Why the link cannot be imported, or None."""
    if item.type not in {kind.value for kind in LinkType}:
        return f"“{item.type}” is not a type of link"
    kind = LinkType(item.type)
    source = project.annotations.get(foreign_guid(item.source_id))
    if source is None:
        return "its first end was not imported"
    if kind.to_document:
        target = targets.get(item.target_document_key or "")
        if target is None:
            return "the document it names is not in the project"
        if target.document_id == source.document_id:
            return "it links a passage to its own document"
        return None
    other = project.annotations.get(foreign_guid(item.target_id or ""))
    if other is None:
        return "its second end was not imported"
    if other.document_id == source.document_id:
        return "both its ends are in one document"
    return None

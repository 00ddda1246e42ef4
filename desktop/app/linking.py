"""Commands on links: make one, retype it, change its note or status, delete it.

Each inverse restores the link exactly as it was (its id, times and author), like the
annotation commands' ``RestoreAnnotation``. A link's ends are checked when it is made: both
annotations exist and lie in different documents, and a link to a whole document (``omits``,
``adds``) names a document other than its source's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from desktop.app.annotating import CreateAnnotation, clean_note
from desktop.app.commands import Applied, Context, quoted
from desktop.core.changes import Entity, changes
from desktop.core.errors import AccordError
from desktop.core.links import Link, LinkId, LinkType, new_link_id
from desktop.core.model import Anchor, AnnotationId, DocumentId, Status, new_annotation_id
from desktop.store import AnnotationSnapshot, Project, StaleError


def link_type(value: str | LinkType) -> LinkType:
    """``value`` as a link type, or a message naming the types there are."""
    try:
        return LinkType(value)
    except ValueError:
        names = ", ".join(kind.value for kind in LinkType)
        raise AccordError(f"“{value}” is not a type of link; choose one of {names}.") from None


def _checked_ends(
    project: Project,
    kind: LinkType,
    source_id: str,
    *,
    target_id: str | None,
    target_document_id: str | None,
) -> None:
    source = project.annotations.require(source_id)
    if kind.to_document:
        if target_document_id is None:
            raise AccordError(f"A link of type {quoted(kind)} goes to a whole document; name it.")
        if project.documents.get(target_document_id) is None:
            raise StaleError(f"The project has no document {target_document_id[:12]}.")
        if target_document_id == source.document_id:
            raise AccordError("A passage is linked to the other document, not to its own.")
        return
    if target_id is None:
        raise AccordError(f"A link of type {quoted(kind)} goes to a passage of the other document.")
    target = project.annotations.require(target_id)
    if target.document_id == source.document_id:
        raise AccordError(
            "Both passages are in the same document; a link joins a passage of one document "
            "to its counterpart in the other."
        )


@dataclass(frozen=True, slots=True)
class CreateLink:
    """A new link from ``source_id`` to the annotation ``target_id`` or, for ``omits`` and
    ``adds``, to the whole document ``target_document_id``. The id is chosen when the
    command is made, so the caller knows it."""

    source_id: AnnotationId
    type: LinkType
    target_id: AnnotationId | None = None
    target_document_id: DocumentId | None = None
    note: str = ""
    link_id: LinkId = field(default_factory=new_link_id)

    def apply(self, project: Project, context: Context) -> Applied:
        kind = link_type(self.type)
        _checked_ends(
            project,
            kind,
            self.source_id,
            target_id=self.target_id,
            target_document_id=self.target_document_id,
        )
        for existing in project.links.touching([self.source_id]):
            if {existing.source_id, existing.target_id, existing.target_document_id} == {
                self.source_id,
                None if kind.to_document else self.target_id,
                self.target_document_id if kind.to_document else None,
            }:
                raise AccordError(
                    f"These are linked already ({existing.type}); retype that link instead."
                )
        project.links.insert(
            Link(
                self.link_id,
                self.source_id,
                None if kind.to_document else self.target_id,
                self.target_document_id if kind.to_document else None,
                kind,
                clean_note(self.note),
                context.reviewer_id,
                context.now,
                context.now,
            )
        )
        return Applied(
            DeleteLink(self.link_id),
            changes(Entity.LINK, created=[self.link_id]),
            f"Link ({kind})",
        )


@dataclass(frozen=True, slots=True)
class DeleteLink:
    link_id: LinkId

    def apply(self, project: Project, context: Context) -> Applied:
        before = project.links.require(self.link_id)
        project.links.delete(self.link_id)
        return Applied(
            RestoreLink(before, recreate=True),
            changes(Entity.LINK, deleted=[self.link_id]),
            "Delete link",
        )


@dataclass(frozen=True, slots=True)
class RestoreLink:
    """Put a link back exactly as it was (the inverse of every link command). Only the undo
    of a deletion (``recreate``) brings back a link that is gone, and only if both its ends
    are there."""

    link: Link
    recreate: bool = False

    def apply(self, project: Project, context: Context) -> Applied:
        before = project.links.get(self.link.id)
        if before is None:
            if not self.recreate:
                project.links.require(self.link.id)  # raises the StaleError
            for end in self.link.ends:
                project.annotations.require(end)
            project.links.insert(self.link)
            return Applied(
                DeleteLink(self.link.id),
                changes(Entity.LINK, created=[self.link.id]),
                "Restore link",
            )
        project.links.update(self.link)
        return Applied(
            RestoreLink(before), changes(Entity.LINK, modified=[self.link.id]), "Restore link"
        )


def _change(project: Project, link_id: str, label: str, **fields: Any) -> Applied:
    before = project.links.require(link_id)
    project.links.update(dataclasses.replace(before, **fields))
    return Applied(RestoreLink(before), changes(Entity.LINK, modified=[link_id]), label)


@dataclass(frozen=True, slots=True)
class RetypeLink:
    """Give the link another type of the same kind: a link to a passage keeps a passage type
    (*reports* → *paraphrases*), a link to a whole document a document type (*omits* ↔
    *adds*); between the two kinds the ends differ, so that is a new link."""

    link_id: LinkId
    type: LinkType

    def apply(self, project: Project, context: Context) -> Applied:
        kind = link_type(self.type)
        before = project.links.require(self.link_id)
        if before.type == kind:
            raise AccordError(f"The link is already of type {quoted(kind)}.")
        if kind.to_document != before.type.to_document:
            joined = "a whole document" if before.type.to_document else "two passages"
            raise AccordError(
                f"The link joins {joined}, which a link of type {quoted(kind)} cannot; "
                "delete it and link again."
            )
        return _change(
            project, self.link_id, f"Retype link {quoted(kind)}", type=kind, modified=context.now
        )


@dataclass(frozen=True, slots=True)
class SetLinkNote:
    link_id: LinkId
    note: str

    def apply(self, project: Project, context: Context) -> Applied:
        note = clean_note(self.note)
        label = "Edit link note" if note else "Remove link note"
        return _change(project, self.link_id, label, note=note, modified=context.now)


@dataclass(frozen=True, slots=True)
class SetLinkStatus:
    link_id: LinkId
    status: Status

    def apply(self, project: Project, context: Context) -> Applied:
        try:
            status = Status(self.status)
        except ValueError:
            names = ", ".join(s.value for s in Status)
            raise AccordError(f"“{self.status}” is not a status; choose one of {names}.") from None
        return _change(
            project,
            self.link_id,
            f"Set link status to {status}",
            status=status,
            modified=context.now,
        )


@dataclass(frozen=True, slots=True)
class AcceptSuggestion:
    """A suggested link (``desktop.comparing.alignment``) made real in one step: a highlight
    on each clause (an existing highlight of exactly that span is reused) and the link between
    them, or, for *omits* and *adds* (``target_anchor`` None), from the clause to the whole
    other document. Undone as one step."""

    kind: LinkType
    source_document: DocumentId
    source_anchor: Anchor
    target_document: DocumentId
    target_anchor: Anchor | None = None
    source_id: AnnotationId = field(default_factory=new_annotation_id)
    target_id: AnnotationId = field(default_factory=new_annotation_id)
    link_id: LinkId = field(default_factory=new_link_id)

    def apply(self, project: Project, context: Context) -> Applied:
        made: list[AnnotationId] = []

        def highlight(document: DocumentId, anchor: Anchor, new_id: AnnotationId) -> AnnotationId:
            for annotation in project.annotations.in_document(document):
                if (annotation.anchor.start, annotation.anchor.end) == (anchor.start, anchor.end):
                    return annotation.id
            CreateAnnotation(document, anchor, annotation_id=new_id).apply(project, context)
            made.append(new_id)
            return new_id

        source = highlight(self.source_document, self.source_anchor, self.source_id)
        target = (
            None
            if self.target_anchor is None
            else highlight(self.target_document, self.target_anchor, self.target_id)
        )
        CreateLink(
            source,
            self.kind,
            target,
            self.target_document if target is None else None,
            link_id=self.link_id,
        ).apply(project, context)
        return Applied(
            WithdrawSuggestion(self.link_id, tuple(made)),
            changes(Entity.ANNOTATION, created=made) + changes(Entity.LINK, created=[self.link_id]),
            f"Accept suggested link ({self.kind})",
        )


@dataclass(frozen=True, slots=True)
class WithdrawSuggestion:
    """The undo of ``AcceptSuggestion``: the link and the highlights it made go."""

    link_id: LinkId
    annotation_ids: tuple[AnnotationId, ...]

    def apply(self, project: Project, context: Context) -> Applied:
        link = project.links.require(self.link_id)
        snapshots = []
        project.links.delete(self.link_id)
        for annotation_id in self.annotation_ids:
            snapshot = project.annotations.snapshot(annotation_id)
            if snapshot is None:
                project.annotations.require(annotation_id)  # raises the StaleError
            assert snapshot is not None
            snapshots.append(snapshot)
            project.annotations.delete(annotation_id)
        return Applied(
            RestoreSuggestion(link, tuple(snapshots)),
            changes(Entity.ANNOTATION, deleted=self.annotation_ids)
            + changes(Entity.LINK, deleted=[self.link_id]),
            "Withdraw suggested link",
        )


@dataclass(frozen=True, slots=True)
class RestoreSuggestion:
    """The redo of an accepted suggestion: its highlights and link exactly as they were."""

    link: Link
    snapshots: tuple[AnnotationSnapshot, ...]

    def apply(self, project: Project, context: Context) -> Applied:
        for snapshot in self.snapshots:
            project.annotations.restore(snapshot)
        project.links.insert(self.link)
        made = tuple(snapshot.annotation.id for snapshot in self.snapshots)
        return Applied(
            WithdrawSuggestion(self.link.id, made),
            changes(Entity.ANNOTATION, created=made) + changes(Entity.LINK, created=[self.link.id]),
            "Accept suggested link",
        )

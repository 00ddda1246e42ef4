"""Commands on annotations: highlight, resize, delete, tag, untag, note, and set any field the
annotation declares ``listed`` (its status, …).

Each inverse is ``RestoreAnnotation`` with a snapshot taken before the change (or, for a new
highlight, ``DeleteAnnotation``), so undo restores the row, its row number, its timestamps and
its codings exactly, whatever the command changed. Each also says how the codes' counts moved
(``Applied.codings``), so the codebook panel follows an edit without counting every coding.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from desktop.app.commands import Applied, Context, quoted
from desktop.codebook.model import Codebook
from desktop.core.changes import Change, Entity, changes, coding_delta
from desktop.core.errors import AccordError
from desktop.core.model import (
    Anchor,
    Annotation,
    AnnotationId,
    CodeId,
    Coding,
    DocumentId,
    new_annotation_id,
)
from desktop.core.record import listed_fields, shown
from desktop.store import AnnotationSnapshot, Project, StaleError


def clean_note(note: str) -> str:
    """Trimmed, with plain line breaks: what is stored and exported. A byte-order mark at
    the start (pasted from a file) goes too: invisible, and in a note file of an export it
    reads as the file's own mark, so it would not come back."""
    return note.replace("\r\n", "\n").replace("\r", "\n").strip().lstrip("\ufeff").strip()


def _applicable(book: Codebook, code_id: str) -> str:
    """The code's name, after checking it exists and can be applied to text."""
    code = book.get(code_id)
    if code is None:
        raise StaleError(f"No code has the id {code_id}; it may have been deleted meanwhile.")
    if not code.is_codable:
        raise AccordError(f"{quoted(code.name)} is a folder, not a code; choose a code inside it.")
    return code.name


def _snapshot(project: Project, annotation_id: str) -> AnnotationSnapshot:
    snapshot = project.annotations.snapshot(annotation_id)
    if snapshot is None:
        project.annotations.require(annotation_id)  # raises the StaleError
    assert snapshot is not None
    return snapshot


def _codes(snapshot: AnnotationSnapshot | None) -> list[str]:
    return [] if snapshot is None else [coding.code_id for coding in snapshot.codings]


def _modified(annotation_id: str) -> tuple[Change, ...]:
    return changes(Entity.ANNOTATION, modified=[annotation_id])


@dataclass(frozen=True, slots=True)
class CreateAnnotation:
    """A new highlight, with its codes and note. The id is chosen when the command is made,
    so the caller knows it (the command line prints it; the UI selects it)."""

    document_id: DocumentId
    anchor: Anchor
    code_ids: tuple[CodeId, ...] = ()
    note: str = ""
    annotation_id: AnnotationId = field(default_factory=new_annotation_id)

    def apply(self, project: Project, context: Context) -> Applied:
        if project.documents.get(self.document_id) is None:
            raise StaleError(f"The project has no document {self.document_id[:12]}.")
        book = project.codes.codebook()
        names = [_applicable(book, code_id) for code_id in dict.fromkeys(self.code_ids)]
        annotation = Annotation(
            self.annotation_id,
            self.document_id,
            self.anchor,
            clean_note(self.note),
            context.reviewer_id,
            context.now,
            context.now,
        )
        project.annotations.insert(
            annotation,
            (
                Coding(self.annotation_id, code_id, context.reviewer_id, context.now)
                for code_id in dict.fromkeys(self.code_ids)
            ),
        )
        label = "Highlight" if len(names) != 1 else f"Highlight and tag {quoted(names[0])}"
        return Applied(
            DeleteAnnotation(self.annotation_id),
            changes(Entity.ANNOTATION, created=[self.annotation_id]),
            label,
            coding_delta((), dict.fromkeys(self.code_ids)),
        )


@dataclass(frozen=True, slots=True)
class DeleteAnnotation:
    annotation_id: AnnotationId

    def apply(self, project: Project, context: Context) -> Applied:
        snapshot = _snapshot(project, self.annotation_id)
        project.annotations.delete(self.annotation_id)
        return Applied(
            RestoreAnnotation(snapshot, recreate=True),
            changes(Entity.ANNOTATION, deleted=[self.annotation_id])
            + changes(Entity.LINK, deleted=[link.id for link in snapshot.links]),
            "Delete highlight",
            coding_delta(_codes(snapshot), ()),
        )


@dataclass(frozen=True, slots=True)
class RestoreAnnotation:
    """Put an annotation back exactly as it was (the inverse of every annotation command).

    Only the undo of a deletion (``recreate``) brings back an annotation that is gone; the undo
    of a change to an annotation another Accord deleted meanwhile is refused instead, so an undo
    never resurrects someone else's deletion."""

    snapshot: AnnotationSnapshot
    recreate: bool = False

    def apply(self, project: Project, context: Context) -> Applied:
        annotation_id = self.snapshot.annotation.id
        before = project.annotations.snapshot(annotation_id)
        if before is None and not self.recreate:
            project.annotations.require(annotation_id)  # raises the StaleError
        project.annotations.restore(self.snapshot)
        moved = coding_delta(_codes(before), _codes(self.snapshot))
        if before is None:
            back = project.links.touching([annotation_id])
            return Applied(
                DeleteAnnotation(annotation_id),
                changes(Entity.ANNOTATION, created=[annotation_id])
                + changes(Entity.LINK, created=[link.id for link in back]),
                "Restore highlight",
                moved,
            )
        return Applied(
            RestoreAnnotation(before), _modified(annotation_id), "Restore highlight", moved
        )


def _change(project: Project, annotation_id: str, label: str, **fields: Any) -> Applied:
    """Store the annotation with ``fields`` replaced (``dataclasses.replace`` refuses a name
    that is not a field); the inverse restores the snapshot."""
    before = _snapshot(project, annotation_id)
    project.annotations.update(dataclasses.replace(before.annotation, **fields))
    return Applied(RestoreAnnotation(before), _modified(annotation_id), label, codings=())


@dataclass(frozen=True, slots=True)
class ResizeAnnotation:
    """Move the highlight's ends (the anchor carries the new quote, page and rectangles)."""

    annotation_id: AnnotationId
    anchor: Anchor

    def apply(self, project: Project, context: Context) -> Applied:
        return _change(
            project,
            self.annotation_id,
            "Resize highlight",
            anchor=self.anchor,
            modified=context.now,
        )


@dataclass(frozen=True, slots=True)
class SetNote:
    annotation_id: AnnotationId
    note: str

    def apply(self, project: Project, context: Context) -> Applied:
        label = "Edit note" if clean_note(self.note) else "Remove note"
        return _change(
            project, self.annotation_id, label, note=clean_note(self.note), modified=context.now
        )


@dataclass(frozen=True, slots=True)
class SetField:
    """Set one field the annotation declares ``listed`` (``desktop.core.record``), by name:
    ``SetField(annotation_id, "status", Status.ACCEPTED)``. The value is checked by the
    field's type (an enum's text is taken for its member)."""

    annotation_id: AnnotationId
    name: str
    value: object

    def apply(self, project: Project, context: Context) -> Applied:
        declared = next((f for f in listed_fields(Annotation) if f.name == self.name), None)
        if declared is None:
            raise AccordError(f"An annotation has no field “{self.name}” that can be set.")
        try:
            value = (
                self.value if isinstance(self.value, declared.kind) else declared.kind(self.value)
            )
        except (TypeError, ValueError):
            kind = declared.kind
            is_enum = isinstance(kind, type) and issubclass(kind, Enum)
            choices = ", ".join(shown(member) for member in kind) if is_enum else ""
            raise AccordError(
                f"“{self.value}” is not a {declared.title or declared.name}"
                + (f"; choose one of {choices}." if choices else ".")
            ) from None
        label = f"Set {(declared.title or declared.name).lower()} to {shown(value)}"
        return _change(
            project, self.annotation_id, label, **{self.name: value}, modified=context.now
        )


@dataclass(frozen=True, slots=True)
class TagAnnotation:
    annotation_id: AnnotationId
    code_id: CodeId

    def apply(self, project: Project, context: Context) -> Applied:
        name = _applicable(project.codes.codebook(), self.code_id)
        before = _snapshot(project, self.annotation_id)
        if any(coding.code_id == self.code_id for coding in before.codings):
            raise AccordError(f"The annotation already has the code {quoted(name)}.")
        project.annotations.update(dataclasses.replace(before.annotation, modified=context.now))
        project.annotations.add_codings(
            [Coding(self.annotation_id, self.code_id, context.reviewer_id, context.now)]
        )
        return Applied(
            RestoreAnnotation(before),
            _modified(self.annotation_id),
            f"Tag {quoted(name)}",
            coding_delta((), [self.code_id]),
        )


@dataclass(frozen=True, slots=True)
class UntagAnnotation:
    annotation_id: AnnotationId
    code_id: CodeId

    def apply(self, project: Project, context: Context) -> Applied:
        code = project.codes.codebook().get(self.code_id)
        name = code.name if code is not None else self.code_id
        before = _snapshot(project, self.annotation_id)
        if all(coding.code_id != self.code_id for coding in before.codings):
            raise AccordError(f"The annotation does not have the code {quoted(name)}.")
        project.annotations.update(dataclasses.replace(before.annotation, modified=context.now))
        project.annotations.remove_coding(self.annotation_id, self.code_id)
        return Applied(
            RestoreAnnotation(before),
            _modified(self.annotation_id),
            f"Untag {quoted(name)}",
            coding_delta([self.code_id], ()),
        )

"""Commands on the codebook: add, rename, recolour, describe, move, merge, delete, pin.

Each is checked by ``desktop.codebook.edits`` (which calls ``rules``) before anything is
written, and each has the same inverse: ``RestoreCodebook`` with the codebook, the pin keys and
the codings of every annotation the command touched, as they were before. A merge or a delete
is thereby undone completely: the code, its sub-codes, their places, colours and pins, and every
coding with its reviewer and time.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.app.commands import Applied, Context, quoted
from desktop.codebook import edits, rules
from desktop.codebook.model import Codebook
from desktop.core.changes import Change, Entity, changes
from desktop.core.model import AnnotationId, CodeId, Coding
from desktop.store import Project


def new_code_id() -> CodeId:
    return CodeId(str(uuid.uuid4()).upper())


@dataclass(frozen=True, slots=True)
class RestoreCodebook:
    """Make the codebook, the pins and these annotations' codings exactly as given."""

    codebook: Codebook
    pins: tuple[tuple[int, CodeId], ...]
    codings: tuple[tuple[AnnotationId, tuple[Coding, ...]], ...] = ()

    def apply(self, project: Project, context: Context) -> Applied:
        return _write(
            project, self.codebook, dict(self.pins), dict(self.codings), label="Restore codebook"
        )


def _capture(project: Project, annotation_ids: Iterable[AnnotationId]) -> RestoreCodebook:
    return RestoreCodebook(
        project.codes.codebook(),
        tuple(project.codes.pins().items()),
        tuple((a, project.annotations.codings(a)) for a in sorted(set(annotation_ids))),
    )


def _write(
    project: Project,
    book: Codebook,
    pins: dict[int, CodeId],
    codings: dict[AnnotationId, tuple[Coding, ...]],
    *,
    label: str,
) -> Applied:
    """Write the new state; return the old one as the inverse, with what changed.

    Codes are written first: removing one drops its codings (cascade), restoring one must
    precede codings that refer to it; then each listed annotation gets exactly its codings
    (one that another Accord deleted meanwhile stays deleted). A deleted or merged code loses
    its pin key."""
    inverse = _capture(project, codings)
    diff = project.codes.replace(book)
    for annotation_id, wanted in codings.items():
        if project.annotations.get(annotation_id) is not None:  # else deleted elsewhere
            project.annotations.set_codings(annotation_id, wanted)
    pinned = project.codes.set_pins({k: g for k, g in pins.items() if g in book})
    found: tuple[Change, ...] = (
        *changes(
            Entity.CODE,
            created=diff.created,
            deleted=diff.deleted,
            modified=(diff.modified | pinned) - diff.created - diff.deleted,
        ),
        *changes(Entity.ANNOTATION, modified=codings),
    )
    return Applied(inverse, found, label)


def _edit(project: Project, book: Codebook, label: str) -> Applied:
    return _write(project, book, project.codes.pins(), {}, label=label)


@dataclass(frozen=True, slots=True)
class AddCode:
    parent_id: CodeId
    name: str
    color: str | None = None
    description: str = ""
    position: int | None = None
    code_id: CodeId = field(default_factory=new_code_id)

    def apply(self, project: Project, context: Context) -> Applied:
        book, code = edits.add_code(
            project.codes.codebook(),
            parent_guid=self.parent_id,
            name=self.name,
            color=self.color,
            description=self.description,
            guid=self.code_id,
            position=self.position,
        )
        return _edit(project, book, f"Add code {quoted(code.name)}")


@dataclass(frozen=True, slots=True)
class RenameCode:
    code_id: CodeId
    name: str

    def apply(self, project: Project, context: Context) -> Applied:
        before = project.codes.codebook()
        book = edits.rename_code(before, self.code_id, self.name)
        return _edit(
            project,
            book,
            f"Rename {quoted(before[self.code_id].name)} to {quoted(book[self.code_id].name)}",
        )


@dataclass(frozen=True, slots=True)
class RecolorCode:
    code_id: CodeId
    color: str

    def apply(self, project: Project, context: Context) -> Applied:
        book = edits.recolor_code(project.codes.codebook(), self.code_id, self.color)
        return _edit(project, book, f"Recolour {quoted(book[self.code_id].name)}")


@dataclass(frozen=True, slots=True)
class DescribeCode:
    code_id: CodeId
    description: str

    def apply(self, project: Project, context: Context) -> Applied:
        book = edits.describe_code(project.codes.codebook(), self.code_id, self.description)
        return _edit(project, book, f"Describe {quoted(book[self.code_id].name)}")


@dataclass(frozen=True, slots=True)
class MoveCode:
    """Move a code (with its sub-codes) under another parent or to another place among its
    siblings; into the other facet only when ``across_facets`` confirms it."""

    code_id: CodeId
    parent_id: CodeId
    position: int | None = None
    across_facets: bool = False

    def apply(self, project: Project, context: Context) -> Applied:
        book = edits.move_code(
            project.codes.codebook(),
            self.code_id,
            parent_guid=self.parent_id,
            position=self.position,
            across_facets=self.across_facets,
        )
        return _edit(project, book, f"Move {quoted(book[self.code_id].name)}")


@dataclass(frozen=True, slots=True)
class MergeCodes:
    """``source`` disappears into ``target``: its annotations get ``target`` (keeping who
    coded them and when), its sub-codes move under ``target``."""

    source_id: CodeId
    target_id: CodeId

    def apply(self, project: Project, context: Context) -> Applied:
        before = project.codes.codebook()
        book = edits.merge_codes(before, self.source_id, self.target_id)
        retagged: dict[AnnotationId, tuple[Coding, ...]] = {}
        for coding in project.annotations.codings_with([self.source_id]):
            kept = [
                c
                for c in project.annotations.codings(coding.annotation_id)
                if c.code_id != self.source_id
            ]
            if all(c.code_id != self.target_id for c in kept):
                kept.append(
                    Coding(coding.annotation_id, self.target_id, coding.reviewer_id, coding.created)
                )
            retagged[coding.annotation_id] = tuple(kept)
        label = (
            f"Merge {quoted(before[self.source_id].name)} into "
            f"{quoted(before[self.target_id].name)}"
        )
        return _write(project, book, project.codes.pins(), retagged, label=label)


@dataclass(frozen=True, slots=True)
class DeleteCode:
    """Delete a code, its sub-codes and their codings (the annotations stay)."""

    code_id: CodeId

    def apply(self, project: Project, context: Context) -> Applied:
        before = project.codes.codebook()
        book, removed = edits.delete_code(before, self.code_id)
        gone = {c.guid for c in removed}
        touched = {c.annotation_id for c in project.annotations.codings_with(gone)}
        remaining = {
            a: tuple(c for c in project.annotations.codings(a) if c.code_id not in gone)
            for a in touched
        }
        return _write(
            project,
            book,
            project.codes.pins(),
            remaining,
            label=f"Delete code {quoted(before[self.code_id].name)}",
        )


@dataclass(frozen=True, slots=True)
class PinCode:
    """Give a code the key 1–9 that applies it (taking the key from any other code), or free
    the key with ``code_id=None``."""

    key: int
    code_id: CodeId | None

    def apply(self, project: Project, context: Context) -> Applied:
        book = project.codes.codebook()
        pins = project.codes.pins()
        if self.code_id is None:
            pins.pop(self.key, None)
            label = f"Unpin key {self.key}"
        else:
            rules.check_pin(book, self.key, self.code_id)
            pins = {k: g for k, g in pins.items() if g != self.code_id}
            pins[self.key] = self.code_id
            label = f"Pin {quoted(book[self.code_id].name)} to key {self.key}"
        return _write(project, book, pins, {}, label=label)

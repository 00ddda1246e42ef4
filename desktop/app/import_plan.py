"""Planning an import: each incoming annotation placed, coded and attributed, and sorted
against what the project already has (new, unchanged, or in conflict with ours).

Nothing here writes but ``take_theirs``, which ``desktop.app.importing`` calls inside the
import's one transaction.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from desktop.app.annotating import clean_note
from desktop.app.code_merge import FOREIGN_IDS, CodeMerge, code_for_colour, foreign_guid
from desktop.app.import_documents import Matched
from desktop.app.import_report import ImportReport
from desktop.app.placing import Unplaced, describe_item, place
from desktop.codebook.model import GUID_PATTERN
from desktop.core.model import (
    Anchor,
    Annotation,
    AnnotationId,
    CodeId,
    Coding,
    DocumentId,
    format_time,
    utc_now,
)
from desktop.core.record import listed_fields
from desktop.formats.incoming import IncomingAnnotation
from desktop.store import Project

_LISTED = {field.name: field for field in listed_fields(Annotation)}


@dataclass(slots=True)
class Planned:
    """An annotation ready to write but for its reviewer's id, known once the names are added
    in the transaction; written as rows straight from these fields. (Not frozen: one is made
    per annotation, and a frozen dataclass costs five times as much to make.)"""

    id: AnnotationId
    document_id: DocumentId
    anchor: Anchor
    note: str
    reviewer: str
    created: datetime
    modified: datetime
    code_ids: tuple[CodeId, ...]
    listed: dict[str, Any]
    """Fields the annotation declares ``listed`` that the file gives, checked, by name."""


class Planner:
    """Places, codes and attributes incoming annotations one at a time, reporting those that
    find no place (``matched`` and ``codes`` are what the import knows by then)."""

    def __init__(
        self, matched: Matched, codes: CodeMerge, report: ImportReport, *, reviewer_name: str
    ) -> None:
        self._matched = matched
        self._codes = codes
        self._report = report
        self._reviewer_name = reviewer_name
        self._by_colour: dict[str, CodeId | None] = {}
        self._unknown_codes: set[str] = set()
        self._reviewers: dict[str | None, str] = {}
        """As the file writes them → as recorded (few)."""
        self._now = utc_now()

    def plan(self, item: IncomingAnnotation) -> Planned | None:
        """The annotation ready to write, or None when it is an orphan (reported)."""
        matched, codes, report = self._matched, self._codes, self._report
        target = matched.targets.get(item.document_key)
        if target is None:
            reason = matched.missing.get(item.document_key, "the file names no document for it")
            report.orphans.append(f"{describe_item(item)}: {reason}.")
            return None
        anchor = place(
            target.placer, item, source_text=target.source_text, same_text=target.same_text
        )
        if isinstance(anchor, Unplaced):
            report.orphans.append(f"{describe_item(item)} in “{target.title}”: {anchor.reason}")
            return None
        code_ids: list[CodeId] = []
        by_guid = codes.by_guid
        for guid in item.code_guids:
            if (code := by_guid.get(guid)) is not None:
                code_ids.append(code)
            else:
                self._unknown_codes.add(guid)
        code_ids += [codes.by_path[p] for p in item.code_paths if p in codes.by_path]
        if not item.code_guids and not item.code_paths and item.colour:
            if item.colour not in self._by_colour:
                found = code_for_colour(codes.codebook, item.colour)
                self._by_colour[item.colour] = None if found is None else CodeId(found.guid)
            chosen = self._by_colour[item.colour]
            if chosen is None:
                report.uncoded.append(
                    f"{describe_item(item)} in “{target.title}”, highlighted "
                    f"{item.colour}: no code has that colour or one near it."
                )
            else:
                code_ids.append(chosen)
        reviewer = self._reviewers.get(item.reviewer)
        if reviewer is None:
            reviewer = self._reviewers[item.reviewer] = (
                " ".join((item.reviewer or "").split()) or self._reviewer_name
            )
        created = item.created or self._now
        note = clean_note(item.note) if item.note else ""
        return Planned(
            _annotation_id(item, target.document_id, anchor, note, reviewer),
            target.document_id,
            anchor,
            note,
            reviewer,
            created,
            item.modified or created,
            tuple(code_ids) if len(code_ids) < 2 else tuple(dict.fromkeys(code_ids)),
            self._listed(item) if item.listed else {},
        )

    def _listed(self, item: IncomingAnnotation) -> dict[str, Any]:
        """The ``listed`` fields the file gives the annotation, each made its declared type;
        one that is not (an unknown name, a value outside an enum) is reported and left at
        its default."""
        found: dict[str, Any] = {}
        for name, text in (item.listed or {}).items():
            declared = _LISTED.get(name)
            try:
                if declared is None:
                    raise ValueError
                found[name] = declared.kind(text)
            except (TypeError, ValueError):
                what = name if declared is None else (declared.title or name).lower()
                self._report.dropped.append(
                    f"{describe_item(item)}: its {what} “{text}” is not one Accord knows; "
                    "it was left out."
                )
        return found

    def finish(self) -> None:
        """Report the codes annotations used that the file does not define."""
        if self._unknown_codes:
            self._report.dropped.append(
                f"{len(self._unknown_codes)} code id(s) used by annotations are not defined in "
                "the file; those codings were not imported."
            )


def file_id(item: IncomingAnnotation) -> AnnotationId | None:
    """The id the file gives the annotation, as Accord keeps it (None: it gives none)."""
    if not item.id:
        return None
    return AnnotationId(item.id if GUID_PATTERN.fullmatch(item.id) else foreign_guid(item.id))


def _annotation_id(
    item: IncomingAnnotation, document: DocumentId, anchor: Anchor, note: str, reviewer: str
) -> AnnotationId:
    """The file's id (as a GUID), or one derived from what the annotation is, so the same
    file imported again merges instead of duplicating."""
    if (given := file_id(item)) is not None:
        return given
    when = format_time(item.created) if item.created is not None else ""
    what = "\0".join((document, str(anchor.start), str(anchor.end), note, reviewer, when))
    return AnnotationId(str(uuid.uuid5(FOREIGN_IDS, what)).upper())


class Sorter:
    """Sorts planned annotations against what the project has: new, unchanged (counted), or
    in conflict with ours (listed; taken from the file under ``theirs``)."""

    def __init__(self, project: Project, report: ImportReport) -> None:
        self._project = project
        self._report = report
        self.known = set(project.annotations.ids())
        """The ids of the annotations the project had."""
        self._seen: set[str] = set()

    def sort(self, item: Planned) -> Literal["new", "theirs"] | None:
        """``new``, ``theirs`` for a conflict to take from the file, else None."""
        report = self._report
        if item.id in self._seen:
            report.dropped.append(
                f"A second annotation with the id {item.id[:8]} "
                f"({_describe_quote(item.anchor)}) was left out."
            )
            return None
        self._seen.add(item.id)
        if item.id not in self.known:
            return "new"
        ours = self._project.annotations.snapshot(item.id)
        assert ours is not None
        differences = _differences(ours.annotation, {c.code_id for c in ours.codings}, item)
        if not differences:
            report.annotations_unchanged += 1
            return None
        taken = report.on_conflict == "theirs" and ours.annotation.document_id == item.document_id
        outcome = "took the file's" if taken else "kept ours"
        report.annotation_conflicts.append(
            f"{item.id[:8]} {_describe_quote(ours.annotation.anchor)}: the file has "
            f"{', '.join(differences)}; {outcome}."
        )
        return "theirs" if taken else None


def _describe_quote(anchor: Anchor) -> str:
    return describe_item(IncomingAnnotation("", anchor.exact))


def _differences(ours: Annotation, our_codes: set[CodeId], theirs: Planned) -> list[str]:
    found: list[str] = []
    if ours.document_id != theirs.document_id:
        found.append("it in another document")
    elif _trimmed(ours.anchor) != _trimmed(theirs.anchor):
        a = theirs.anchor
        found.append(
            f"the span {a.start}–{a.end} ({_describe_quote(a)}; ours "
            f"{ours.anchor.start}–{ours.anchor.end})"
        )
    if ours.note != theirs.note:
        found.append("another note")
    if our_codes != set(theirs.code_ids):
        found.append("other codes")
    found += [
        f"another {(_LISTED[name].title or name).lower()}"
        for name, value in theirs.listed.items()
        if getattr(ours, name) != value
    ]
    return found


def _trimmed(anchor: Anchor) -> tuple[int, int]:
    """The span without the spaces and line breaks at its ends: a highlight drawn on a page
    (a PDF's) cannot hold the undrawn spaces around words, so they are no difference."""
    exact = anchor.exact
    start = anchor.start + len(exact) - len(exact.lstrip())
    return start, max(start, anchor.end - (len(exact) - len(exact.rstrip())))


def take_theirs(project: Project, theirs: Planned) -> None:
    """Make a conflicting annotation the file's: its span, note, codes (codings we had keep
    who applied them and when) and the ``listed`` fields it gives; its author and creation
    stay."""
    ours = project.annotations.snapshot(theirs.id)
    assert ours is not None
    project.annotations.update(
        dataclasses.replace(
            ours.annotation,
            anchor=theirs.anchor,
            note=theirs.note,
            modified=theirs.modified,
            **theirs.listed,
        )
    )
    kept = {c.code_id: c for c in ours.codings}
    project.annotations.set_codings(
        theirs.id,
        [
            kept.get(code) or Coding(theirs.id, code, ours.annotation.reviewer_id, theirs.modified)
            for code in theirs.code_ids
        ],
    )


def reading_order(item: Planned) -> tuple[str, int, int, str]:
    """The key of the annotations' reading-order index (document, start, end, id)."""
    return item.document_id, item.anchor.start, item.anchor.end, item.id

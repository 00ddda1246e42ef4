"""Curating: the lead settles curation units (``desktop.core.curation``) into the team's
annotations, each naming the reviewers' annotations it came from.

A settlement adopts one reviewer's version (a team annotation per highlight of theirs in the
unit, with its span, codes and note), merges codes (one team annotation: the span of the
highlight the lead picks, with the codes the lead keeps, by default every code given), or
rejects the unit (nothing kept, and the unit still counts as settled). The reviewers'
annotations are never changed: the team's result lives beside them, so the curation can be
undone, redone, or looked at again later.

``Curate`` settles any number of units in one transaction and one undo entry: one unit from
the view, or every unit on which all reviewers agree (``pre_merge``). Its inverse is
``Uncurate``, whose inverse ``RestoreCurations`` puts back the same rows (ids, times).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.app.commands import Applied, Context
from desktop.core.changes import Entity, changes, coding_delta
from desktop.core.curation import (
    Curation,
    CurationId,
    Outcome,
    Unit,
    UnitState,
    group_units,
    new_curation_id,
)
from desktop.core.errors import AccordError
from desktop.core.model import (
    Annotation,
    AnnotationId,
    CodeId,
    Coding,
    DocumentId,
    ReviewerId,
    new_annotation_id,
)
from desktop.store import AnnotationSnapshot, Project, StaleError


@dataclass(frozen=True, slots=True)
class Kept:
    """A team annotation to make: the span and note of ``like``, with ``code_ids``."""

    annotation_id: AnnotationId
    like: AnnotationId
    code_ids: tuple[CodeId, ...]


@dataclass(frozen=True, slots=True)
class Settlement:
    """How the lead settles one unit, before the command records who and when."""

    curation_id: CurationId
    outcome: Outcome
    source_ids: tuple[AnnotationId, ...]
    kept: tuple[Kept, ...]


def units_of(project: Project, document_id: DocumentId) -> list[Unit]:
    """The document's curation units in reading order, with their states as they stand."""
    return group_units(
        project.curations.versions(document_id), curated=project.curations.settled(document_id)
    )


def adopt(unit: Unit, reviewer_id: ReviewerId) -> Settlement:
    """Keep the reviewer's version of the unit as it is."""
    versions = unit.of(reviewer_id)
    if not versions:
        raise AccordError("That reviewer highlighted nothing here; choose a version to adopt.")
    kept = tuple(
        Kept(new_annotation_id(), v.annotation_id, tuple(sorted(v.code_ids))) for v in versions
    )
    return Settlement(new_curation_id(), Outcome.ADOPTED, _sources(unit), kept)


def merge(
    unit: Unit, span_of: AnnotationId | None = None, code_ids: Iterable[CodeId] | None = None
) -> Settlement:
    """One team annotation with the span of the highlight ``span_of`` (by default the span
    most reviewers chose, the first in reading order on a tie) and ``code_ids`` (by default
    every code any reviewer gave the unit)."""
    if span_of is None:
        spans = Counter((v.start, v.end) for v in unit.versions)
        span_of = max(unit.versions, key=lambda v: spans[v.start, v.end]).annotation_id
    if span_of not in _sources(unit):
        raise AccordError("The span to keep must be one of the unit's highlights.")
    codes = tuple(sorted(unit.code_ids if code_ids is None else set(code_ids)))
    kept = (Kept(new_annotation_id(), span_of, codes),)
    return Settlement(new_curation_id(), Outcome.MERGED, _sources(unit), kept)


def reject(unit: Unit) -> Settlement:
    """Nothing of the unit is kept, and the unit counts as settled."""
    return Settlement(new_curation_id(), Outcome.REJECTED, _sources(unit), ())


def pre_merge(document_id: DocumentId, units: Iterable[Unit]) -> Curate | None:
    """Adopt every unit on which all reviewers agree, in one step (None: there is none)."""
    agreed = [u for u in units if u.state is UnitState.AGREE]
    if not agreed:
        return None
    settlements = tuple(adopt(unit, unit.versions[0].reviewer_id) for unit in agreed)
    plural = "s" if len(agreed) != 1 else ""
    return Curate(document_id, settlements, f"Pre-merge {len(agreed)} agreed unit{plural}")


def _sources(unit: Unit) -> tuple[AnnotationId, ...]:
    return tuple(v.annotation_id for v in unit.versions)


@dataclass(frozen=True, slots=True)
class Curate:
    """Settle units of one document: make their team annotations and record where each came
    from. Refused whole if any source is gone or already settled (another window, an undo)."""

    document_id: DocumentId
    settlements: tuple[Settlement, ...]
    label: str

    def apply(self, project: Project, context: Context) -> Applied:
        settled = project.curations.settled(self.document_id)
        made: list[AnnotationId] = []
        codes: list[CodeId] = []
        for settlement in self.settlements:
            if any(source in settled for source in settlement.source_ids):
                raise StaleError("That place was settled already (in this window or another).")
            for source in settlement.source_ids:
                project.annotations.require(source)
            for kept in settlement.kept:
                self._make(project, context, kept)
                made.append(kept.annotation_id)
                codes.extend(kept.code_ids)
            project.curations.insert(
                Curation(
                    settlement.curation_id,
                    self.document_id,
                    settlement.outcome,
                    settlement.source_ids,
                    tuple(kept.annotation_id for kept in settlement.kept),
                    context.reviewer_id,
                    context.now,
                )
            )
        ids = tuple(s.curation_id for s in self.settlements)
        return Applied(
            Uncurate(ids),
            changes(Entity.ANNOTATION, created=made) + changes(Entity.CURATION, created=ids),
            self.label,
            coding_delta((), codes),
        )

    def _make(self, project: Project, context: Context, kept: Kept) -> None:
        like = project.annotations.require(kept.like)
        if like.document_id != self.document_id:
            raise AccordError("A unit's highlights are all of one document.")
        project.annotations.insert(
            Annotation(
                kept.annotation_id,
                self.document_id,
                like.anchor,
                like.note,
                context.reviewer_id,
                context.now,
                context.now,
            ),
            (
                Coding(kept.annotation_id, c, context.reviewer_id, context.now)
                for c in kept.code_ids
            ),
        )


@dataclass(frozen=True, slots=True)
class Uncurate:
    """Take settlements back: their records and the team annotations they made."""

    curation_ids: tuple[CurationId, ...]

    def apply(self, project: Project, context: Context) -> Applied:
        restored: list[tuple[Curation, tuple[AnnotationSnapshot, ...]]] = []
        for curation_id in self.curation_ids:
            curation = project.curations.get(curation_id)
            if curation is None:
                raise StaleError("That settlement was taken back already (in another window).")
            snapshots = tuple(
                snapshot
                for result in curation.result_ids
                if (snapshot := project.annotations.snapshot(result)) is not None
            )
            for snapshot in snapshots:
                project.annotations.delete(snapshot.annotation.id)
            project.curations.delete(curation_id)
            restored.append((curation, snapshots))
        gone = [s for _, snapshots in restored for s in snapshots]
        return Applied(
            RestoreCurations(tuple(restored)),
            changes(Entity.ANNOTATION, deleted=[s.annotation.id for s in gone])
            + changes(Entity.CURATION, deleted=self.curation_ids),
            "Take back curation",
            coding_delta([c.code_id for s in gone for c in s.codings], ()),
        )


@dataclass(frozen=True, slots=True)
class RestoreCurations:
    """Put settlements back exactly as they were, with their team annotations."""

    restored: tuple[tuple[Curation, tuple[AnnotationSnapshot, ...]], ...]

    def apply(self, project: Project, context: Context) -> Applied:
        for curation, snapshots in self.restored:
            if project.curations.get(curation.id) is not None:
                raise StaleError("That settlement is there already (restored in another window).")
            for snapshot in snapshots:
                project.annotations.restore(snapshot)
            project.curations.insert(curation)
        back = [s for _, snapshots in self.restored for s in snapshots]
        ids = tuple(curation.id for curation, _ in self.restored)
        return Applied(
            Uncurate(ids),
            changes(Entity.ANNOTATION, created=[s.annotation.id for s in back])
            + changes(Entity.CURATION, created=ids),
            "Restore curation",
            coding_delta((), [c.code_id for s in back for c in s.codings]),
        )

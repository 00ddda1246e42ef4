"""Curation units: where reviewers highlighted overlapping text, grouped so a lead can settle
each place once, and how far the reviewers agree there.

A unit is a run of a document's text in which the reviewers' highlights overlap one another
(a connected group: A overlaps B and B overlaps C puts all three in one unit, even where A and
C do not meet). INCEpTION groups by exact position, so a span one character longer than a
colleague's lands in a unit of its own and never shows as a disagreement; here it is the same
place, marked ``partly``.

The states, most contested first (``UnitState`` is declared in that order, and the agenda
sorts by it):

- ``disagree``: every reviewer highlighted here, but no code is common to all of them;
- ``partly``: every reviewer highlighted here and some code is common to all of them (or
  all gave the same codes, none included), but their highlights differ: in span, or in the
  rest of their codes;
- ``incomplete`` ("not everyone coded it"): some reviewer of the document has no highlight in
  the unit;
- ``agree``: every reviewer made the same highlights, each span with the same codes;
- ``curated``: the lead settled it (a curation names one of its highlights), whatever the
  reviewers did.

A reviewer counts when they highlighted anything in the document: someone who never opened it
does not make every unit ``incomplete``. The curated results themselves (team annotations) are
not reviewers' versions: the caller leaves them out and passes which sources are curated.

Only the standard library: the store reads the versions, the view shows the units.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple, NewType

from desktop.core.model import AnnotationId, CodeId, DocumentId, ReviewerId

CurationId = NewType("CurationId", str)
"""An upper-case uuid4, like an annotation's."""


def new_curation_id() -> CurationId:
    return CurationId(str(uuid.uuid4()).upper())


class Outcome(StrEnum):
    """What the lead kept of a unit."""

    ADOPTED = "adopted"
    """One reviewer's version, as it was: its span, codes and note."""
    MERGED = "merged"
    """A span the lead chose with the codes of several versions."""
    REJECTED = "rejected"
    """Nothing: the team decided the place holds nothing to code (INCEpTION cannot say so:
    there, a unit with nothing curated is simply not curated yet)."""


@dataclass(frozen=True, slots=True)
class Curation:
    """The lead's settlement of a unit: the team annotations it made (none when rejected; one
    per highlight of an adopted version) and the reviewers' annotations it came from, which
    stay as they were."""

    id: CurationId
    document_id: DocumentId
    outcome: Outcome
    source_ids: tuple[AnnotationId, ...]
    result_ids: tuple[AnnotationId, ...]
    reviewer_id: ReviewerId
    created: datetime

    def __post_init__(self) -> None:
        if (not self.result_ids) != (self.outcome is Outcome.REJECTED):
            raise ValueError("a curation keeps a team annotation unless it rejects the unit")
        if not self.source_ids:
            raise ValueError("a curation names the annotations it came from")


class UnitState(StrEnum):
    """Declared most contested first: the agenda's order."""

    DISAGREE = "disagree"
    PARTLY = "partly"
    INCOMPLETE = "incomplete"
    AGREE = "agree"
    CURATED = "curated"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def shown(self) -> str:
        """What the view calls the state."""
        return _TITLES[self]


_RANKS = {state: number for number, state in enumerate(UnitState)}
_TITLES = {
    UnitState.DISAGREE: "Disagree",
    UnitState.PARTLY: "Partly agree",
    UnitState.INCOMPLETE: "Not everyone coded it",
    UnitState.AGREE: "All agree",
    UnitState.CURATED: "Curated",
}


class Version(NamedTuple):
    """One reviewer's highlight in a unit: its span (code points, end exclusive) and codes.

    A named tuple rather than a frozen dataclass: the view of a document reads 100,000 of
    them at once, and a tuple is made in a third of the time."""

    annotation_id: AnnotationId
    reviewer_id: ReviewerId
    start: int
    end: int
    code_ids: frozenset[CodeId] = frozenset()


@dataclass(frozen=True, slots=True)
class Unit:
    """A place of the document and every reviewer's highlights in it, in reading order."""

    start: int
    end: int
    versions: tuple[Version, ...]
    state: UnitState
    reviewers: tuple[ReviewerId, ...]
    """The document's reviewers (those who highlighted anything in it), in id order: the
    columns the view shows side by side, a reviewer without a version here included."""
    curation_id: CurationId | None = None
    """The curation that settled it, when ``state`` is ``curated``."""

    @property
    def key(self) -> AnnotationId:
        """Names the unit across regroupings: its first highlight in reading order."""
        return self.versions[0].annotation_id

    def of(self, reviewer_id: ReviewerId) -> tuple[Version, ...]:
        """The reviewer's highlights in this unit (none when they did not highlight here)."""
        return tuple(v for v in self.versions if v.reviewer_id == reviewer_id)

    @property
    def code_ids(self) -> frozenset[CodeId]:
        """Every code any reviewer gave here: what "merge codes" keeps."""
        return frozenset().union(*(v.code_ids for v in self.versions))


def _state(versions: tuple[Version, ...], reviewers: Collection[ReviewerId]) -> UnitState:
    if len(versions) < len(reviewers):  # most "not everyone" units, at no cost
        return UnitState.INCOMPLETE
    marks: dict[ReviewerId, set[tuple[int, int, frozenset[CodeId]]]] = {}
    codes: dict[ReviewerId, set[CodeId]] = {}
    for _id, reviewer, start, end, code_ids in versions:
        if reviewer in marks:
            marks[reviewer].add((start, end, code_ids))
            codes[reviewer] |= code_ids
        else:
            marks[reviewer] = {(start, end, code_ids)}
            codes[reviewer] = set(code_ids)
    if len(marks) < len(reviewers):
        return UnitState.INCOMPLETE
    first_marks, *other_marks = marks.values()
    if all(m == first_marks for m in other_marks):
        return UnitState.AGREE
    first_codes, *other_codes = codes.values()
    if all(c == first_codes for c in other_codes) or first_codes.intersection(*other_codes):
        return UnitState.PARTLY
    return UnitState.DISAGREE


_READING_ORDER = itemgetter(2, 3, 0)
"""A version's start, end and id."""


def group_units(
    versions: Iterable[Version], *, curated: Mapping[AnnotationId, CurationId] | None = None
) -> list[Unit]:
    """The document's units in reading order. ``versions`` are every reviewer's highlights of
    one document (not the curated results); ``curated`` maps each highlight a curation used as
    a source to that curation's id."""
    curated = curated or {}
    ordered = sorted(versions, key=_READING_ORDER)
    reviewers = tuple(sorted({v.reviewer_id for v in ordered}))
    units: list[Unit] = []
    first = 0
    run_end = -1
    for number, version in enumerate(ordered):
        if version.start >= run_end and number:
            units.append(_unit(tuple(ordered[first:number]), run_end, reviewers, curated))
            first = number
            run_end = version.end
        elif version.end > run_end:
            run_end = version.end
    if ordered:
        units.append(_unit(tuple(ordered[first:]), run_end, reviewers, curated))
    return units


def _unit(
    versions: tuple[Version, ...],
    end: int,
    reviewers: tuple[ReviewerId, ...],
    curated: Mapping[AnnotationId, CurationId],
) -> Unit:
    curation_id = _settled_by(versions, curated) if curated else None
    state = UnitState.CURATED if curation_id is not None else _state(versions, reviewers)
    return Unit(versions[0].start, end, versions, state, reviewers, curation_id)


def restated(unit: Unit, curated: Mapping[AnnotationId, CurationId]) -> Unit:
    """The unit with its state for a new ``curated``: what a settlement or its undo changes,
    worked out without reading or grouping the versions again (the same unit when nothing
    changed)."""
    curation_id = _settled_by(unit.versions, curated)
    if curation_id == unit.curation_id:
        return unit
    state = UnitState.CURATED if curation_id is not None else _state(unit.versions, unit.reviewers)
    return dataclasses.replace(unit, state=state, curation_id=curation_id)


def _settled_by(
    versions: Iterable[Version], curated: Mapping[AnnotationId, CurationId]
) -> CurationId | None:
    return next((curated[v.annotation_id] for v in versions if v.annotation_id in curated), None)


def agenda(units: Iterable[Unit]) -> list[Unit]:
    """The units most contested first (by state, then the more distinct versions the more
    contested), in reading order within that: what a meeting works through."""
    return sorted(units, key=agenda_key)


def agenda_key(unit: Unit) -> tuple[int, int, int]:
    """A unit's place in the agenda; no two units of a document share one (they start at
    different places)."""
    return (
        unit.state.rank,
        -len({(v.start, v.end, v.code_ids) for v in unit.versions}),
        unit.start,
    )

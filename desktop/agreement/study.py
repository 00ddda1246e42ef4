"""A whole study at once: every figure the panel, the command line and the reports show.

One row per scope: all the studied codes together, each facet, each code. On clause units a
row has percent agreement, a kappa (Cohen's for two reviewers, Fleiss' for more) and alpha
(nominal on a facet whose clauses each got one code, MASI where some got several, binary per
code); on free spans, alpha_U. Each row keeps the reliability data it was computed from, so
anyone can recompute it with another tool, and the study lists the places the reviewers
disagree.

Computing reports progress and can be cancelled between rows, so a window stays responsive.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop.agreement import distances
from desktop.agreement.coding import (
    Unit,
    alpha,
    cohen_kappa_of,
    fleiss_kappa_of,
    percent_agreement,
)
from desktop.agreement.designs import ClauseUnit, StudyDocument, clause_units, continuum
from desktop.agreement.figures import Figure
from desktop.agreement.unitizing import Continuum, Span, alpha_u
from desktop.core.curation import UnitState, group_units
from desktop.core.errors import AccordError
from desktop.core.model import CodeId, DocumentId, ReviewerId


class Design(StrEnum):
    CLAUSE = "clause"
    SPAN = "span"


class Scope(StrEnum):
    OVERALL = "overall"
    FACET = "facet"
    CODE = "code"


class Cancelled(AccordError):
    """The person asked for other figures before these were done."""


@dataclass(frozen=True, slots=True)
class Row:
    scope: Scope
    facet: str
    code: CodeId | None
    figures: tuple[Figure, ...]
    values: tuple[tuple[int, Mapping[ReviewerId, Hashable]], ...] = ()
    """Clause units: (index into ``Study.clauses``, each reviewer's value) behind the figures."""
    spans: tuple[Span, ...] = ()
    """Free spans: the units on the continuum behind the figure (reviewer ids as text)."""


@dataclass(frozen=True, slots=True)
class Disagreement:
    document: DocumentId
    start: int
    end: int
    codes: Mapping[ReviewerId, frozenset[CodeId]]
    """What each reviewer of the document coded there (an empty set: nothing)."""


@dataclass(frozen=True, slots=True)
class Study:
    design: Design
    reviewers: tuple[ReviewerId, ...]
    documents: tuple[DocumentId, ...]
    rows: tuple[Row, ...]
    disagreements: tuple[Disagreement, ...]
    clauses: tuple[ClauseUnit, ...] = ()
    continuum_bases: Mapping[DocumentId, int] | None = None
    """Free spans: where each document begins on the continuum."""


Progress = Callable[[int, int], None]


def compute(
    documents: Sequence[StudyDocument],
    reviewers: Sequence[ReviewerId],
    *,
    design: Design,
    facets: Mapping[CodeId, str],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Study:
    """Every figure of the study. ``facets`` names each studied code's facet (a code not in it
    is not studied); ``progress(done, total)`` is called after each row, and ``cancelled``
    is asked before each (raising ``Cancelled`` when it says so)."""
    if len(set(reviewers)) < 2:
        raise AccordError("Agreement needs two reviewers or more; choose another reviewer.")
    studied = [
        StudyDocument(
            d.id,
            d.title,
            d.text,
            tuple(v._replace(code_ids=v.code_ids.intersection(facets)) for v in d.versions),
        )
        for d in documents
    ]
    steps = _Steps(progress, cancelled)
    if design is Design.CLAUSE:
        return _clause_study(studied, reviewers, facets, steps)
    return _span_study(studied, reviewers, facets, steps)


class _Steps:
    def __init__(self, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self.total = 0
        self._done = 0

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled("The agreement figures were cancelled.")

    def done(self) -> None:
        self._done += 1
        if self._progress is not None:
            self._progress(self._done, self.total)


def _ordered_facets(
    facets: Mapping[CodeId, str],
    documents: Sequence[StudyDocument],
    reviewers: Sequence[ReviewerId],
) -> dict[str, list[CodeId]]:
    """Each facet's codes that one of the reviewers applied: a code nobody used would only
    add a row of agreement that nobody made."""
    chosen = set(reviewers)
    used = {c for d in documents for v in d.versions if v.reviewer_id in chosen for c in v.code_ids}
    grouped: dict[str, list[CodeId]] = {facet: [] for facet in facets.values()}
    for code, facet in facets.items():
        if code in used:
            grouped[facet].append(code)
    return grouped


def _clause_study(
    documents: Sequence[StudyDocument],
    reviewers: Sequence[ReviewerId],
    facets: Mapping[CodeId, str],
    steps: _Steps,
) -> Study:
    units = tuple(clause_units(documents, reviewers))
    grouped = _ordered_facets(facets, documents, reviewers)
    steps.total = 1 + len(grouped) + sum(len(codes) for codes in grouped.values())
    rows: list[Row] = []
    steps.check()
    rows.append(_clause_row(Scope.OVERALL, "", None, units, set(facets), reviewers))
    steps.done()
    for facet, codes in grouped.items():
        steps.check()
        facet_row = _clause_row(
            Scope.FACET, facet, None, units, {c for c, f in facets.items() if f == facet}, reviewers
        )
        rows.append(facet_row)
        steps.done()
        for code in codes:
            steps.check()
            binary = tuple(
                (index, {r: int(code in value) for r, value in units[index].codes.items()})
                for index, _ in facet_row.values
            )
            rows.append(_row(Scope.CODE, facet, code, binary, reviewers, distances.BINARY))
            steps.done()
    disagreements = tuple(
        Disagreement(unit.document, unit.start, unit.end, unit.codes)
        for unit in units
        if unit.differs()
    )
    return Study(
        Design.CLAUSE,
        tuple(reviewers),
        tuple(d.id for d in documents),
        tuple(rows),
        disagreements,
        clauses=units,
    )


def _clause_row(
    scope: Scope,
    facet: str,
    code: CodeId | None,
    units: Sequence[ClauseUnit],
    codes: Collection[CodeId],
    reviewers: Sequence[ReviewerId],
) -> Row:
    """The row of a set of codes: each reviewer's codes among them, on the clauses someone
    coded with one of them."""
    wanted = frozenset(codes)
    values: list[tuple[int, Mapping[ReviewerId, Hashable]]] = []
    several = False
    for index, unit in enumerate(units):
        narrowed = {r: value & wanted for r, value in unit.codes.items()}
        if any(narrowed.values()):
            values.append((index, narrowed))
            several = several or any(len(value) > 1 for value in narrowed.values())
    metric = distances.MASI if several else distances.NOMINAL
    return _row(scope, facet, code, tuple(values), reviewers, metric)


def _row(
    scope: Scope,
    facet: str,
    code: CodeId | None,
    values: tuple[tuple[int, Mapping[ReviewerId, Hashable]], ...],
    reviewers: Sequence[ReviewerId],
    metric: distances.Metric,
) -> Row:
    data: list[Unit] = [{str(r): value for r, value in unit.items()} for _, unit in values]
    names = [str(r) for r in reviewers]
    kappa = (
        cohen_kappa_of(data, names[0], names[1], metric=metric.name)
        if len(names) == 2
        else fleiss_kappa_of(data, names, metric=metric.name)
    )
    figures = (
        percent_agreement(data, reviewers=len(names), metric=metric.name),
        kappa,
        alpha(data, reviewers=len(names), metric=metric),
    )
    return Row(scope, facet, code, figures, values=values)


def _span_study(
    documents: Sequence[StudyDocument],
    reviewers: Sequence[ReviewerId],
    facets: Mapping[CodeId, str],
    steps: _Steps,
) -> Study:
    whole, bases = continuum(documents, reviewers)
    grouped = _ordered_facets(facets, documents, reviewers)
    steps.total = 1 + len(grouped) + sum(len(codes) for codes in grouped.values())
    rows: list[Row] = []
    steps.check()
    rows.append(Row(Scope.OVERALL, "", None, (alpha_u(whole),), spans=whole.spans))
    steps.done()
    for facet, codes in grouped.items():
        steps.check()
        part = _narrowed(whole, {c for c, f in facets.items() if f == facet})
        rows.append(Row(Scope.FACET, facet, None, (alpha_u(part),), spans=part.spans))
        steps.done()
        for code in codes:
            steps.check()
            own = _narrowed(part, {code})
            rows.append(Row(Scope.CODE, facet, code, (alpha_u(own, code),), spans=own.spans))
            steps.done()
    return Study(
        Design.SPAN,
        tuple(reviewers),
        tuple(d.id for d in documents),
        tuple(rows),
        tuple(_span_disagreements(documents, reviewers)),
        continuum_bases=bases,
    )


def _narrowed(whole: Continuum, categories: Collection[Hashable]) -> Continuum:
    spans = tuple(span for span in whole.spans if span.category in categories)
    return Continuum(whole.begin, whole.length, whole.reviewers, spans)


def _span_disagreements(
    documents: Sequence[StudyDocument], reviewers: Sequence[ReviewerId]
) -> list[Disagreement]:
    """The curation units (overlapping highlights, across reviewers) that the reviewers did
    not mark alike: the same places the curation view lists."""
    chosen = set(reviewers)
    found: list[Disagreement] = []
    for document in documents:
        versions = [v for v in document.versions if v.reviewer_id in chosen]
        for unit in group_units(versions):
            if unit.state is UnitState.AGREE:
                continue
            codes: dict[ReviewerId, frozenset[CodeId]] = {r: frozenset() for r in unit.reviewers}
            for version in unit.versions:
                codes[version.reviewer_id] |= version.code_ids
            found.append(Disagreement(document.id, unit.start, unit.end, codes))
    return found

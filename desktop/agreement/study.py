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

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from desktop.agreement import distances
from desktop.agreement.coding import (
    Tally,
    alpha_of,
    cohen_kappa,
    fleiss_complete,
    percent_of,
)
from desktop.agreement.designs import ClauseUnit, StudyDocument, clause_units, continuum
from desktop.agreement.figures import Figure
from desktop.agreement.unitizing import Disagreements, Span, combined, disagreements
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
    """Clause units: (index into ``Study.clauses``, each reviewer's codes) behind the figures;
    a code's row has its facet's, each reviewer's value being whether ``code`` is among them."""
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
    allowed = frozenset(facets)
    studied = [
        StudyDocument(
            d.id,
            d.title,
            d.text,
            tuple(
                v if v.code_ids <= allowed else v._replace(code_ids=v.code_ids & allowed)
                for v in d.versions
            ),
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
    rows.append(_set_row(Scope.OVERALL, "", units, set(facets), reviewers))
    steps.done()
    for facet, codes in grouped.items():
        steps.check()
        facet_row = _set_row(
            Scope.FACET, facet, units, {c for c, f in facets.items() if f == facet}, reviewers
        )
        rows.append(facet_row)
        steps.done()
        binary = _BinaryTallies(facet_row.values, reviewers)
        for code in codes:
            steps.check()
            rows.append(binary.row(facet, code))
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


def _set_row(
    scope: Scope,
    facet: str,
    units: Sequence[ClauseUnit],
    codes: Collection[CodeId],
    reviewers: Sequence[ReviewerId],
) -> Row:
    """The row of a set of codes: each reviewer's codes among them, on the clauses someone
    coded with one of them; nominal while every such set has one code, else MASI."""
    wanted = frozenset(codes)
    values: list[tuple[int, Mapping[ReviewerId, Hashable]]] = []
    several = False
    narrowing: dict[frozenset[CodeId], frozenset[CodeId]] = {}  # few distinct sets: each once
    for index, unit in enumerate(units):
        narrowed = {}
        for r, value in unit.codes.items():
            kept = narrowing.get(value)
            if kept is None:
                kept = narrowing[value] = value & wanted
            narrowed[r] = kept
        if any(narrowed.values()):
            values.append((index, narrowed))
            several = several or any(len(value) > 1 for value in narrowed.values())
    metric = distances.MASI if several else distances.NOMINAL
    counted: list[Tally] = [(Counter(unit.values()), 1) for _, unit in values]
    table: Counter[tuple[Hashable, Hashable]] = Counter()
    if len(reviewers) == 2:
        first, second = reviewers
        table.update(
            (unit[first], unit[second]) for _, unit in values if first in unit and second in unit
        )
    figures = _figures(counted, table, reviewers=len(reviewers), metric=metric)
    return Row(scope, facet, None, figures, values=tuple(values))


def _figures(
    counted: list[Tally],
    table: Mapping[tuple[Hashable, Hashable], int],
    *,
    reviewers: int,
    metric: distances.Metric,
) -> tuple[Figure, ...]:
    kappa = (
        cohen_kappa(table, metric=metric.name)
        if reviewers == 2
        else fleiss_complete(counted, reviewers=reviewers, metric=metric.name)
    )
    return (
        percent_of(counted, reviewers=reviewers, metric=metric.name),
        kappa,
        alpha_of(counted, reviewers=reviewers, metric=metric),
    )


class _BinaryTallies:
    """Each code's 0/1 data over its facet's clauses, as tallies: a clause where k of its m
    reviewers gave the code is {1: k, 0: m - k}, and clauses alike are counted once, so a
    code's row costs the clauses that have it, not all of the facet's."""

    def __init__(
        self,
        values: Sequence[tuple[int, Mapping[ReviewerId, Hashable]]],
        reviewers: Sequence[ReviewerId],
    ) -> None:
        self._values = tuple(values)
        self._reviewers = reviewers
        self._present: Counter[int] = Counter(len(unit) for _, unit in values)
        self._with: defaultdict[CodeId, list[Mapping[ReviewerId, Hashable]]] = defaultdict(list)
        self._both = 0
        for _, unit in values:
            if len(reviewers) == 2 and all(r in unit for r in reviewers):
                self._both += 1
            for code in {c for value in unit.values() for c in _codes(value)}:
                self._with[code].append(unit)

    def row(self, facet: str, code: CodeId) -> Row:
        alike: Counter[tuple[int, int]] = Counter({(0, m): n for m, n in self._present.items()})
        table: Counter[tuple[Hashable, Hashable]] = Counter()
        for unit in self._with[code]:
            given = sum(1 for value in unit.values() if code in _codes(value))
            alike[0, len(unit)] -= 1
            alike[given, len(unit)] += 1
            if len(self._reviewers) == 2 and all(r in unit for r in self._reviewers):
                first, second = (int(code in _codes(unit[r])) for r in self._reviewers)
                table[first, second] += 1
        if len(self._reviewers) == 2:
            table[0, 0] = self._both - sum(table.values())
        counted: list[Tally] = [
            ({1: given, 0: present - given}, n) for (given, present), n in alike.items() if n
        ]
        figures = _figures(counted, table, reviewers=len(self._reviewers), metric=distances.BINARY)
        return Row(Scope.CODE, facet, code, figures, values=self._values)


def _codes(value: Hashable) -> frozenset[CodeId]:
    return value if isinstance(value, frozenset) else frozenset()


def _span_study(
    documents: Sequence[StudyDocument],
    reviewers: Sequence[ReviewerId],
    facets: Mapping[CodeId, str],
    steps: _Steps,
) -> Study:
    whole, bases = continuum(documents, reviewers)
    grouped = _ordered_facets(facets, documents, reviewers)
    by_code: dict[Hashable, list[Span]] = {}
    for span in whole.spans:
        by_code.setdefault(span.category, []).append(span)
    steps.total = len(by_code) + 1
    parts: dict[Hashable, Disagreements] = {}
    for code in by_code:  # each code's disagreements once: the facets and all codes add them up
        steps.check()
        parts |= disagreements(replace(whole, spans=tuple(by_code[code])))
        steps.done()
    reviewers_count, length = len(whole.reviewers), whole.length

    def row(scope: Scope, facet: str, code: CodeId | None, codes: Collection[Hashable]) -> Row:
        chosen = [code for code in codes if code in parts]
        figure = combined([parts[c] for c in chosen], reviewers=reviewers_count, length=length)
        spans = tuple(span for c in chosen for span in by_code[c])
        return Row(scope, facet, code, (figure,), spans=spans)

    rows = [row(Scope.OVERALL, "", None, list(facets))]
    for facet, codes in grouped.items():
        rows.append(row(Scope.FACET, facet, None, [c for c, f in facets.items() if f == facet]))
        rows.extend(row(Scope.CODE, facet, code, [code]) for code in codes)
    steps.done()
    return Study(
        Design.SPAN,
        tuple(reviewers),
        tuple(d.id for d in documents),
        tuple(rows),
        tuple(_span_disagreements(documents, reviewers)),
        continuum_bases=bases,
    )


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

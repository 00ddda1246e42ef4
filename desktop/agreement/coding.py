"""Agreement on coding units: each reviewer gives each unit a value (or none).

Reliability data is a sequence of units, each a mapping from reviewer to value; a reviewer
missing from a unit's mapping gave it no value (Krippendorff's "."). Alpha is computed from the
coincidence matrix, Krippendorff (2011), over the values present, so it takes any number of
reviewers, missing values and any ``Metric``; a unit with fewer than two values pairs nothing and
is left out of every figure.

Kappas pair reviewers who coded every unit: Cohen's the units both of two reviewers coded,
Fleiss' the units all reviewers coded (his kappa assumes the same number of ratings per unit).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence

from desktop.agreement.distances import NOMINAL, Distance, Metric
from desktop.agreement.figures import (
    Figure,
    Measure,
    Sample,
    chance_corrected,
    not_computable,
    percent,
)

Unit = Mapping[str, Hashable]
Tally = tuple[Mapping[Hashable, int], int]
"""A unit's count of reviewers per value, and how many units have exactly that count: all that
alpha, percent agreement and Fleiss' kappa need, so units alike are counted once (a code's
clauses, coded or not by k of m reviewers, come in a handful of tallies)."""


def tallies(units: Iterable[Unit]) -> list[Tally]:
    """Each unit's tally, one unit each."""
    return [(Counter(unit.values()), 1) for unit in units]


def alpha(units: Iterable[Unit], *, reviewers: int, metric: Metric = NOMINAL) -> Figure:
    """Krippendorff's alpha: 1 - D_o / D_e from the coincidences of pairable values."""
    return alpha_of(tallies(units), reviewers=reviewers, metric=metric)


def alpha_of(counted: Iterable[Tally], *, reviewers: int, metric: Metric = NOMINAL) -> Figure:
    coincidences: defaultdict[tuple[Hashable, Hashable], float] = defaultdict(float)
    totals: Counter[Hashable] = Counter()
    used = 0
    for counts, alike in _pairable(counted):
        pairable = sum(counts.values())
        used += alike
        for value, count in counts.items():
            totals[value] += count * alike
        for first, first_count in counts.items():
            for second, second_count in counts.items():
                same = 1 if first == second else 0
                coincidences[first, second] += (
                    alike * first_count * (second_count - same) / (pairable - 1)
                )
    n = sum(totals.values())
    if n == 0:
        return not_computable(
            Measure.ALPHA,
            Sample(0, reviewers, 0, None, None),
            "no unit has values from two reviewers",
            metric=metric.name,
        )
    distance = metric.distances(totals)
    observed = sum(count * distance(*pair) for pair, count in coincidences.items()) / n
    expected = _expected_pairs(totals, metric, distance) / (n * (n - 1))
    return chance_corrected(
        Measure.ALPHA,
        observed=observed,
        expected=expected,
        sample=Sample(used, reviewers, n, observed, expected),
        metric=metric.name,
    )


def _expected_pairs(totals: Mapping[Hashable, int], metric: Metric, distance: Distance) -> float:
    """The sum over all pairs of values of n_c n_k d(c, k). Where the metric says which pairs
    are closer than the greatest distance, 1 (``Metric.related``), it is n^2 less what those
    pairs fall short of 1: sets of codes are many, and most pairs share no code."""
    if metric.related is None:
        return sum(
            totals[first] * totals[second] * distance(first, second)
            for first in totals
            for second in totals
        )
    n = sum(totals.values())
    short = sum(
        totals[first] * totals[second] * (1 - distance(first, second))
        for first, second in metric.related(totals)
    )
    return n * n - short


def _pairable(counted: Iterable[Tally]) -> Iterator[Tally]:
    """The tallies of units with two values or more."""
    for counts, alike in counted:
        if sum(counts.values()) >= 2:
            yield counts, alike


def percent_agreement(units: Iterable[Unit], *, reviewers: int, metric: str = "") -> Figure:
    """The share of pairs of reviewers, within a unit, who gave the same value."""
    return percent_of(tallies(units), reviewers=reviewers, metric=metric)


def percent_of(counted: Iterable[Tally], *, reviewers: int, metric: str = "") -> Figure:
    used = values = pairs = agreeing = 0
    for counts, alike in _pairable(counted):
        pairable = sum(counts.values())
        used += alike
        values += alike * pairable
        pairs += alike * (pairable * (pairable - 1) // 2)
        agreeing += alike * sum(count * (count - 1) // 2 for count in counts.values())
    return percent(
        disagreeing=pairs - agreeing,
        pairs=pairs,
        sample=Sample(used, reviewers, values, None, None),
        metric=metric,
    )


def cohen_kappa(table: Mapping[tuple[Hashable, Hashable], int], *, metric: str = "") -> Figure:
    """Cohen's kappa from a contingency table: (first reviewer's value, second's) -> units."""
    total = sum(table.values())
    sample = Sample(total, 2, 2 * total, None, None)
    if total == 0:
        return not_computable(Measure.COHEN, sample, "no unit was coded by both", metric=metric)
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    for (one, other), count in table.items():
        first[one] += count
        second[other] += count
    agreeing = sum(count for (one, other), count in table.items() if one == other)
    observed = 1 - agreeing / total
    expected = 1 - sum(first[value] * second[value] for value in first) / total**2
    return chance_corrected(
        Measure.COHEN,
        observed=observed,
        expected=expected,
        sample=Sample(total, 2, 2 * total, observed, expected),
        metric=metric,
    )


def cohen_kappa_of(units: Iterable[Unit], first: str, second: str, *, metric: str = "") -> Figure:
    table: Counter[tuple[Hashable, Hashable]] = Counter(
        (unit[first], unit[second]) for unit in units if first in unit and second in unit
    )
    return cohen_kappa(table, metric=metric)


def fleiss_kappa(subjects: Sequence[Mapping[Hashable, int]], *, metric: str = "") -> Figure:
    """Fleiss' kappa from each subject's count of ratings per category (the same number of
    ratings for every subject)."""
    return fleiss_of([(counts, 1) for counts in subjects], metric=metric)


def fleiss_of(counted: Sequence[Tally], *, metric: str = "") -> Figure:
    raters = {sum(counts.values()) for counts, _ in counted}
    if len(raters) > 1:
        raise ValueError(f"Fleiss' kappa needs as many ratings per subject; got {sorted(raters)}")
    n = raters.pop() if raters else 0
    subjects = sum(alike for _, alike in counted)
    sample = Sample(subjects, n, n * subjects, None, None)
    if n < 2 or not subjects:
        return not_computable(
            Measure.FLEISS, sample, "no unit was coded by every reviewer", metric=metric
        )
    per_category: Counter[Hashable] = Counter()
    agreement = 0.0
    for counts, alike in counted:
        for value, count in counts.items():
            per_category[value] += count * alike
        agreement += alike * (sum(c * c for c in counts.values()) - n) / (n * (n - 1))
    ratings = n * subjects
    observed = 1 - agreement / subjects
    expected = 1 - sum((count / ratings) ** 2 for count in per_category.values())
    return chance_corrected(
        Measure.FLEISS,
        observed=observed,
        expected=expected,
        sample=Sample(subjects, n, ratings, observed, expected),
        metric=metric,
    )


def fleiss_kappa_of(units: Iterable[Unit], reviewers: Sequence[str], *, metric: str = "") -> Figure:
    present = [unit for unit in units if all(reviewer in unit for reviewer in reviewers)]
    return fleiss_complete(tallies(present), reviewers=len(reviewers), metric=metric)


def fleiss_complete(counted: Iterable[Tally], *, reviewers: int, metric: str = "") -> Figure:
    """Fleiss' kappa on the units every one of the ``reviewers`` gave a value."""
    complete = [(counts, alike) for counts, alike in counted if sum(counts.values()) == reviewers]
    if not complete:
        return not_computable(
            Measure.FLEISS,
            Sample(0, reviewers, 0, None, None),
            "no unit was coded by every reviewer",
            metric=metric,
        )
    return fleiss_of(complete, metric=metric)

"""How different two values are, for Krippendorff's alpha on coding units.

A ``Metric`` turns the totals of the pairable values (how often each value occurs: the ordinal
distance needs them) into a distance function. MASI compares sets of codes, for a facet a
reviewer may apply several codes of to one clause; on sets of one code each it is the nominal
distance, so one facet figure covers both and ``metric_name`` says which it was.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Distance = Callable[[Any, Any], float]


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    distances: Callable[[Mapping[Any, int]], Distance]
    related: Callable[[Collection[Any]], Iterable[tuple[Any, Any]]] | None = None
    """For a metric whose distances are at most 1: the ordered pairs of these values (each
    value with itself included) that are closer than 1, all others being exactly 1."""


def _equal_pairs(values: Collection[Any]) -> Iterable[tuple[Any, Any]]:
    return ((value, value) for value in values)


def _overlapping_sets(values: Collection[Any]) -> Iterable[tuple[Any, Any]]:
    """Pairs of sets sharing a code, and each set with itself (two empty sets are equal)."""
    holding: dict[Any, list[frozenset[Any]]] = {}
    for value in values:
        for code in value:
            holding.setdefault(code, []).append(value)
    pairs = {(value, value) for value in values}
    for sets in holding.values():
        pairs.update((first, second) for first in sets for second in sets)
    return pairs


def _nominal(totals: Mapping[Any, int]) -> Distance:
    return lambda first, second: 0.0 if first == second else 1.0


def _interval(totals: Mapping[Any, int]) -> Distance:
    return lambda first, second: float((first - second) ** 2)


def _ratio(totals: Mapping[Any, int]) -> Distance:
    def distance(first: float, second: float) -> float:
        return 0.0 if first == second else ((first - second) / (first + second)) ** 2

    return distance


def _ordinal(totals: Mapping[Any, int]) -> Distance:
    """Krippendorff's ordinal distance: the values between two ranks, each counted by how
    often it was given, less half of the two ends."""
    ranked = sorted(totals)
    below = {}  # value -> how many values rank strictly below it
    running = 0
    for value in ranked:
        below[value] = running
        running += totals[value]

    def distance(first: Hashable, second: Hashable) -> float:
        low, high = sorted((first, second), key=ranked.index)
        between = below[high] + totals[high] - below[low]
        return (between - (totals[low] + totals[high]) / 2) ** 2

    return distance


def masi(first: frozenset[Any], second: frozenset[Any]) -> float:
    """Passonneau's MASI distance: 1 - Jaccard x monotonicity (1 equal, 2/3 one within the
    other, 1/3 overlapping, 0 disjoint). Two empty sets are equal, distance 0 (nltk's
    ``masi_distance`` divides by zero there)."""
    if first == second:
        return 0.0
    common = len(first & second)
    if not common:
        return 1.0
    jaccard = common / len(first | second)
    monotonicity = 2 / 3 if first <= second or second <= first else 1 / 3
    return 1.0 - jaccard * monotonicity


NOMINAL = Metric("nominal", _nominal, _equal_pairs)
BINARY = Metric("binary", _nominal, _equal_pairs)
ORDINAL = Metric("ordinal", _ordinal)
INTERVAL = Metric("interval", _interval)
RATIO = Metric("ratio", _ratio)
MASI = Metric("MASI", lambda totals: masi, _overlapping_sets)

"""Krippendorff's unitizing alpha (alpha_U) on a continuum, from the definition.

Krippendorff (1995, "On the reliability of unitizing contiguous data"; 2004, Content Analysis,
2nd ed., pp. 251-256): each reviewer cuts the continuum [begin, begin + length) into units of a
category and the gaps between them. For a category, the observed disagreement sums, over every
pair of reviewers and every pair of their segments that intersect, the squared distance

- two units: (start difference)^2 + (end difference)^2;
- a unit lying wholly inside the other reviewer's gap: its length^2;
- anything else (two gaps, a unit across a gap's edge, whose mismatch the overlapping unit pair
  already counts): 0;

scaled by 2 / (R (R - 1) L^2). The expected disagreement is that of every possible placement of
the same units and gaps (the 2004 formula, p. 254, as DKPro Statistics implements it). Overall
alpha_U is 1 - (sum of D_o) / (sum of D_e) over the categories.

A reviewer's units of one category may not overlap (the definition cuts the continuum into
disjoint pieces), so overlapping or touching units of a reviewer are merged first: coding the
same text twice with one code is coding it once. All sums are kept in integers, exactly, since
length^3 passes a float's 53 bits on a long continuum.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from desktop.agreement.figures import Figure, Measure, Sample, chance_corrected, not_computable


@dataclass(frozen=True, slots=True)
class Span:
    """One reviewer's unit of a category: [start, start + length) on the continuum."""

    start: int
    length: int
    reviewer: str
    category: Hashable


@dataclass(frozen=True, slots=True)
class Continuum:
    begin: int
    length: int
    reviewers: tuple[str, ...]
    spans: tuple[Span, ...]


class Segment(NamedTuple):
    """A piece of one reviewer's cut of the continuum: a unit, or a gap between units."""

    start: int
    stop: int
    unit: bool


def distance(first: Segment, second: Segment) -> int:
    """The squared distance of two intersecting segments of two reviewers (see above)."""
    if first.unit and second.unit:
        return (first.start - second.start) ** 2 + (first.stop - second.stop) ** 2
    if first.unit and second.start <= first.start and first.stop <= second.stop:
        return (first.stop - first.start) ** 2
    if second.unit and first.start <= second.start and second.stop <= first.stop:
        return (second.stop - second.start) ** 2
    return 0


@dataclass(frozen=True, slots=True)
class Disagreements:
    """One category's D_o and D_e as exact fractions (numerator, denominator) and its units."""

    observed: tuple[int, int]
    expected: tuple[int, int]
    units: int
    mass: int


def alpha_u(continuum: Continuum, category: Hashable | None = None) -> Figure:
    """alpha_U of one category, or (None) of all of them together."""
    parts = disagreements(continuum)
    if category is not None:
        parts = {category: parts[category]} if category in parts else {}
    return combined(
        list(parts.values()), reviewers=len(continuum.reviewers), length=continuum.length
    )


def disagreements(continuum: Continuum) -> dict[Hashable, Disagreements]:
    """Each category's observed and expected disagreement (its spans read in one pass)."""
    by_category: dict[Hashable, list[Span]] = {}
    for span in continuum.spans:
        by_category.setdefault(span.category, []).append(span)
    return {category: _disagreements(continuum, spans) for category, spans in by_category.items()}


def combined(parts: Sequence[Disagreements], *, reviewers: int, length: int) -> Figure:
    """alpha_U of these categories together: 1 - (sum of D_o) / (sum of D_e)."""
    units = sum(part.units for part in parts)
    if reviewers < 2 or sum(part.mass for part in parts) == 0:
        reason = "fewer than two reviewers" if reviewers < 2 else "no reviewer marked any text"
        return not_computable(Measure.ALPHA_U, Sample(units, reviewers, 0, None, None), reason)
    observed = sum(part.observed[0] / part.observed[1] for part in parts) / len(parts)
    expected = sum(part.expected[0] / part.expected[1] for part in parts) / len(parts)
    return chance_corrected(
        Measure.ALPHA_U,
        observed=observed,
        expected=expected,
        sample=Sample(units, reviewers, reviewers * length, observed, expected),
    )


def _disagreements(continuum: Continuum, spans: Sequence[Span]) -> Disagreements:
    begin, length = continuum.begin, continuum.length
    end = begin + length
    by_reviewer: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        by_reviewer[span.reviewer].append(
            (max(begin, span.start), min(end, span.start + span.length))
        )
    segments = {
        reviewer: _segments(_merged(by_reviewer[reviewer]), begin, end)
        for reviewer in continuum.reviewers
    }
    reviewers = len(continuum.reviewers)
    observed = 0
    for first, second in itertools.combinations(continuum.reviewers, 2):
        observed += _pair_disagreement(segments[first], segments[second])
    units = [stop - start for each in segments.values() for start, stop, unit in each if unit]
    gaps = sorted(
        stop - start for each in segments.values() for start, stop, unit in each if not unit
    )
    return Disagreements(
        observed=(2 * observed, reviewers * (reviewers - 1) * length * length),
        expected=_expected(units, gaps, reviewers=reviewers, length=length),
        units=len(units),
        mass=sum(units),
    )


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if stop <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    return merged


def _segments(units: Sequence[tuple[int, int]], begin: int, end: int) -> list[Segment]:
    """The continuum cut into this reviewer's units and the gaps between them."""
    pieces: list[Segment] = []
    position = begin
    for start, stop in units:
        if start > position:
            pieces.append(Segment(position, start, False))
        pieces.append(Segment(start, stop, True))
        position = stop
    if position < end:
        pieces.append(Segment(position, end, False))
    return pieces


def _pair_disagreement(first: Sequence[Segment], second: Sequence[Segment]) -> int:
    """The summed distances of every intersecting pair of segments: both lists tile the same
    continuum, so stepping past whichever segment ends first meets each such pair once."""
    total = 0
    i = j = 0
    while i < len(first) and j < len(second):
        total += distance(first[i], second[j])
        stop1, stop2 = first[i].stop, second[j].stop
        if stop1 <= stop2:
            i += 1
        if stop2 <= stop1:
            j += 1
    return total


def _expected(
    units: Sequence[int], gaps: Sequence[int], *, reviewers: int, length: int
) -> tuple[int, int]:
    """D_e = 2/L x sum over units l of [(N - 1) l(l-1)(2l-1)/3 + l^2 x sum over gaps g >= l of
    (g - l + 1)] / [RL(RL - 1) - sum of l(l - 1)], as (numerator, denominator); ``gaps`` sorted.
    The sum over gaps is read from suffix sums, so it costs a binary search per unit."""
    count = len(units)
    suffix = [0] * (len(gaps) + 1)
    for index in range(len(gaps) - 1, -1, -1):
        suffix[index] = suffix[index + 1] + gaps[index]
    total = 0
    for size in units:
        first_fitting = bisect.bisect_left(gaps, size)
        fitting = len(gaps) - first_fitting
        placements = suffix[first_fitting] - fitting * (size - 1)
        # l(l-1)(2l-1) is always a multiple of 6, so the division by 3 is exact.
        total += (count - 1) * (size * (size - 1) * (2 * size - 1) // 3) + size * size * placements
    pairable = reviewers * length
    denominator = length * (pairable * (pairable - 1) - sum(size * (size - 1) for size in units))
    return (2 * total, denominator)

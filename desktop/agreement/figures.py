"""An agreement figure and the sample behind it.

Every coefficient here has the form 1 - D_o / D_e: observed disagreement over the disagreement
expected by chance (kappa's 1 - P_o and 1 - P_e are its disagreements; percent agreement is
1 - D_o with nothing expected). A figure therefore carries both, with how many units, reviewers
and pairable values they came from, so a reader can tell a 1.0 from four clauses from a 1.0
from four hundred, and can recompute it.

The anchors' reported mistakes decide the edge cases, once, here: nothing pairable is "not
computable" (never 0 or 1); D_o = D_e = 0 over pairable values is full agreement, 1.0
(dkpro-statistics #35 gave 0.0); D_e = 0 with disagreement cannot happen (no variation means no
disagreement), so it is not computable rather than a division by zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

NOT_COMPUTABLE = "not computable"


class Measure(StrEnum):
    PERCENT = "percent agreement"
    COHEN = "Cohen's kappa"
    FLEISS = "Fleiss' kappa"
    ALPHA = "Krippendorff's alpha"
    ALPHA_U = "Krippendorff's alpha_U"


@dataclass(frozen=True, slots=True)
class Sample:
    units: int
    """Units that entered the figure (for alpha_U: the units of the category on the continuum)."""
    reviewers: int
    pairable: int
    """Values that could be paired with another reviewer's (for alpha_U: reviewers x length)."""
    observed: float | None
    """D_o, the observed disagreement (None when nothing was pairable)."""
    expected: float | None
    """D_e, the disagreement expected by chance (None for percent agreement)."""

    @property
    def observed_shown(self) -> str:
        return disagreement_shown(self.observed)

    @property
    def expected_shown(self) -> str:
        return disagreement_shown(self.expected)


def disagreement_shown(value: float | None) -> str:
    """D_o or D_e to four significant digits: on a long continuum they are tiny (alpha_U's
    1e-5 and less), and four decimal places would show 0.0000 beside an alpha of 0.5."""
    return "" if value is None else f"{value:#.4g}"


@dataclass(frozen=True, slots=True)
class Figure:
    measure: Measure
    value: float | None
    """None: not computable (see ``reason``)."""
    sample: Sample
    metric: str = ""
    """The distance the values were compared with: nominal, MASI, binary, interval..."""
    reason: str = ""

    @property
    def computable(self) -> bool:
        return self.value is not None

    def shown(self, places: int = 3) -> str:
        return NOT_COMPUTABLE if self.value is None else f"{self.value:.{places}f}"


def chance_corrected(
    measure: Measure, *, observed: float, expected: float, sample: Sample, metric: str = ""
) -> Figure:
    """1 - D_o / D_e, with the edge cases above."""
    if sample.pairable == 0:
        return not_computable(measure, sample, "no values could be paired", metric=metric)
    if expected == 0:
        if observed == 0:
            return Figure(measure, 1.0, sample, metric)
        return not_computable(measure, sample, "no disagreement is expected", metric=metric)
    return Figure(measure, 1.0 - observed / expected, sample, metric)


def percent(*, disagreeing: float, pairs: float, sample: Sample, metric: str = "") -> Figure:
    """The share of pairs of values that agree (pairs of reviewers within a unit)."""
    if pairs == 0:
        return not_computable(Measure.PERCENT, sample, "no values could be paired", metric=metric)
    observed = disagreeing / pairs
    return Figure(
        Measure.PERCENT,
        1.0 - observed,
        Sample(sample.units, sample.reviewers, sample.pairable, observed, None),
        metric,
    )


def not_computable(measure: Measure, sample: Sample, reason: str, *, metric: str = "") -> Figure:
    return Figure(measure, None, sample, metric, reason)

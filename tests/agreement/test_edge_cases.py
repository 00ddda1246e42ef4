"""The edge cases the anchors got wrong (../shared/references/agreement.md), each its own test;
the two that concern a whole project (unrelated documents, uncoded text) are in
test_designs.py."""

from __future__ import annotations

import pytest

from desktop.agreement import distances
from desktop.agreement.coding import (
    alpha,
    cohen_kappa_of,
    fleiss_kappa_of,
    percent_agreement,
)
from desktop.agreement.figures import NOT_COMPUTABLE
from desktop.agreement.unitizing import Continuum, Span, alpha_u


def test_full_agreement_on_one_value_is_alpha_one_not_zero() -> None:
    """dkpro-statistics #35: D_o = D_e = 0 gave 0.0."""
    units = [{"A": "x", "B": "x"}, {"A": "x", "B": "x", "C": "x"}]
    figure = alpha(units, reviewers=3)
    assert figure.value == 1.0
    assert (figure.sample.observed, figure.sample.expected) == (0, 0)
    assert cohen_kappa_of(units, "A", "B").value == 1.0
    assert fleiss_kappa_of(units, ["A", "B"]).value == 1.0


def test_full_agreement_on_a_continuum_is_alpha_u_one() -> None:
    spans = tuple(Span(10, 5, reviewer, "c") for reviewer in ("A", "B"))
    assert alpha_u(Continuum(0, 40, ("A", "B"), spans)).value == 1.0


def test_one_reviewer_marking_while_the_others_mark_nothing_is_not_agreement() -> None:
    """dkpro-statistics #2: three reviewers, one marks a character of twenty, alpha_U was 1.0."""
    figure = alpha_u(Continuum(0, 20, ("A", "B", "C"), (Span(0, 1, "A", "X"),)))
    assert figure.value is not None
    assert figure.value < 0.5
    assert figure.sample.observed and figure.sample.observed > 0


def test_nothing_pairable_is_not_computable_for_every_measure() -> None:
    lonely = [{"A": 1}, {"B": 2}, {}]
    for figure in (
        alpha(lonely, reviewers=2),
        percent_agreement(lonely, reviewers=2),
        cohen_kappa_of(lonely, "A", "B"),
        fleiss_kappa_of(lonely, ["A", "B"]),
        alpha_u(Continuum(0, 100, ("A", "B"), ())),
        alpha_u(Continuum(0, 100, ("A",), (Span(3, 4, "A", "c"),))),
    ):
        assert figure.value is None, figure
        assert figure.shown() == NOT_COMPUTABLE
        assert figure.reason


def test_masi_of_two_empty_sets_is_zero_not_a_division_by_zero() -> None:
    """nltk's masi_distance divides by |A u B| = 0 when both left the unit uncoded."""
    empty: frozenset[str] = frozenset()
    assert distances.masi(empty, empty) == 0.0
    units = [{"A": empty, "B": empty}, {"A": frozenset({"x"}), "B": frozenset({"x", "y"})}]
    figure = alpha(units, reviewers=2, metric=distances.MASI)
    assert figure.value is not None


def test_masi_on_single_codes_is_the_nominal_distance() -> None:
    single = [{"A": frozenset({a}), "B": frozenset({b})} for a, b in ("xx", "xy", "yy", "zy")]
    plain = [{"A": a, "B": b} for a, b in ("xx", "xy", "yy", "zy")]
    assert (
        alpha(single, reviewers=2, metric=distances.MASI).value == alpha(plain, reviewers=2).value
    )


def test_the_small_disagreements_of_a_long_continuum_are_shown_not_rounded_to_zero() -> None:
    """On a letter and an article of 15,000 characters, two 20-character highlights that
    half overlap give D_o and D_e near 1e-5: shown as 0.0000 they told a reader beside an
    alpha_U of 0.5 that nobody disagreed."""
    spans = (Span(1000, 20, "A", "c"), Span(1010, 20, "B", "c"))
    figure = alpha_u(Continuum(0, 15_000, ("A", "B"), spans))
    assert figure.sample.observed is not None and 0 < figure.sample.observed < 1e-3
    assert figure.sample.observed_shown not in {"0.0000", "0.000", "0"}
    assert float(figure.sample.observed_shown) == pytest.approx(figure.sample.observed, rel=1e-3)
    assert figure.sample.expected_shown != "" and float(figure.sample.expected_shown) > 0

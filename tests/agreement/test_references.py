"""Every value of ../shared/references/agreement.md, to three decimals (four where it gives
four), each computed by the agreement package from the data given there."""

from __future__ import annotations

import pytest

from desktop.agreement import distances
from desktop.agreement.coding import alpha, cohen_kappa, fleiss_kappa, percent_agreement
from desktop.agreement.unitizing import Continuum, Segment, Span, alpha_u, distance


def _units(rows: dict[str, str]) -> list[dict[str, int]]:
    """Reliability data from the paper's layout: a row per observer, "." for no value."""
    columns = zip(*(row.split() for row in rows.values()), strict=True)
    return [
        {observer: int(value) for observer, value in zip(rows, column, strict=True) if value != "."}
        for column in columns
    ]


EXAMPLE_C = _units(
    {
        "A": "1 2 3 3 2 1 4 1 2 . . .",
        "B": "1 2 3 3 2 2 4 1 2 5 . 3",
        "C": ". 3 3 3 2 3 4 2 2 5 1 .",
        "D": "1 2 3 3 2 4 4 1 2 5 1 .",
    }
)
EXAMPLE_A = _units({"A": "0 1 0 0 0 0 0 0 1 0", "B": "1 1 1 0 0 1 0 0 0 0"})


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        (distances.NOMINAL, 0.743),
        (distances.ORDINAL, 0.815),
        (distances.INTERVAL, 0.849),
        (distances.RATIO, 0.797),
    ],
)
def test_krippendorff_2011_example_c(metric: distances.Metric, expected: float) -> None:
    figure = alpha(EXAMPLE_C, reviewers=4, metric=metric)
    assert round(figure.value or 0, 3) == expected
    # Unit 12 has one value: nothing to pair it with. The other 11 units hold 40 values.
    assert (figure.sample.units, figure.sample.pairable) == (11, 40)


def test_krippendorff_2011_example_a_binary() -> None:
    figure = alpha(EXAMPLE_A, reviewers=2, metric=distances.BINARY)
    assert round(figure.value or 0, 3) == 0.095
    assert figure.metric == "binary"


def test_atlas_ti_percent_agreement_example_has_the_same_alpha() -> None:
    """60 % observed agreement, 56 % expected: the coincidences of example A."""
    agreement = percent_agreement(EXAMPLE_A, reviewers=2)
    assert round(agreement.value or 0, 3) == 0.600
    figure = alpha(EXAMPLE_A, reviewers=2, metric=distances.BINARY)
    # alpha's expected agreement, 1 - D_e, is the manual's 56 %.
    assert round(1 - (figure.sample.expected or 0), 2) == 0.56


def test_fleiss_kappa_wikipedia() -> None:
    rows = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    figure = fleiss_kappa([dict(enumerate(row)) for row in rows])
    assert round(figure.value or 0, 3) == 0.210
    assert (figure.sample.units, figure.sample.reviewers) == (10, 14)


def test_cohen_kappa_wikipedia() -> None:
    table = {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
    figure = cohen_kappa(table)
    assert round(figure.value or 0, 3) == 0.400


def krippendorff_2004() -> Continuum:
    units = [
        (225, 70, "0", "c"),
        (370, 30, "0", "c"),
        (220, 80, "1", "c"),
        (355, 20, "1", "c"),
        (400, 20, "1", "c"),
        (180, 60, "0", "k"),
        (300, 50, "0", "k"),
        (180, 60, "1", "k"),
        (300, 50, "1", "k"),
    ]
    return Continuum(150, 300, ("0", "1"), tuple(Span(*unit) for unit in units))


def test_alpha_u_krippendorff_2004_overall() -> None:
    """0.859 to three decimals. The book's 0.8591 is 1 - 0.0144 / (0.0532 + 0.0490) from its
    rounded D's; unrounded it is 0.85867, which DKPro's own test accepts (0.8591 +- 0.0005)."""
    assert round(alpha_u(krippendorff_2004()).value or 0, 3) == 0.859


def test_alpha_u_krippendorff_2004_category_c() -> None:
    figure = alpha_u(krippendorff_2004(), "c")
    assert round(figure.sample.observed or 0, 4) == 0.0144
    assert round(figure.sample.expected or 0, 4) == 0.0532
    assert round(figure.value or 0, 4) == 0.7286


def test_alpha_u_krippendorff_2004_category_k() -> None:
    figure = alpha_u(krippendorff_2004(), "k")
    assert figure.value == 1.0
    assert figure.sample.observed == 0


def _segment(start: int, length: int, *, unit: bool = True) -> Segment:
    return Segment(start, start + length, unit)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (_segment(225, 70), _segment(220, 80), 50),
        (_segment(370, 30), _segment(355, 20), 850),
        (_segment(400, 50, unit=False), _segment(400, 20), 400),
    ],
)
def test_alpha_u_distances_of_dkpro(first: Segment, second: Segment, expected: int) -> None:
    assert distance(first, second) == expected
    assert distance(second, first) == expected

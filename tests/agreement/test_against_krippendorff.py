"""Our coincidence-matrix alpha against the ``krippendorff`` package (Castro's fast
implementation) on any reliability data, for each level of measurement it knows."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.agreement import distances
from desktop.agreement.coding import alpha

_LEVELS = {
    "nominal": distances.NOMINAL,
    "ordinal": distances.ORDINAL,
    "interval": distances.INTERVAL,
    "ratio": distances.RATIO,
}

_data = st.integers(2, 5).flatmap(
    lambda reviewers: st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=reviewers, max_size=reviewers),
        min_size=2,
        max_size=30,
    )
)


@settings(max_examples=150, deadline=None)
@given(data=_data, level=st.sampled_from(sorted(_LEVELS)))
def test_alpha_matches_the_krippendorff_package(data: list[list[int | None]], level: str) -> None:
    reviewers = len(data[0])
    units = [{str(r): v for r, v in enumerate(unit) if v is not None} for unit in data]
    ours = alpha(units, reviewers=reviewers, metric=_LEVELS[level])
    matrix = np.array([[np.nan if v is None else v for v in unit] for unit in data], float).T
    pairable = [v for unit in units if len(unit) >= 2 for v in unit.values()]
    if len(set(pairable)) < 2:  # the package refuses these; ours says 1.0 or not computable
        assert ours.value == (1.0 if pairable else None)
        return
    theirs = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    assert ours.value is not None
    assert math.isclose(ours.value, theirs, rel_tol=1e-9, abs_tol=1e-9)


_sets = st.frozensets(st.sampled_from("abcd"), max_size=3)


@settings(max_examples=100, deadline=None)
@given(data=st.lists(st.lists(st.one_of(st.none(), _sets), min_size=3, max_size=3), max_size=20))
def test_masi_alpha_from_overlapping_pairs_is_the_sum_over_every_pair(
    data: list[list[frozenset[str] | None]],
) -> None:
    """The expected disagreement read from the pairs of sets sharing a code (n^2 less their
    shortfall from 1) is the one summed over every pair of values."""
    units = [{str(r): v for r, v in enumerate(unit) if v is not None} for unit in data]
    every_pair = distances.Metric("MASI", distances.MASI.distances)
    fast = alpha(units, reviewers=3, metric=distances.MASI)
    slow = alpha(units, reviewers=3, metric=every_pair)
    assert (fast.value is None) == (slow.value is None)
    if fast.value is not None and slow.value is not None:
        assert math.isclose(fast.value, slow.value, rel_tol=1e-9, abs_tol=1e-9)

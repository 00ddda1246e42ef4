"""Reading in step: linked places meet, the rest follows in proportion."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.comparing.in_step import counterpart


def test_a_linked_place_meets_its_counterpart_and_between_them_in_proportion() -> None:
    pairs = [(100.0, 400.0), (300.0, 500.0)]
    assert counterpart(100.0, pairs, length=1000, other_length=2000) == 400.0
    assert counterpart(300.0, pairs, length=1000, other_length=2000) == 500.0
    assert counterpart(200.0, pairs, length=1000, other_length=2000) == 450.0
    assert counterpart(50.0, pairs, length=1000, other_length=2000) == 200.0
    assert counterpart(1000.0, pairs, length=1000, other_length=2000) == 2000.0


def test_without_links_the_panes_move_in_proportion() -> None:
    assert counterpart(250.0, [], length=1000, other_length=3000) == 750.0


@given(
    st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 800)), max_size=20),
    st.floats(0, 1000),
)
def test_the_place_stays_inside_the_other_document(pairs, position) -> None:  # type: ignore[no-untyped-def]
    found = counterpart(position, pairs, length=1000, other_length=800)
    assert 0 <= found <= 800

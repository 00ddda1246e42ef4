"""The row layout: rectangles written by hand must be exactly the JSON ``json.dumps`` writes
(``sqlite3`` users and ``json_each`` read them), and read back to the same values."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.geometry import PageRect, Rect
from desktop.store.rows import rects_json

coordinates = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(-9999, 9999)
page_rects = st.builds(
    lambda page, x0, y0, x1, y1: PageRect(page, Rect(x0, y0, x1, y1)),
    st.integers(0, 10_000),
    coordinates,
    coordinates,
    coordinates,
    coordinates,
)


@given(st.lists(page_rects, max_size=6))
def test_rectangles_are_the_json_that_json_dumps_writes(rects: list[PageRect]) -> None:
    expected = json.dumps(
        [[r.page, r.rect.x0, r.rect.y0, r.rect.x1, r.rect.y1] for r in rects], separators=(",", ":")
    )
    assert rects_json(rects) == expected
    assert json.loads(rects_json(rects)) == json.loads(expected)

"""Reading in step: where the other pane should be when this one is at a given place.

The links pair places of the two documents (each passage's middle, in each pane's content
coordinates); between two linked places the other pane moves in proportion, and before the
first or after the last, or with no link at all, in proportion to the documents' lengths, so
the panes keep step from the first page to the last.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


def counterpart(
    position: float, pairs: Iterable[tuple[float, float]], *, length: float, other_length: float
) -> float:
    """Where the other document's place is for ``position`` in this one (both in content
    coordinates, from 0 to each one's ``length``), from the linked ``pairs`` (here, there)."""
    points = sorted({(0.0, 0.0), (max(length, 0.0), max(other_length, 0.0)), *pairs})
    heres = [here for here, _ in points]
    index = bisect.bisect_right(heres, position)
    if index == 0:
        return points[0][1]
    if index == len(points):
        return points[-1][1]
    (a, b), (c, d) = points[index - 1], points[index]
    if c == a:
        return d
    return b + (d - b) * (position - a) / (c - a)

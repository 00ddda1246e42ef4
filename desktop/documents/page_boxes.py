"""Boxes on a page filed by horizontal band, to find the few a rectangle touches.

Writing a highlight looks for the text line under each of its rectangles, and reading one for
the characters under it. Comparing with every line or character of the page made a page with
thousands of highlights cost their number times the page's text (25,000 highlights on two
pages: minutes). Filed by band, a rectangle is compared only with the boxes of the bands it
crosses, about a line's worth.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Generic, TypeVar

BAND = 12.0
"""Height of a band, in points: about a line of body text."""

Value = TypeVar("Value")


class PageBoxes(Generic[Value]):
    """Boxes ``(x0, y0, x1, y1)``, each with a value, within a page whose top and bottom are
    ``top`` and ``bottom`` (a box reaching beyond is filed in the band at that edge, so a box
    of absurd size costs no more than one as tall as the page)."""

    def __init__(
        self,
        boxes: Iterable[tuple[float, float, float, float, Value]],
        *,
        top: float,
        bottom: float,
    ) -> None:
        self._top, self._bottom = top, bottom
        self._bands: dict[int, list[tuple[int, float, float, float, float, Value]]] = {}
        for order, (x0, y0, x1, y1, value) in enumerate(boxes):
            for band in self._crossed(y0, y1):
                self._bands.setdefault(band, []).append((order, x0, y0, x1, y1, value))

    def touching(self, x0: float, y0: float, x1: float, y1: float) -> list[Value]:
        """The values whose boxes touch the rectangle (edges included), in the order given."""
        found: dict[int, Value] = {}
        for band in self._crossed(y0, y1):
            for order, bx0, by0, bx1, by1, value in self._bands.get(band, ()):
                if bx0 <= x1 and bx1 >= x0 and by0 <= y1 and by1 >= y0:
                    found[order] = value
        return [found[order] for order in sorted(found)]

    def _crossed(self, y0: float, y1: float) -> range:
        low, high = sorted((self._band(y0), self._band(y1)))
        return range(low, high + 1)

    def _band(self, y: float) -> int:
        """The band of ``y``; the first or the last one for a y beyond the page (or NaN)."""
        if not y > self._top:
            return math.floor(self._top / BAND)
        return math.floor(min(y, self._bottom) / BAND)

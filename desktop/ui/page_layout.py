"""Where each page sits in a pane's continuous vertical scroll, at a given zoom.

Plain arithmetic, kept apart from the widget so the page view's painting, hit-testing and
zoom-around-a-point all use one set of numbers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

PIXELS_PER_POINT = 96 / 72
"""At 100 % a page shows at its physical size on a 96 dpi screen."""

MIN_ZOOM = 0.25
MAX_ZOOM = 4.0
GAP = 12
"""Logical pixels between pages and around the stack."""


@dataclass(frozen=True)
class PageSlot:
    page: int
    x: float
    y: float
    width: float
    height: float


class PageLayout:
    """Pages stacked top to bottom and centred, in logical pixels of the scrolled content."""

    def __init__(self, page_sizes: tuple[tuple[float, float], ...], zoom: float) -> None:
        self.page_sizes = page_sizes
        self.zoom = zoom
        self.scale = zoom * PIXELS_PER_POINT
        widest = max((w for w, _h in page_sizes), default=0.0)
        self.content_width = widest * self.scale + 2 * GAP
        self._tops: list[float] = []
        y = float(GAP)
        for _w, h in page_sizes:
            self._tops.append(y)
            y += h * self.scale + GAP
        self.content_height = y

    def slot(self, page: int) -> PageSlot:
        width, height = self.page_sizes[page]
        return PageSlot(
            page=page,
            x=(self.content_width - width * self.scale) / 2,
            y=self._tops[page],
            width=width * self.scale,
            height=height * self.scale,
        )

    def pages_between(self, top: float, bottom: float) -> range:
        """The pages that intersect the band ``[top, bottom)`` of the content."""
        if not self._tops:
            return range(0)
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_left(self._tops, bottom) - 1)
        return range(first, min(last, len(self._tops) - 1) + 1)

    def page_at(self, y: float) -> int:
        """The page under a content y, or the nearest one when y falls in a gap."""
        if not self._tops:
            return -1
        index = max(0, bisect.bisect_right(self._tops, y) - 1)
        slot = self.slot(index)
        if y >= slot.y + slot.height and index + 1 < len(self._tops):
            below = self.slot(index + 1)
            if below.y - y < y - (slot.y + slot.height):
                return index + 1
        return index

    def to_content(self, page: int, x: float, y: float) -> tuple[float, float]:
        """Page points to content pixels."""
        slot = self.slot(page)
        return slot.x + x * self.scale, slot.y + y * self.scale


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))

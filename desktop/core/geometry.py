"""Rectangles in page space (PDF points, origin top-left of the displayed page).

Every layer speaks of positions on a page in these units, so that the renderer, the text layer,
the highlight painter and the exporters agree without converting through Qt or PyMuPDF types.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle; ``x0 <= x1`` and ``y0 <= y1`` for a proper one."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def union(self, other: Rect) -> Rect:
        return Rect(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def distance_to(self, x: float, y: float) -> tuple[float, float]:
        """Vertical then horizontal distance from a point (0 inside), for nearest-line search."""
        dy = max(self.y0 - y, 0.0, y - self.y1)
        dx = max(self.x0 - x, 0.0, x - self.x1)
        return (dy, dx)


@dataclass(frozen=True, slots=True)
class PageRect:
    """A rectangle on one page (0-based page index)."""

    page: int
    rect: Rect

"""A page's highlights drawn once into an image, and drawn again only where they change.

The image is drawn a few milliseconds at a time while the window is idle (the view showing what
is done so far). An edit then clears just the region of the highlight that changed and draws
again, in drawing order, every highlight whose drawing reaches into it, so the image stays what
a whole redraw would give. On a page that thousands of highlights overlap that is thousands of
pieces, tens of milliseconds: so it too is drawn while idle, into a small image of its own that
replaces the region once finished; until then the view draws the new highlight over the image
as it was (``HighlightPage``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QRegion

from desktop.ui.highlight_pieces import REACH, Box, Highlight, drawing_order, paint_piece

BAND = 16.0
"""Height (page points) of the bands the image's highlights are indexed by, to find those that
reach into a changed region without looking at every piece of the page."""
STEP = 50
"""Highlights drawn between two looks at the clock."""


class Highlights(Protocol):
    """What the image draws from: the page's highlights in drawing order, by id too."""

    page: int

    def __len__(self) -> int: ...

    def __getitem__(self, index: slice) -> Sequence[Highlight]: ...

    def get(self, annotation_id: str | None) -> Highlight | None: ...


class _Region:
    """A region being drawn again: every highlight reaching into it drawn in order into an
    image of its own, which replaces the region when finished."""

    def __init__(self, areas: list[Box], fresh: set[str]) -> None:
        self.areas = areas
        """What changed, in page points."""
        self.fresh = fresh
        """Highlights drawn over the page's image until this region is finished."""
        self.clip = QRegion()
        self.image: QImage | None = None
        self.todo: list[Highlight] = []
        self.near: list[Box] = []
        self.drawn = 0


class PageImage:
    """The highlights of one page at one scale, in device pixels.

    Its pixels line up with the screen's: the image's top-left goes at a whole device pixel and
    the page's origin keeps its fraction of a pixel inside it, so a scroll moves the image by
    whole pixels and it shows what drawing on the screen would show."""

    def __init__(self, bounds: Box, unit: QRectF, dpr: float) -> None:
        """``bounds``: what the highlights cover (page points); ``unit``: where the view draws
        the page's first square point (its position and scale)."""
        self.scale, self.dpr = unit.width(), dpr
        self._margin = REACH
        """How far beyond its box a piece's drawing reaches (view pixels)."""
        x0, y0, x1, y1 = bounds
        margin = self._margin
        left = math.floor((unit.x() + x0 * self.scale - margin) * dpr)
        top = math.floor((unit.y() + y0 * self.scale - margin) * dpr)
        self._x, self._y = unit.x() - left / dpr, unit.y() - top / dpr
        """Where the page's (0, 0) is in the image (logical pixels)."""
        self._fraction = ((unit.x() * dpr) % 1.0, (unit.y() * dpr) % 1.0)
        self._covers = bounds
        self.image = QImage(
            math.ceil(((x1 - x0) * self.scale + 2 * margin) * dpr) + 2,
            math.ceil(((y1 - y0) * self.scale + 2 * margin) * dpr) + 2,
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        self.image.setDevicePixelRatio(dpr)
        self.image.fill(Qt.GlobalColor.transparent)
        self.drawn = 0
        """Highlights drawn so far, in drawing order, while the image is first drawn."""
        self.complete = False
        self._bands: dict[int, list[Highlight]] = {}
        self._regions: list[_Region] = []

    @property
    def settled(self) -> bool:
        """Drawn, and no region waiting to be drawn again."""
        return self.complete and not self._regions

    @property
    def fresh(self) -> set[str]:
        """Highlights not in the image yet, to draw over it."""
        return {name for region in self._regions for name in region.fresh}

    def fits(self, unit: QRectF, dpr: float) -> bool:
        fraction = ((unit.x() * dpr) % 1.0, (unit.y() * dpr) % 1.0)
        return (
            dpr == self.dpr
            and math.isclose(unit.width(), self.scale, rel_tol=1e-9)
            and all(
                math.isclose(a, b, abs_tol=1e-6)
                for a, b in zip(fraction, self._fraction, strict=True)
            )
        )

    def covers(self, boxes: list[Box]) -> bool:
        """Whether the image has room for these boxes (else it is made again, larger)."""
        x0, y0, x1, y1 = self._covers
        return all(x0 <= b[0] and b[2] <= x1 and y0 <= b[1] and b[3] <= y1 for b in boxes)

    def show(self, painter: QPainter, unit: QRectF) -> None:
        painter.drawImage(QPointF(unit.x() - self._x, unit.y() - self._y), self.image)

    def index(self, highlight: Highlight, page: int) -> None:
        for p, _x0, y0, _x1, y1 in highlight.pieces:
            if p == page:
                for band in range(int(y0 // BAND), int(y1 // BAND) + 1):
                    self._bands.setdefault(band, []).append(highlight)

    def changed(self, areas: list[Box], *, fresh: str | None) -> None:
        """A highlight came, went or changed over ``areas``: draw them again (``fresh``: a
        highlight to draw over the image meanwhile). Waiting regions that meet these are
        merged with them and started again."""
        region = _Region(list(areas), {fresh} if fresh else set())
        kept = []
        for waiting in self._regions:
            if any(_meets(a, b) for a in waiting.areas for b in region.areas):
                region.areas += waiting.areas
                region.fresh |= waiting.fresh
            else:
                kept.append(waiting)
        self._regions = [*kept, region]

    def forget(self, annotation_id: str) -> None:
        for region in self._regions:
            region.fresh.discard(annotation_id)

    def work(self, highlights: Highlights, *, deadline: float) -> bool:
        """Draw until ``deadline``: the image first, then the regions waiting. True when what
        the image shows changed."""
        if not self.complete:
            self._draw_more(highlights, deadline)
            return True
        if not self._regions:
            return False
        region = self._regions[0]
        if region.image is None:
            self._start(region, highlights)
        assert region.image is not None
        corner = QPointF(region.clip.boundingRect().topLeft())
        painter = QPainter(region.image)
        painter.translate(-corner)
        while region.drawn < len(region.todo) and time.perf_counter() < deadline:
            for highlight in region.todo[region.drawn : region.drawn + STEP]:
                self._draw(painter, highlight, highlights.page, near=region.near)
            region.drawn += STEP
        painter.end()
        if region.drawn < len(region.todo):
            return False
        painter = QPainter(self.image)
        painter.setClipRegion(region.clip)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(corner, region.image)
        painter.end()
        self._regions.pop(0)
        return True

    def _draw_more(self, highlights: Highlights, deadline: float) -> None:
        painter = QPainter(self.image)
        page, total = highlights.page, len(highlights)
        while self.drawn < total and time.perf_counter() < deadline:
            for highlight in highlights[self.drawn : self.drawn + STEP]:
                self._draw(painter, highlight, page, near=None)
                self.index(highlight, page)
            self.drawn = min(self.drawn + STEP, total)
        painter.end()
        self.complete = self.drawn >= total

    def _start(self, region: _Region, highlights: Highlights) -> None:
        """The region's pixels (whole logical pixels around what changed and what its drawing
        reaches) and every highlight whose drawing reaches into them, in drawing order."""
        s, x, y, m = self.scale, self._x, self._y, self._margin
        cleared: list[Box] = []
        for x0, y0, x1, y1 in region.areas:
            box = QRect(
                QPoint(math.floor(x + x0 * s - m), math.floor(y + y0 * s - m)),
                QPoint(math.ceil(x + x1 * s + m), math.ceil(y + y1 * s + m)),
            )
            region.clip = region.clip.united(box)
            cleared.append(
                (
                    (box.left() - x) / s,
                    (box.top() - y) / s,
                    (box.right() + 1 - x) / s,
                    (box.bottom() + 1 - y) / s,
                )
            )
        near = (m + 1.0) / s  # what a piece's drawing reaches, and a pixel of rounding
        region.near = [(x0 - near, y0 - near, x1 + near, y1 + near) for x0, y0, x1, y1 in cleared]
        found: dict[str, Highlight] = {}
        page = highlights.page
        for near in region.near:
            for band in range(int(near[1] // BAND), int(near[3] // BAND) + 1):
                for highlight in self._bands.get(band, ()):
                    if (
                        highlight.id not in found
                        and highlights.get(highlight.id) is highlight
                        and _reaches(highlight, page, near)
                    ):
                        found[highlight.id] = highlight
        region.todo = sorted(found.values(), key=drawing_order)
        bounds = region.clip.boundingRect()
        region.image = QImage(
            math.ceil(bounds.width() * self.dpr),
            math.ceil(bounds.height() * self.dpr),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        region.image.setDevicePixelRatio(self.dpr)
        region.image.fill(Qt.GlobalColor.transparent)

    def _draw(
        self, painter: QPainter, highlight: Highlight, page: int, *, near: list[Box] | None
    ) -> None:
        s, x, y, style = self.scale, self._x, self._y, highlight.style
        for p, x0, y0, x1, y1 in highlight.pieces:
            if p == page and (
                near is None
                or any(x0 <= n[2] and n[0] <= x1 and y0 <= n[3] and n[1] <= y1 for n in near)
            ):
                paint_piece(
                    painter,
                    style,
                    QRectF(x + x0 * s, y + y0 * s, (x1 - x0) * s, (y1 - y0) * s),
                    scale=s,
                )


def _meets(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _reaches(highlight: Highlight, page: int, area: Box) -> bool:
    return any(
        p == page and x0 <= area[2] and area[0] <= x1 and y0 <= area[3] and area[1] <= y1
        for p, x0, y0, x1, y1 in highlight.pieces
    )

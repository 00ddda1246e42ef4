"""The highlights of one page, in drawing order, drawn from an image when there are many.

Drawing a highlight is a handful of rectangles per line. A page that 25,000 annotations overlap
has some 85,000 such pieces: seconds of drawing in Python, at every paint. So a page with
``IMAGE_MIN`` highlights or more keeps their drawing as an image (``PageImage``) at the view's
scale, drawn and kept up to date while the window is idle, and a paint costs one image. A
highlight made or changed since then is drawn over the image until the image has it in its
place, a few idle moments later, so an edit shows in the next frame. Pages with fewer highlights
are drawn directly at each paint. A change of zoom draws the image again.
"""

from __future__ import annotations

import heapq
import time
import weakref
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from desktop.core.geometry import PageRect, Rect
from desktop.ui.highlight_image import PageImage
from desktop.ui.highlight_margin import Chip, MarginChips
from desktop.ui.highlight_pieces import Box, Highlight, drawing_order, paint_piece
from desktop.ui.idle_work import Urgency, idle_work

if TYPE_CHECKING:
    from desktop.store import PagePlace

IMAGE_MIN = 200
"""Highlights on a page from which their drawing is kept as an image."""
IMAGES_KEPT = 6
"""Images kept per document (the pages painted last): each is a page at screen resolution."""
MERGE_STEP = 256
"""Highlights merged into drawing order between two looks at the clock."""
_UNIT = Rect(0.0, 0.0, 1.0, 1.0)


class ImageBudget:
    """The pages of one document whose images are kept: the ones painted last. It holds them
    weakly: each page holds the budget, and a cycle would keep a closed project's highlights
    (100,000 of them) until a full collection found them."""

    def __init__(self, pages: int = IMAGES_KEPT) -> None:
        self._pages = pages
        self._kept: OrderedDict[int, weakref.ref[HighlightPage]] = OrderedDict()

    def touch(self, page: HighlightPage) -> None:
        self._kept.pop(id(page), None)
        self._kept[id(page)] = weakref.ref(page)
        while len(self._kept) > self._pages:
            _, dropped = self._kept.popitem(last=False)
            kept = dropped()
            if kept is not None:
                kept.drop_image()


class HighlightPage(list[Highlight]):
    """The highlights with a piece on one page, in drawing order (a list, as hit tests read
    it), with their drawing kept as an image when there are many."""

    def __init__(
        self,
        page: int,
        highlights: Iterable[Highlight],
        *,
        ordered: bool = False,
        bounds: Box | None = None,
        budget: ImageBudget | None = None,
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        """``ordered``: the highlights come in drawing order already; ``bounds``: what the
        pieces cover (page points; None: worked out here); ``changed``: asks the view for a
        paint, when the image shows more."""
        super().__init__(highlights if ordered else sorted(highlights, key=drawing_order))
        self.page = page
        self._by_id = {highlight.id: highlight for highlight in self}
        self._bounds = bounds or _bounds(box for h in self for box in h.boxes(page))
        self._budget = budget or ImageBudget()
        self._changed = changed
        self._image: PageImage | None = None
        self._margin: tuple[Rect, MarginChips] | None = None
        """The margin strip's chips, and the strip they were laid out for."""

    def margin_chips(self, strip: Rect, scale: float) -> list[Chip] | None:
        """The margin strip's chips: laid out at a new zoom, kept up to date by each edit.
        None while a crowded page's (``IMAGE_MIN`` highlights or more) are laid out, which is
        done while idle, a slice at a time (at once, it blocked the window for a large part
        of a second)."""
        if self._margin is None or self._margin[0] != strip or self._margin[1].scale != scale:
            laid = MarginChips(self, self.page, strip, scale=scale, lazy=len(self) >= IMAGE_MIN)
            self._margin = (strip, laid)
        if not self._margin[1].complete:
            idle_work().start(self._lay_margin, Urgency.VISIBLE)
            return None
        return self._margin[1].chips

    def _lay_margin(self, deadline: float) -> bool:
        margin = self._margin
        if margin is None or not margin[1].build(deadline):
            self._changed()
            return False
        return True

    @property
    def finished(self) -> bool:
        """Whether a paint shows every highlight in its place (nothing left to draw)."""
        if self._image is None:
            return len(self) < IMAGE_MIN
        return self._image.settled

    def get(self, annotation_id: str | None) -> Highlight | None:
        return self._by_id.get(annotation_id) if annotation_id else None

    def add(self, highlight: Highlight) -> None:
        self.discard(highlight.id)
        if self._margin is not None:
            self._margin[1].add(highlight)
        self.insert(bisect_left(self, drawing_order(highlight), key=drawing_order), highlight)
        self._by_id[highlight.id] = highlight
        boxes = highlight.boxes(self.page)
        for x0, y0, x1, y1 in boxes:
            b = self._bounds or (x0, y0, x1, y1)
            self._bounds = (min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1))
        image = self._image
        if image is None:
            return
        if not image.complete or not image.covers(boxes):
            self.drop_image()  # drawn again from the start
            return
        image.index(highlight, self.page)
        image.changed(boxes, fresh=highlight.id)
        self._work_soon()

    def discard(self, annotation_id: str) -> None:
        highlight = self._by_id.pop(annotation_id, None)
        if highlight is None:
            return
        if self._margin is not None:
            self._margin[1].discard(highlight)
        del self[bisect_left(self, drawing_order(highlight), key=drawing_order)]
        image = self._image
        if image is None:
            return
        if not image.complete:
            self.drop_image()
            return
        image.forget(annotation_id)
        image.changed(highlight.boxes(self.page), fresh=None)
        self._work_soon()

    def drop_image(self) -> None:
        self._image = None

    def prepare(
        self, to_view: Callable[[PageRect], QRectF], dpr: float, *, margin: Rect | None = None
    ) -> bool:
        """Get ready to paint where ``to_view`` puts the page, at ``dpr``, with the chips of
        the ``margin`` strip (None: no strip): True once a paint shows every highlight (drawn
        directly, or from an image drawn once: an edit since is drawn over it) and every
        chip, else they are being drawn or laid out while idle and ``changed`` is called as
        they come. The view shows a page only then, so the page comes with its highlights."""
        unit = to_view(PageRect(self.page, _UNIT))
        if margin is not None and self.margin_chips(margin, unit.width()) is None:
            self.prepare(to_view, dpr)  # the image is drawn meanwhile
            return False
        if len(self) < IMAGE_MIN or self._bounds is None:
            self.drop_image()
            return True
        image = self._image
        if image is None or not image.fits(unit, dpr):
            image = self._image = PageImage(self._bounds, unit, dpr)
        if not image.settled:
            idle_work().start(self._work, Urgency.VISIBLE)
        return image.complete

    def paint(self, painter: QPainter, to_view: Callable[[PageRect], QRectF]) -> None:
        """Draw every highlight of the page (directly, or the image and what it lacks)."""
        self.prepare(to_view, painter.device().devicePixelRatioF())
        unit = to_view(PageRect(self.page, _UNIT))
        image = self._image
        if image is None:
            for highlight in self:
                self._paint(painter, highlight, unit)
            return
        self._budget.touch(self)
        image.show(painter, unit)
        for annotation_id in image.fresh:
            highlight = self._by_id.get(annotation_id)
            if highlight is not None:
                self._paint(painter, highlight, unit)

    def _paint(self, painter: QPainter, highlight: Highlight, unit: QRectF) -> None:
        """Directly, where the view shows the page (``unit``: its first square point)."""
        s, x, y, style = unit.width(), unit.x(), unit.y(), highlight.style
        for page, x0, y0, x1, y1 in highlight.pieces:
            if page == self.page:
                paint_piece(
                    painter,
                    style,
                    QRectF(x + x0 * s, y + y0 * s, (x1 - x0) * s, (y1 - y0) * s),
                    scale=s,
                )

    def _work_soon(self) -> None:
        idle_work().start(self._work, Urgency.VISIBLE)

    def _work(self, deadline: float) -> bool:
        """Draw into the image until ``deadline``; True while there is more to draw."""
        image = self._image
        if image is None or image.settled:
            return False
        if image.work(self, deadline=deadline):
            self._changed()
        return not image.settled


class GatheredPage:
    """The highlights of a page being read, a slice at a time, until the page is read: kept by
    id, with what they cover, each slice sorted as it comes, and merged into drawing order
    once the page is read, a turn's worth at a time (``order``). Placed one by one in a
    ``HighlightPage``, a page of 30,000 cost seconds of sorted inserts; made at once from
    them, sorting and covering their boxes held up one turn of the event loop for a large
    part of a second."""

    def __init__(self, page: int) -> None:
        self.number = page
        self.place: PagePlace | None = None
        """Where reading the page has got to (None: at the start, or once it is read)."""
        self.slices = 0
        """How many slices have been read (a page read in one is put in order at once)."""
        self._highlights: dict[str, Highlight] = {}
        """Each highlight's latest self, by id: what the page will show."""
        self._bounds: Box | None = None
        self._fresh: list[Highlight] = []
        self._runs: list[list[Highlight]] = []
        """What was put, a sorted run per slice (older selves of a highlight too: the merge
        passes over what ``_highlights`` no longer holds)."""
        self._merging: Iterator[Highlight] | None = None
        self._ordered: list[Highlight] = []
        self._seen: set[str] = set()

    def ids(self) -> list[str]:
        return list(self._highlights)

    def put(self, highlight: Highlight) -> None:
        """Add ``highlight``, or put it in place of its older self."""
        self._highlights[highlight.id] = highlight
        self._fresh.append(highlight)
        self._merging = None  # merged again, with it
        boxes = highlight.boxes(self.number)
        if boxes:
            covered = _bounds(boxes if self._bounds is None else [self._bounds, *boxes])
            self._bounds = covered

    def discard(self, annotation_id: str) -> None:
        """Leave it out (what it covered stays covered: an image a little larger)."""
        self._highlights.pop(annotation_id, None)

    def end_slice(self) -> None:
        """What was put since the last slice is one sorted run."""
        if self._fresh:
            self._runs.append(sorted(self._fresh, key=drawing_order))
            self._fresh = []

    def order(self, deadline: float) -> bool:
        """Merge the runs into drawing order until ``deadline`` (``time.perf_counter``);
        True once they are merged."""
        self.end_slice()
        if self._merging is None:
            self._merging = heapq.merge(*self._runs, key=drawing_order)
            self._ordered, self._seen = [], set()
        latest, seen, ordered = self._highlights, self._seen, self._ordered
        for count, highlight in enumerate(self._merging, start=1):
            if latest.get(highlight.id) is highlight and highlight.id not in seen:
                seen.add(highlight.id)
                ordered.append(highlight)
            if count % MERGE_STEP == 0 and time.perf_counter() >= deadline:
                return False
        return True

    def page(
        self, *, budget: ImageBudget, changed: Callable[[], None] = lambda: None
    ) -> HighlightPage:
        """The page, read and ordered (``order``): its highlights in drawing order."""
        return HighlightPage(
            self.number,
            self._ordered,
            ordered=True,
            bounds=self._bounds,
            budget=budget,
            changed=changed,
        )


def _bounds(boxes: Iterable[Box]) -> Box | None:
    """What ``boxes`` cover together (None: there are none)."""
    columns = list(zip(*boxes, strict=True))
    if not columns:
        return None
    x0s, y0s, x1s, y1s = columns
    return (min(x0s), min(y0s), max(x1s), max(y1s))

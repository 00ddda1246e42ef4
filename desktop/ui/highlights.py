"""Highlights on the page: which annotations a page shows, and the current one drawn on top.

The highlights of a page are read from the store by page (``annotations.on_page``, from the
``annotations_by_page`` index), a slice at a time while the window is idle (``idle_work``):
first the pages a view asks for, the pages in view, which wait for them (their first frame
shows their highlights), then the rest of the document, nearest first, ahead of a scroll. A
page shows its highlights once all of them are read. After that the store is read again only
for what a ChangeSet names (``refresh``), and only the region of a changed highlight is drawn
again (``HighlightPage``). How one highlight looks is in ``highlight_pieces``. The current
annotation gets a strong outline and a handle at each end to drag.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.app.reviewer_layers import ReviewerLayers, reviewer_color
from desktop.codebook.model import Codebook, Facet
from desktop.core.geometry import PageRect, Rect
from desktop.core.markdown_text import plain_text
from desktop.core.model import ReviewerId
from desktop.ui.highlight_margin import page_corner, paint_chips
from desktop.ui.highlight_page import GatheredPage, HighlightPage, ImageBudget
from desktop.ui.highlight_pieces import Highlight, Style, Styles
from desktop.ui.idle_work import Urgency, idle_work

if TYPE_CHECKING:
    from desktop.store import DrawnAnnotation, Project

__all__ = ["HANDLE_RADIUS", "Highlight", "PageHighlights", "handle_points", "paint_highlights"]

HANDLE_RADIUS = 4.0
CURRENT_OUTLINE = QColor("#1F4E99")
SLICE = 100
"""Annotations read per step: 2 to 5 ms of the store's and Python's time (the benchmark's
35,000 on one page: 1.6 s in all on a machine with a load of 7)."""


class PageHighlights:
    """The highlights of one document, page by page, kept up to date from ChangeSets."""

    def __init__(
        self,
        project: Project,
        document_id: str,
        codebook: Callable[[], Codebook],
        *,
        page_count: int = 0,
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        """``page_count``: the pages read ahead once those asked for are read (0: only those
        asked for); ``changed``: called when pages have more to show (the view repaints)."""
        self.project = project
        self.document_id = document_id
        self._codebook = codebook
        self._changed = changed
        self._styles: Styles | None = None
        self._budget = ImageBudget()
        self._pages: dict[int, HighlightPage] = {}
        """Pages read, in drawing order."""
        self._reading: dict[int, GatheredPage] = {}
        """Pages being read, with what is read of them so far: a page being read gets each
        edit too."""
        self._asked: list[int] = []
        """Pages asked for and not read yet, the latest ask first."""
        self._ahead = list(range(page_count))
        """Pages to read once those asked for are: the rest of the document."""
        self._placed: dict[str, Highlight] = {}
        """Every highlight read, once, whichever pages it is on."""
        self._reviewers: dict[str, ReviewerId] = {}
        """Who made each highlight read: its reviewer layer."""
        self._layers = ReviewerLayers()

    @property
    def loading(self) -> bool:
        """Whether a page of the document is still to be read."""
        return bool(
            self._asked or self._reading or any(page not in self._pages for page in self._ahead)
        )

    def on_page(self, page: int) -> HighlightPage | None:
        """The highlights with a piece on ``page``, in drawing order; None until all of them
        are read (which begins now, before any other page's)."""
        found = self._pages.get(page)
        if found is not None:
            return found
        if page in self._asked:
            self._asked.remove(page)
        self._asked.insert(0, page)
        if page not in self._reading:  # a first slice at once: a small project's page is read
            self._read(time.perf_counter())
        found = self._pages.get(page)
        if found is not None:
            return found
        idle_work().start(self._read, Urgency.VISIBLE)
        return None

    def refresh(self, annotation_ids: Collection[str]) -> None:
        """Read these annotations again (created, changed or deleted) and draw just them
        anew, on every page read or being read (a page read later reads them itself)."""
        fresh = {
            drawn.id: drawn
            for drawn in self.project.annotations.drawn(self.document_id, list(annotation_ids))
        }
        for annotation_id in annotation_ids:
            self._unplace(annotation_id)
            drawn = fresh.get(annotation_id)
            if drawn is not None:
                highlight = self._placed[annotation_id] = self._highlight(drawn)
                if not self._layers.shows(drawn.reviewer_id):
                    continue
                for page in {piece[0] for piece in highlight.pieces}:
                    if page in self._pages:
                        self._pages[page].add(highlight)
                    elif page in self._reading:
                        self._reading[page].put(highlight)

    def invalidate(self) -> None:
        """The codebook changed: draw every highlight again in its codes' colours."""
        self._styles = None
        self._restyle()

    def set_layers(self, layers: ReviewerLayers) -> None:
        """Show only the reviewers ``layers`` shows, in their codes' or their own colours."""
        if layers != self._layers:
            self._layers = layers
            self._restyle()

    def _restyle(self) -> None:
        """Every page read made again from the highlights read (none read again): each in
        its style now, those of hidden reviewers left out. A page still being read is read
        again from its start, so it gathers what the layers show now."""
        self._placed = {
            key: replace(h, style=self._style(h.code_ids, self._reviewers[key], h.status))
            for key, h in self._placed.items()
        }
        on_page: dict[int, list[Highlight]] = {page: [] for page in self._pages}
        for key, highlight in self._placed.items():
            if self._layers.shows(self._reviewers[key]):
                for page in {piece[0] for piece in highlight.pieces}:
                    if page in on_page:
                        on_page[page].append(highlight)
        self._pages = {page: self._new_page(page, shown) for page, shown in on_page.items()}
        self._reading.clear()

    def close(self) -> None:
        """Stop reading (the project is closing, or the view shows something else)."""
        idle_work().stop(self._read)

    # Reading

    def _read(self, deadline: float) -> bool:
        """Read slices of the first page to read until ``deadline`` (at least one slice);
        True while pages remain."""
        while True:
            page = self._next_page()
            if page is None:
                return False
            if not self._read_slice(page, deadline) or time.perf_counter() >= deadline:
                break
        if not self._asked:  # the pages in view are read: the others only when idle
            idle_work().start(self._read, Urgency.BACKGROUND)
        return True

    def _next_page(self) -> int | None:
        if self._asked:
            return self._asked[0]
        near = self._ahead
        while near and near[0] in self._pages:
            near.pop(0)
        return near[0] if near else None

    def _read_slice(self, page: int, deadline: float) -> bool:
        """Read the next slice of ``page``; False when the turn should end there: a page read
        over several slices is put in drawing order in turns of its own, until ``deadline``
        in each (30,000 highlights take tens of ms)."""
        gathered = self._reading.get(page)
        if gathered is None:
            gathered = self._reading[page] = GatheredPage(page)
        elif gathered.place is None:  # read in the turns before: ordered now
            if gathered.order(deadline):
                self._finish(gathered)
            return False
        rows, gathered.place = self.project.annotations.on_page(
            self.document_id, page, after=gathered.place, limit=SLICE
        )
        gathered.slices += 1
        for drawn in rows:
            highlight = self._placed.get(drawn.id)
            if highlight is None:
                highlight = self._placed[drawn.id] = self._highlight(drawn)
            if self._layers.shows(drawn.reviewer_id):
                gathered.put(highlight)
        gathered.end_slice()
        if gathered.place is not None:
            return True
        if gathered.slices > 1:
            return False
        gathered.order(deadline=math.inf)
        self._finish(gathered)
        return True

    def _finish(self, gathered: GatheredPage) -> None:
        page = gathered.number
        del self._reading[page]
        self._pages[page] = gathered.page(budget=self._budget, changed=self._changed)
        if page in self._asked:
            self._asked.remove(page)
            self._changed()

    def _new_page(self, page: int, highlights: list[Highlight]) -> HighlightPage:
        return HighlightPage(page, highlights, budget=self._budget, changed=self._changed)

    def describe(self, annotation_id: str) -> str | None:
        """What hovering a highlight tells: its codes by facet, its note's words and who made
        it, as plain text (the caller shows it escaped). None for an annotation not drawn."""
        highlight = self._placed.get(annotation_id)
        annotation = self.project.annotations.get(annotation_id) if highlight else None
        if highlight is None or annotation is None:
            return None
        book = self._codebook()
        codes = [book[c] for c in highlight.code_ids if c in book]
        lines = [
            f"{facet.value}: " + ", ".join(c.name for c in codes if c.facet is facet)
            for facet in Facet
            if any(c.facet is facet for c in codes)
        ] or ["No code"]
        note = plain_text(annotation.note.strip())
        if note:
            lines.append(f"Note: {note}")
        reviewer = self.project.reviewers.get(annotation.reviewer_id)
        if reviewer is not None:
            lines.append(f"By {reviewer.name}")
        return "\n".join(lines)

    def _highlight(self, drawn: DrawnAnnotation) -> Highlight:
        self._reviewers[drawn.id] = drawn.reviewer_id
        return Highlight(
            drawn.id,
            drawn.start,
            drawn.end,
            drawn.pieces,
            drawn.code_ids,
            self._style(drawn.code_ids, drawn.reviewer_id, drawn.status),
            drawn.status,
        )

    def _style(self, code_ids: tuple[str, ...], reviewer_id: ReviewerId, status: str) -> Style:
        if self._styles is None:
            self._styles = Styles(self._codebook())
        if self._layers.by_reviewer:
            return self._styles.in_color(reviewer_color(reviewer_id), code_ids, status)
        return self._styles.of(code_ids, status)

    def _unplace(self, annotation_id: str) -> None:
        highlight = self._placed.pop(annotation_id, None)
        if highlight is None:
            return
        for page in {piece[0] for piece in highlight.pieces}:
            if page in self._pages:
                self._pages[page].discard(annotation_id)
            elif page in self._reading:
                self._reading[page].discard(annotation_id)


def paint_highlights(
    painter: QPainter,
    highlights: list[Highlight],
    page: int,
    to_view: Callable[[PageRect], QRectF],
    *,
    current: str | None,
    margin: Rect | None = None,
) -> None:
    """Draw ``highlights`` on ``page`` (translucent fills, underlines, edges), and
    their codes' chips in the ``margin`` strip (page points; None: no strip)."""
    if not isinstance(highlights, HighlightPage):
        highlights = HighlightPage(page, highlights)
    highlights.paint(painter, to_view)
    shown = highlights.get(current)
    if margin is not None:
        corner = page_corner(to_view, page)
        paint_chips(painter, highlights.margin_chips(margin, corner().width()) or [], corner)
    if shown is not None:
        _paint_current(painter, shown, page, to_view)


def _paint_current(
    painter: QPainter, highlight: Highlight, page: int, to_view: Callable[[PageRect], QRectF]
) -> None:
    painter.setPen(QPen(CURRENT_OUTLINE, 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for piece in highlight.rects:
        if piece.page == page:
            painter.drawRect(to_view(piece).adjusted(-1, -1, 1, 1))
    painter.setBrush(CURRENT_OUTLINE)
    for _end, point in handle_points(highlight, page, to_view):
        painter.drawEllipse(point, HANDLE_RADIUS, HANDLE_RADIUS)


def handle_points(
    highlight: Highlight, page: int, to_view: Callable[[PageRect], QRectF]
) -> list[tuple[str, QPointF]]:
    """The handles of a highlight on ``page``: ``("start", top-left of its first piece)`` and
    ``("end", bottom-right of its last)``, those that are on this page."""
    points = []
    first, last = highlight.rects[0], highlight.rects[-1]
    if first.page == page:
        box = to_view(first)
        points.append(("start", QPointF(box.left(), box.top())))
    if last.page == page:
        box = to_view(last)
        points.append(("end", QPointF(box.right(), box.bottom())))
    return points

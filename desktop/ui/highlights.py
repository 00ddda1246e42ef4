"""Highlights on the page: which annotations a page shows, and the current one drawn on top.

A document's highlights are read from the store in reading order, ``BATCH`` at a time while
the window is idle (a 100,000-annotation project takes seconds to read, and the window must
answer meanwhile); a page shows its highlights once every annotation that can reach it has been
read. After that the store is read again only for what a ChangeSet names (``refresh``), and
only the region of a changed highlight is drawn again (``HighlightPage``). How one highlight
looks is in ``highlight_pieces``. The current annotation gets a strong outline and a handle at
each end to drag.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.codebook.model import Codebook, Facet
from desktop.core.geometry import PageRect, Rect
from desktop.core.markdown_text import plain_text
from desktop.ui.highlight_margin import page_corner, paint_chips
from desktop.ui.highlight_page import HighlightPage, ImageBudget
from desktop.ui.highlight_pieces import Highlight, Style, Styles, pieces_of

if TYPE_CHECKING:
    from desktop.core.model import AnnotationId
    from desktop.store import ListedAnnotation, Project

__all__ = ["HANDLE_RADIUS", "Highlight", "PageHighlights", "handle_points", "paint_highlights"]

HANDLE_RADIUS = 4.0
CURRENT_OUTLINE = QColor("#1F4E99")
BATCH = 100
"""Annotations read per idle moment: under 10 ms of the store's time (measured: 100 of the
benchmark's in 6 to 9 ms)."""


class PageHighlights:
    """The highlights of one document, page by page, kept up to date from ChangeSets."""

    def __init__(
        self,
        project: Project,
        document_id: str,
        codebook: Callable[[], Codebook],
        *,
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        """``changed`` is called when pages have more to show (the view repaints)."""
        self.project = project
        self.document_id = document_id
        self._codebook = codebook
        self._changed = changed
        self._styles: Styles | None = None
        self._budget = ImageBudget()
        self._pages: dict[int, HighlightPage] = {}
        """Pages whose every highlight has been read."""
        self._building: dict[int, tuple[list[Highlight], list[float]]] = {}
        """Pages still being read: their highlights so far, and what they cover (x0, y0, x1,
        y1 in page points)."""
        self._placed: dict[str, Highlight] = {}
        self._unread: list[AnnotationId] | None = None
        """The document's annotations in reading order (None: not asked yet)."""
        self._next = 0
        self._waiting: set[str] = set()
        """Ids of ``_unread`` not read yet: a change to one is read with its batch."""
        self._read_to = -1
        """Where reading has got to: no annotation starting before this offset is unread."""
        self._asked: dict[int, int] = {}
        """Pages shown before they were complete, with the end of their text."""
        self._timer = QTimer()
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def loading(self) -> bool:
        return self._unread is None or self._next < len(self._unread)

    def on_page(self, page: int, span: tuple[int, int]) -> list[Highlight]:
        """The highlights with a piece on ``page`` (whose text is ``span``), in drawing order:
        none until every annotation that can reach the page has been read."""
        found = self._pages.get(page)
        if found is not None:
            return found
        if self._unread is None:
            self._timer.start()
        if self.loading and self._read_to < span[1]:
            self._asked[page] = span[1]
            return []
        return self._complete(page)

    def refresh(self, annotation_ids: Collection[str]) -> None:
        """Read these annotations again (created, changed or deleted) and draw just them anew.
        Before any is read, a small document is read at once, so an edit shows at once."""
        if self._unread is None:
            self._begin()
            if len(self._unread or ()) <= BATCH:
                self._read(BATCH)
            else:
                self._timer.start()
            return
        wanted = [found for found in annotation_ids if found not in self._waiting]
        fresh = {
            listed.annotation.id: listed
            for listed in self.project.annotations.listed(wanted)
            if listed.annotation.document_id == self.document_id
        }
        for annotation_id in wanted:
            self._unplace(annotation_id)
            listed = fresh.get(annotation_id)
            if listed is not None:
                self._place(self._highlight(listed))

    def invalidate(self) -> None:
        """The codebook changed: draw every highlight again in its codes' colours."""
        self._styles = None
        complete = list(self._pages)
        restyled = [replace(h, style=self._style(h.code_ids)) for h in self._placed.values()]
        self._pages.clear()
        self._building.clear()
        self._placed.clear()
        for highlight in restyled:
            self._place(highlight)
        for page in complete:
            self._complete(page)

    def close(self) -> None:
        """Stop reading (the project is closing, or the view shows something else)."""
        self._timer.stop()

    # Reading

    def _begin(self) -> None:
        from desktop.store import AnnotationFilter  # (the window shows before the store loads)

        self._unread = self.project.annotations.ids(
            AnnotationFilter(document_ids=frozenset({self.document_id}))
        )
        self._waiting = set(self._unread)

    def _on_timer_timeout(self) -> None:
        if self._unread is None:
            self._begin()
        self._read(BATCH)
        if not self.loading:
            self._timer.stop()

    def _read(self, count: int) -> None:
        assert self._unread is not None
        batch = self._unread[self._next : self._next + count]
        self._next += len(batch)
        for listed in self.project.annotations.listed(batch):
            self._waiting.discard(listed.annotation.id)
            self._read_to = listed.annotation.anchor.start
            self._place(self._highlight(listed))
        self._waiting.difference_update(batch)  # deleted meanwhile
        ready = [
            page for page, end in self._asked.items() if not self.loading or self._read_to >= end
        ]
        for page in ready:
            self._complete(page)
        if ready:
            self._changed()

    def _complete(self, page: int) -> HighlightPage:
        self._asked.pop(page, None)
        highlights, covered = self._building.pop(page, ([], []))
        bounds = (covered[0], covered[1], covered[2], covered[3]) if covered else None
        found = self._pages[page] = HighlightPage(
            page, highlights, bounds=bounds, budget=self._budget, changed=self._changed
        )
        return found

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

    def _highlight(self, listed: ListedAnnotation) -> Highlight:
        anchor = listed.annotation.anchor
        return Highlight(
            listed.annotation.id,
            anchor.start,
            anchor.end,
            pieces_of(anchor.rects),
            listed.code_ids,
            self._style(listed.code_ids),
        )

    def _style(self, code_ids: tuple[str, ...]) -> Style:
        if self._styles is None:
            self._styles = Styles(self._codebook())
        return self._styles.of(code_ids)

    def _place(self, highlight: Highlight) -> None:
        self._placed[highlight.id] = highlight
        for page in {piece[0] for piece in highlight.pieces}:
            complete = self._pages.get(page)
            if complete is not None:
                complete.add(highlight)
                continue
            highlights, covered = self._building.setdefault(page, ([], []))
            highlights.append(highlight)
            for p, x0, y0, x1, y1 in highlight.pieces:
                if p == page:
                    if not covered:
                        covered += (x0, y0, x1, y1)
                    covered[:] = (
                        min(covered[0], x0),
                        min(covered[1], y0),
                        max(covered[2], x1),
                        max(covered[3], y1),
                    )

    def _unplace(self, annotation_id: str) -> None:
        highlight = self._placed.pop(annotation_id, None)
        if highlight is None:
            return
        for page in {piece[0] for piece in highlight.pieces}:
            complete = self._pages.get(page)
            if complete is not None:
                complete.discard(annotation_id)
            elif page in self._building:
                self._building[page][0].remove(highlight)


def paint_highlights(
    painter: QPainter,
    highlights: list[Highlight],
    page: int,
    to_view: Callable[[PageRect], QRectF],
    *,
    current: str | None,
    margin: Rect | None = None,
) -> None:
    """Draw ``highlights`` on ``page`` (translucent fills, stripes, underlines, edges), and
    their codes' chips in the ``margin`` strip (page points; None: no strip)."""
    if not isinstance(highlights, HighlightPage):
        highlights = HighlightPage(page, highlights)
    highlights.paint(painter, to_view)
    shown = highlights.get(current)
    if margin is not None:
        corner = page_corner(to_view, page)
        paint_chips(painter, highlights.margin_chips(margin, corner().width()), corner)
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

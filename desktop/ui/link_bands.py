"""The links between the two panes' documents, as the gutter between them draws them.

Read from the project when the documents shown or the links change (a ChangeSet that touches
links, annotations or documents), never while painting: each band keeps where its ends are in
page points (``End``), and the gutter places them on screen at every frame, so scrolling and
zooming cost no query.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.core.changes import ChangeSet, Entity
from desktop.core.geometry import PageRect
from desktop.core.links import Link, LinkType
from desktop.store import Project


@dataclass(frozen=True, slots=True)
class End:
    """Where a linked passage is: its page (the first of its rectangles) and the top and
    bottom, in page points, of its rectangles on that page."""

    page: int
    top: float
    bottom: float

    @classmethod
    def of(cls, rects: tuple[PageRect, ...]) -> End | None:
        if not rects:
            return None
        page = rects[0].page
        on_page = [r.rect for r in rects if r.page == page]
        return cls(page, min(r.y0 for r in on_page), max(r.y1 for r in on_page))


@dataclass(frozen=True, slots=True)
class Band:
    """A link as drawn: its ends in the left and right panes (None: that end is the whole
    document, for *omits* and *adds*)."""

    link: Link
    left: End | None
    right: End | None

    @property
    def type(self) -> LinkType:
        return self.link.type


@dataclass(frozen=True, slots=True)
class SuggestedBand:
    """A suggested link (Review > Suggest Links), drawn dashed until accepted or rejected:
    the article's clause (right) and the letter's clause it most likely reports (left), or
    one of them alone for a proposed *adds* or *omits*."""

    type: LinkType
    left: End | None
    right: End | None
    left_span: tuple[int, int] | None
    right_span: tuple[int, int] | None
    score: float
    label: str


class LinkBands(QObject):
    """The bands between the documents ``left`` and ``right`` (their ids; None: a pane shows
    nothing of the project)."""

    changed = Signal()

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.left: str | None = None
        self.right: str | None = None
        self.bands: list[Band] = []

    def show_pair(self, left: str | None, right: str | None) -> None:
        if (left, right) != (self.left, self.right):
            self.left, self.right = left, right
            self.reload()

    def follow(self, change_set: ChangeSet) -> None:
        """Read the bands again if the edit may have moved one (links, or their ends)."""
        if any(
            change_set.touches(entity)
            for entity in (Entity.LINK, Entity.ANNOTATION, Entity.DOCUMENT)
        ):
            self.reload()

    def reload(self) -> None:
        self.bands = [] if None in (self.left, self.right) else list(self._read())
        self.changed.emit()

    def band(self, link_id: str) -> Band | None:
        return next((band for band in self.bands if band.link.id == link_id), None)

    def _read(self) -> list[Band]:
        found = []
        annotations = self.project.annotations
        for link in self.project.links.all():
            ends: dict[str, End | None] = {}
            for annotation_id in link.ends:
                annotation = annotations.get(annotation_id)
                if annotation is None:
                    break
                ends[annotation.document_id] = End.of(annotation.anchor.rects)
            else:
                if link.target_document_id is not None:
                    ends.setdefault(link.target_document_id, None)
                if set(ends) == {self.left, self.right}:
                    found.append(Band(link, ends[self.left or ""], ends[self.right or ""]))
        return found

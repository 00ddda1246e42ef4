"""The window's side of links: the gutter's bands for the documents shown, the Link gesture,
clicking a band, retyping and deleting from its menu, and reading in step.

The gesture: click (or make) a highlight in each pane, then Link (L): the left pane's passage
is the link's source, the right's its counterpart, and the type *reports* (retype it from the
band's menu). *Omitted by the Other Document* links the current highlight to the whole other
document with *omits* (or *adds*, when it is in the right pane: a passage of the article the
letter does not have).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QInputDialog

from desktop.app.linking import CreateLink, DeleteLink, RetypeLink, SetLinkNote
from desktop.comparing.in_step import counterpart
from desktop.core.links import LinkType
from desktop.core.model import AnnotationId, DocumentId
from desktop.ui.link_bands import Band, End, LinkBands
from desktop.ui.page_view import PageView

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class LinkCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.gutter = window.splitter.gutter
        self.gutter.views = lambda: (window.left.view, window.right.view)
        self.bands: LinkBands | None = None
        self.in_step = False
        self._stepping = False
        self.suggestions: QDialog | None = None
        """The open list of suggested links, if any."""
        self.picked: dict[str, AnnotationId | None] = {"left": None, "right": None}
        """The highlight last clicked or made in each pane: the Link gesture's two ends."""
        for pane in window.panes:
            view = pane.view
            view.verticalScrollBar().valueChanged.connect(self.gutter.update)
            view.zoom_changed.connect(lambda _z: self.gutter.update())
            view.verticalScrollBar().valueChanged.connect(
                lambda _v, view=view: self._keep_in_step(view)
            )
        self.gutter.link_clicked.connect(self.reveal)
        self.gutter.retype_requested.connect(self.retype)
        self.gutter.delete_requested.connect(self.delete)
        self.gutter.note_requested.connect(self.edit_note)
        window.host.project_changed.connect(self._on_host_project_changed)

    # -- following the project ---------------------------------------------------------------

    def _on_host_project_changed(self) -> None:
        bridge, annotator = self.window.host.bridge, self.window.host.annotator
        self.picked = {"left": None, "right": None}
        if bridge is None or annotator is None:
            self.bands = None
            self.gutter.set_bands(None)
            return
        self.bands = LinkBands(bridge.project, parent=bridge)
        bridge.changed.connect(self.bands.follow)
        annotator.current_changed.connect(self._on_current_changed)
        self.gutter.set_bands(self.bands)  # it shows the pair the panes draw (see placed)

    def _on_current_changed(self, annotation_id: str | None) -> None:
        annotator = self.window.host.annotator
        if annotation_id and annotator is not None and annotator.current_pane is not None:
            self.picked[annotator.current_pane.side] = AnnotationId(annotation_id)

    # -- commands ----------------------------------------------------------------------------

    def can_link(self) -> bool:
        return all(self.picked.values())

    def link(self) -> None:
        """Link the highlights picked in the two panes (left → right, *reports*)."""
        bridge = self.window.host.bridge
        source, target = self.picked["left"], self.picked["right"]
        if bridge is None or source is None or target is None:
            self.window.statusBar().showMessage(
                "Click a highlight in each pane first, then Link.", 8000
            )
            return
        command = CreateLink(source, LinkType.REPORTS, target)
        bridge.execute(command, then=lambda _: self.gutter.select(command.link_id))

    def suggest(self) -> None:
        """Review > Suggest Links (imported now: start-up does not load the alignment)."""
        from desktop.ui.link_suggestions import open_suggestions

        self.suggestions = open_suggestions(self.window)

    def link_to_other_document(self) -> None:
        """The current highlight has no counterpart in the other pane's document: *omits*
        from the left pane, *adds* from the right."""
        annotator, bridge = self.window.host.annotator, self.window.host.bridge
        if annotator is None or bridge is None or annotator.current is None:
            return
        pane = annotator.current_pane
        other = self.window.right if pane is self.window.left else self.window.left
        document = annotator.document_of(other)
        if document is None:
            self.window.statusBar().showMessage("The other pane shows no document.", 8000)
            return
        kind = LinkType.OMITS if pane is self.window.left else LinkType.ADDS
        bridge.execute(CreateLink(annotator.current, kind, target_document_id=DocumentId(document)))

    def retype(self, link_id: str, kind: str) -> None:
        if self.window.host.bridge is not None:
            self.window.host.bridge.execute(RetypeLink(link_id, LinkType(kind)))  # type: ignore[arg-type]

    def edit_note(self, link_id: str) -> None:
        """Write the link's note (an empty one removes it), one undoable edit."""
        bridge = self.window.host.bridge
        link = None if bridge is None else bridge.project.links.get(link_id)
        if bridge is None or link is None:
            return
        text, chosen = QInputDialog.getMultiLineText(
            self.window, "Link Note", f"Note on the link ({link.type}):", link.note
        )
        if chosen and text.strip() != link.note:
            bridge.execute(SetLinkNote(link.id, text))

    def delete(self, link_id: str) -> None:
        if self.window.host.bridge is not None:
            self.window.host.bridge.execute(DeleteLink(link_id))  # type: ignore[arg-type]
            self.gutter.select(None)

    def reveal(self, link_id: str) -> None:
        """Scroll each pane to its end of the link (the source becomes current)."""
        annotator = self.window.host.annotator
        band = self.bands.band(link_id) if self.bands is not None else None
        if annotator is None or band is None:
            return
        for end in reversed(band.link.ends):
            annotator.reveal(end)

    # -- reading in step ---------------------------------------------------------------------

    def set_in_step(self, on: bool) -> None:
        self.in_step = on
        self.window.commands.show()
        if on:
            self._keep_in_step(self.window.active_pane.view)

    def _keep_in_step(self, moved: PageView) -> None:
        """Scroll the other pane so that the place at the middle of ``moved`` is at the
        middle of the other one (``desktop.comparing.in_step``)."""
        if not self.in_step or self._stepping or self.bands is None:
            return
        left, right = self.window.left.view, self.window.right.view
        other = right if moved is left else left
        if moved.document is None or other.document is None:
            return
        pairs = [
            (_content_middle(moved, here), _content_middle(other, there))
            for here, there in _pairs(self.bands.bands, from_left=moved is left)
        ]
        half = moved.viewport().height() / 2
        bar, other_bar = moved.verticalScrollBar(), other.verticalScrollBar()
        place = counterpart(
            bar.value() + half,
            pairs,
            length=bar.maximum() + moved.viewport().height(),
            other_length=other_bar.maximum() + other.viewport().height(),
        )
        self._stepping = True
        try:
            other_bar.setValue(round(place - other.viewport().height() / 2))
            self.gutter.update()
        finally:
            self._stepping = False


def _pairs(bands: list[Band], *, from_left: bool) -> list[tuple[End, End]]:
    found = []
    for band in bands:
        if band.left is not None and band.right is not None:
            found.append((band.left, band.right) if from_left else (band.right, band.left))
    return found


def _content_middle(view: PageView, end: End) -> float:
    """The middle of ``end`` in the view's content coordinates (its scroll bar's scale)."""
    rect = view.viewport_rect_of(end.page, 0, end.top, 0, end.bottom)
    return rect.center().y() + view.verticalScrollBar().value()

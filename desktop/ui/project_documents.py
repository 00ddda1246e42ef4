"""The open project's documents in the panes: a document a pane reads is kept in the project
(or its annotations placed again if its text changed), a document of the project is opened in
a pane on request (from the documents panel, the list, an annotation whose document neither
pane shows), and the documents on screen are remembered for the next launch.

Made with each project and gone with it, so nothing it waits for (an annotation to reveal once
its document is read) outlives the project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.app.launching import remember_shown
from desktop.core.errors import AccordError
from desktop.ui.plain_text import inform, warn

if TYPE_CHECKING:
    from desktop.core.changes import ChangeSet
    from desktop.core.model import DocumentId
    from desktop.store import Project
    from desktop.ui.annotator import Annotator
    from desktop.ui.editor_bridge import EditorBridge
    from desktop.ui.pane import DocumentPane
    from desktop.ui.pane_focus import PaneFocus
    from desktop.ui.project_panels import ProjectPanels


class ProjectDocuments(QObject):
    def __init__(
        self,
        project: Project,
        bridge: EditorBridge,
        annotator: Annotator,
        panels: ProjectPanels,
        *,
        focus: PaneFocus,
        parent: QWidget,
        say: Callable[[str, int], None],
    ) -> None:
        """``focus``: the panes and the active one; ``parent``: the window its questions
        belong to; ``say(text, ms)``: a status message."""
        from desktop.ui.documents_panel import offer_open_in_panes

        super().__init__(parent)
        self.project = project
        self.bridge = bridge
        self.annotator = annotator
        self._panels = panels
        self._focus = focus
        self._panes = focus.panes
        self._parent = parent
        self._say = say
        self.closed = False
        self._pending_reveal: tuple[DocumentPane, str] | None = None
        """An annotation to show once its document, being opened in that pane, is read."""
        panels.documents.open_requested.connect(self.open_document)
        bridge.changed.connect(self._replace_removed_documents)
        self._show_panes_documents()
        offer_open_in_panes(
            panels.listing.view, panels.listing.model.annotation_id, self.open_annotations_document
        )
        annotator.document_wanted.connect(self._open_for_annotation)

    def close(self) -> None:
        """The project closes: nothing waited for is done any more."""
        self.closed = True
        self._pending_reveal = None
        self.deleteLater()

    def keep(self, pane: DocumentPane, *, quietly: bool) -> None:
        """Keep the pane's document in the project (saying so unless ``quietly``), or place
        its annotations again when its text has changed; then let the pane annotate."""
        from desktop.core.model import DocumentId

        info, layer = pane.view.document, pane.view.text_layer
        if info is None or layer is None:
            return
        stored = self.project.documents.get(info.fingerprint)
        if stored is None:  # a write like an edit's: it may wait for the project to be free
            self.bridge.when_free(lambda: self._add_document(pane, quietly=quietly))
        elif stored.text_sha256 != layer.sha256():
            try:
                self._reanchor(DocumentId(info.fingerprint), pane)
            except AccordError as error:
                warn(self._parent, "Document", str(error))
        self.annotator.attach(pane)
        self.remember_shown()
        self._show_panes_documents()
        if self._pending_reveal is not None and self._pending_reveal[0] is pane:
            annotation_id = self._pending_reveal[1]
            self._pending_reveal = None
            self.annotator.reveal(annotation_id)

    def _add_document(self, pane: DocumentPane, *, quietly: bool) -> None:
        """Keep the document the pane shows in the project, so it can be annotated (and say
        so, unless ``quietly``)."""
        from desktop.app.workspace import add_document
        from desktop.core.changes import ChangeSet, Entity, changes

        info, layer = pane.view.document, pane.view.text_layer
        if info is None or layer is None or self.closed:
            return  # the pane or the project changed while the project was busy
        add_document(
            self.project,
            Path(info.path),
            fingerprint=info.fingerprint,
            title=info.title,
            kind=info.kind,
            page_count=len(info.page_sizes),
            text_sha256=layer.sha256(),
        )
        if not quietly:
            self._say(f"Added “{info.title}” to the project, so it can be annotated.", 8000)
        self.bridge.announce(
            ChangeSet(changes(Entity.DOCUMENT, created=[info.fingerprint]), "Add document")
        )
        self.annotator.attach(pane)

    def open_document(self, document_id: str, side: str, *, reveal: str | None = None) -> None:
        """Show a document of the project in the ``left`` or ``right`` pane (``""``: the
        active one), and then the annotation ``reveal``, if given."""
        from desktop.app.workspace import document_file

        stored = self.project.documents.get(document_id)
        if stored is None:
            return
        pane = self._focus.pane(side)
        self._focus.active = pane
        if pane.view.document is not None and pane.view.document.fingerprint == document_id:
            if reveal is not None:
                self.annotator.reveal(reveal)
            return
        try:
            path = document_file(self.project, stored)
        except (AccordError, OSError) as error:
            warn(self._parent, "Open Document", f"Accord could not open “{stored.title}”: {error}")
            return
        self._pending_reveal = None if reveal is None else (pane, reveal)
        pane.open_file(path)

    def _replace_removed_documents(self, change_set: ChangeSet) -> None:
        """A pane showing a document just removed from the project shows another of its
        documents instead (left on screen, it would be added back at the next launch)."""
        from desktop.core.changes import Action, Entity

        removed = change_set.ids(Entity.DOCUMENT, Action.DELETED)
        if not removed:
            return
        for pane in self._panes:
            if pane.view.document is None or pane.view.document.fingerprint not in removed:
                continue
            shown = {p.view.document.fingerprint for p in self._panes if p.view.document}
            spare = next((d for d in self.project.documents.all() if d.id not in shown), None)
            if spare is not None:
                self.open_document(spare.id, pane.side)

    def _show_panes_documents(self) -> None:
        self._panels.documents.set_shown(
            {p.view.document.fingerprint: p.side for p in self._panes if p.view.document}
        )

    def _open_for_annotation(self, annotation_id: str) -> None:
        """An annotation whose document neither pane shows: offer to open it."""
        from desktop.ui.documents_panel import ask_side

        annotation = self.project.annotations.get(annotation_id)
        stored = annotation and self.project.documents.get(annotation.document_id)
        if stored:
            side = ask_side(self._parent, stored.title)
            if side is not None:
                self.open_document(stored.id, side, reveal=annotation_id)

    def open_annotations_document(self, annotation_id: str, side: str) -> None:
        annotation = self.project.annotations.get(annotation_id)
        if annotation:
            self.open_document(annotation.document_id, side, reveal=annotation_id)

    def remember_shown(self) -> None:
        """Record the documents on screen and where each pane is in them, for the next
        launch of this project."""
        shown = [pane.shown_document() for pane in self._panes]
        remember_shown(self.project.path, [d for d in shown if d is not None])

    def _reanchor(self, document_id: DocumentId, pane: DocumentPane) -> None:
        from desktop.app.reanchoring import reanchor_document

        assert pane.view.text_layer is not None
        result = reanchor_document(self.project, document_id, pane.view.text_layer)
        if result.orphans:
            inform(
                self._parent,
                "Annotations Not Placed",
                f"The text of “{pane.title_label.text()}” differs from the one its annotations "
                f"were made on. {len(result.moved)} were placed again; {len(result.orphans)} "
                "could not be placed and are kept unchanged:\n\n"
                + "\n".join(
                    f"• “{a.anchor.exact[:60]}”: {reason}" for a, reason in result.orphans[:10]
                ),
            )

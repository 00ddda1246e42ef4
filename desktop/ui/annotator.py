"""Highlighting and tagging in the reader: turns keys, clicks and menu actions into commands.

It knows the two panes, which annotation is current, and the last code applied; it builds
commands (``desktop.app``) and runs them through the ``EditorBridge``. It repaints only in
answer to ChangeSets, so an edit from the list or the codebook panel, or an undo, shows the
same way as one made here.
"""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject, QTimer, Signal

from desktop.anchoring import AnchoringError
from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.annotating import (
    DeleteAnnotation,
    ResizeAnnotation,
    TagAnnotation,
    UntagAnnotation,
)
from desktop.app.reviewer_layers import ReviewerLayers
from desktop.codebook.model import Codebook
from desktop.core.changes import Action, ChangeSet, Entity, Origin
from desktop.core.model import AnnotationId, CodeId, DocumentId
from desktop.core.textunits import (
    next_word_end,
    next_word_start,
    previous_word_end,
    previous_word_start,
)
from desktop.ui.editor_bridge import EditorBridge
from desktop.ui.highlights import PageHighlights
from desktop.ui.pane import DocumentPane

FLASH_MS = 900


class Annotator(QObject):
    current_changed = Signal(object)
    """The current annotation's id, or None."""
    last_code_changed = Signal(object)
    message = Signal(str)
    document_wanted = Signal(str)
    """An annotation to show whose document neither pane shows (the window offers to open
    it)."""
    """Something to tell the user in the status bar (why a key did nothing, what it did)."""
    layers_changed = Signal(object)
    """The reviewer layers shown (``ReviewerLayers``): the list and the curation view follow."""

    def __init__(
        self, bridge: EditorBridge, panes: tuple[DocumentPane, ...], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.panes = panes
        self.current: AnnotationId | None = None
        self.current_pane: DocumentPane | None = None
        self.last_code: CodeId | None = None
        self._codebook: Codebook | None = None
        self._pins: dict[int, CodeId] | None = None
        self.layers = ReviewerLayers()
        bridge.changed.connect(self._on_bridge_changed)
        self._connections: list[QMetaObject.Connection] = []
        """To the panes, which outlive this project: cut in ``detach``."""
        for pane in panes:
            self._connections += [
                pane.view.annotation_clicked.connect(
                    lambda annotation_id, pane=pane: self._on_view_annotation_clicked(
                        pane, annotation_id
                    )
                ),
                pane.view.resize_requested.connect(
                    lambda annotation_id, start, end, pane=pane: self.resize(
                        pane, annotation_id, start, end
                    )
                ),
                pane.view.document_shown.connect(lambda pane=pane: self.attach(pane)),
            ]
            self.attach(pane)

    def set_layers(self, layers: ReviewerLayers) -> None:
        """Show these reviewers' highlights, in their codes' or their own colours."""
        self.layers = layers
        for pane in self.panes:
            if pane.view.highlights is not None:
                pane.view.highlights.set_layers(layers)
                pane.view.viewport().update()
        self.layers_changed.emit(layers)

    # -- what is known -----------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            self._codebook = self.bridge.project.codes.codebook()
        return self._codebook

    @property
    def pins(self) -> dict[int, CodeId]:
        if self._pins is None:
            self._pins = self.bridge.project.codes.pins()
        return self._pins

    def document_of(self, pane: DocumentPane) -> DocumentId | None:
        info = pane.view.document
        if info is None or self.bridge.project.documents.get(info.fingerprint) is None:
            return None
        return DocumentId(info.fingerprint)

    def attach(self, pane: DocumentPane) -> None:
        """Draw the project's highlights in ``pane`` if its document belongs to the project."""
        document = self.document_of(pane)
        view = pane.view
        if view.highlights is not None and view.highlights.document_id == document:
            return
        if view.highlights is not None:
            view.highlights.close()
        view.set_highlights(
            None
            if document is None or view.document is None
            else PageHighlights(
                self.bridge.project,
                document,
                lambda: self.codebook,
                page_count=len(view.document.page_sizes),
                changed=view.viewport().update,
            )
        )
        if view.highlights is not None:
            view.highlights.set_layers(self.layers)

    def detach(self) -> None:
        """Stop drawing the project's highlights and answering the panes (it is closing; the
        panes stay and read their documents again for the next project)."""
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        self.set_current(None)
        for pane in self.panes:
            if pane.view.highlights is not None:
                pane.view.highlights.close()
            pane.view.set_highlights(None)

    # -- the current annotation --------------------------------------------------------------

    def set_current(self, annotation_id: str | None, pane: DocumentPane | None = None) -> None:
        if annotation_id is not None and pane is None:
            pane = self._pane_showing(annotation_id)
        self.current = AnnotationId(annotation_id) if annotation_id else None
        self.current_pane = pane if annotation_id else None
        for each in self.panes:
            each.view.set_current_annotation(annotation_id if each is pane else None)
        self.current_changed.emit(self.current)

    def reveal(self, annotation_id: str) -> None:
        """Scroll the pane that shows the annotation to it, make it current, and flash it."""
        annotation = self.bridge.project.annotations.get(annotation_id)
        if annotation is None:
            return
        pane = self._pane_showing(annotation_id)
        if pane is None:
            self.document_wanted.emit(annotation_id)
            return
        self.set_current(annotation_id, pane)
        pane.view.reveal(annotation.anchor.start, annotation.anchor.end)
        self._flash(pane, annotation.anchor.start, annotation.anchor.end)

    def _flash(self, pane: DocumentPane, start: int, end: int) -> None:
        pane.view.set_find_hits([(start, end)], -1)
        view = pane.view  # the timer dies with the view (a closed window)
        QTimer.singleShot(FLASH_MS, view, lambda: view.set_find_hits([], -1))

    def _pane_showing(self, annotation_id: str) -> DocumentPane | None:
        annotation = self.bridge.project.annotations.get(annotation_id)
        if annotation is None:
            return None
        return next((p for p in self.panes if self.document_of(p) == annotation.document_id), None)

    def _on_view_annotation_clicked(self, pane: DocumentPane, annotation_id: str) -> None:
        self.set_current(annotation_id or None, pane)

    # -- edits -------------------------------------------------------------------------------

    def highlight(self, pane: DocumentPane, *, code_ids: tuple[CodeId, ...] = ()) -> str | None:
        """Highlight the pane's selection (and code it); the new annotation becomes current."""
        document = self.document_of(pane)
        span = pane.view.selection
        layer = pane.view.text_layer
        if document is None or layer is None:
            self.message.emit(
                "This document is not part of the project, so it cannot be highlighted."
            )
            return None
        if span is None:
            self.message.emit("Select some text first, then press H to highlight it.")
            return None
        try:
            command = annotation_from_span(layer, *span, document_id=document, code_ids=code_ids)
        except AnchoringError as error:
            self.message.emit(str(error))
            return None

        def made(_: ChangeSet) -> None:
            if pane.view.selection == span:  # (not one made while the edit waited)
                pane.view.clear_selection()
            self.set_current(command.annotation_id, pane)
            if code_ids:
                self._remember(code_ids[-1])

        if self.bridge.execute(command, then=made) is None:
            return None
        return command.annotation_id

    def delete_current(self) -> None:
        if self.current is not None:
            self.bridge.execute(DeleteAnnotation(self.current))

    def codes_applied(self, pane: DocumentPane) -> set[CodeId]:
        """The codes ``apply_code`` would take off rather than add: the current highlight's,
        unless text is selected (a selection becomes a new highlight)."""
        if pane.view.selection is not None or self.current is None:
            return set()
        return {coding.code_id for coding in self.bridge.project.annotations.codings(self.current)}

    def apply_code(self, pane: DocumentPane, code_id: str) -> None:
        """Tag the current annotation with the code, or untag it if it has it; with text
        selected, highlight the selection with that code instead."""
        code_id = CodeId(code_id)
        code = self.codebook.get(code_id)
        if code is None or not code.is_codable:
            self.message.emit("That is a folder of codes; choose a code inside it.")
            return
        if pane.view.selection is not None:
            self.highlight(pane, code_ids=(code_id,))
            return
        if self.current is None:
            self.message.emit("Select text or click a highlight first, then choose a code.")
            return
        if code_id in self.codes_applied(pane):
            self.bridge.execute(UntagAnnotation(self.current, code_id))
        else:
            self.bridge.execute(
                TagAnnotation(self.current, code_id), then=lambda _: self._remember(code_id)
            )

    def apply_pinned(self, pane: DocumentPane, key: int) -> None:
        code_id = self.pins.get(key)
        if code_id is None:
            self.message.emit(
                f"No code is pinned to key {key}. Pin one from the codebook panel's context menu."
            )
            return
        self.apply_code(pane, code_id)

    def apply_last(self, pane: DocumentPane) -> None:
        if self.last_code is None or self.last_code not in self.codebook:
            self.message.emit("No code applied yet in this session.")
            return
        self.apply_code(pane, self.last_code)

    def _remember(self, code_id: CodeId) -> None:
        self.last_code = code_id
        self.last_code_changed.emit(code_id)

    def resize(self, pane: DocumentPane, annotation_id: str, start: int, end: int) -> None:
        layer = pane.view.text_layer
        if layer is None or start >= end:
            return
        try:
            anchor = anchor_for_span(layer, start, end)
        except AnchoringError as error:
            self.message.emit(str(error))
            return
        annotation = self.bridge.project.annotations.get(annotation_id)
        if annotation is not None and annotation.anchor == anchor:
            return
        self.bridge.execute(ResizeAnnotation(AnnotationId(annotation_id), anchor))

    def nudge(self, *, which: str, forward: bool) -> None:
        """Move the current highlight's start or end by one word: a start only to a word's
        start, an end only to a word's end, so a nudge never leaves punctuation or a space at
        either edge and the opposite nudge undoes it."""
        pane = self.current_pane
        if self.current is None or pane is None or pane.view.text_layer is None:
            return
        annotation = self.bridge.project.annotations.get(self.current)
        if annotation is None:
            return
        text = pane.view.text_layer.text
        start, end = annotation.anchor.start, annotation.anchor.end
        if which == "end":
            end = (next_word_end if forward else previous_word_end)(text, end)
        else:
            start = (next_word_start if forward else previous_word_start)(text, start)
        if start < end:
            self.resize(pane, self.current, start, end)

    # -- refresh -----------------------------------------------------------------------------

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        if change_set.touches(Entity.CODE):
            self._codebook = None
            self._pins = None
        if change_set.touches(Entity.DOCUMENT):  # removed, or back: its highlights too
            for pane in self.panes:
                self.attach(pane)
        if self.current is not None and self.current in change_set.ids(
            Entity.ANNOTATION, Action.DELETED
        ):
            self.set_current(None)
        created = change_set.ids(Entity.ANNOTATION, Action.CREATED)
        changed = change_set.ids(Entity.ANNOTATION)
        for pane in self.panes:
            highlights = pane.view.highlights
            if highlights is None:
                continue
            if change_set.whole_project:  # every highlight read again
                highlights.close()
                pane.view.set_highlights(None)
                self.attach(pane)
                continue
            if changed:  # only these are read again, and drawn again where they are
                highlights.refresh(changed)
            if change_set.touches(Entity.CODE):
                pane.view.refresh_highlights()  # colours and names: every highlight
            else:
                pane.view.viewport().update()
        if created and change_set.origin is not Origin.EXECUTE and len(created) == 1:
            self.set_current(next(iter(created)))
        elif self.current is not None:
            self.current_changed.emit(self.current)

"""The open project's panels (codebook, note, annotation list, documents): made when a project
opens, placed where the user left them, removed when it closes.

They are placed before the window's first frame, so that frame is the final layout (panels
arriving later would squeeze the panes, which would zoom again); ``painted`` says when the
list has painted its rows once, the moment the window is ready for work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

if TYPE_CHECKING:
    from desktop.ui.annotator import Annotator
    from desktop.ui.editor_bridge import EditorBridge


class ProjectPanels(QObject):
    painted = Signal()
    """The annotation list has painted its rows and count once (or is closed)."""

    def __init__(
        self,
        window: QMainWindow,
        bridge: EditorBridge,
        annotator: Annotator,
        *,
        settings: QSettings,
        earlier: QByteArray | None,
    ) -> None:
        """``earlier``: the panels' state when the previous project of this window closed."""
        from desktop.ui.annotation_list import AnnotationListDock
        from desktop.ui.codebook_panel import CodebookDock
        from desktop.ui.coverage_panel import CoverageDock
        from desktop.ui.curation_panel import CurationDock
        from desktop.ui.documents_panel import DocumentsDock
        from desktop.ui.note_panel import NoteDock

        super().__init__(window)
        self._window = window
        self.codebook = CodebookDock(bridge, window)
        self.note = NoteDock(bridge, window)
        self.listing = AnnotationListDock(bridge, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.codebook)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.note)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.listing)
        self.documents = DocumentsDock(bridge, window)
        window.tabifyDockWidget(self.listing, self.documents)
        self.curation = CurationDock(bridge, window)
        window.tabifyDockWidget(self.listing, self.curation)
        self.coverage = CoverageDock(bridge, window)
        window.tabifyDockWidget(self.listing, self.coverage)
        self.listing.raise_()
        self.docks: list[QDockWidget] = [
            self.codebook,
            self.note,
            self.listing,
            self.documents,
            self.curation,
            self.coverage,
        ]
        self.listing.annotation_activated.connect(annotator.reveal)
        self.curation.annotation_activated.connect(annotator.reveal)
        annotator.layers_changed.connect(self.listing.set_layers)
        annotator.layers_changed.connect(self.curation.set_layers)
        annotator.current_changed.connect(self._on_current_changed)
        self._place(settings, earlier)
        if self.listing.isHidden():  # closed in the saved layout: nothing to wait for
            QTimer.singleShot(0, self.painted.emit)
        else:
            self.listing.view.viewport().installEventFilter(self)

    def _place(self, settings: QSettings, earlier: QByteArray | None) -> None:
        """The panels as the user left them: in this session (another project was open), else
        as saved at the last launch's end, else the first launch's (``panel_layout``)."""
        from desktop.ui.panel_layout import first_launch_sizes, give_side_column_full_height

        window = self._window
        give_side_column_full_height(window)
        saved = settings.value("window/state")
        if earlier is not None:
            window.restoreState(earlier)
        elif saved is not None:
            window.restoreState(saved)
        else:
            first_launch_sizes(window, codebook=self.codebook, note=self.note, listing=self.listing)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The list's first paint: announced once the whole frame it is part of is done."""
        if event.type() == QEvent.Type.Paint and watched is self.listing.view.viewport():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.painted.emit)
        return False

    def _on_current_changed(self, annotation_id: str | None) -> None:
        self.note.load(annotation_id)
        if annotation_id:
            self.listing.show_annotation(annotation_id)

    def remove(self) -> QByteArray:
        """Take the panels out of the window; their state, for the next project's panels."""
        self.listing.model.stop_loading()
        state = self._window.saveState()
        for dock in self.docks:
            self._window.removeDockWidget(dock)
            dock.deleteLater()
        self.deleteLater()
        return state

"""Which reading pane a command acts on.

Menus and keys act on the active pane, the one that last had the keyboard focus; a command
from a panel (a code applied in the codebook) acts on the pane where the work is: the one
with a selection, else the one showing the current highlight.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.pane import DocumentPane


class PaneFocus(QObject):
    def __init__(self, panes: tuple[DocumentPane, DocumentPane], parent: QObject) -> None:
        """``parent``: the window, with which it stops following the focus."""
        super().__init__(parent)
        self.panes = panes
        self.active: DocumentPane = panes[0]
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_app_focus_changed)

    def pane(self, side: str) -> DocumentPane:
        """The ``left`` or ``right`` pane; the active one for any other side."""
        return next((pane for pane in self.panes if pane.side == side), self.active)

    def for_keys(self, current_pane: DocumentPane | None) -> DocumentPane:
        """A menu's or key's pane: the active one, or the current highlight's pane
        (``current_pane``) when the active one has no selection."""
        if self.active.view.selection is None and current_pane is not None:
            return current_pane
        return self.active

    def for_panel(self, current_pane: DocumentPane | None) -> DocumentPane:
        """A panel's command's pane: the active one if it has a selection, else any with a
        selection, else the current highlight's (``current_pane``), else the active one."""
        if self.active.view.selection is not None:
            return self.active
        for pane in self.panes:
            if pane.view.selection is not None:
                return pane
        return current_pane or self.active

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for pane in self.panes:
            if new is not None and pane.isAncestorOf(new):
                self.active = pane

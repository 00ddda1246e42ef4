"""Every menu command of the main window with its id, text and shortcuts, in one place.

The README's shortcut table and the menus are made from this list, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open_left", "Open in &Left Pane…", ("Ctrl+O",), "Open a document in the left pane"),
    ActionSpec("open_right", "Open in &Right Pane…", ("Ctrl+Shift+O",),
               "Open a document in the right pane"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",)),
    ActionSpec("copy", "&Copy", ("Ctrl+C",), "Copy the exact selected text"),
    ActionSpec("select_all", "Select &All", ("Ctrl+A",), "Select the whole document"),
    ActionSpec("find", "&Find…", ("Ctrl+F",), "Find text in the active document"),
    ActionSpec("find_next", "Find &Next", ("F3", "Ctrl+G")),
    ActionSpec("find_previous", "Find &Previous", ("Shift+F3", "Ctrl+Shift+G")),
    ActionSpec("zoom_in", "Zoom &In", ("Ctrl++", "Ctrl+=")),
    ActionSpec("zoom_out", "Zoom &Out", ("Ctrl+-",)),
    ActionSpec("zoom_reset", "&Actual Size", ("Ctrl+0",)),
    ActionSpec("fit_width", "Fit &Width", ("Ctrl+9",)),
    ActionSpec("about", "&About Accord"),
)


def make_actions(parent: QWidget) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(spec.id)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        if spec.tip:
            action.setStatusTip(spec.tip)
        parent.addAction(action)
        actions[spec.id] = action
    return actions

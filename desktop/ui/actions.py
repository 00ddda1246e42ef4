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
    ActionSpec(
        "new_project",
        "&New Project…",
        ("Ctrl+Shift+N",),
        "Start a project with the bundled documents and the default codebook",
    ),
    ActionSpec("open_project", "Open &Project…", ("Ctrl+Shift+P",), "Open an .accord project"),
    ActionSpec("save_copy", "Save a &Copy As…", (), "Write a copy of the project to another file"),
    ActionSpec(
        "import",
        "&Import…",
        ("Ctrl+I",),
        "Import annotations (REFI-QDA, W3C JSON-LD, PDF highlights) or a codebook",
    ),
    ActionSpec("export", "&Export…", ("Ctrl+E",), "Export annotations for other tools"),
    ActionSpec(
        "preferences",
        "P&references…",
        ("Ctrl+,",),
        "Change the name recorded on edits and the keyboard shortcuts",
    ),
    ActionSpec("open_left", "Open in &Left Pane…", ("Ctrl+O",), "Open a document in the left pane"),
    ActionSpec(
        "open_right", "Open in &Right Pane…", ("Ctrl+Shift+O",), "Open a document in the right pane"
    ),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",)),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",)),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
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
    # Annotating: single keys, active while the focus is in the panes or the annotation list.
    ActionSpec("highlight", "&Highlight Selection", ("H",), "Highlight the selected text"),
    ActionSpec("tag", "&Tag with Code…", ("T",), "Choose a code for the selection or highlight"),
    ActionSpec("tag_last", "Tag with &Last Code", ("R",), "Apply the code used last again"),
    ActionSpec("note", "Edit &Note", ("N",), "Write the note of the current highlight"),
    ActionSpec(
        "delete_annotation",
        "&Delete Highlight",
        ("Del",),
        "Delete the current highlight (undoable)",
    ),
    # Not Shift+Alt+arrows: Openbox and LXDE take those to move the window to another desktop.
    ActionSpec("end_later", "Extend End by a Word", ("Ctrl+Shift+Right",)),
    ActionSpec("end_earlier", "Shrink End by a Word", ("Ctrl+Shift+Left",)),
    ActionSpec("start_earlier", "Extend Start by a Word", ("Ctrl+Shift+Up",)),
    ActionSpec("start_later", "Shrink Start by a Word", ("Ctrl+Shift+Down",)),
    *(ActionSpec(f"pin_{key}", f"Pinned Code {key}", (str(key),)) for key in range(1, 10)),
)
ANNOTATION_KEYS = (
    "highlight",
    "tag",
    "tag_last",
    "note",
    "delete_annotation",
    "end_later",
    "end_earlier",
    "start_earlier",
    "start_later",
    *(f"pin_{key}" for key in range(1, 10)),
)
"""Single-key actions: they act only while the focus is in the reading panes or the list,
so typing in a filter box or a note never highlights or tags by accident."""


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

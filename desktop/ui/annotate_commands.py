"""The Annotate menu's commands (and a code applied in the codebook): on which pane each acts,
the code picker, and the message when no project is open to annotate.

The annotator turns a command on a pane into an edit; this part only chooses the pane
(``PaneFocus``) and asks for what the command needs first (a code from the picker).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.ui.pane_focus import PaneFocus

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.ui.annotator import Annotator
    from desktop.ui.project_host import ProjectHost


class AnnotateCommands:
    def __init__(
        self,
        host: ProjectHost,
        focus: PaneFocus,
        *,
        parent: QWidget,
        say: Callable[[str, int], None],
    ) -> None:
        """``say(text, milliseconds)``: a message in the status bar."""
        self._host = host
        self._focus = focus
        self._parent = parent
        self._say = say

    def _annotator(self) -> Annotator | None:
        annotator = self._host.annotator
        if annotator is None:
            self._say("Open a project to annotate.", 6000)
        return annotator

    def highlight(self) -> None:
        if annotator := self._annotator():
            annotator.highlight(self._focus.for_keys(annotator.current_pane))

    def last_code(self) -> None:
        if annotator := self._annotator():
            annotator.apply_last(self._focus.for_keys(annotator.current_pane))

    def pinned(self, key: int) -> None:
        if annotator := self._annotator():
            annotator.apply_pinned(self._focus.for_keys(annotator.current_pane), key)

    def pick_code(self) -> None:
        """Tag with a code chosen in the picker."""
        from desktop.ui.code_picker import CodePicker

        if not (annotator := self._annotator()):
            return
        pane = self._focus.for_keys(annotator.current_pane)
        guid = CodePicker.ask(
            self._parent, annotator.codebook, applied=annotator.codes_applied(pane)
        )
        if guid:
            annotator.apply_code(pane, guid)

    def apply_code(self, guid: str) -> None:
        """Tag with a code applied in the codebook. The keyboard stays in the codebook, where
        the analyst applied it: keys act on the widget that shows the focus, so Del there
        deletes a code (after its question), never the highlight."""
        annotator = self._host.annotator
        if annotator is not None:
            annotator.apply_code(self._focus.for_panel(annotator.current_pane), guid)

    def edit_note(self) -> None:
        note = self._host.note_dock
        annotator = self._host.annotator
        if note is not None and annotator is not None and annotator.current:
            note.edit()

    def delete(self) -> None:
        if self._host.annotator is not None:
            self._host.annotator.delete_current()

    def nudge(self, *, which: str, forward: bool) -> None:
        if self._host.annotator is not None:
            self._host.annotator.nudge(which=which, forward=forward)

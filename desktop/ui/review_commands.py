"""The window's side of a review (the Review menu): start and end a session, decide on the
current highlight (Accept A, Dispute D, Reject X, Withdraw W), export a session's minutes, and
the running session in the status bar.

A dispute or a rejection asks for its decision note first (``ask_note``; Cancel decides
nothing). Each decision goes through the bridge like every edit, so Undo takes back exactly it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from desktop.app.reviewing import Decide, EndSession, StartSession
from desktop.core.changes import ChangeSet, Entity
from desktop.core.errors import AccordError
from desktop.core.review import ReviewSession, Verdict
from desktop.ui.plain_text import PlainLabel, tooltip
from desktop.ui.session_dialog import SessionDialog

if TYPE_CHECKING:
    from desktop.ui.agreement_panel import AgreementPanel
    from desktop.ui.main_window import MainWindow

MINUTES_FILTERS = {"Markdown (*.md)": "md", "HTML (*.html)": "html"}


def ask_note(parent: QWidget, verdict: Verdict) -> str | None:
    """The decision note typed, or None if the person cancelled (tests replace this). The
    label names no outside words: a QInputDialog's label guesses rich text."""
    text, ok = QInputDialog.getMultiLineText(
        parent,
        f"{verdict.value.capitalize()} Annotation",
        f"Why do you {verdict.value} the current highlight? (the decision note)",
    )
    return text if ok else None


class ReviewCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session_label = PlainLabel()
        self.session_label.setObjectName("reviewSession")
        window.statusBar().addPermanentWidget(self.session_label)
        window.host.project_changed.connect(self._on_host_project_changed)
        self._agreement: AgreementPanel | None = None

    def running(self) -> ReviewSession | None:
        project = self.window.host.project
        return None if project is None else project.review.running()

    # -- the menu's commands ----------------------------------------------------------------

    def start_session(self) -> None:
        bridge = self.window.host.bridge
        if bridge is None:
            return
        reviewers = bridge.project.reviewers.all()
        me = bridge.project.reviewers.find(self.window.host.reviewer.or_account())
        answer = SessionDialog.ask(
            self.window, reviewers=reviewers, me=None if me is None else me.id
        )
        if answer is not None:
            bridge.execute(
                StartSession(answer.title, answer.purpose, answer.attendee_ids, answer.chair_id)
            )

    def end_session(self) -> None:
        if self.window.host.bridge is not None:
            self.window.host.bridge.execute(EndSession())

    def decide(self, verdict: Verdict) -> None:
        host = self.window.host
        annotator, bridge = host.annotator, host.bridge
        if annotator is None or bridge is None or annotator.current is None:
            return
        note = ""
        if verdict.needs_note:
            typed = ask_note(self.window, verdict)
            if typed is None:
                return
            note = typed
        bridge.execute(Decide(annotator.current, verdict, note))

    def show_agreement(self) -> None:
        """Review > Agreement…: the panel, made on first use and brought forward after."""
        from desktop.ui.agreement_panel import AgreementPanel

        host = self.window.host
        if host.bridge is None:
            return
        if self._agreement is None or self._agreement.project is not host.bridge.project:
            if self._agreement is not None:
                self._agreement.close()
            self._agreement = AgreementPanel(host.bridge, self.window)
            self._agreement.place_chosen.connect(self._on_agreement_place_chosen)
        self._agreement.show()
        self._agreement.raise_()

    def _on_agreement_place_chosen(self, document_id: str, start: int, end: int) -> None:
        panels = self.window.host.panels
        if panels is not None:
            panels.curation.show_place(document_id, start, end)

    def export_minutes(self) -> None:
        host = self.window.host
        project = host.project
        if project is None:
            return
        sessions = project.review.sessions()
        if not sessions:
            self.window.statusBar().showMessage("No review session yet: start one first.", 8000)
            return
        session = self._choose(sessions)
        if session is None:
            return
        start = host.start_folder() / f"Minutes {session.started:%Y-%m-%d}.md"
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Export Minutes", str(start), ";;".join(MINUTES_FILTERS)
        )
        if not name:
            return
        path = Path(name)
        host.remember_folder(path)
        from desktop.formats.report.minutes import write_minutes

        kind = MINUTES_FILTERS.get(chosen) or ("html" if path.suffix == ".html" else "md")
        try:
            write_minutes(project, session, path, kind=kind)
        except (AccordError, OSError) as error:
            self.window.statusBar().showMessage(f"The minutes were not written: {error}", 10000)
            return
        self.window.statusBar().showMessage(f"Minutes written to “{path}”.", 10000)

    def _choose(self, sessions: list[ReviewSession]) -> ReviewSession | None:
        """The session under way, else the only one, else the one the person picks (the
        latest first)."""
        running = [s for s in sessions if s.running]
        if running or len(sessions) == 1:
            return (running or sessions)[0]
        latest = sessions[::-1]
        names = [f"{s.title} ({s.started:%Y-%m-%d %H:%M})" for s in latest]
        name, ok = QInputDialog.getItem(
            self.window, "Export Minutes", "Minutes of the session:", names, 0, False
        )
        return latest[names.index(name)] if ok else None

    # -- the status bar ----------------------------------------------------------------------

    def _on_host_project_changed(self) -> None:
        if self._agreement is not None:  # its figures were another project's
            self._agreement.close()
            self._agreement.deleteLater()
            self._agreement = None
        bridge = self.window.host.bridge
        if bridge is not None:
            bridge.changed.connect(self._on_bridge_changed)
        self.show_session()

    def _on_bridge_changed(self, change_set: ChangeSet) -> None:
        if change_set.touches(Entity.SESSION):
            self.show_session()
            self.window.commands.show()

    def show_session(self) -> None:
        session = self.running()
        if session is None:
            self.session_label.clear()
            self.session_label.setToolTip("")
            return
        self.session_label.setText(f"Session: {session.title} (since {session.started:%H:%M} UTC)")
        self.session_label.setToolTip(tooltip(session.purpose) or "")

"""The Review menu: a session started from its dialog shows in the status bar, decisions on
the current highlight (keys A, D, X, W) record it, a dispute asks for its note, Undo takes
back exactly the last decision, and the minutes are exported."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.model import Status
from desktop.core.review import Verdict
from desktop.ui import review_commands
from desktop.ui.session_dialog import SessionAnswer, SessionDialog


def _highlight(window, qtbot, words: str) -> str:
    pane = window.left
    pane.view.setFocus()
    start = pane.view.text_layer.text.index(words)
    pane.view.set_selection(start, start + len(words))
    window.actions_by_id["highlight"].trigger()
    qtbot.waitUntil(lambda: window.host.annotator.current is not None)
    return window.host.annotator.current


def test_a_review_in_the_window(annotating, qtbot, monkeypatch, tmp_path: Path) -> None:
    window = annotating
    made = _highlight(window, qtbot, "research and innovation")
    project = window.host.project
    me = project.annotations.require(made).reviewer_id
    monkeypatch.setattr(
        SessionDialog,
        "ask",
        classmethod(lambda cls, *a, **k: SessionAnswer("First pass", "Settle it", (me,), me)),
    )
    window.actions_by_id["start_session"].trigger()
    assert window.review.session_label.text().startswith("Session: First pass (since ")
    assert not window.actions_by_id["start_session"].isEnabled()
    assert window.actions_by_id["end_session"].isEnabled()

    notes = iter([None, "Too broad"])
    monkeypatch.setattr(review_commands, "ask_note", lambda parent, verdict: next(notes))
    window.actions_by_id["dispute"].trigger()  # cancelled: nothing decided
    assert project.review.history(made) == []
    window.actions_by_id["dispute"].trigger()
    window.actions_by_id["accept"].trigger()
    history = project.review.history(made)
    session = project.review.running()
    assert [(d.verdict, d.note, d.session_id) for d in history] == [
        (Verdict.DISPUTE, "Too broad", session.id),
        (Verdict.ACCEPT, "", session.id),
    ]
    assert window.actions_by_id["undo"].text() == "Undo Accept annotation"
    window.actions_by_id["undo"].trigger()
    assert project.annotations.require(made).status is Status.DISPUTED
    assert [d.verdict for d in project.review.history(made)] == [Verdict.DISPUTE]

    window.actions_by_id["end_session"].trigger()
    assert window.review.session_label.text() == ""
    target = tmp_path / "minutes.html"
    monkeypatch.setattr(
        review_commands.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(target), "HTML (*.html)"),
    )
    window.actions_by_id["export_minutes"].trigger()
    page = target.read_text(encoding="utf-8")
    assert "First pass" in page and "Too broad" in page and "research and innovation" in page


def _shown(window, annotation_id: str):
    highlights = window.left.view.highlights
    return next(h for h in highlights.on_page(0) if h.id == annotation_id)


def test_rejected_highlights_are_dimmed_and_disputed_ones_marked(
    annotating, qtbot, monkeypatch
) -> None:
    """On the page (the highlight's style) and in the list (the row's text colour), as soon
    as the decision is made, and back when it is undone."""
    from PySide6.QtCore import Qt

    from desktop.ui.highlight_pieces import LIST_COLORS

    window = annotating
    made = _highlight(window, qtbot, "research and innovation")
    window.actions_by_id["pin_1"].trigger()
    proposed = _shown(window, made).style
    model = window.host.list_dock.model

    def list_color():
        row = model.row_of(made)
        return model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)

    assert proposed.mark is None and list_color() is None
    monkeypatch.setattr(review_commands, "ask_note", lambda parent, verdict: "Why not")
    window.actions_by_id["reject"].trigger()
    rejected = _shown(window, made).style
    assert rejected.fill.alphaF() == pytest.approx(proposed.fill.alphaF() * 0.2, abs=0.01)
    assert list_color() == LIST_COLORS["rejected"]
    window.actions_by_id["dispute"].trigger()
    disputed = _shown(window, made).style
    assert disputed.mark is not None and disputed.fill.alphaF() == proposed.fill.alphaF()
    assert list_color() == LIST_COLORS["disputed"]
    window.actions_by_id["undo"].trigger()
    window.actions_by_id["undo"].trigger()
    assert _shown(window, made).style is proposed
    assert list_color() is None


def test_the_note_panel_shows_the_history_and_the_discussion(
    annotating, qtbot, monkeypatch
) -> None:
    window = annotating
    made = _highlight(window, qtbot, "research and innovation")
    note = window.host.note_dock
    qtbot.waitUntil(lambda: note.annotation_id == made)
    monkeypatch.setattr(review_commands, "ask_note", lambda parent, verdict: "<b>Too</b> broad")
    window.actions_by_id["dispute"].trigger()
    note.thread.reply.setText("Narrow it?")
    note.thread.reply.returnPressed.emit()
    lines = note.thread.events.toPlainText().splitlines()
    assert lines[0].endswith(": proposed → disputed — <b>Too</b> broad")
    assert lines[-2:] == ["Discussion", lines[-1]] and lines[-1].endswith(": Narrow it?")
    assert note.thread.reply.text() == ""
    assert [r.text for r in window.host.project.review.thread(made)] == ["Narrow it?"]
    window.actions_by_id["undo"].trigger()  # the reply, then the decision
    window.actions_by_id["undo"].trigger()
    assert note.thread.events.toPlainText() == ""

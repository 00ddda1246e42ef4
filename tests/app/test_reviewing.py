"""Review sessions, decisions and replies through the Editor: a decision is an event, the
status is the latest one's, undo removes exactly the last decision, and the session under
way is recorded by what is decided and said meanwhile."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from desktop.app.annotating import DeleteAnnotation
from desktop.app.editor import Editor
from desktop.app.project_documents import RemoveDocument
from desktop.app.reviewing import Decide, EndSession, ReplyTo, StartSession
from desktop.core.errors import AccordError
from desktop.core.model import Status
from desktop.core.review import Verdict
from tests.app.conftest import Workbench, ticking_clock
from tests.app.test_annotation_index import _fill
from tests.store.helpers import dump


def test_each_decision_is_an_event_and_the_status_is_the_latest(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    bench.editor.execute(Decide(made, Verdict.DISPUTE, "Too broad"))
    bench.editor.execute(Decide(made, Verdict.ACCEPT))
    history = bench.project.review.history(made)
    assert [(d.position, d.verdict, d.before, d.note) for d in history] == [
        (1, Verdict.DISPUTE, Status.PROPOSED, "Too broad"),
        (2, Verdict.ACCEPT, Status.DISPUTED, ""),
    ]
    assert bench.project.annotations.require(made).status is Status.ACCEPTED


def test_undo_removes_exactly_the_last_decision(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    bench.editor.execute(Decide(made, Verdict.REJECT, "Not a clause"))
    before = dump(bench.path)
    bench.editor.execute(Decide(made, Verdict.ACCEPT))
    assert bench.editor.undo_text == "Undo Accept annotation"
    bench.editor.undo()
    assert dump(bench.path) == before
    assert [d.verdict for d in bench.project.review.history(made)] == [Verdict.REJECT]
    assert bench.project.annotations.require(made).status is Status.REJECTED


@pytest.mark.parametrize("kind", [Verdict.DISPUTE, Verdict.REJECT])
def test_a_dispute_or_rejection_without_a_note_is_refused(bench: Workbench, kind: Verdict) -> None:
    (made,) = _fill(bench, 1)
    before = dump(bench.path)
    with pytest.raises(AccordError, match="say why in a decision note"):
        bench.editor.execute(Decide(made, kind, "  \n "))
    assert dump(bench.path) == before


def test_only_the_author_withdraws_a_proposal(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    other = Editor.start(bench.project, "Kenji")
    with pytest.raises(AccordError, match="Only “Ada”, who proposed it, can withdraw"):
        other.execute(Decide(made, Verdict.WITHDRAW))
    bench.editor.execute(Decide(made, Verdict.WITHDRAW))
    assert bench.project.annotations.require(made).status is Status.REJECTED
    assert bench.project.review.latest(made).verdict is Verdict.WITHDRAW


def test_the_same_verdict_twice_in_a_row_is_refused(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    bench.editor.execute(Decide(made, Verdict.ACCEPT))
    with pytest.raises(AccordError, match="accepted already"):
        bench.editor.execute(Decide(made, "accept"))
    with pytest.raises(AccordError, match="“settle” is not a decision"):
        bench.editor.execute(Decide(made, "settle"))


def test_a_decision_is_never_changed_in_the_file(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    bench.editor.execute(Decide(made, Verdict.ACCEPT))
    with (
        contextlib.closing(sqlite3.connect(bench.path)) as raw,
        pytest.raises(sqlite3.IntegrityError, match="never changed"),
    ):
        raw.execute("UPDATE decisions SET verdict = 'reject', note = 'x'")


def test_what_is_decided_and_said_in_a_session_records_it(bench: Workbench) -> None:
    first, second = _fill(bench, 2)
    ada = bench.editor.reviewer.id
    bench.editor.execute(Decide(first, Verdict.ACCEPT))  # before the session
    bench.editor.execute(StartSession("Letter, first pass", "Settle the letter", (ada,), ada))
    session = bench.project.review.running()
    assert session is not None and session.attendee_ids == (ada,) and session.chair_id == ada
    with pytest.raises(AccordError, match="is under way; end it"):
        bench.editor.execute(StartSession("Another"))
    bench.editor.execute(Decide(second, Verdict.DISPUTE, "Which instrument?"))
    bench.editor.execute(ReplyTo(second, "The roadmap, I think"))
    bench.editor.execute(EndSession())
    assert bench.project.review.running() is None
    assert [d.annotation_id for d in bench.project.review.in_session(session.id)] == [second]
    assert bench.project.review.history(first)[0].session_id is None
    (reply,) = bench.project.review.thread(second)
    assert (reply.text, reply.session_id, reply.reviewer_id) == (
        "The roadmap, I think",
        session.id,
        ada,
    )
    with pytest.raises(AccordError, match="No review session is under way"):
        bench.editor.execute(EndSession())


def test_undoing_a_deletion_brings_back_the_history_and_the_thread(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    bench.editor.execute(Decide(made, Verdict.DISPUTE, "Why?"))
    bench.editor.execute(ReplyTo(made, "Because"))
    before = dump(bench.path)
    bench.editor.execute(DeleteAnnotation(made))
    assert bench.project.review.history(made) == []
    bench.editor.undo()
    assert dump(bench.path) == before
    bench.editor.execute(RemoveDocument(bench.document_id))
    bench.editor.undo()
    assert dump(bench.path) == before


def test_a_session_started_elsewhere_is_the_one_recorded(bench: Workbench) -> None:
    """The command line and a window share the project: the session under way is read from
    it when deciding, not remembered by one editor."""
    (made,) = _fill(bench, 1)
    elsewhere = Editor(bench.project, "Kenji", clock=ticking_clock())
    elsewhere.execute(StartSession("Meeting"))
    bench.editor.execute(Decide(made, Verdict.ACCEPT))
    assert bench.project.review.latest(made).session_id == bench.project.review.running().id

"""The Editor: one transaction per command, history texts, ChangeSets to subscribers."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.annotating import DeleteAnnotation, SetNote, TagAnnotation, UntagAnnotation
from desktop.app.coding_scheme import RenameCode
from desktop.core.changes import Action, ChangeSet, Entity, Origin
from desktop.core.errors import AccordError
from desktop.core.model import CodeId
from desktop.store import ProjectBusy, StaleError
from tests.app.conftest import START, Workbench
from tests.store.helpers import TEXT, dump


def _code(bench: Workbench, name: str) -> CodeId:
    return CodeId(bench.project.codes.codebook().lookup(name).guid)


def _highlight(bench: Workbench, quote: str, *codes: str):
    start = TEXT.index(quote)
    command = annotation_from_span(
        bench.layer,
        start,
        start + len(quote),
        document_id=bench.document_id,
        code_ids=tuple(_code(bench, c) for c in codes),
    )
    bench.editor.execute(command)
    return command.annotation_id


def test_a_highlight_records_who_and_when(bench: Workbench) -> None:
    annotation_id = _highlight(bench, "joint calls", "Pandemics")
    annotation = bench.project.annotations.get(annotation_id)
    assert annotation.reviewer_id == bench.editor.reviewer.id
    assert annotation.created == annotation.modified == START
    assert annotation.anchor == anchor_for_span(
        bench.layer, TEXT.index("joint calls"), TEXT.index("joint calls") + 11
    )
    (coding,) = bench.project.annotations.codings(annotation_id)
    assert (coding.reviewer_id, coding.created) == (bench.editor.reviewer.id, START)
    bench.editor.execute(SetNote(annotation_id, "\ufeff  Check the\r\nwording  "))
    changed = bench.project.annotations.get(annotation_id)
    assert changed.note == "Check the\nwording"
    assert (changed.created, changed.modified) == (START, START.replace(second=1))


def test_undo_and_redo_texts_follow_the_history(bench: Workbench) -> None:
    assert (bench.editor.undo_text, bench.editor.redo_text) == ("Undo", "Redo")
    assert not bench.editor.can_undo and not bench.editor.can_redo
    annotation_id = _highlight(bench, "joint calls")
    bench.editor.execute(TagAnnotation(annotation_id, _code(bench, "Pandemics")))
    assert bench.editor.undo_text == "Undo Tag “Pandemics”"
    bench.editor.undo()
    assert bench.editor.undo_text == "Undo Highlight"
    assert bench.editor.redo_text == "Redo Tag “Pandemics”"
    bench.editor.redo()
    bench.editor.execute(UntagAnnotation(annotation_id, _code(bench, "Pandemics")))
    assert bench.editor.undo_text == "Undo Untag “Pandemics”"
    assert not bench.editor.can_redo
    bench.editor.undo()
    bench.editor.execute(RenameCode(_code(bench, "Pandemics"), "Epidemics"))
    assert not bench.editor.can_redo, "a new edit clears what could be redone"
    assert bench.editor.undo_text == "Undo Rename “Pandemics” to “Epidemics”"
    with pytest.raises(IndexError):
        bench.editor.redo()


def test_subscribers_receive_one_change_set_per_step(bench: Workbench) -> None:
    received: list[ChangeSet] = []
    unsubscribe = bench.editor.subscribe(received.append)
    annotation_id = _highlight(bench, "joint calls")
    bench.editor.execute(TagAnnotation(annotation_id, _code(bench, "Pandemics")))
    bench.editor.undo()
    bench.editor.redo()
    bench.editor.execute(DeleteAnnotation(annotation_id))
    bench.editor.undo()
    assert [(c.label, c.origin) for c in received] == [
        ("Highlight", Origin.EXECUTE),
        ("Tag “Pandemics”", Origin.EXECUTE),
        ("Tag “Pandemics”", Origin.UNDO),
        ("Tag “Pandemics”", Origin.REDO),
        ("Delete highlight", Origin.EXECUTE),
        ("Delete highlight", Origin.UNDO),
    ]
    assert received[0].ids(Entity.ANNOTATION, Action.CREATED) == {annotation_id}
    assert received[1].ids(Entity.ANNOTATION, Action.MODIFIED) == {annotation_id}
    assert received[4].ids(Entity.ANNOTATION, Action.DELETED) == {annotation_id}
    assert received[5].ids(Entity.ANNOTATION, Action.CREATED) == {annotation_id}
    assert all(c.reviewer_id == bench.editor.reviewer.id for c in received)
    assert not received[1].touches(Entity.CODE)
    unsubscribe()
    bench.editor.undo()
    assert len(received) == 6


def test_a_refused_command_changes_nothing(bench: Workbench) -> None:
    annotation_id = _highlight(bench, "joint calls", "Pandemics")
    before = dump(bench.path)
    with pytest.raises(AccordError, match="already has the code “Pandemics”"):
        bench.editor.execute(TagAnnotation(annotation_id, _code(bench, "Pandemics")))
    with pytest.raises(AccordError, match="folder"):
        bench.editor.execute(TagAnnotation(annotation_id, _code(bench, "Thematic areas")))
    assert dump(bench.path) == before
    assert bench.editor.undo_text == "Undo Highlight and tag “Pandemics”"


def test_an_undo_refused_while_another_program_writes_stays_to_be_done(bench: Workbench) -> None:
    """Busy is not impossible: the step stays on the history, and undoes once the lock is
    free (the window tries it again from its event loop)."""
    annotation_id = _highlight(bench, "joint calls")
    bench.editor.execute(SetNote(annotation_id, "first"))
    bench.project.wait_for_writers(0.05)
    with contextlib.closing(sqlite3.connect(bench.path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(ProjectBusy):
            bench.editor.undo()
        assert bench.editor.undo_text == "Undo Edit note"
        other.execute("ROLLBACK")
    bench.editor.undo()
    assert bench.project.annotations.get(annotation_id).note == ""
    assert bench.editor.redo_text == "Redo Edit note"


def test_an_undo_made_impossible_elsewhere_is_dropped(bench: Workbench) -> None:
    """Another Accord deleted the annotation: undoing its tag fails once, with a sentence,
    and the history moves past it."""
    annotation_id = _highlight(bench, "joint calls")
    bench.editor.execute(SetNote(annotation_id, "first"))
    bench.editor.execute(TagAnnotation(annotation_id, _code(bench, "Pandemics")))
    with contextlib.closing(sqlite3.connect(bench.path)) as other:
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
        other.commit()
    before = dump(bench.path)
    with pytest.raises(StaleError):
        bench.editor.undo()
    with pytest.raises(StaleError):
        bench.editor.undo()
    assert dump(bench.path) == before
    assert bench.editor.undo_text == "Undo Highlight"


def test_a_new_reviewers_refused_command_writes_not_even_the_name(bench: Workbench) -> None:
    """The reviewer is added in the transaction of the first edit that needs them, so a
    refused first command leaves the project exactly as it was."""
    from desktop.app.editor import Editor

    annotation_id = _highlight(bench, "joint calls", "Pandemics")
    before = dump(bench.path)
    zoe = Editor.start(bench.project, "  Zoe   Lind ")
    with pytest.raises(AccordError, match="already has the code “Pandemics”"):
        zoe.execute(TagAnnotation(annotation_id, _code(bench, "Pandemics")))
    assert dump(bench.path) == before
    zoe.execute(SetNote(annotation_id, "Zoe's"))
    assert bench.project.reviewers.find("Zoe Lind") == zoe.reviewer
    assert bench.project.annotations.get(annotation_id).note == "Zoe's"
    assert Editor.start(bench.project, "Zoe Lind").reviewer == zoe.reviewer

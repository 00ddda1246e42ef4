"""Codebook commands: what they change, and undo bringing back every code, pin and coding."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from desktop.app.anchors import annotation_from_span
from desktop.app.annotating import TagAnnotation
from desktop.app.coding_scheme import (
    AddCode,
    DeleteCode,
    MergeCodes,
    MoveCode,
    PinCode,
    RecolorCode,
)
from desktop.codebook.errors import CodebookError
from desktop.core.changes import Action, Entity
from desktop.core.model import AnnotationId, CodeId
from tests.app.conftest import Workbench
from tests.store.helpers import TEXT, dump


def _code(bench: Workbench, path: str) -> CodeId:
    return CodeId(bench.project.codes.codebook().lookup(path).guid)


def _highlight(bench: Workbench, quote: str, *codes: str) -> AnnotationId:
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


def _codes_of(bench: Workbench, annotation_id: AnnotationId) -> set[str]:
    book = bench.project.codes.codebook()
    return {book.path(c.code_id) for c in bench.project.annotations.codings(annotation_id)}


def test_merge_retags_and_undo_restores_every_coding(bench: Workbench) -> None:
    bench.editor.execute(PinCode(4, _code(bench, "COVID-19")))
    only_source = _highlight(bench, "joint calls", "COVID-19")
    both = _highlight(bench, "pandemics", "COVID-19", "Health countermeasures")
    bench.editor.execute(AddCode(_code(bench, "COVID-19"), "Lockdowns"))
    before = dump(bench.path)

    change_set = bench.editor.execute(
        MergeCodes(_code(bench, "COVID-19"), _code(bench, "Health countermeasures"))
    )

    target = "Thematic areas/Pandemics/Health countermeasures"
    assert _codes_of(bench, only_source) == {target}
    assert _codes_of(bench, both) == {target}
    book = bench.project.codes.codebook()
    assert book.lookup(f"{target}/Lockdowns").parent_guid == _code(bench, target)
    assert bench.project.codes.pins() == {}
    assert change_set.ids(Entity.ANNOTATION, Action.MODIFIED) == {only_source, both}
    assert len(change_set.ids(Entity.CODE, Action.DELETED)) == 1
    assert change_set.label == "Merge “COVID-19” into “Health countermeasures”"

    bench.editor.undo()
    assert dump(bench.path) == before
    assert bench.project.codes.pins() == {4: _code(bench, "COVID-19")}


def test_delete_removes_sub_codes_and_codings_and_undo_restores_them(bench: Workbench) -> None:
    tagged = _highlight(bench, "joint calls", "Vaccines", "Climate change")
    bench.editor.execute(PinCode(9, _code(bench, "Vaccines")))
    before = dump(bench.path)
    removed = bench.editor.execute(DeleteCode(_code(bench, "Health countermeasures")))
    assert len(removed.ids(Entity.CODE, Action.DELETED)) == 4  # the code and three sub-codes
    assert _codes_of(bench, tagged) == {"Thematic areas/Climate change"}
    assert bench.project.annotations.get(tagged) is not None
    assert bench.project.codes.pins() == {}
    bench.editor.undo()
    assert dump(bench.path) == before
    bench.editor.redo()
    assert _codes_of(bench, tagged) == {"Thematic areas/Climate change"}


def test_pins_move_between_codes(bench: Workbench) -> None:
    pandemics, climate = _code(bench, "Pandemics"), _code(bench, "Climate change")
    bench.editor.execute(PinCode(1, pandemics))
    changed = bench.editor.execute(PinCode(1, climate))
    assert bench.project.codes.pins() == {1: climate}
    assert changed.ids(Entity.CODE, Action.MODIFIED) == {pandemics, climate}
    bench.editor.execute(PinCode(2, climate))
    assert bench.project.codes.pins() == {2: climate}, "one key per code"
    bench.editor.execute(PinCode(2, None))
    assert bench.editor.undo_text == "Undo Unpin key 2"
    with pytest.raises(CodebookError):
        bench.editor.execute(PinCode(1, _code(bench, "Thematic areas")))


def test_codebook_checks_run_before_anything_is_written(bench: Workbench) -> None:
    before = dump(bench.path)
    with pytest.raises(CodebookError, match="already has a code"):
        bench.editor.execute(AddCode(_code(bench, "Thematic areas"), "pandemics"))
    with pytest.raises(CodebookError, match="Confirm the move"):
        bench.editor.execute(MoveCode(_code(bench, "Pandemics"), _code(bench, "Instruments")))
    with pytest.raises(CodebookError, match="colour"):
        bench.editor.execute(RecolorCode(_code(bench, "Pandemics"), "red"))
    assert dump(bench.path) == before
    assert not bench.editor.can_undo


def test_a_new_code_can_be_applied_at_once(bench: Workbench) -> None:
    added = AddCode(_code(bench, "Instruments"), "Twinning", color="#117733")
    change_set = bench.editor.execute(added)
    assert change_set.ids(Entity.CODE, Action.CREATED) == {added.code_id}
    annotation_id = _highlight(bench, "joint calls")
    bench.editor.execute(TagAnnotation(annotation_id, added.code_id))
    assert _codes_of(bench, annotation_id) == {"Instruments/Twinning"}


def test_undoing_a_merge_skips_an_annotation_deleted_elsewhere(bench: Workbench) -> None:
    gone = _highlight(bench, "joint calls", "COVID-19")
    kept = _highlight(bench, "pandemics", "COVID-19")
    bench.editor.execute(MergeCodes(_code(bench, "COVID-19"), _code(bench, "Pandemics")))
    with contextlib.closing(sqlite3.connect(bench.path)) as other:
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("DELETE FROM annotations WHERE id = ?", (gone,))
        other.commit()
    bench.editor.undo()
    assert _codes_of(bench, kept) == {"Thematic areas/Pandemics/COVID-19"}
    assert bench.project.annotations.get(gone) is None

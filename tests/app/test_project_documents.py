"""The Documents panel's logic without Qt: what it lists, renaming and removing a document,
and undo bringing a removed document back exactly, annotations and codings included."""

from __future__ import annotations

import pytest

from desktop.app.anchors import annotation_from_span
from desktop.app.project_documents import (
    RemoveDocument,
    RenameDocument,
    annotation_count,
    document_summaries,
)
from desktop.core.changes import Action, Entity
from desktop.core.errors import AccordError
from desktop.core.model import CodeId
from desktop.store import StaleError
from tests.app.conftest import START, Workbench
from tests.store.helpers import dump, text_document


def _annotate(bench: Workbench, count: int) -> list[str]:
    codes = [CodeId(c.guid) for c in bench.project.codes.codebook() if c.is_codable]
    made = []
    for number in range(count):
        command = annotation_from_span(
            bench.layer,
            number * 3,
            number * 3 + 8,
            document_id=bench.document_id,
            code_ids=(codes[number], codes[number + 1]),
            note=f"note {number}",
        )
        bench.editor.execute(command)
        made.append(command.annotation_id)
    return made


def _second_document(bench: Workbench) -> str:
    with bench.project.transaction():
        return bench.project.documents.add(
            text_document("Another text, unannotated."), position=1, added=START
        ).id


def test_the_panel_lists_every_document_with_its_pages_and_annotations(bench: Workbench) -> None:
    _annotate(bench, 3)
    other = _second_document(bench)
    listed = [
        (s.document.id, s.document.page_count, s.annotations)
        for s in document_summaries(bench.project)
    ]
    assert listed == [(bench.document_id, bench.document.page_count, 3), (other, 1, 0)]
    assert annotation_count(bench.project, bench.document_id) == 3


def test_removing_a_document_takes_its_annotations_and_undo_brings_back_all_exactly(
    bench: Workbench,
) -> None:
    made = _annotate(bench, 4)
    _second_document(bench)
    before = dump(bench.path)
    removed = bench.editor.execute(RemoveDocument(bench.document_id))
    assert removed.ids(Entity.DOCUMENT, Action.DELETED) == {bench.document_id}
    assert removed.ids(Entity.ANNOTATION, Action.DELETED) == set(made)
    assert bench.project.documents.get(bench.document_id) is None
    assert bench.project.annotations.count() == 0
    after = dump(bench.path)
    assert not [row for row in after["document_files"] if row[0] == bench.document_id]
    assert bench.editor.undo_text.startswith("Undo Remove document")
    restored = bench.editor.undo()
    assert restored.ids(Entity.ANNOTATION, Action.CREATED) == set(made)
    assert dump(bench.path) == before
    bench.editor.redo()
    assert dump(bench.path) == after


def test_renaming_is_undone_and_a_title_is_one_line_never_empty(bench: Workbench) -> None:
    old = bench.document.title
    change = bench.editor.execute(RenameDocument(bench.document_id, "  The\nDecree  "))
    assert change.ids(Entity.DOCUMENT, Action.MODIFIED) == {bench.document_id}
    assert bench.project.documents.get(bench.document_id).title == "The Decree"
    bench.editor.undo()
    assert bench.project.documents.get(bench.document_id).title == old
    for bad in ("", "  \n ", old):
        with pytest.raises(AccordError):
            bench.editor.execute(RenameDocument(bench.document_id, bad))


def test_undo_of_a_removal_does_not_overwrite_the_document_added_again_meanwhile(
    bench: Workbench,
) -> None:
    _annotate(bench, 1)
    bench.editor.execute(RemoveDocument(bench.document_id))
    with bench.project.transaction():
        bench.project.documents.add(text_document(bench.layer.text), position=5, added=START)
    with pytest.raises(StaleError):
        bench.editor.undo()
    assert bench.project.annotations.count() == 0

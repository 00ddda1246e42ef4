"""The annotation list's in-memory filter answers exactly as the store's SQL filter does, and
follows edits made before, during and after its load."""

from __future__ import annotations

import random

import pytest

from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.annotating import (
    CreateAnnotation,
    DeleteAnnotation,
    ResizeAnnotation,
    SetNote,
    TagAnnotation,
)
from desktop.app.annotation_index import AnnotationIndex
from desktop.codebook.model import Facet
from desktop.core.changes import Entity
from desktop.core.model import AnnotationId, CodeId
from desktop.store import AnnotationFilter
from tests.app.conftest import START, Workbench
from tests.store.helpers import TEXT, text_document, text_layer

SECOND = "Joint calls and twinning support open science; the Sides review pandemics yearly."
NOTES = ("", "", "check wording", "Key clause on FUNDING", "compare with the article")


def _codes(bench: Workbench) -> list[CodeId]:
    return [CodeId(c.guid) for c in bench.project.codes.codebook() if c.is_codable]


def _fill(bench: Workbench, count: int, *, seed: int = 3) -> list[AnnotationId]:
    """``count`` annotations over two documents by two reviewers, through commands."""
    with bench.project.transaction():
        second = bench.project.documents.add(
            text_document(SECOND, name="second.txt"), position=1, added=START
        )
    layers = {bench.document_id: bench.layer, second.id: text_layer(SECOND)}
    chance = random.Random(seed)
    codes = _codes(bench)
    made = []
    for number in range(count):
        bench.editor.reviewer = bench.project.reviewers.ensure(("Ada", "Bea")[number % 2])
        document = chance.choice(list(layers))
        layer = layers[document]
        start = chance.randrange(len(layer.text) - 12)
        end = start + chance.randrange(3, 40)
        command = annotation_from_span(
            layer,
            start,
            min(end, len(layer.text)),
            document_id=document,
            code_ids=tuple(chance.sample(codes, chance.randint(0, 3))),
            note=chance.choice(NOTES),
        )
        bench.editor.execute(command)
        made.append(command.annotation_id)
    return made


def _filters(bench: Workbench) -> list[AnnotationFilter]:
    book = bench.project.codes.codebook()
    documents = [d.id for d in bench.project.documents.all()]
    reviewers = [r.id for r in bench.project.reviewers.all()]
    pandemics = book.lookup("Pandemics").guid
    instruments = frozenset(c.guid for c in book.descendants(book.root(Facet.INSTRUMENT).guid))
    return [
        AnnotationFilter(),
        AnnotationFilter(document_ids=frozenset({documents[1]})),
        AnnotationFilter(reviewer_ids=frozenset({reviewers[0]})),
        AnnotationFilter(reviewer_ids=frozenset(reviewers)),
        AnnotationFilter(
            code_ids=frozenset({pandemics, *(c.guid for c in book.descendants(pandemics))})
        ),
        AnnotationFilter(code_ids=instruments),
        AnnotationFilter(text="the"),
        AnnotationFilter(text="FUNDING the"),
        AnnotationFilter(text="calls"),
        AnnotationFilter(text="no-such-word"),
        AnnotationFilter(
            document_ids=frozenset({documents[0]}),
            reviewer_ids=frozenset({reviewers[1]}),
            code_ids=instruments,
            text="a",
        ),
    ]


def _assert_same_as_store(bench: Workbench, index: AnnotationIndex) -> None:
    for where in _filters(bench):
        assert index.matching(where) == bench.project.annotations.ids(where), where


def test_every_kind_of_filter_selects_what_the_store_selects(bench: Workbench) -> None:
    _fill(bench, 80)
    index = AnnotationIndex(bench.project)
    assert not index.ready
    _assert_same_as_store(bench, index)
    assert index.ready and len(index) == 80
    assert 0 < len(index.matching(AnnotationFilter(text="the"))) < 80


def test_typing_on_and_adding_choices_narrow_then_widening_starts_over(bench: Workbench) -> None:
    """A filter that can only select fewer rows is tried on the last result only: each step
    of a user's edits must still select exactly what the store selects."""
    _fill(bench, 80, seed=5)
    book = bench.project.codes.codebook()
    instruments = frozenset(c.guid for c in book.descendants(book.root(Facet.INSTRUMENT).guid))
    funding = book.lookup("Funding modalities").guid
    funding_codes = frozenset({funding, *(c.guid for c in book.descendants(funding))})
    first, second = (r.id for r in bench.project.reviewers.all())
    document = bench.project.documents.all()[1].id
    steps = [
        AnnotationFilter(text="t"),
        AnnotationFilter(text="th"),
        AnnotationFilter(text="the"),
        AnnotationFilter(text="the c"),
        AnnotationFilter(text="c the"),
        AnnotationFilter(text="c"),  # a word deleted: wider again
        AnnotationFilter(code_ids=instruments, text="c"),
        AnnotationFilter(code_ids=funding_codes, text="c"),
        AnnotationFilter(code_ids=funding_codes, reviewer_ids=frozenset({first}), text="c"),
        AnnotationFilter(code_ids=funding_codes, reviewer_ids=frozenset({second}), text="c"),
        AnnotationFilter(
            document_ids=frozenset({document}),
            code_ids=funding_codes,
            reviewer_ids=frozenset({second}),
            text="c",
        ),
        AnnotationFilter(document_ids=frozenset({document}), code_ids=instruments),
        AnnotationFilter(),
        AnnotationFilter(reviewer_ids=frozenset({first, second})),
        AnnotationFilter(reviewer_ids=frozenset({second})),
    ]
    index = AnnotationIndex(bench.project)
    for where in steps:
        assert index.matching(where) == bench.project.annotations.ids(where), where


def test_case_is_ignored_in_every_script(bench: Workbench) -> None:
    start = TEXT.index("Café")
    command = annotation_from_span(
        bench.layer, start, start + 4, document_id=bench.document_id, note="ÉTUDE préalable"
    )
    bench.editor.execute(command)
    index = AnnotationIndex(bench.project)
    for text in ("CAFÉ", "café", "étude PRÉALABLE"):
        assert index.matching(AnnotationFilter(text=text)) == [command.annotation_id]
    assert index.matching(AnnotationFilter(text="cafe")) == []  # accents still count


def test_edits_after_the_load_are_followed(bench: Workbench) -> None:
    made = _fill(bench, 40)
    index = AnnotationIndex(bench.project)
    index.load_all()
    unused = next(
        c
        for c in _codes(bench)
        if c not in {x.code_id for x in bench.project.annotations.codings(made[3])}
    )
    change_sets = [
        bench.editor.execute(DeleteAnnotation(made[0])),
        bench.editor.execute(SetNote(made[1], "funding THE calls")),
        bench.editor.execute(ResizeAnnotation(made[2], anchor_for_span(bench.layer, 0, 3))),
        bench.editor.execute(TagAnnotation(made[3], unused)),
        bench.editor.execute(_new_highlight(bench)),
        bench.editor.undo(),
        bench.editor.redo(),
    ]
    for change_set in change_sets:
        index.refresh(change_set.ids(Entity.ANNOTATION))
    _assert_same_as_store(bench, index)
    assert len(index) == 40


def test_edits_during_the_load_are_not_lost(bench: Workbench) -> None:
    made = _fill(bench, 30)
    index = AnnotationIndex(bench.project, batch=4)
    assert not index.load_batch() and not index.load_batch()  # eight rows read
    in_order = bench.project.annotations.ids()
    new = _new_highlight(bench)
    change_sets = [
        bench.editor.execute(DeleteAnnotation(in_order[7])),  # the last row read
        bench.editor.execute(DeleteAnnotation(in_order[20])),  # a row not read yet
        bench.editor.execute(SetNote(in_order[2], "calls for FUNDING")),
        bench.editor.execute(
            ResizeAnnotation(in_order[3], anchor_for_span(bench.layer, len(TEXT) - 6, len(TEXT)))
        ),  # from read to not yet read
        bench.editor.execute(new),
    ]
    for change_set in change_sets:  # each read again after a batch that saw the edits
        index.load_batch()
        index.refresh(change_set.ids(Entity.ANNOTATION))
    assert not index.ready
    _assert_same_as_store(bench, index)
    assert len(index) == len(made) - 2 + 1


def test_random_edits_between_batches_end_as_the_store(bench: Workbench) -> None:
    made = _fill(bench, 40, seed=8)
    chance = random.Random(9)
    index = AnnotationIndex(bench.project, batch=3)
    alive = list(made)
    while not index.load_batch():
        victim = chance.choice(alive)
        step = chance.choice(("delete", "note", "move", "new"))
        if step == "delete":
            change_set = bench.editor.execute(DeleteAnnotation(victim))
            alive.remove(victim)
        elif step == "note":
            change_set = bench.editor.execute(SetNote(victim, chance.choice(NOTES)))
        elif step == "move":
            start = chance.randrange(len(TEXT) - 10)
            change_set = bench.editor.execute(
                ResizeAnnotation(victim, anchor_for_span(bench.layer, start, start + 5))
            )
        else:
            change_set = bench.editor.execute(_new_highlight(bench))
            alive.extend(change_set.ids(Entity.ANNOTATION))
        index.refresh(change_set.ids(Entity.ANNOTATION))
    _assert_same_as_store(bench, index)


@pytest.mark.parametrize("when", ["before the first batch", "after the load"])
def test_a_deleted_annotation_never_comes_back(bench: Workbench, when: str) -> None:
    made = _fill(bench, 5)
    index = AnnotationIndex(bench.project)
    if when == "after the load":
        index.load_all()
    bench.editor.execute(DeleteAnnotation(made[0]))
    index.refresh([made[0]])
    assert made[0] not in index.matching(AnnotationFilter())
    assert index.matching(AnnotationFilter()) == bench.project.annotations.ids()


def _new_highlight(bench: Workbench) -> CreateAnnotation:
    start = TEXT.index("joint calls")
    return annotation_from_span(
        bench.layer, start, start + 11, document_id=bench.document_id, note="the new one"
    )

"""The annotation list of a large project fills as its index loads, a batch at a time while
the window is idle, and ends complete and in reading order, whatever was edited meanwhile:
an edit during the filling is neither lost nor shown twice."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.annotating import DeleteAnnotation, ResizeAnnotation
from desktop.core.model import Annotation, Coding, new_annotation_id
from desktop.store import AnnotationFilter
from desktop.ui.annotation_model import AnnotationTableModel
from desktop.ui.idle_work import Urgency, idle_work
from tests.ui.test_annotation_list import START, Corpus, Workspace, corpus  # noqa: F401 (a fixture)

COUNT = 2000


@pytest.fixture
def large(corpus: Corpus, tmp_path) -> Iterator[Workspace]:  # noqa: F811
    """``COUNT`` annotations over the letter, in one transaction, as an import makes them."""
    made = Workspace(corpus, tmp_path)
    project, layer = made.project, corpus.layers[corpus.letter]
    chance = random.Random(12)
    reviewer = project.reviewers.ensure("Ada").id
    code = made.code("Pandemics")
    moment = START
    with project.transaction():
        for _ in range(COUNT):
            start = chance.randrange(len(layer.text) - 200)
            anchor = anchor_for_span(layer, start, start + chance.randrange(5, 200))
            annotation = Annotation(
                new_annotation_id(), corpus.letter, anchor, "", reviewer, moment, moment
            )
            project.annotations.insert(annotation, [Coding(annotation.id, code, reviewer, moment)])
    yield made
    made.project.close()


def _rows(model: AnnotationTableModel) -> list[str]:
    return [model.annotation_id(row) for row in range(model.rowCount())]


def test_the_list_fills_a_batch_at_a_time_and_ends_complete(large, qtbot) -> None:
    model = AnnotationTableModel(large.bridge)
    assert model.filling
    assert 0 < model.rowCount() < COUNT, "the first batch at once, the rest while idle"
    assert model.total == COUNT
    qtbot.waitUntil(lambda: not model.filling, timeout=30_000)
    assert _rows(model) == large.project.annotations.ids()


def test_edits_while_the_list_fills_are_neither_lost_nor_shown_twice(large, qtbot) -> None:
    model = AnnotationTableModel(large.bridge)
    idle_work().stop(model._fill)  # the test says when each batch comes
    model._fill(0.0)
    model._fill(0.0)
    loaded = _rows(model)
    assert model.filling and len(loaded) < COUNT
    layer, letter = large.corpus.layers[large.corpus.letter], large.corpus.letter
    text = layer.text

    def make(at: int) -> str:
        made = annotation_from_span(layer, at, at + 12, document_id=letter)
        assert large.bridge.execute(made) is not None
        return made.annotation_id

    early = make(0)  # before the rows loaded so far: placed now
    late = make(len(text) - 20)  # past them: it comes with its batch
    large.bridge.execute(DeleteAnnotation(loaded[5]))  # loaded: its row goes now
    unloaded = large.project.annotations.ids()[-3]
    large.bridge.execute(DeleteAnnotation(unloaded))  # not loaded yet: never shown
    moved = loaded[10]  # loaded, then moved past the rows loaded so far
    large.bridge.execute(
        ResizeAnnotation(moved, anchor_for_span(layer, len(text) - 40, len(text) - 30))
    )
    assert early in _rows(model)
    assert late not in _rows(model)

    idle_work().start(model._fill, Urgency.LIST)
    qtbot.waitUntil(lambda: not model.filling, timeout=30_000)
    rows = _rows(model)
    assert len(rows) == len(set(rows)) == COUNT + 2 - 2 == model.total
    assert set(rows) == set(large.project.annotations.ids())
    assert loaded[5] not in rows and unloaded not in rows
    assert {early, late, moved} <= set(rows)
    model.set_filter(AnnotationFilter(text="zzz-no-such-word"))
    model.set_filter(AnnotationFilter())
    assert _rows(model) == large.project.annotations.ids()  # the index saw every edit

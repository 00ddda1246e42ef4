"""What the annotation list asks of the index about one annotation just made: whether the
filter selects it, and its place in reading order, as the whole filter would answer."""

from __future__ import annotations

from desktop.app.annotation_index import AnnotationIndex
from desktop.core.changes import Entity
from tests.app.conftest import Workbench
from tests.app.test_annotation_index import _fill, _filters, _new_highlight


def test_one_annotation_is_selected_exactly_when_the_filter_selects_it(bench: Workbench) -> None:
    made = _fill(bench, 60, seed=5)
    index = AnnotationIndex(bench.project)
    index.load_all()
    for where in _filters(bench):
        selected = set(index.matching(where))
        assert {found for found in made if index.accepts(found, where)} == selected, where
    assert not index.accepts("no-such-annotation", _filters(bench)[0])


def test_reading_order_is_the_order_of_the_keys(bench: Workbench) -> None:
    _fill(bench, 40, seed=6)
    index = AnnotationIndex(bench.project)
    index.load_all()
    new = bench.editor.execute(_new_highlight(bench))
    index.refresh(new.ids(Entity.ANNOTATION))
    listed = bench.project.annotations.ids()
    assert sorted(listed, key=index.key) == listed

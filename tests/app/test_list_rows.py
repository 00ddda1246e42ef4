"""The annotation list's rows follow edits without Qt: created and deleted annotations come and
go row by row in reading order (a view keeps its place), a changed one is repainted where it
is, and only a bulk edit resets the list."""

from __future__ import annotations

from desktop.app.anchors import annotation_from_span
from desktop.app.annotating import DeleteAnnotation, SetNote
from desktop.app.annotation_index import AnnotationIndex
from desktop.app.list_rows import PAGE, ListRows
from desktop.core.changes import ChangeSet, Entity, changes
from desktop.core.model import AnnotationId
from desktop.store import AnnotationFilter
from tests.app.conftest import Workbench
from tests.app.test_annotation_index import _fill


class View:
    """What a view sees of the rows: each one told to come or go, and the resets."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        self.rows_of: ListRows | None = None
        self.events: list[str] = []
        self._pending: tuple[int, ...] | tuple[str, int] | tuple[str, int, int] | None = None

    def begin_remove(self, row: int) -> None:
        self._pending = ("remove", row)

    def end_remove(self) -> None:
        assert self._pending is not None and self.rows_of is not None
        del self.rows[self._pending[1]]
        self.events.append("remove")

    def begin_insert(self, first: int, last: int) -> None:
        self._pending = ("insert", first, last)

    def end_insert(self) -> None:
        assert self._pending is not None and self.rows_of is not None
        first, last = self._pending[1], self._pending[2]
        self.rows[first:first] = self.rows_of.ids[first : last + 1]
        self.events.append("insert")

    def begin_reset(self) -> None:
        self.events.append("reset")

    def end_reset(self) -> None:
        assert self.rows_of is not None
        self.rows = list(self.rows_of.ids)


def _list(bench: Workbench, where: AnnotationFilter) -> tuple[ListRows, View, AnnotationIndex]:
    index = AnnotationIndex(bench.project)
    index.load_all()
    view = View()
    rows = ListRows(index.matching(where), view)
    view.rows_of, view.rows = rows, list(rows.ids)
    return rows, view, index


def test_a_new_and_a_deleted_annotation_come_and_go_row_by_row(bench: Workbench) -> None:
    made = _fill(bench, 30)
    where = AnnotationFilter(text="the")
    rows, view, index = _list(bench, where)
    command = annotation_from_span(bench.layer, 4, 9, document_id=bench.document_id, note="the")
    change = bench.editor.execute(command)
    moved = rows.apply(change, index=index, where=where, query=lambda: index.matching(where))
    assert moved.counts and view.events == ["insert"]
    assert rows.ids == index.matching(where) == bench.project.annotations.ids(where)
    assert view.rows == rows.ids
    gone = rows.ids[len(rows.ids) // 2]
    change = bench.editor.execute(DeleteAnnotation(gone))
    rows.apply(change, index=index, where=where, query=lambda: index.matching(where))
    assert view.events == ["insert", "remove"] and gone not in rows.ids
    assert view.rows == rows.ids == bench.project.annotations.ids(where)
    hidden = next(found for found in made if found not in rows.ids and found != gone)
    change = bench.editor.execute(DeleteAnnotation(hidden))  # not listed: nothing moves
    assert not rows.apply(change, index=index, where=where, query=lambda: []).repaint
    assert view.events == ["insert", "remove"]


def test_a_changed_annotation_keeps_its_row_and_is_repainted(bench: Workbench) -> None:
    _fill(bench, 20)
    where = AnnotationFilter()
    rows, view, index = _list(bench, where)
    target = rows.ids[5]
    change = bench.editor.execute(SetNote(target, "no longer matches anything"))
    moved = rows.apply(change, index=index, where=AnnotationFilter(text="zzz"), query=list)
    assert moved.repaint == [5] and not moved.counts
    assert rows.ids[5] == target and view.events == []


def test_a_bulk_edit_resets_the_list(bench: Workbench) -> None:
    _fill(bench, PAGE + 5)
    where = AnnotationFilter()
    rows, view, index = _list(bench, where)
    ids = list(rows.ids)
    with bench.project.transaction():
        for annotation_id in ids:
            bench.project.annotations.delete(annotation_id)
    change = ChangeSet(changes(Entity.ANNOTATION, deleted=ids), "Import")
    rows.apply(change, index=index, where=where, query=lambda: index.matching(where))
    assert view.events == ["reset"] and rows.ids == [] == view.rows
    assert rows.row_of(AnnotationId(ids[0])) is None

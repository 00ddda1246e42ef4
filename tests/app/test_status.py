"""An annotation's review status, declared once (``Annotation.status``): new ones are
proposed; it is set by an undoable command; every filter path selects by it alike; and,
like every field declared ``listed``, it reaches the store, the list, the exports and
``accord list`` with no edit of its own there."""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from desktop.app import terminal
from desktop.app.annotating import SetField
from desktop.app.annotation_index import AnnotationIndex
from desktop.app.annotation_rows import COLUMNS, format_row
from desktop.core.errors import AccordError
from desktop.core.model import Annotation, Status
from desktop.core.record import listed_fields
from desktop.formats.refi.listed_carrier import description, read_description
from desktop.formats.report import export as report
from desktop.formats.source import read_source
from desktop.formats.tables import csv_table, xlsx
from desktop.store import AnnotationFilter
from tests.app.conftest import Workbench
from tests.app.test_annotation_index import _fill


def test_a_new_annotation_is_proposed_and_a_status_change_undoes(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    assert bench.project.annotations.require(made).status is Status.PROPOSED
    before = bench.project.annotations.snapshot(made)
    bench.editor.execute(SetField(made, "status", Status.ACCEPTED))
    after = bench.project.annotations.require(made)
    assert after.status is Status.ACCEPTED
    assert bench.editor.undo_text == "Undo Set status to accepted"
    bench.editor.undo()
    assert bench.project.annotations.snapshot(made) == before
    bench.editor.redo()
    assert bench.project.annotations.require(made) == after
    bench.editor.execute(SetField(made, "status", "disputed"))  # its text names it too
    assert bench.project.annotations.require(made).status is Status.DISPUTED


def test_a_status_that_is_not_one_is_refused_and_changes_nothing(bench: Workbench) -> None:
    (made,) = _fill(bench, 1)
    before = bench.project.annotations.snapshot(made)
    with pytest.raises(AccordError, match="“settled” is not a Status; choose one of proposed"):
        bench.editor.execute(SetField(made, "status", "settled"))
    with pytest.raises(AccordError, match="no field “colour”"):
        bench.editor.execute(SetField(made, "colour", "red"))
    assert bench.project.annotations.snapshot(made) == before
    with (
        contextlib.closing(sqlite3.connect(bench.path)) as connection,
        pytest.raises(sqlite3.IntegrityError),  # the column refuses one too
    ):
        connection.execute("UPDATE annotations SET status = 'settled'")


def test_the_store_and_the_list_index_select_the_same_statuses(bench: Workbench) -> None:
    made = _fill(bench, 40)
    for number, annotation_id in enumerate(made):
        status = list(Status)[number % 4]
        if status is not Status.PROPOSED:
            bench.editor.execute(SetField(annotation_id, "status", status))
    index = AnnotationIndex(bench.project)
    document = bench.project.documents.all()[0].id
    for where in [
        AnnotationFilter(statuses=frozenset({Status.ACCEPTED})),
        AnnotationFilter(statuses=frozenset({Status.PROPOSED, Status.REJECTED})),
        AnnotationFilter(statuses=frozenset({Status.DISPUTED}), text="the"),
        AnnotationFilter(statuses=frozenset({Status.DISPUTED}), document_ids=frozenset({document})),
    ]:
        expected = bench.project.annotations.ids(where)
        assert 0 < len(expected) < 40
        assert index.matching(where) == expected, where
        assert bench.project.annotations.count(where) == len(expected)
        assert all(index.accepts(found, where) for found in expected)
    bench.editor.execute(SetField(made[0], "status", Status.REJECTED))
    index.refresh([made[0]])
    rejected = AnnotationFilter(statuses=frozenset({Status.REJECTED}))
    assert made[0] in index.matching(rejected) == bench.project.annotations.ids(rejected)


def test_every_listed_field_reaches_the_store_the_list_and_the_exports(
    bench: Workbench, tmp_path: Path
) -> None:
    """Declared once: each field the annotation declares ``listed`` (the status first of
    all) is a column of the table, a column of the list, of the CSV and XLSX exports, a field
    of ``accord list``, and a line of the report, with its value, from the declaration alone."""
    listed = listed_fields(Annotation)
    assert "status" in [field.name for field in listed]
    (made,) = _fill(bench, 1)
    bench.editor.execute(SetField(made, "status", Status.DISPUTED))
    annotation = bench.project.annotations.require(made)
    with contextlib.closing(sqlite3.connect(bench.path)) as connection:
        connection.row_factory = sqlite3.Row
        stored = connection.execute("SELECT * FROM annotations").fetchone()
    row = format_row(annotation, (), title="Notes", reviewer="Ada")
    headers = [column.header for column in COLUMNS]
    out = io.StringIO()
    terminal.list_annotations(bench.path, typed={}, output_format="json", out=out)
    csv_out = tmp_path / "a.csv"
    csv_table.export(read_source(bench.project), csv_out)
    with csv_out.open(encoding="utf-8", newline="") as file:
        header, values = list(csv.reader(file))[:2]
    md, html = tmp_path / "a.md", tmp_path / "a.html"
    report.export_markdown(read_source(bench.project), md)
    report.export_html(read_source(bench.project), html)
    xlsx_out = tmp_path / "a.xlsx"
    xlsx.export(read_source(bench.project), xlsx_out)
    sheet = load_workbook(xlsx_out, read_only=True)["Annotations"]
    xlsx_header, xlsx_values = list(sheet.iter_rows(max_row=2, values_only=True))
    for field in listed:
        value = field.get(annotation).value
        assert stored[field.column] == value
        assert field.title in headers
        assert COLUMNS[headers.index(field.title)].cell(row) == value
        assert field.name in csv_table.COLUMNS and field.name in header
        assert values[header.index(field.name)] == value
        assert field.name in terminal.LIST_FIELDS and f'"{field.name}": "{value}"' in out.getvalue()
        assert xlsx_values[xlsx_header.index(field.name)] == value
        assert f"{field.title}: {value}" in md.read_text(encoding="utf-8")
        assert f"{field.title}: {value}" in html.read_text(encoding="utf-8")


notes = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).map(str.strip) | (
    st.sampled_from(["", "x"]).map(lambda note: f"{note}\n[accord:status=accepted]".strip())
)


@given(notes, st.sampled_from(list(Status)))
def test_a_status_rides_in_a_description_without_changing_the_note(
    note: str, status: Status
) -> None:
    """The REFI-QDA carrier is lossless: any note, any status (a note whose last line looks
    like the carrier's included); a proposed annotation's description is its note."""
    text = description(note, SimpleNamespace(status=status))
    assert read_description(text) == (note, {"status": status.value} if text != note else {})
    if status is Status.PROPOSED and not note.endswith("]"):
        assert text == note

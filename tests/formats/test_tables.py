"""The table exports: their columns are declared once (and follow the annotation's fields), and
their fast paths write the bytes ``csv.writer`` and XlsxWriter write."""

from __future__ import annotations

import csv
import itertools
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from desktop.app.anchors import anchor_for_span
from desktop.core.model import Annotation, AnnotationId, CodeId, Coding, parse_time
from desktop.core.record import FlatField
from desktop.formats import columns
from desktop.formats.columns import Column
from desktop.formats.source import ExportSource, read_source
from desktop.formats.tables import csv_table, xlsx, xlsx_sheet
from desktop.store import AnnotationRecord, Project
from tests.formats.report_project import START
from tests.store.helpers import small_project, text_document, text_layer


def test_a_column_declared_once_reaches_the_spreadsheet(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(The CSV's rows are still written out column by column, for speed: the test below
    compares them with the declaration's, so a column added without them fails it.)"""

    def mood(record: AnnotationRecord, _lookups: object) -> str:
        return f"calm {record.id[:4]}"

    added = Column("mood", "annotation", "text", 12, derive=mood)
    monkeypatch.setattr(columns, "COLUMNS", (*columns.COLUMNS[:3], added, *columns.COLUMNS[3:]))
    source = read_source(project)
    xlsx.export(source, tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["Annotations"]
    header, *cells = sheet.iter_rows(values_only=True)
    assert header[3] == "mood"
    assert [row[3] for row in cells] == [f"calm {row[0][:4]}" for row in cells]
    assert all(isinstance(row[4], int) for row in cells)  # (the page, a number, moved along)


_HOSTILE_NOTES = (
    "bell\x07 & <tag>\r\nnext line",
    "  leading and trailing  ",
    "_x0041_ is not an A",
    "non-characters \ufffe\uffff, astral 𝓔𝓤",
    "",
    '=HYPERLINK("a, b")',
    '"',
)


def _hostile_source(path: Path) -> Iterator[ExportSource]:
    """A project whose notes and context hold what escaping gets wrong, and a quote longer
    than a cell."""
    # Context that starts like a formula and holds commas, quotes and line breaks:
    text = '=A, "b"\n' + "x𝓔" * 20_000 + '\n=C, "d" end.'
    with small_project(path, documents=[text_document(text)]) as project:
        layer = text_layer(text)
        reviewer = project.reviewers.ensure('Ada <&> “Lovelace”, "Ada"')
        document = project.documents.all()[0].id
        code = CodeId(project.codes.codebook().lookup("Joint calls").guid)
        with project.transaction():
            for number, note in enumerate(_HOSTILE_NOTES):
                annotation = Annotation(
                    AnnotationId(f"0000000{number}-0000-4000-8000-000000000000"),
                    document,
                    anchor_for_span(layer, 8 + number, len(text) - 13 - number),
                    note,
                    reviewer.id,
                    START,
                    START + timedelta(seconds=number * 7919.123),
                )
                codings = [Coding(annotation.id, code, reviewer.id, START)] if number % 2 else []
                project.annotations.insert(annotation, codings)
        yield read_source(project)


def _library_rows(source: ExportSource, encoders: list[Any]) -> Iterator[tuple[Any, ...]]:
    """Whole rows, in the columns' order, for the library paths."""
    table = columns.TableRows(source, encoders, empty="", run=tuple)
    for record in source.records():
        for segments in table.of(record):
            yield tuple(itertools.chain.from_iterable(segments))


def test_the_csv_fast_path_writes_the_bytes_csv_writer_writes(tmp_path: Path) -> None:
    for source in _hostile_source(tmp_path / "p.accord"):
        csv_table.export(source, tmp_path / "fast.csv")
        with (tmp_path / "library.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(columns.names())
            encoders = [csv_table.inert if c.kind == "text" else None for c in columns.COLUMNS]
            writer.writerows(_library_rows(source, encoders))
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "library.csv").read_bytes()


def test_the_spreadsheet_fast_path_writes_the_rows_xlsxwriter_writes(tmp_path: Path) -> None:
    """The same rows through XlsxWriter's own API (constant-memory mode, inline strings): the
    sheet's data are the same bytes. (Not compared: a text of the form ``<r>…</r>``, which
    XlsxWriter writes unescaped as a rich string and the fast path escapes as any text.)"""
    for source in _hostile_source(tmp_path / "p.accord"):
        xlsx.export(source, tmp_path / "fast.xlsx")
        _through_xlsxwriter(source, tmp_path / "library.xlsx")
    assert _sheet_data(tmp_path / "fast.xlsx") == _sheet_data(tmp_path / "library.xlsx")


def _through_xlsxwriter(source: ExportSource, path: Path) -> None:
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet(xlsx.ANNOTATIONS)
    header = workbook.add_format({"bold": True, "bg_color": "#E8EAED", "bottom": 1})
    dates = workbook.add_format({"num_format": xlsx.DATE_FORMAT})
    for index, column in enumerate(columns.COLUMNS):
        sheet.set_column(index, index, column.width, dates if column.kind == "date" else None)
        sheet.write_string(0, index, column.name, header)
    rows = _library_rows(source, [None] * len(columns.COLUMNS))
    for row, values in enumerate(rows, start=1):
        for index, (column, value) in enumerate(zip(columns.COLUMNS, values, strict=True)):
            if column.kind == "number":
                sheet.write_number(row, index, value)
            elif column.kind == "date" and value:
                sheet.write_datetime(row, index, _naive(parse_time(value)), dates)
            elif column.kind in ("id", "text") and value:
                sheet.write_string(row, index, xlsx_sheet.cut(value))
    workbook.close()


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def _sheet_data(path: Path) -> bytes:
    """The data rows (the header row is XlsxWriter's in both), the date columns' style number
    (which depends on the order a workbook made its styles in) named."""
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
        style = xlsx_sheet._date_style(archive.read("xl/styles.xml"), xlsx.DATE_FORMAT)
    data = sheet[sheet.index(b"</row>") + 6 : sheet.index(b"</sheetData>")]
    return data.replace(f's="{style}"'.encode(), b's="DATE"')


def test_a_field_the_annotation_lists_gets_a_column_in_both_tables() -> None:
    """``status`` is listed today; ``mood`` stands for the next field listed."""
    assert columns.names()[-1] == "status"
    assert columns.names() == csv_table.COLUMNS
    mood = FlatField("mood", "mood", "mood", str, "Mood", None)
    made = columns.with_listed(columns.COLUMNS, [mood])
    assert [c.name for c in made] == [*columns.names(), "mood"]

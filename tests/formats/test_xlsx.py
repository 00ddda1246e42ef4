"""The Excel workbook, read back with openpyxl and checked against the project itself."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from desktop.app.anchors import anchor_for_span
from desktop.codebook.model import Codebook, Facet
from desktop.core.model import Annotation, AnnotationId, CodeId, Coding, DocumentId
from desktop.formats.files import ExportWriteError
from desktop.formats.source import Cancelled, ExportOptions, read_source
from desktop.formats.tables import csv_table, xlsx, xlsx_sheet
from desktop.store import AnnotationSnapshot, Project, open_project
from tests.cli.hostile_files import formula_project
from tests.formats.report_project import PLAN, START
from tests.store.helpers import small_project, text_document, text_layer


@pytest.fixture
def project(annotated: tuple[Path, dict[DocumentId, str]]) -> Iterator[Project]:
    with open_project(annotated[0]) as project:
        yield project


def _sheet_rows(sheet: Worksheet) -> list[dict[str, object]]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _naive(moment: datetime) -> datetime:
    """What Excel holds for a UTC moment: the same wall time, no zone."""
    return moment.replace(tzinfo=None)


def test_the_annotations_sheet_has_a_row_per_annotation_and_code(
    project: Project, tmp_path: Path
) -> None:
    target = tmp_path / "eu-japan.xlsx"
    seen: list[tuple[int, int]] = []
    xlsx.export(
        read_source(project), target, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (len(PLAN), len(PLAN))
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Annotations", "Codebook", "Theme × Instrument", "Links"]
    sheet = workbook["Annotations"]
    codebook = project.codes.codebook()
    titles = {d.id: d.title for d in project.documents.all()}
    names = {r.id: r.name for r in project.reviewers.all()}
    expected = []
    for snapshot in project.annotations.snapshots():
        a, anchor = snapshot.annotation, snapshot.annotation.anchor
        common = {
            "annotation_id": a.id,
            "document": titles[a.document_id],
            "document_fingerprint": a.document_id,
            "page": anchor.page + 1,
            "start": anchor.start,
            "end": anchor.end,
            "quote": anchor.exact,
            "prefix": anchor.prefix or None,
            "suffix": anchor.suffix or None,
            "note": a.note or None,
            "reviewer": names[a.reviewer_id],
            "created": _naive(a.created),
            "modified": _naive(a.modified),
            "status": a.status.value,
        }
        no_code = dict.fromkeys(
            ("code", "code_path", "code_id", "facet", "code_color", "coded_by", "coded_at")
        )
        for coding in snapshot.codings or [None]:
            code = codebook[coding.code_id] if coding else None
            expected.append(
                common | no_code
                if code is None
                else common
                | {
                    "code": code.name,
                    "code_path": codebook.path(code.guid),
                    "code_id": code.guid,
                    "facet": code.facet.value,
                    "code_color": code.color,
                    "coded_by": names[coding.reviewer_id],
                    "coded_at": _naive(coding.created),
                }
            )
    assert _sheet_rows(sheet) == expected
    assert len(expected) == sum(max(1, len(p.codes)) for p in PLAN)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:U{len(expected) + 1}"
    assert sheet.column_dimensions["G"].width > 3 * sheet.column_dimensions["D"].width
    created = sheet["Q2"]
    assert created.is_date and "yyyy-mm-dd hh:mm:ss" in created.number_format
    assert created.value == _naive(START).replace(minute=1)


def test_its_columns_are_the_csv_exports(project: Project, tmp_path: Path) -> None:
    """Someone who switches between the CSV and the workbook finds the same table."""
    source = read_source(project)
    xlsx.export(source, tmp_path / "a.xlsx")
    csv_table.export(source, tmp_path / "a.csv")
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as file:
        from_csv = list(csv.reader(file))
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["Annotations"]
    from_xlsx = list(sheet.iter_rows(values_only=True))
    assert list(from_xlsx[0]) == from_csv[0]
    text_columns = [
        i
        for i, name in enumerate(from_csv[0])
        if name not in {"page", "start", "end", "created", "modified", "coded_at"}
    ]
    assert [[row[i] or "" for i in text_columns] for row in from_xlsx[1:]] == [
        [row[i] for i in text_columns] for row in from_csv[1:]
    ]


def _direct_and_rolled(
    snapshots: list[AnnotationSnapshot], codebook: Codebook
) -> tuple[Counter[str], Counter[str]]:
    direct: Counter[str] = Counter()
    rolled: Counter[str] = Counter()
    for snapshot in snapshots:
        codes = {c.code_id for c in snapshot.codings}
        direct.update(codes)
        rolled.update({a.guid for code in codes for a in codebook.ancestors(code)} | codes)
    return direct, rolled


def test_the_codebook_sheet_lists_every_code_with_its_colour_and_counts(
    project: Project, tmp_path: Path
) -> None:
    xlsx.export(read_source(project), tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx")["Codebook"]
    codebook = project.codes.codebook()
    direct, rolled = _direct_and_rolled(list(project.annotations.snapshots()), codebook)
    rows = _sheet_rows(sheet)
    assert [row["guid"] for row in rows] == [code.guid for code in codebook]
    for number, (row, code) in enumerate(zip(rows, codebook, strict=True), start=2):
        parent = codebook.parent(code.guid)
        assert row == {
            "path": codebook.path(code.guid),
            "name": code.name,
            "facet": code.facet.value,
            "parent": parent.name if parent else None,
            "colour": code.color,
            "description": code.description or None,
            "guid": code.guid,
            "annotations": direct[code.guid],
            "with sub-codes": rolled[code.guid],
        }
        fill = sheet.cell(number, 5).fill
        assert fill.fill_type == "solid" and fill.fgColor.rgb == "FF" + code.color[1:]
    pandemics = codebook.lookup("Pandemics").guid
    assert (direct[pandemics], rolled[pandemics]) == (1, 2)  # one itself, one COVID-19
    assert rolled[codebook.root(Facet.THEMATIC).guid] == 5
    assert sheet.freeze_panes == "A2"


def _tables(sheet: Worksheet) -> dict[str, dict[tuple[str, str], int]]:
    """The matrix sheet's two tables, by their title, as {(row name, column name): count}."""
    tables: dict[str, dict[tuple[str, str], int]] = {}
    values = list(sheet.iter_rows(values_only=True))
    for index, row in enumerate(values):
        if row[0] in ("Including sub-codes", "This code only"):
            header = values[index + 1]
            cells: dict[tuple[str, str], int] = {}
            for body in values[index + 2 :]:
                if body[0] is None:
                    break
                cells.update(
                    {
                        (body[0], name): count
                        for name, count in zip(header[1:], body[1:], strict=True)
                    }
                )
            tables[row[0]] = cells
    return tables


def test_the_matrix_counts_annotations_with_both_codes_directly_and_with_sub_codes(
    project: Project, tmp_path: Path
) -> None:
    xlsx.export(read_source(project), tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx")["Theme × Instrument"]
    assert "sub-codes count with it" in sheet["A1"].value
    codebook = project.codes.codebook()
    direct: Counter[tuple[str, str]] = Counter()
    rolled: Counter[tuple[str, str]] = Counter()
    for snapshot in project.annotations.snapshots():
        codes = [codebook[c.code_id] for c in snapshot.codings]
        themes = [c for c in codes if c.facet is Facet.THEMATIC]
        tools = [c for c in codes if c.facet is Facet.INSTRUMENT]
        direct.update((t.name, i.name) for t in themes for i in tools)
        theme_branch = {a.name for t in themes for a in (*codebook.ancestors(t.guid)[1:], t)}
        tool_branch = {a.name for i in tools for a in (*codebook.ancestors(i.guid)[1:], i)}
        rolled.update((t, i) for t in theme_branch for i in tool_branch)
    tables = _tables(sheet)
    for title, expected in (("Including sub-codes", rolled), ("This code only", direct)):
        table = tables[title]
        assert len(table) == 19 * 31  # every thematic code × every instrument code
        assert {pair: n for pair, n in table.items() if n} == dict(expected)
    # Climate change carries UNFCCC COP (plan 3) and, through Climate neutrality, NDCs (plan 4)
    pair = ("Climate change", "Multilateral and policy frameworks")
    assert (tables["Including sub-codes"][pair], tables["This code only"][pair]) == (2, 0)


def test_filters_narrow_every_sheet(project: Project, tmp_path: Path) -> None:
    bea = next(r for r in project.reviewers.all() if r.name == "Bea")
    source = read_source(project, options=ExportOptions(reviewer_ids=frozenset({bea.id})))
    xlsx.export(source, tmp_path / "bea.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "bea.xlsx")
    rows = _sheet_rows(workbook["Annotations"])
    planned = [p for p in PLAN if p.reviewer == "Bea"]
    assert {row["annotation_id"] for row in rows} == {p.id for p in planned}
    counts = {row["name"]: row["annotations"] for row in _sheet_rows(workbook["Codebook"])}
    assert counts["COVID-19"] == 0 and counts["Climate neutrality"] == 1


def test_text_excel_cannot_hold_is_escaped_or_cut_and_said_so(tmp_path: Path) -> None:
    text = "Clause one. " + "x" * 40_000 + " end."
    with small_project(tmp_path / "long.accord", documents=[text_document(text)]) as project:
        layer = text_layer(text)
        reviewer = project.reviewers.ensure("Ada <&> “Lovelace”")
        document = project.documents.all()[0].id
        code = CodeId(project.codes.codebook().lookup("Joint calls").guid)
        with project.transaction():
            annotation = Annotation(
                AnnotationId("0000000A-0000-4000-8000-000000000000"),
                document,
                anchor_for_span(layer, 0, len(text)),
                "bell\x07 & <tag>\r\nnext line",
                reviewer.id,
                START,
                START,
            )
            project.annotations.insert(
                annotation, [Coding(annotation.id, code, reviewer.id, START)]
            )
        xlsx.export(read_source(project), tmp_path / "long.xlsx")
    row = _sheet_rows(openpyxl.load_workbook(tmp_path / "long.xlsx")["Annotations"])[0]
    assert len(row["quote"]) == xlsx_sheet.MAX_CELL_TEXT
    assert row["quote"] == text[: xlsx_sheet.MAX_CELL_TEXT - 1] + "…"
    assert row["note"] == "bell_x0007_ & <tag>_x000D_\nnext line"
    assert row["reviewer"] == "Ada <&> “Lovelace”"


def test_an_export_too_big_for_excel_is_refused_and_leaves_no_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_sheet, "MAX_ROWS", 5)
    target = tmp_path / "big.xlsx"
    with pytest.raises(xlsx_sheet.SpreadsheetError, match=r"“big\.xlsx” cannot hold this export"):
        xlsx.export(read_source(project), target)
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_export_leaves_no_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.formats.tables import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "PROGRESS_EVERY", 2)

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    target = tmp_path / "cancelled.xlsx"
    target.write_bytes(b"the previous export")
    with pytest.raises(Cancelled):
        xlsx.export(read_source(project), target, progress=cancel)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["cancelled.xlsx"]


def test_a_workbook_that_cannot_be_written_says_where_and_why(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "a file").write_text("not a folder")
    with pytest.raises(
        ExportWriteError, match=r"could not write “.*w\.xlsx”: File exists. Nothing was written"
    ):
        xlsx.export(read_source(project), tmp_path / "a file" / "w.xlsx")


def test_text_that_starts_like_a_formula_is_a_string_cell_as_it_is(tmp_path: Path) -> None:
    """A workbook holds no formulas at all: every text is a string cell, which Excel shows
    and never evaluates, so unlike the CSV's cells it needs no leading quote."""
    out = tmp_path / "formulas.xlsx"
    with formula_project(tmp_path / "formulas.accord") as project:
        xlsx.export(read_source(project), out)
    workbook = openpyxl.load_workbook(out)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert {
        '=HYPERLINK("http://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "-5 per cent",
        "=Cmd",
    } <= texts

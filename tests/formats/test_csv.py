"""CSV export: read back with Python's ``csv`` module, every row checked against the project."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from desktop.app.anchors import anchor_for_span
from desktop.core.model import Annotation, format_time, new_annotation_id
from desktop.formats.columns import names
from desktop.formats.jsonld import web_annotation as jsonld
from desktop.formats.source import Cancelled, ExportOptions, read_source
from desktop.formats.tables import csv_table
from desktop.store import AnnotationSnapshot, Project
from tests.cli.hostile_files import formula_project
from tests.formats.interop_project import ALL
from tests.store.helpers import TEXT, small_project, text_layer


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or ()), list(reader)


def _expected(project: Project, snapshot: AnnotationSnapshot) -> list[dict[str, str]]:
    """The rows a user expects for one annotation, from the project's own values."""
    book = project.codes.codebook()
    names = {r.id: r.name for r in project.reviewers.all()}
    titles = {d.id: d.title for d in project.documents.all()}
    annotation, anchor = snapshot.annotation, snapshot.annotation.anchor
    common = {
        "annotation_id": annotation.id,
        "document": titles[annotation.document_id],
        "document_fingerprint": annotation.document_id,
        "page": str(anchor.page + 1),
        "start": str(anchor.start),
        "end": str(anchor.end),
        "quote": anchor.exact,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "note": annotation.note,
        "reviewer": names[annotation.reviewer_id],
        "created": format_time(annotation.created),
        "modified": format_time(annotation.modified),
        "status": annotation.status.value,
    }
    no_code = {
        "code": "",
        "code_path": "",
        "code_id": "",
        "facet": "",
        "code_color": "",
        "coded_by": "",
        "coded_at": "",
    }
    return [
        {
            **common,
            "code": book[c.code_id].name,
            "code_path": book.path(c.code_id),
            "code_id": c.code_id,
            "facet": book[c.code_id].facet.value,
            "code_color": book[c.code_id].color,
            "coded_by": names[c.reviewer_id],
            "coded_at": format_time(c.created),
        }
        for c in snapshot.codings
    ] or [{**common, **no_code}]


def test_each_annotation_is_one_row_per_code_with_every_column_as_stored(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "annotations.csv"
    csv_table.export(read_source(project), out)
    header, rows = _rows(out)
    assert tuple(header) == names()
    expected = [
        row for snapshot in project.annotations.snapshots() for row in _expected(project, snapshot)
    ]
    assert rows == expected
    assert len({row["annotation_id"] for row in rows}) == len(ALL)
    assert len(rows) == sum(max(1, len(planned.codes)) for planned in ALL)
    tricky = next(row for row in rows if row["reviewer"] == "Chen" and row["note"])
    assert tricky["note"] == 'A "quoted" word, a comma; 𝓔𝓤 日本\nsecond line'
    assert tricky["quote"].startswith("“Japan")
    highlight = next(row for row in rows if row["quote"].startswith("contributed by"))
    assert (highlight["code"], highlight["coded_by"], highlight["note"]) == ("", "", "")
    coded_by_other = next(row for row in rows if row["quote"].startswith("Nationally"))
    assert (coded_by_other["reviewer"], coded_by_other["coded_by"]) == ("Bea", "Ada")


def test_the_file_is_utf8_without_byte_order_mark_with_crlf_records(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "annotations.csv"
    csv_table.export(read_source(project), out)
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.startswith(",".join(names()) + "\r\n")
    assert "€760" in text


def test_a_code_filter_keeps_annotations_with_the_code_or_below_and_all_their_codes(
    project: Project, tmp_path: Path
) -> None:
    book = project.codes.codebook()
    pandemics = book.lookup("Pandemics").guid
    branch = {pandemics, *(code.guid for code in book.descendants(pandemics))}
    out = tmp_path / "pandemics.csv"
    csv_table.export(
        read_source(project, options=ExportOptions(code_ids=frozenset({pandemics}))), out
    )
    _, rows = _rows(out)
    carrying = [
        s for s in project.annotations.snapshots() if branch & {c.code_id for c in s.codings}
    ]
    assert carrying and len(carrying) < len(ALL)
    assert rows == [row for snapshot in carrying for row in _expected(project, snapshot)]


def test_a_cancelled_export_leaves_no_file(project: Project, tmp_path: Path) -> None:
    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        csv_table.export(read_source(project), tmp_path / "cancelled.csv", progress=cancel)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("exporter", [csv_table, jsonld], ids=["csv", "jsonld"])
def test_progress_is_reported_every_thousand_annotations_and_at_the_end(
    exporter: ModuleType, tmp_path: Path
) -> None:
    layer = text_layer(TEXT)
    with small_project(tmp_path / "many.accord") as project:
        document = project.documents.all()[0].id
        reviewer = project.reviewers.ensure("Ada").id
        moment = datetime(2020, 5, 26, 9, tzinfo=UTC)
        with project.transaction():
            for number in range(2500):
                start = number % (len(TEXT) - 20)
                project.annotations.insert(
                    Annotation(
                        new_annotation_id(),
                        document,
                        anchor_for_span(layer, start, start + 12),
                        "",
                        reviewer,
                        moment,
                        moment,
                    )
                )
        calls: list[tuple[int, int]] = []
        exporter.export(
            read_source(project),
            tmp_path / "out",
            progress=lambda done, total: calls.append((done, total)),
        )
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_text_cells_that_start_like_a_formula_are_written_inert(tmp_path: Path) -> None:
    out = tmp_path / "annotations.csv"
    with formula_project(tmp_path / "formulas.accord") as project:
        csv_table.export(read_source(project), out)
    _, [row] = _rows(out)
    assert {
        name: row[name] for name in ("document", "quote", "code", "note", "reviewer", "coded_by")
    } == {
        "document": "'=Cmd",
        "quote": "'-5 per cent",
        "code": "'@SUM(A1:A9)",
        "note": '\'=HYPERLINK("http://evil.example","click")',
        "reviewer": "'+cmd|' /C calc'!A0",
        "coded_by": "'+cmd|' /C calc'!A0",
    }
    assert row["code_path"] == "Thematic areas/@SUM(A1:A9)"  # (not at the cell's start)
    assert (row["page"], row["start"], row["end"]) == ("1", "0", "11")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_is_made_inert_and_nothing_else_is(text: str) -> None:
    assert csv_table.inert(text) == "'" + text
    assert csv_table.inert("a" + text) == "a" + text
    assert csv_table.inert("") == ""

"""File > Export… and File > Import… in the window: the work runs in the background and the
views refresh when an import lands."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from tests.ui.test_annotating import CLAUSE, _select


def _export(window, qtbot, monkeypatch, format: str, out) -> None:
    """File > Export… in ``format`` to ``out``, waited on."""
    from desktop.ui import interop_dialogs
    from desktop.ui.interop_dialogs import ExportDialog, ExportFiles

    monkeypatch.setattr(
        ExportDialog, "ask", classmethod(lambda cls, *a, **k: (format, None, None, None))
    )
    monkeypatch.setattr(ExportFiles, "ask_target", classmethod(lambda cls, *a, **k: out))
    job = interop_dialogs.run_export(window.host)
    qtbot.waitUntil(lambda: job not in window.host.jobs, timeout=60_000)


def _import(window, qtbot, monkeypatch, path) -> object:
    """File > Import… of ``path``, keeping ours on conflicts; the report it shows."""
    from desktop.ui import interop_dialogs
    from desktop.ui.interop_dialogs import ConflictChoice, ExportFiles

    monkeypatch.setattr(ExportFiles, "ask_import", classmethod(lambda cls, *a, **k: path))
    monkeypatch.setattr(ConflictChoice, "ask", classmethod(lambda cls, *a, **k: "keep"))
    reports = []
    monkeypatch.setattr(
        interop_dialogs.ImportReportDialog,
        "show_report",
        classmethod(lambda cls, parent, report: reports.append(report)),
    )
    interop_dialogs.run_import(window.host)
    qtbot.waitUntil(lambda: bool(reports), timeout=60_000)
    return reports[0]


def test_export_csv_then_import_the_json_ld_into_another_project(
    annotating, qtbot, tmp_path, monkeypatch
) -> None:
    window = annotating
    _select(window.left, CLAUSE)
    qtbot.keyClick(window.left.view, Qt.Key.Key_1)  # highlight and code with key 1
    out = tmp_path / "annotations.csv"
    _export(window, qtbot, monkeypatch, "csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["quote"], r["code"]) for r in rows] == [(CLAUSE, "Pandemics")]

    jsonld = tmp_path / "annotations.jsonld"
    _export(window, qtbot, monkeypatch, "jsonld", jsonld)
    assert jsonld.exists()

    # the same file into the same project changes nothing; the list still shows one row
    report = _import(window, qtbot, monkeypatch, jsonld)
    assert report.annotations_added == 0 and report.annotations_unchanged == 1
    assert window.host.project.annotations.count() == 1


def test_a_large_qdpx_imports_through_its_reading_process_and_every_view_shows_it(
    annotating, qtbot, tmp_path, monkeypatch
) -> None:
    """File > Import… of a REFI-QDA project read in a child process (as a large one is): the
    annotation list, the highlights and the code counts show what came in."""
    from desktop.formats.refi import qdpx_child
    from desktop.ui.codebook_model import Column

    window = annotating
    _select(window.left, CLAUSE)
    qtbot.keyClick(window.left.view, Qt.Key.Key_1)
    out = tmp_path / "ours.qdpx"
    _export(window, qtbot, monkeypatch, "qdpx", out)
    window.host.bridge.undo()  # the highlight goes; the file still has it
    model, page = window.host.list_dock.model, window.left.view
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    assert not page.highlights_on(0)

    monkeypatch.setattr(qdpx_child, "IN_CHILD_FROM", 0)
    report = _import(window, qtbot, monkeypatch, out)
    assert report.annotations_added == 1
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.total == 1
    qtbot.waitUntil(lambda: len(page.highlights_on(0)) == 1)
    codebook = window.host.codebook_dock.model
    pandemics = window.host.project.codes.codebook().lookup("Pandemics").guid
    qtbot.waitUntil(lambda: codebook.data(codebook.index_of(pandemics, Column.COUNT)) == "1")


def test_an_unexpected_failure_is_said_and_the_progress_goes(
    annotating, qtbot, tmp_path, monkeypatch
) -> None:
    from desktop.app import importing
    from desktop.ui import background_jobs, interop_dialogs
    from desktop.ui.interop_dialogs import ConflictChoice, ExportFiles

    def broken(*args, **kwargs):
        raise RuntimeError("the reader tripped")

    window = annotating
    source = tmp_path / "any.jsonld"
    source.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(importing, "import_file", broken)
    monkeypatch.setattr(ExportFiles, "ask_import", classmethod(lambda cls, *a, **k: source))
    monkeypatch.setattr(ConflictChoice, "ask", classmethod(lambda cls, *a, **k: "keep"))
    said = []
    monkeypatch.setattr(
        background_jobs, "warn", lambda parent, title, message: said.append(message)
    )
    job = interop_dialogs.run_import(window.host)
    qtbot.waitUntil(lambda: job not in window.host.jobs, timeout=30_000)
    assert said == [
        "Something went wrong (RuntimeError: the reader tripped); nothing was "
        "written. The details are in Accord's error output."
    ]

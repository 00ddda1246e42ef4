"""Importing parsed files (``Incoming`` values) into a project: placing, merging, reporting.

These tests hand ``import_incoming`` what a format's reader would produce, so each rule of the
merge is checked on its own; ``test_round_trip.py`` runs the real formats end to end.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.app.anchors import anchor_for_span
from desktop.app.import_report import ImportReport
from desktop.app.importing import detect_format, import_incoming
from desktop.codebook.model import Facet
from desktop.core.model import CodeId
from desktop.formats.incoming import (
    Incoming,
    IncomingAnnotation,
    IncomingCode,
    IncomingDocument,
)
from desktop.formats.limits import ImportRefused
from desktop.formats.source import Cancelled
from desktop.store import SCHEMA_VERSION, backup, open_project
from tests.app.conftest import Workbench
from tests.app.stand_ins import TextReader
from tests.store.helpers import TEXT, dump, text_layer

WHEN = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)
ID_A = "0F0E0D0C-0B0A-4909-8807-060504030201"
ID_B = "1F0E0D0C-0B0A-4909-8807-060504030201"
NEW_CODE = "2A1B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D"
FOLDER = "3A1B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D"


def _span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def _annotation(
    quote: str,
    *,
    id: str | None = ID_A,
    note: str = "",
    codes: tuple[str, ...] = (),
    paths: tuple[str, ...] = (),
    reviewer: str | None = "Bea",
    key: str = "doc",
    colour: str | None = None,
    text: str = TEXT,
) -> IncomingAnnotation:
    start = text.index(quote)
    return IncomingAnnotation(
        key,
        quote,
        start,
        start + len(quote),
        id=id,
        note=note,
        reviewer=reviewer,
        created=WHEN,
        modified=WHEN,
        code_guids=codes,
        code_paths=paths,
        colour=colour,
    )


def _incoming(
    *annotations: IncomingAnnotation,
    codes: list[IncomingCode] | None = None,
    text: str = TEXT,
    content: bytes | None = TEXT.encode(),
) -> Incoming:
    return Incoming(
        "colleague.qdpx",
        documents=[IncomingDocument("doc", "notes.txt", content, text)],
        codes=codes or [],
        annotations=list(annotations),
    )


def _import(bench: Workbench, incoming: Incoming, **options: object) -> ImportReport:
    return import_incoming(
        bench.project,
        incoming,
        format_name="test",
        reviewer_name="Importer",
        reader=TextReader(),
        **options,
    )  # type: ignore[arg-type]


def _pandemics(bench: Workbench) -> str:
    return bench.project.codes.codebook().lookup("Pandemics").guid


def test_an_annotation_on_the_same_text_keeps_its_span_note_codes_reviewer_and_times(
    bench: Workbench,
) -> None:
    pandemics = _pandemics(bench)
    codes = [
        IncomingCode(FOLDER, "Legal form", None, "#117733", "How binding it is"),
        IncomingCode(NEW_CODE, "Letter of intent", FOLDER, "#882255", "Not a treaty"),
        IncomingCode(pandemics, "Pandemics", None, "#D55E00"),
    ]
    report = _import(
        bench,
        _incoming(
            _annotation("regular dialogue", note="Key 𝓔𝓤 clause", codes=(NEW_CODE, pandemics)),
            codes=codes,
        ),
    )
    assert (report.annotations_added, report.orphans, report.annotation_conflicts) == (1, [], [])
    snapshot = bench.project.annotations.snapshot(ID_A)
    assert snapshot is not None
    annotation = snapshot.annotation
    assert annotation.anchor == anchor_for_span(bench.layer, *_span("regular dialogue"))
    assert annotation.note == "Key 𝓔𝓤 clause"
    assert (annotation.created, annotation.modified) == (WHEN, WHEN)
    assert bench.project.reviewers.get(annotation.reviewer_id).name == "Bea"
    book = bench.project.codes.codebook()
    assert {book.path(c.code_id) for c in snapshot.codings} == {
        "Thematic areas/Legal form/Letter of intent",
        "Thematic areas/Pandemics",
    }
    new = book[NEW_CODE]
    assert (new.color, new.description) == ("#882255", "Not a treaty")
    assert report.codes_added == [
        "Thematic areas/Legal form",
        "Thematic areas/Legal form/Letter of intent",
    ]


def test_importing_the_same_file_twice_changes_nothing(bench: Workbench) -> None:
    incoming = _incoming(
        _annotation("regular dialogue", codes=(NEW_CODE,)),
        _annotation(
            "joint calls",
            id=None,
            paths=("Instruments/Funding modalities/Joint calls", "Hobbies/Chess"),
        ),
        _annotation("pandemics", id=None, reviewer=None, colour="#D55E00"),
        IncomingAnnotation("doc", "digital", page=0),  # no id, no times, no offsets
        codes=[IncomingCode(NEW_CODE, "Letter of intent", None, None)],
    )
    first = _import(bench, incoming)
    assert first.annotations_added == 4
    before = dump(bench.path)
    again = _import(bench, incoming)
    assert dump(bench.path) == before
    assert (again.annotations_added, again.annotations_unchanged) == (0, 4)
    assert again.codes_added == [] and again.code_conflicts == []
    assert "Nothing changed" in again.lines()[-1]


def test_another_tools_text_is_matched_by_quote_and_unplaceable_ones_are_listed(
    bench: Workbench,
) -> None:
    theirs = "Preamble added by another tool.\r\n" + TEXT.replace("joint calls", "joint  calls")
    report = _import(
        bench,
        _incoming(
            _annotation("regular dialogue", text=theirs),
            _annotation("joint  calls", id=ID_B, text=theirs),
            _annotation("Preamble added", id=None, text=theirs),
            text=theirs,
            content=None,
        ),
    )
    assert report.annotations_added == 2
    assert report.documents_matched == 1  # by name: the file lacks the bytes
    placed = bench.project.annotations.get(ID_A)
    assert placed is not None
    assert placed.anchor == anchor_for_span(bench.layer, *_span("regular dialogue"))
    spaced = bench.project.annotations.get(ID_B)
    assert spaced is not None and spaced.anchor.exact == "joint calls"
    (orphan,) = report.orphans
    assert "Preamble added" in orphan


def test_conflicting_edits_are_listed_and_ours_kept_unless_told_otherwise(
    bench: Workbench,
) -> None:
    _import(bench, _incoming(_annotation("regular dialogue", note="first")))
    ours = dump(bench.path)
    edited = _incoming(_annotation("regular dialogue", note="changed", paths=("Pandemics",)))
    kept = _import(bench, edited)
    assert dump(bench.path) == ours
    (conflict,) = kept.annotation_conflicts
    assert "another note" in conflict and "other codes" in conflict and "kept ours" in conflict
    taken = _import(bench, edited, on_conflict="theirs")
    assert len(taken.annotation_conflicts) == 1
    snapshot = bench.project.annotations.snapshot(ID_A)
    assert snapshot is not None and snapshot.annotation.note == "changed"
    assert [c.code_id for c in snapshot.codings] == [_pandemics(bench)]
    assert _import(bench, edited).annotation_conflicts == []


def test_a_failure_midway_leaves_the_project_exactly_as_it_was(
    bench: Workbench,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even the reviewers the file names are not left behind."""
    before = dump(bench.path)
    inserted: list[str] = []
    real_insert_many = bench.project.annotations.insert_many

    def failing_insert_many(annotations, codings):  # type: ignore[no-untyped-def]
        def until_full():  # type: ignore[no-untyped-def]
            for row in annotations:
                if len(inserted) == 2:
                    raise OSError("disk full")
                inserted.append(row.id)
                yield row

        real_insert_many(until_full(), codings)

    monkeypatch.setattr(bench.project.annotations, "insert_many", failing_insert_many)
    incoming = _incoming(
        *(
            _annotation(q, id=None, paths=("Hobbies",), reviewer="Bea")
            for q in ("pandemics", "climate", "digital", "dialogue")
        ),
        codes=[IncomingCode(NEW_CODE, "New", None, "#123456")],
        content=b"Another document entirely.",
    )
    incoming.documents.append(IncomingDocument("other", "other.txt", b"Other words.", None))
    with pytest.raises(OSError, match=re.escape("disk full")):
        _import(bench, incoming)
    assert len(inserted) == 2
    assert dump(bench.path) == before


def test_a_large_import_writes_every_coding_and_counts_its_progress_one_way(
    bench: Workbench,
) -> None:
    """Annotations and their codings are written a step at a time as they are read, and the
    progress counts the annotations read."""
    pandemics = _pandemics(bench)
    before = bench.project.annotations.count(), bench.project.annotations.counts_by_code()
    many = [_annotation("the", id=None, note=str(n), codes=(pandemics,)) for n in range(2500)]
    seen: list[tuple[int, int]] = []
    report = _import(
        bench,
        _incoming(*many, codes=[IncomingCode(pandemics, "Pandemics", None, "#D55E00")]),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert report.annotations_added == 2500
    assert bench.project.annotations.count() == before[0] + 2500
    assert bench.project.annotations.counts_by_code()[CodeId(pandemics)] == (
        before[1].get(CodeId(pandemics), 0) + 2500
    )
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[0] == (1000, 2500) and seen[-1] == (2500, 2500)
    assert {total for _, total in seen} == {2500}


def test_cancelling_leaves_the_project_as_it_was(bench: Workbench) -> None:
    before = dump(bench.path)

    def cancel(done: int, total: int) -> None:
        if done:
            raise Cancelled

    many = [_annotation("the", id=None, note=str(n)) for n in range(1200)]
    with pytest.raises(Cancelled):
        _import(bench, _incoming(*many), progress=cancel)
    assert dump(bench.path) == before


def _fail(*args: object) -> None:
    raise RuntimeError("injected")


def test_codes_merge_by_guid_then_by_path_and_conflicts_follow_the_policy(
    bench: Workbench,
) -> None:
    pandemics = _pandemics(bench)
    climate = bench.project.codes.codebook().lookup("Climate change").guid
    described = bench.project.codes.codebook()[pandemics].description
    codes = [
        IncomingCode(pandemics, "Pandemics", None, "#123456", "Their description"),
        IncomingCode("9A1B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D", "climate change", None, "#009E73"),
    ]
    kept = _import(bench, _incoming(_annotation("climate", codes=(codes[1].guid,)), codes=codes))
    book = bench.project.codes.codebook()
    assert (book[pandemics].color, book[pandemics].description) == ("#D55E00", described)
    assert len(kept.code_conflicts) == 2
    colour, other_id = kept.code_conflicts
    assert "#123456" in colour and "another description" in colour and "kept ours" in colour
    assert "another id" in other_id and "“climate change”" in other_id
    snapshot = bench.project.annotations.snapshot(ID_A)
    assert snapshot is not None and [c.code_id for c in snapshot.codings] == [climate]
    taken = _import(bench, _incoming(codes=codes), on_conflict="theirs")
    book = bench.project.codes.codebook()
    assert (book[pandemics].color, book[pandemics].description) == ("#123456", "Their description")
    assert book[climate].name == "climate change" and len(taken.code_conflicts) == 2


def test_foreign_top_level_codes_go_under_the_facet_their_folder_names(
    bench: Workbench,
) -> None:
    codes = [
        IncomingCode(FOLDER, "instruments", None, None),
        IncomingCode(NEW_CODE, "Memorandum", FOLDER, None),
        IncomingCode(ID_B, "Stray", None, None),
    ]
    report = _import(bench, _incoming(codes=codes))
    book = bench.project.codes.codebook()
    assert report.codes_added == ["Thematic areas/Stray", "Instruments/Memorandum"]
    assert book.facet_of(NEW_CODE) is Facet.INSTRUMENT
    colours = [c.color for c in book]
    assert len(set(colours)) == len(colours)  # chosen from the palette, unused


def test_a_highlight_colour_picks_the_code_of_that_colour_or_stays_uncoded(
    bench: Workbench,
) -> None:
    report = _import(
        bench,
        _incoming(
            _annotation("pandemics", id=None, colour="#D55E00"),
            _annotation("climate", id=None, colour="#00A075"),  # one step from #009E73
            _annotation("digital", id=None, colour="#FFFFFF"),
        ),
    )
    book = bench.project.codes.codebook()
    coded = {
        a.annotation.anchor.exact: [book[c.code_id].name for c in a.codings]
        for a in bench.project.annotations.snapshots()
    }
    assert coded == {"pandemics": ["Pandemics"], "climate": ["Climate change"], "digital": []}
    (uncoded,) = report.uncoded
    assert "“digital”" in uncoded and "#FFFFFF" in uncoded


def test_a_new_document_in_the_file_is_added_with_its_bytes(bench: Workbench) -> None:
    other = "Minutes of the joint committee. The Sides met in Tokyo."
    incoming = Incoming(
        "x.qdpx",
        documents=[IncomingDocument("m", "minutes.txt", other.encode(), other)],
        annotations=[_annotation("Tokyo", key="m", text=other)],
    )
    report = _import(bench, incoming)
    assert report.documents_added == ["Minutes"]
    added = bench.project.documents.all()[-1]
    assert bench.project.documents.content(added.id) == other.encode()
    assert (added.position, added.text_sha256) == (1, text_layer(other).sha256())
    annotation = bench.project.annotations.get(ID_A)
    assert annotation is not None and annotation.document_id == added.id


def test_annotations_on_a_document_the_file_does_not_carry_are_orphans(
    bench: Workbench,
) -> None:
    elsewhere = "Minutes of a meeting the project does not have."
    incoming = Incoming(
        "h.json",
        documents=[IncomingDocument("u", "https://example.org/x")],
        annotations=[
            _annotation("Minutes", key="u", text=elsewhere),
            _annotation("climate", key="nowhere"),
        ],
    )
    report = _import(bench, incoming)
    assert report.annotations_added == 0
    missing, unnamed = report.orphans
    assert "does not carry “https://example.org/x”" in missing and "“Minutes”" in missing
    assert "names no document" in unnamed


def test_a_document_named_otherwise_is_recognised_by_its_quotes(bench: Workbench) -> None:
    """A Hypothesis export names a web page by its address: the one document that holds
    every quote (line breaks aside) is the one meant."""
    incoming = Incoming(
        "h.json",
        documents=[IncomingDocument("u", "https://example.org/x")],
        annotations=[
            IncomingAnnotation("u", "regular\ndialogue", 0, 16),
            IncomingAnnotation("u", "joint calls", page=0),
        ],
    )
    report = _import(bench, incoming)
    assert (report.annotations_added, report.documents_matched, report.orphans) == (2, 1, [])
    assert sorted(s.annotation.anchor.exact for s in bench.project.annotations.snapshots()) == [
        "joint calls",
        "regular dialogue",
    ]


def test_a_document_named_like_ours_without_bytes_or_text_is_matched_by_quote(
    bench: Workbench,
) -> None:
    incoming = Incoming(
        "h.json",
        documents=[IncomingDocument("u", "Notes")],
        annotations=[IncomingAnnotation("u", "joint calls", page=0, code_paths=("COVID-19",))],
    )
    report = _import(bench, incoming)
    assert report.annotations_added == 1 and report.documents_matched == 1
    (snapshot,) = bench.project.annotations.snapshots()
    assert snapshot.annotation.anchor == anchor_for_span(bench.layer, *_span("joint calls"))
    book = bench.project.codes.codebook()
    assert [book.path(c.code_id) for c in snapshot.codings] == ["Thematic areas/Pandemics/COVID-19"]
    assert bench.project.reviewers.get(snapshot.annotation.reviewer_id).name == "Importer"


def test_the_file_format_is_told_by_content_and_a_mismatch_is_refused(tmp_path: Path) -> None:
    files = {
        "a.qdpx": b"PK\x03\x04rest",
        "b.pdf": b"%PDF-1.7\n",
        "c.qdc": b"\xef\xbb\xbf<?xml",
        "d.jsonld": b'  {"@context": 1}',
        "e.data": b"[]",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert [detect_format(tmp_path / n).name for n in files] == [
        "qdpx",
        "pdf",
        "qdc",
        "jsonld",
        "jsonld",
    ]
    (tmp_path / "f.qdpx").write_bytes(b"%PDF-1.4")
    (tmp_path / "g.txt").write_bytes(b"plain words")
    (tmp_path / "h.json").write_bytes(b"")
    with pytest.raises(ImportRefused, match=re.escape("“f.qdpx” is named like a REFI-QDA project")):
        detect_format(tmp_path / "f.qdpx")
    with pytest.raises(ImportRefused, match=re.escape("“g.txt” is not a file Accord imports")):
        detect_format(tmp_path / "g.txt")
    with pytest.raises(ImportRefused, match=re.escape("“h.json” is empty")):
        detect_format(tmp_path / "h.json")
    with pytest.raises(ImportRefused, match=re.escape("Can't read “missing.qdpx”")):
        detect_format(tmp_path / "missing.qdpx")


def test_the_report_lists_everything_it_left_out(bench: Workbench) -> None:
    incoming = _incoming(
        _annotation("pandemics", codes=("NOT-DEFINED",)),
        _annotation("nowhere to be found", id=ID_B, text="nowhere to be found"),
    )
    incoming.dropped.append("2 memos (Accord keeps no memos)")
    report = _import(bench, incoming)
    text = "\n".join(report.lines())
    assert "Annotations: 1 added, 0 unchanged, 0 in conflict, 1 not placed." in text
    assert "2 memos (Accord keeps no memos)" in text
    assert "1 code id(s) used by annotations are not defined in the file" in text
    assert "“nowhere to be found”" in text
    assert bench.project.annotations.count() == 1
    assert CodeId("NOT-DEFINED") not in bench.project.codes.codebook()


def test_a_large_import_into_a_project_with_annotations_keeps_a_copy_first(
    bench: Workbench,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _import(bench, _incoming(_annotation("regular dialogue")))
    monkeypatch.setattr("desktop.app.import_run.LARGE_IMPORT", 2)
    report = _import(bench, _incoming(*(_annotation(q, id=None) for q in ("joint", "digital"))))
    assert report.backup is not None and report.backup.parent == bench.path.parent
    with open_project(report.backup) as copy:
        assert copy.annotations.ids() == [ID_A]
    assert bench.project.annotations.count() == 3
    assert f"A copy of the project before the import: {report.backup}" in report.lines()


def test_a_failed_large_import_takes_its_copy_away_and_at_most_three_are_kept(
    bench: Workbench,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failed import changed nothing, so its copy is the project again; killed imports
    (whose copies nobody can take away) and successful ones keep only the newest three. The
    copy a migration made (an older format) is never removed."""
    _import(bench, _incoming(_annotation("regular dialogue")))
    migration = backup(bench.path, SCHEMA_VERSION - 1)
    monkeypatch.setattr("desktop.app.import_run.LARGE_IMPORT", 2)

    def large() -> Incoming:
        return _incoming(*(_annotation(q, id=None) for q in ("joint", "digital")))

    with pytest.raises(RuntimeError, match="injected"):
        _import(bench, large(), progress=_fail)
    assert sorted(bench.path.parent.glob("work (format *")) == [migration]
    killed = [backup(bench.path, SCHEMA_VERSION) for _ in range(4)]  # as killed imports leave
    made = [_import(bench, large()).backup for _ in range(2)]
    assert sorted(bench.path.parent.glob("work (format *)*"), key=lambda p: p.stat().st_mtime) == [
        migration,
        killed[-1],
        *made,
    ]


def _indexes(path: Path) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        ).fetchall()


def test_an_import_into_a_project_without_annotations_leaves_its_indexes_as_they_were(
    bench: Workbench,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The indexes of annotations and codings are built once the rows are in (not row by
    row): they are there, with their text, after a failed import and after one that
    succeeds, and they serve their queries and hold every row."""
    assert bench.project.annotations.count() == 0
    before = _indexes(bench.path)
    assert {"annotations_by_page", "annotations_in_reading_order", "annotation_codes_by_code"} <= (
        dict(before).keys()
    )
    incoming = _incoming(
        *(_annotation(q, id=None) for q in ("pandemics", "climate", "digital", "dialogue"))
    )
    real_insert_many = bench.project.annotations.insert_many

    def failing(annotations, codings):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(bench.project.annotations, "insert_many", failing)
    with pytest.raises(OSError, match="disk full"):
        _import(bench, incoming)
    assert _indexes(bench.path) == before
    monkeypatch.setattr(bench.project.annotations, "insert_many", real_insert_many)
    assert _import(bench, incoming).annotations_added == 4
    assert _indexes(bench.path) == before
    with contextlib.closing(sqlite3.connect(bench.path)) as connection:
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM annotations "
            "WHERE document_fingerprint = ? AND page = 0",
            ("x",),
        ).fetchall()
        assert "annotations_by_page" in str(plan)
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT annotation_id FROM annotation_codes WHERE code_guid = ?",
            ("x",),
        ).fetchall()
        assert "annotation_codes_by_code" in str(plan)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

"""Importing a ``.qdpx`` as it is read: in this process (a small file) and in a child process
(a large one), which must come to the same project.

A REFI-QDA file lists its notes after its sources, so an annotation is written before the
notes that belong to it are read: these tests check that the notes still arrive, that an
import of the same file again changes nothing, that a conflict is still seen, and that a
refusal, a cancellation or a dead child leaves the project as it was.
"""

from __future__ import annotations

import contextlib
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app.import_report import ImportReport
from desktop.app.importing import import_file
from desktop.core.errors import AccordError
from desktop.formats.ids import derived_guid
from desktop.formats.limits import ImportRefused
from desktop.formats.refi import qdpx, qdpx_child
from desktop.formats.source import Cancelled
from tests.app.conftest import Workbench
from tests.app.stand_ins import TextReader
from tests.formats.qdpx_files import archive, selection, text_source
from tests.store.helpers import TEXT, dump

GUIDS = [derived_guid("selection", str(n)) for n in range(4)]
NOTE = derived_guid("note", "0")


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The child processes the import starts."""
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def recorded(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        process = popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(process)
        return process

    monkeypatch.setattr(qdpx_child.subprocess, "Popen", recorded)
    monkeypatch.setattr(qdpx_child, "IN_CHILD_FROM", 0)
    return started


def _import(bench: Workbench, path: Path, **options: object) -> ImportReport:
    return import_file(
        bench.project,
        path,
        reviewer_name="Importer",
        reader_factory=lambda: contextlib.nullcontext(TextReader()),
        **options,
    )  # type: ignore[arg-type]


def _noted(
    folder: Path,
    quote: str,
    *,
    guid: str = GUIDS[0],
    note: str = "Check the tariff.",
    count: int = 1,
) -> Path:
    """The bench's text as a source with ``count`` selections of ``quote``, the first of which
    refers to a note, as NVivo writes one: no ``Description``, a ``NoteRef``, and the note's
    text in a file, listed after the sources."""
    start = TEXT.index(quote)
    first = selection(guid, start, start + len(quote)).replace(
        "</PlainTextSelection>", f'<NoteRef targetGUID="{NOTE}"/></PlainTextSelection>'
    )
    others = "".join(
        selection(derived_guid("many", str(n)), start, start + len(quote)) for n in range(count - 1)
    )
    tail = f'<Notes><Note guid="{NOTE}" name="Memo" plainTextPath="internal://N.txt"/></Notes>'
    return archive(
        folder,
        text_source(first + others),
        tail=tail,
        files={"T.txt": TEXT.encode(), "N.txt": note.encode()},
    )


def _notes(bench: Workbench) -> dict[str, str]:
    return {
        s.annotation.anchor.exact: s.annotation.note for s in bench.project.annotations.snapshots()
    }


def test_a_note_listed_after_the_sources_reaches_its_annotation(
    bench: Workbench,
    tmp_path: Path,
    where: str,
) -> None:
    report = _import(bench, _noted(tmp_path, "joint calls"))
    assert (report.annotations_added, report.orphans) == (1, [])
    assert not any("note" in line for line in report.dropped)
    assert _notes(bench) == {"joint calls": "Check the tariff."}
    again = _import(bench, _noted(tmp_path, "joint calls"))
    assert (again.annotations_added, again.annotations_unchanged) == (0, 1)
    assert "Nothing changed" in again.lines()[-1]


def test_a_late_note_reaches_a_new_annotation_held_back_for_the_backup_question(
    bench: Workbench,
    tmp_path: Path,
    where: str,
) -> None:
    """Into a project that has annotations, nothing is written before the file's size is
    known (a large import is backed up first): the note reaches the annotation still waiting."""
    _import(bench, _noted(tmp_path, "regular dialogue", guid=GUIDS[1], note="First."))
    report = _import(bench, _noted(tmp_path, "joint calls"))
    assert (report.annotations_added, report.backup) == (1, None)
    assert _notes(bench) == {"regular dialogue": "First.", "joint calls": "Check the tariff."}


def test_a_note_changed_in_the_file_is_a_conflict_even_though_it_comes_last(
    bench: Workbench,
    tmp_path: Path,
    where: str,
) -> None:
    _import(bench, _noted(tmp_path, "joint calls"))
    report = _import(
        bench, _noted(tmp_path, "joint calls", note="Ask the regulator."), on_conflict="theirs"
    )
    assert len(report.annotation_conflicts) == 1
    assert "another note" in report.annotation_conflicts[0]
    assert _notes(bench) == {"joint calls": "Ask the regulator."}


def test_a_selection_without_a_usable_id_gets_the_same_id_from_its_late_note_each_time(
    bench: Workbench,
    tmp_path: Path,
    where: str,
) -> None:
    """Its id is derived from what it is, note included: it waits for the note."""
    _import(bench, _noted(tmp_path, "joint calls", guid="selection-1"))
    again = _import(bench, _noted(tmp_path, "joint calls", guid="selection-1"))
    assert _notes(bench) == {"joint calls": "Check the tariff."}
    assert (again.annotations_added, again.annotations_unchanged) == (0, 1)


def test_a_codebook_against_the_schema_is_refused_wherever_the_file_is_read(
    bench: Workbench,
    tmp_path: Path,
    where: str,
) -> None:
    """The child leaves the schema to the importing process; the refusal is the same."""
    bad = _noted(tmp_path, "joint calls")
    with zipfile_rewritten(bad) as qde:
        qde[:] = qde.replace(b'color="#17b"', b'color="teal"', 1)
    before = dump(bench.path)
    with pytest.raises(
        ImportRefused,
        match=r"“made\.qdpx”: its codebook does not follow the "
        r"REFI-QDA schema at <Code name=“Water”>",
    ):
        _import(bench, bad)
    assert dump(bench.path) == before


@pytest.mark.parametrize(
    ("hostile_part", "instead", "problem"),
    [
        (b"<Project ", b'<!DOCTYPE p [<!ENTITY e "x">]><Project ', "declares a document type"),
        (b'encoding="utf-8"', b'encoding="utf-7"', "declares a text encoding Accord cannot read"),
    ],
)
def test_the_child_is_refused_as_this_process_would_be(
    bench: Workbench,
    tmp_path: Path,
    children: list[subprocess.Popen[bytes]],
    hostile_part: bytes,
    instead: bytes,
    problem: str,
) -> None:
    body = text_source(selection(GUIDS[0], 0, 5))
    hostile = archive(tmp_path, body, files={"T.txt": TEXT.encode()})
    with zipfile_rewritten(hostile) as qde:
        qde[:] = qde.replace(hostile_part, instead, 1)
    before = dump(bench.path)
    with pytest.raises(ImportRefused) as in_child:
        _import(bench, hostile)
    assert len(children) == 1 and children[0].poll() is not None
    with pytest.raises(ImportRefused) as here:
        qdpx.read(hostile)
    assert str(in_child.value) == str(here.value)
    assert problem in str(here.value)
    assert dump(bench.path) == before


def test_a_file_that_breaks_after_thousands_of_written_annotations_imports_nothing(
    bench: Workbench,
    tmp_path: Path,
    children: list[subprocess.Popen[bytes]],
) -> None:
    """The child has handed on (and the import written) several batches when the XML breaks."""
    many = _noted(tmp_path, "joint calls", count=5000)
    with zipfile_rewritten(many) as qde:
        qde[:] = qde.replace(b"</Sources>", b"</Sources><Broken>", 1)
    written: list[int] = []
    before = dump(bench.path)
    with pytest.raises(ImportRefused, match=r"“made\.qdpx”: its project\.qde is not well-formed"):
        _import(
            bench,
            many,
            progress=lambda done, total: written.append(bench.project.annotations.count()),
        )
    assert max(written) >= 4000  # (batches were read and written before the error)
    assert dump(bench.path) == before


def test_cancelling_stops_the_child_and_leaves_the_project_as_it_was(
    bench: Workbench,
    tmp_path: Path,
    children: list[subprocess.Popen[bytes]],
) -> None:
    many = _noted(tmp_path, "joint calls", count=5000)
    before = dump(bench.path)

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        _import(bench, many, progress=cancel)
    assert dump(bench.path) == before
    assert len(children) == 1 and children[0].poll() is not None


def test_a_child_that_dies_is_an_error_and_nothing_is_imported(
    bench: Workbench,
    tmp_path: Path,
    children: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(qdpx_child, "_MODULE", "desktop.no_such_module")
    before = dump(bench.path)
    with pytest.raises(
        AccordError,
        match=r"The process reading “made\.qdpx” stopped before "
        r"the end \(exit status 1\); nothing was imported",
    ):
        _import(bench, _noted(tmp_path, "joint calls"))
    assert dump(bench.path) == before


@contextlib.contextmanager
def zipfile_rewritten(path: Path) -> Iterator[bytearray]:
    """Edit the archive's ``project.qde`` in place, keeping its other members."""
    with zipfile.ZipFile(path) as opened:
        members = {name: opened.read(name) for name in opened.namelist()}
    qde = bytearray(members["project.qde"])
    yield qde
    members["project.qde"] = bytes(qde)
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, data in members.items():
            rewritten.writestr(name, data)

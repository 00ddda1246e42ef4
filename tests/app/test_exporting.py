"""The application side of exporting: filters typed by a person, texts checked before use."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
from pathlib import Path

import pytest

from desktop.app.anchors import annotation_from_span
from desktop.app.document_texts import TextChanged
from desktop.app.editor import Editor
from desktop.app.exporting import export_project, resolve_options
from desktop.app.reading import ReadDocument
from desktop.codebook.errors import CodebookError
from desktop.core.errors import AccordError
from desktop.formats.files import ExportWriteError
from desktop.formats.registry import EXPORTS
from desktop.formats.source import ExportOptions, read_source
from tests.app.conftest import Workbench, ticking_clock
from tests.app.stand_ins import TextReader
from tests.needs import needs
from tests.store.helpers import TEXT, text_layer


def _annotate(bench: Workbench, quote: str, codes: tuple[str, ...], editor: Editor) -> None:
    book = bench.project.codes.codebook()
    start = TEXT.index(quote)
    editor.execute(
        annotation_from_span(
            bench.layer,
            start,
            start + len(quote),
            document_id=bench.document_id,
            code_ids=tuple(book.lookup(c).guid for c in codes),
        )
    )  # type: ignore[misc]


@pytest.fixture
def annotated(bench: Workbench) -> Workbench:
    bea = Editor(bench.project, bench.project.reviewers.ensure("Bea"), clock=ticking_clock())
    _annotate(bench, "pandemics", ("COVID-19",), bench.editor)
    _annotate(bench, "joint calls", ("Joint calls",), bea)
    _annotate(bench, "digital", (), bea)
    return bench


def _quotes(path: Path) -> list[str]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return sorted({row["annotation_id"]: row["quote"] for row in rows}.values())


def test_filters_are_resolved_from_what_a_person_types(
    annotated: Workbench, tmp_path: Path
) -> None:
    project = annotated.project
    cases = {
        "bea": (resolve_options(project, reviewer=" bea "), ["digital", "joint calls"]),
        "pandemics": (resolve_options(project, codes=["Pandemics"]), ["pandemics"]),
        "two codes": (
            resolve_options(project, codes=["Thematic areas/Pandemics/COVID-19", "Instruments"]),
            ["joint calls", "pandemics"],
        ),
        "both": (
            resolve_options(project, reviewer="Bea", codes=["Instruments"], document="notes"),
            ["joint calls"],
        ),
    }
    for name, (options, expected) in cases.items():
        out = tmp_path / f"{name}.csv"
        assert export_project(
            project, format="csv", out=out, options=options, reader_factory=_no_reader
        ) == [out]
        assert _quotes(out) == expected, name


def _no_reader() -> TextReader:
    raise AssertionError("a CSV needs no text from the document worker")


def test_unknown_names_are_refused_with_what_exists(annotated: Workbench) -> None:
    with pytest.raises(AccordError, match=re.escape("no reviewer “Zoe”. It has: “Ada”, “Bea”")):
        resolve_options(annotated.project, reviewer="Zoe")
    with pytest.raises(CodebookError, match="No code is named"):
        resolve_options(annotated.project, codes=["Warp drives"])
    with pytest.raises(AccordError, match="has no document “minutes”"):
        resolve_options(annotated.project, document="minutes")


def test_formats_that_write_text_refuse_a_changed_text_and_leave_no_file(
    annotated: Workbench,
    tmp_path: Path,
) -> None:
    class NewerReader(TextReader):
        """As a newer Accord whose extraction differs by one character."""

        def read(self, path: str | Path) -> ReadDocument:
            read = super().read(path)
            return ReadDocument(
                read.path,
                read.fingerprint,
                read.title,
                read.kind,
                text_layer(TEXT.replace("Sides", "sides")),
            )

    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(TextChanged, match=re.escape("“Notes” (notes.txt) differs")):
        export_project(
            annotated.project,
            format="jsonld",
            out=folder / "x.jsonld",
            options=ExportOptions(),
            reader_factory=NewerReader,
        )
    assert list(folder.iterdir()) == []


def test_texts_are_read_for_the_documents_exported_only(
    annotated: Workbench, tmp_path: Path
) -> None:
    readers: list[TextReader] = []

    def factory() -> TextReader:
        readers.append(TextReader())
        return readers[-1]

    out = tmp_path / "x.jsonld"
    export_project(
        annotated.project, format="jsonld", out=out, options=ExportOptions(), reader_factory=factory
    )
    (reader,) = readers
    assert [p.name for p in reader.paths] == ["notes.txt"]
    assert '"total": 3' in out.read_text(encoding="utf-8")
    assert read_source(annotated.project).count() == 3


def test_an_unknown_format_or_a_folder_for_a_file_is_refused(
    annotated: Workbench, tmp_path: Path
) -> None:
    with pytest.raises(AccordError, match="cannot export “docx”"):
        export_project(
            annotated.project, format="docx", out=tmp_path / "x.docx", options=ExportOptions()
        )
    with pytest.raises(AccordError, match="is a folder"):
        export_project(annotated.project, format="csv", out=tmp_path, options=ExportOptions())


FULL_DEVICE = Path("/dev/full")
"""Every write to it fails with ENOSPC, as on a full disk."""


@needs(FULL_DEVICE, "a device that is always full")
@pytest.mark.parametrize("format", [f.name for f in EXPORTS if not f.export.per_document])
def test_a_full_disk_gives_every_format_the_same_message_and_leaves_no_file(
    annotated: Workbench,
    tmp_path: Path,
    format: str,
) -> None:
    """The export's temporary file (named with this process's id) is made a link to
    /dev/full beforehand, so the export's own writes meet a full disk."""
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / f"x.{format}"
    (folder / f".{out.name}.{os.getpid()}.partial").symlink_to(FULL_DEVICE)
    with pytest.raises(ExportWriteError) as failed:
        export_project(
            annotated.project,
            format=format,
            out=out,
            options=ExportOptions(),
            reader_factory=TextReader,
        )
    assert str(failed.value) == (
        f"Accord could not write “{out}”: No space left on device. "
        "Nothing was written. Free some space, or export to another "
        "drive."
    )
    assert list(folder.iterdir()) == []


def test_a_full_disk_for_the_documents_copies_is_said_naming_the_export(
    annotated: Workbench,
    tmp_path: Path,
) -> None:
    class FullDisk(TextReader):
        def read(self, path: str | Path) -> ReadDocument:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    out = tmp_path / "exports" / "x.jsonld"
    with pytest.raises(
        ExportWriteError,
        match=f"could not write “{re.escape(str(out))}”: No "
        "space left on device. Nothing was written",
    ):
        export_project(
            annotated.project,
            format="jsonld",
            out=out,
            options=ExportOptions(),
            reader_factory=FullDisk,
        )
    assert not out.parent.exists()

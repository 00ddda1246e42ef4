"""Importing Accord's own ``.qdpx`` twice changes nothing, whatever the type of the document:
into the project it came from, and into another project the second time."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.app.anchors import annotation_from_span
from desktop.app.editor import Editor
from desktop.app.exporting import export_project
from desktop.app.importing import import_file
from desktop.app.projects import new_document
from desktop.app.reading import DocumentReader
from desktop.codebook.default import load_default_codebook
from desktop.codebook.model import Codebook
from desktop.formats.source import ExportOptions
from desktop.store import create_project, open_project
from tests.documents.samples import make_article_html, make_epub, make_sample_pdf
from tests.store.helpers import dump


def _markdown(path: Path) -> Path:
    path.write_text(
        "# Memo\n\nThe Sides *intend* to exchange views.\n\n- one\n- two\n", encoding="utf-8"
    )
    return path


def _text(path: Path) -> Path:
    path.write_text("The Sides intend to exchange views.\nOn the letter.\n\n", encoding="utf-8")
    return path


MAKERS: dict[str, Callable[[Path], Path]] = {
    "letter.pdf": make_sample_pdf,
    "article.html": make_article_html,
    "notes.txt": _text,
    "memo.md": _markdown,
    "book.epub": make_epub,
}


@pytest.fixture(scope="module")
def reader() -> Iterator[DocumentReader]:
    with DocumentReader() as reader:
        yield reader


def _lent(reader: DocumentReader) -> Callable[[], contextlib.AbstractContextManager]:
    return lambda: contextlib.nullcontext(reader)


@pytest.fixture(params=sorted(MAKERS))
def exported(request: pytest.FixtureRequest, tmp_path: Path, reader: DocumentReader) -> Path:
    """A project holding one document of the type, with a coded highlight, and its .qdpx."""
    read = reader.read(MAKERS[request.param](tmp_path / request.param))
    book = load_default_codebook()
    with create_project(
        tmp_path / "ours.accord", documents=[new_document(read)], codebook=book
    ) as project:
        editor = Editor.start(project, "Ada")
        start = read.text.text.index("intend")
        code = next(c.guid for c in book if c.is_codable)
        editor.execute(
            annotation_from_span(
                read.text,
                start,
                start + 6,
                document_id=project.documents.all()[0].id,
                code_ids=(code,),
            )
        )
        export_project(
            project,
            format="qdpx",
            out=tmp_path / "ours.qdpx",
            options=ExportOptions(),
            reader_factory=_lent(reader),
        )
    return tmp_path / "ours.qdpx"


def _import_unchanged(project_path: Path, archive: Path, reader: DocumentReader) -> None:
    before = dump(project_path)
    with open_project(project_path) as project:
        report = import_file(project, archive, reviewer_name="Bea", reader_factory=_lent(reader))
    assert report.documents_added == []
    assert dump(project_path) == before


def test_the_qdpx_imported_into_its_own_project_changes_nothing(
    exported: Path,
    reader: DocumentReader,
) -> None:
    _import_unchanged(exported.with_name("ours.accord"), exported, reader)


def test_the_qdpx_imported_twice_into_another_project_changes_nothing_the_second_time(
    exported: Path,
    reader: DocumentReader,
) -> None:
    theirs = exported.with_name("theirs.accord")
    with create_project(theirs, documents=[], codebook=Codebook.empty()) as project:
        first = import_file(project, exported, reviewer_name="Bea", reader_factory=_lent(reader))
    assert len(first.documents_added) == 1 and first.annotations_added == 1
    _import_unchanged(theirs, exported, reader)

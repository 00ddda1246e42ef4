"""What a file names or writes in its strings never becomes a path and never stops an import:
a PDF whose title is ``..`` or 300 characters, a ``.qdpx`` source named so, and PDF strings
holding half of a UTF-16 pair, each imported through the real document reader; and what a
file carries is held to the limits of a document Accord opens (an EPUB bomb in a .qdpx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app.importing import import_file
from desktop.app.reading import DocumentReader
from desktop.core.errors import AccordError
from desktop.core.filenames import safe_file_name
from desktop.store import Project
from tests.app.conftest import Workbench
from tests.cli.hostile_files import highlighted_pdf, qdpx_with_source_named
from tests.documents.samples import make_epub
from tests.documents.test_hostile_documents import BOMB
from tests.formats.qdpx_files import archive, selection, text_source

HOSTILE_NAMES = ["..", "T" * 300, "../../outside", "é" * 200 + ".txt", "CON", "a/b\\c:d"]


@pytest.fixture(scope="module")
def reader() -> Iterator[DocumentReader]:
    with DocumentReader() as reader:
        yield reader


def _import(bench: Workbench, path: Path, reader: DocumentReader) -> list[str]:
    report = import_file(
        bench.project, path, reviewer_name="Ada", reader_factory=lambda: _Borrowed(reader)
    )
    assert report.annotations_added == 1
    return report.dropped


class _Borrowed:
    """The module's reader, lent to one import without being closed by it."""

    def __init__(self, reader: DocumentReader) -> None:
        self._reader = reader

    def __enter__(self) -> DocumentReader:
        return self._reader

    def __exit__(self, *_: object) -> None:
        pass


def _new_file_name(project: Project) -> str:
    names = [d.file_name for d in project.documents.all()]
    assert len(names) == 2
    return names[1]


def _safe(name: str) -> bool:
    return (
        "/" not in name and "\\" not in name and name.strip(".") != "" and len(name.encode()) <= 255
    )


@pytest.mark.parametrize("title", HOSTILE_NAMES)
def test_a_pdf_whose_title_is_no_file_name_is_imported_under_a_safe_one(
    bench: Workbench,
    tmp_path: Path,
    reader: DocumentReader,
    title: str,
) -> None:
    _import(bench, highlighted_pdf(tmp_path / "titled.pdf", title=title), reader)
    assert _safe(_new_file_name(bench.project))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_qdpx_source_whose_name_is_no_file_name_is_imported_under_a_safe_one(
    bench: Workbench,
    tmp_path: Path,
    reader: DocumentReader,
    name: str,
) -> None:
    _import(bench, qdpx_with_source_named(tmp_path, name), reader)
    assert _safe(_new_file_name(bench.project))


def test_safe_file_names_keep_what_can_be_kept() -> None:
    assert safe_file_name("decree.txt") == "decree.txt"
    assert safe_file_name("My article.HTML") == "My article.html"
    assert safe_file_name("..") == safe_file_name("") == "document"
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("C:\\reports\\CON.md") == "CON (document).md"
    assert len(safe_file_name("T" * 300 + ".epub").encode()) == 205


@pytest.mark.parametrize(
    ("author", "note", "subject", "said"),
    [
        ("Ana \ud800", "Check the tariff", "Water", "author (/T)"),
        ("Ana", "Check the tariff \udc00", "Water", "note (/Contents)"),
        ("Ana", "Check the tariff", "Water\udbff", "codes (/Subj)"),
    ],
)
def test_half_a_utf16_pair_in_a_pdf_string_is_replaced_and_said(
    bench: Workbench,
    tmp_path: Path,
    reader: DocumentReader,
    author: str,
    note: str,
    subject: str,
    said: str,
) -> None:
    """(A surrogate before another character reaches Python as no surrogate: MuPDF makes one
    code point of the two, which the store takes.)"""
    pdf = highlighted_pdf(tmp_path / "broken writer.pdf", author=author, note=note, subject=subject)
    dropped = _import(bench, pdf, reader)
    assert any(f"had in its {said} half of a UTF-16 character pair" in line for line in dropped), (
        dropped
    )
    [snapshot] = bench.project.annotations.snapshots()
    reviewer = bench.project.reviewers.get(snapshot.annotation.reviewer_id)
    book = bench.project.codes.codebook()
    mended = [
        value.replace("\ud800", "\ufffd").replace("\udc00", "\ufffd").replace("\udbff", "\ufffd")
        for value in (author, note, subject)
    ]
    assert [
        reviewer.name if reviewer else None,
        snapshot.annotation.note,
        [book[coding.code_id].name for coding in snapshot.codings],
    ] == [mended[0], mended[1], [mended[2]]]


def test_a_qdpx_carrying_an_epub_bomb_is_refused_and_stores_nothing(
    bench: Workbench,
    tmp_path: Path,
    reader: DocumentReader,
) -> None:
    bomb = make_epub(tmp_path / "bomb.epub", extra=BOMB).read_bytes()
    source = text_source(
        selection("6A1D4C1E-0A5B-4C2D-9E8F-0123456789AB", 0, 7), path="internal://B.txt"
    ).replace("plainTextPath=", 'richTextPath="internal://B.epub" plainTextPath=')
    carrier = archive(tmp_path, source, files={"B.epub": bomb, "B.txt": b"Chapter one text"})
    assert carrier.stat().st_size < 200 * 1024
    before = [d.file_name for d in bench.project.documents.all()]
    with pytest.raises(AccordError) as refused:
        import_file(
            bench.project, carrier, reviewer_name="Ada", reader_factory=lambda: _Borrowed(reader)
        )
    assert "bomb" in str(refused.value) or "B.epub" in str(refused.value)
    assert "like a zip bomb" in str(refused.value)
    assert [d.file_name for d in bench.project.documents.all()] == before

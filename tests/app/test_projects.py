"""New projects hold the bundled documents and the default codebook, and travel with them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from desktop.app.projects import (
    default_project_path,
    find_document,
    new_project,
    open_or_create,
)
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.default import load_default_codebook
from desktop.core.errors import AccordError
from desktop.store import open_project


@pytest.fixture(scope="module")
def reader():
    with DocumentReader() as reader:
        yield reader


@pytest.fixture(scope="module")
def bundled_project(tmp_path_factory: pytest.TempPathFactory, reader: DocumentReader) -> Path:
    path = tmp_path_factory.mktemp("bundled") / "EU-Japan.accord"
    new_project(path, reader=reader).close()
    return path


def test_a_new_project_holds_both_documents_and_the_default_codebook(
    bundled_project: Path, reader: DocumentReader
) -> None:
    with open_project(bundled_project) as project:
        letter, article = project.documents.all()
        for stored, file in zip((letter, article), bundled_pair(), strict=True):
            data = file.read_bytes()
            assert stored.id == hashlib.sha256(data).hexdigest()
            assert project.documents.content(stored.id) == data
            assert stored.file_name == file.name and stored.size == len(data)
            read = reader.read(file)
            assert stored.text_sha256 == read.text.sha256()
            assert (stored.title, stored.kind, stored.page_count) == (
                read.title,
                read.kind,
                read.page_count,
            )
        assert (letter.kind, article.kind) == ("pdf", "html")
        assert project.codes.codebook() == load_default_codebook()


def test_a_moved_project_opens_with_its_documents(
    bundled_project: Path, tmp_path: Path, reader: DocumentReader
) -> None:
    moved = tmp_path / "elsewhere" / "copy.accord"
    moved.parent.mkdir()
    shutil.copy(bundled_project, moved)
    with open_project(moved) as project:
        letter = project.documents.all()[0]
        written = project.documents.write_file(letter.id, tmp_path)
        assert reader.read(written).text.sha256() == letter.text_sha256


def test_documents_are_found_by_title_file_name_or_fingerprint(bundled_project: Path) -> None:
    with open_project(bundled_project) as project:
        letter, article = project.documents.all()
        assert find_document(project, letter.title.upper()) == letter
        assert find_document(project, article.file_name) == article
        assert find_document(project, letter.id[:6]) == letter
        assert find_document(project, "letter of intent") == letter
        with pytest.raises(AccordError, match="could mean 2 documents"):
            find_document(project, "Japan")
        with pytest.raises(AccordError, match="has no document “minutes”"):
            find_document(project, "minutes")


def test_open_or_create_makes_a_project_only_where_there_is_none(
    bundled_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "data"))
    path = default_project_path()
    assert path.parent == tmp_path / "data"
    with open_or_create(path) as project:
        assert len(project.documents.all()) == 2
    before = path.read_bytes()
    with open_or_create(path) as project:
        assert len(project.documents.all()) == 2
    assert path.read_bytes() == before

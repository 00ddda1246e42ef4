"""Fixtures of the application tests: a template project copied for each test (creating one from
scratch costs more than a copy), and where a `.qdpx` import reads its file."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.app.editor import Editor
from desktop.core.model import DocumentId, StoredDocument
from desktop.core.textlayer import TextLayer
from desktop.formats.refi import qdpx_child
from desktop.store import Project, open_project
from tests.store.helpers import TEXT, small_project, text_document, text_layer

START = datetime(2020, 5, 26, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.accord"
    small_project(path, documents=[]).close()
    return path


def ticking_clock() -> Callable[[], datetime]:
    """A clock one second later at every call, so a changed time is always a different time."""
    ticks = itertools.count()
    return lambda: START + timedelta(seconds=next(ticks))


class Workbench:
    """An open copy of the template with one text document and an editor on it."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.project: Project = open_project(path)
        with self.project.transaction():
            self.document: StoredDocument = self.project.documents.add(
                text_document(text), position=0, added=START
            )
        self.layer: TextLayer = text_layer(text)
        self.editor = Editor(
            self.project, self.project.reviewers.ensure("Ada"), clock=ticking_clock()
        )

    @property
    def document_id(self) -> DocumentId:
        return self.document.id


def workbench(template: Path, folder: Path, text: str = TEXT) -> Workbench:
    path = folder / "work.accord"
    shutil.copy(template, path)
    return Workbench(path, text)


@pytest.fixture
def bench(template: Path, tmp_path: Path) -> Iterator[Workbench]:
    made = workbench(template, tmp_path)
    yield made
    made.project.close()


@pytest.fixture(params=["here", "child"])
def where(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where a ``.qdpx`` import reads its file: in this process, or in a child process however
    small the file is (only large ones are, otherwise)."""
    if request.param == "child":
        monkeypatch.setattr(qdpx_child, "IN_CHILD_FROM", 0)
    return request.param

"""The projects the exporter tests read, each made once per test run (a real project over the
bundled documents, through the document worker): ``made`` for the interop formats, and
``annotated`` for the spreadsheet and the reports. ``project`` opens ``made``; the modules
that test with ``annotated`` open that one under the same name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.app.reading import DocumentReader
from desktop.core.model import DocumentId
from desktop.store import Project, open_project
from tests.formats.interop_project import make_interop_project
from tests.formats.report_project import make_project

Made = tuple[Path, dict[DocumentId, str]]
"""A project file and the canonical text of each of its documents."""


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return _built(tmp_path_factory.mktemp("interop") / "interop.accord", make_interop_project)


@pytest.fixture(scope="session")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return _built(tmp_path_factory.mktemp("report") / "eu-japan.accord", make_project)


def _built(path: Path, make: Callable[[Path, DocumentReader], dict[DocumentId, str]]) -> Made:
    with DocumentReader() as reader:
        return path, make(path, reader)


@pytest.fixture
def project(made: Made) -> Iterator[Project]:
    with open_project(made[0]) as opened:
        yield opened

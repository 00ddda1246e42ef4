"""Files that are not sound Accord projects are refused with a sentence, and never modified."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from desktop import __version__
from desktop.store import SCHEMA_VERSION, NewerProjectError, ProjectError, open_project
from tests.store.helpers import refused, small_project


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "work.accord"
    small_project(path).close()
    return path


def test_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.accord"
    path.write_text("These are my notes, not a project.\n" * 10, encoding="utf-8")
    refused(path, "not an Accord project", "not even an SQLite database")


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.accord"
    path.touch()
    refused(path, "empty")


def test_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.accord"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
    refused(path, "SQLite database, but not an Accord project")


def test_a_truncated_project(project_file: Path) -> None:
    data = project_file.read_bytes()
    project_file.write_bytes(data[: len(data) // 2 + 100])
    refused(project_file, "truncated")


def test_a_project_cut_at_a_page_boundary(project_file: Path) -> None:
    data = project_file.read_bytes()
    project_file.write_bytes(data[:8192])
    refused(project_file, "truncated")


def test_a_damaged_project(project_file: Path) -> None:
    data = bytearray(project_file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size, 2):  # scribble over every other b-tree page
        data[page * page_size : page * page_size + 64] = b"\xa5" * 64
    project_file.write_bytes(bytes(data))
    refused(project_file, "damaged")


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        open_project(tmp_path / "nowhere.accord")
    with pytest.raises(ProjectError, match="folder"):
        open_project(tmp_path)


def test_a_project_from_a_newer_accord(project_file: Path) -> None:
    with contextlib.closing(sqlite3.connect(project_file)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
        connection.execute("INSERT INTO project_info VALUES ('migrated_with', '9.4.0')")
        connection.commit()
    error = refused(
        project_file,
        "Accord 9.4.0",
        f"format {SCHEMA_VERSION + 7}",
        f"Accord {__version__}",
        f"up to {SCHEMA_VERSION}",
    )
    assert isinstance(error, NewerProjectError)
    assert (error.found, error.known) == (SCHEMA_VERSION + 7, SCHEMA_VERSION)
    assert not any("backup" in p.name for p in project_file.parent.iterdir())

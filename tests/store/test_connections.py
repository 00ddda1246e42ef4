"""Two connections on one project (two Accords): fresh reads, and a clear word when busy."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from desktop.codebook import edits
from desktop.store import ProjectBusy, open_project
from tests.store.helpers import dump, small_project


def test_a_change_made_by_another_accord_is_seen_at_once(tmp_path: Path) -> None:
    small_project(tmp_path / "p.accord").close()
    with open_project(tmp_path / "p.accord") as first, \
            open_project(tmp_path / "p.accord") as second:
        book = first.codes.codebook()  # cached from now on
        guid = book.lookup("Pandemics").guid
        with second.transaction():
            second.codes.replace(edits.rename_code(second.codes.codebook(), guid, "Epidemics"))
        assert first.codes.codebook()[guid].name == "Epidemics"


def test_a_project_locked_too_long_is_reported_as_busy(tmp_path: Path) -> None:
    path = tmp_path / "p.accord"
    small_project(path).close()
    with open_project(path) as project, \
            contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
        project.annotations._db.sql.execute("PRAGMA busy_timeout = 50")
        other.execute("BEGIN IMMEDIATE")
        before = dump(path)
        with pytest.raises(ProjectBusy, match="busy"):
            project.reviewers.ensure("Ada")
        other.execute("ROLLBACK")
        assert dump(path) == before
        assert project.reviewers.ensure("Ada").name == "Ada"

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
    with (
        open_project(tmp_path / "p.accord") as first,
        open_project(tmp_path / "p.accord") as second,
    ):
        book = first.codes.codebook()  # cached from now on
        guid = book.lookup("Pandemics").guid
        with second.transaction():
            second.codes.replace(edits.rename_code(second.codes.codebook(), guid, "Epidemics"))
        assert first.codes.codebook()[guid].name == "Epidemics"


def test_a_project_locked_too_long_is_reported_as_busy(tmp_path: Path) -> None:
    path = tmp_path / "p.accord"
    small_project(path).close()
    with (
        open_project(path) as project,
        contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other,
    ):
        project.annotations._db.sql.execute("PRAGMA busy_timeout = 50")
        other.execute("BEGIN IMMEDIATE")
        before = dump(path)
        with pytest.raises(ProjectBusy, match="busy"):
            project.reviewers.ensure("Ada")
        other.execute("ROLLBACK")
        assert dump(path) == before
        assert project.reviewers.ensure("Ada").name == "Ada"


def test_a_window_asks_for_the_write_lock_briefly_and_reads_with_the_full_wait(
    tmp_path: Path,
) -> None:
    """``wait_for_writers`` shortens only the wait for the write lock (a window tries again
    from its event loop rather than freezing); reads keep SQLite's whole busy timeout."""
    path = tmp_path / "p.accord"
    small_project(path).close()
    with (
        open_project(path) as project,
        contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other,
    ):
        (full,) = project.annotations._db.sql.execute("PRAGMA busy_timeout").fetchone()
        project.wait_for_writers(0.05)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO reviewers (name, added) VALUES ('Bea', '2026-12-07T21:00:00Z')")
        with pytest.raises(ProjectBusy, match="busy"):
            project.reviewers.ensure("Ada")
        assert project.annotations._db.sql.execute("PRAGMA busy_timeout").fetchone() == (full,)
        assert [r.name for r in project.reviewers.all()] == []  # read beside the writer
        other.execute("COMMIT")
        assert project.reviewers.ensure("Ada").name == "Ada"
        project.wait_for_writers(None)
        assert project.annotations._db.sql.execute("PRAGMA busy_timeout").fetchone() == (full,)

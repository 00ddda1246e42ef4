"""The schema of a new project: what the migrations create, and the marks on the file."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.store import APPLICATION_ID, SCHEMA_VERSION, ProjectError
from desktop.store.schema import MIGRATIONS
from desktop.store.soundness import REFERENCE
from tests.fixtures.make_project_fixtures import schema_reference, schema_sql
from tests.store.helpers import small_project

SNAPSHOT = Path(__file__).resolve().parents[1] / "fixtures" / "schema.sql"


def test_schema_matches_the_committed_snapshot(tmp_path: Path) -> None:
    """A change to the schema must be a new migration and a new snapshot, made on purpose
    (``uv run python -m tests.fixtures.make_project_fixtures``)."""
    small_project(tmp_path / "p.accord").close()
    assert schema_sql(tmp_path / "p.accord") == SNAPSHOT.read_text(encoding="utf-8")


def test_schema_version_counts_the_migrations() -> None:
    assert len(MIGRATIONS.names) == SCHEMA_VERSION


def test_the_schema_reference_is_what_the_migrations_make() -> None:
    """The soundness check reads the current format's schema from this file instead of making
    it at every open: regenerate it with the snapshot when a migration is added
    (``uv run python -m tests.fixtures.make_project_fixtures``)."""
    assert REFERENCE.read_text(encoding="utf-8") == schema_reference()


def test_a_new_project_is_marked_as_ours_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.accord"
    project = small_project(path)
    connection = project.annotations._db.sql
    assert connection.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    project.close()
    with contextlib.closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        info = dict(raw.execute("SELECT key, value FROM project_info"))
    assert info == {"created_with": __version__, "project_id": info["project_id"]}
    assert len(info["project_id"]) == 32
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.accord"]  # no leftovers


def test_tables_come_only_from_migrations(tmp_path: Path) -> None:
    """Every table of a project is one a migration made (or the migrations' own record)."""
    small_project(tmp_path / "p.accord").close()
    text = SNAPSHOT.read_text(encoding="utf-8")
    tables = {line.split()[2] for line in text.splitlines() if line.startswith("-- table ")}
    assert tables == {
        "project_info",
        "documents",
        "document_files",
        "reviewers",
        "codes",
        "annotations",
        "annotation_codes",
        "links",
        "curations",
        "curation_annotations",
        "review_sessions",
        "session_attendees",
        "decisions",
        "replies",
        "branch_origin",
        "merge_conflicts",
        "_sqlite_migrations",
    }
    views = {line.split()[2] for line in text.splitlines() if line.startswith("-- view ")}
    assert views == {"annotation_list", "code_paths", "link_list", "decision_list"}


def test_a_new_project_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "p.accord"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(ProjectError, match="already exists"):
        small_project(path)
    assert path.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["p.accord"]


def test_opening_a_current_project_imports_no_migration_library(tmp_path: Path) -> None:
    """sqlite-utils (and its click, pluggy and dateutil) costs every launch tens of ms before
    the window shows: only a project that needs migrating may import it."""
    small_project(tmp_path / "p.accord").close()
    probe = (
        "import sys\n"
        "from desktop.store import open_project\n"
        f"open_project({str(tmp_path / 'p.accord')!r}).close()\n"
        "print(sorted(m for m in ('sqlite_utils', 'click', 'pluggy', 'dateutil') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

"""Older project files open in this Accord: each fixture of an older format is upgraded,
backed up first, and keeps every row."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop import __version__
from desktop.store import SCHEMA_VERSION, AnnotationFilter, open_project
from tests.store.helpers import dump, integrity, small_project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"


def _version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


def test_every_older_format_has_a_fixture() -> None:
    assert sorted(p.name for p in FIXTURES.glob("v*.accord")) == [
        f"v{n}.accord" for n in range(1, SCHEMA_VERSION)
    ]


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("v*.accord")), ids=lambda p: p.stem)
def test_an_older_project_is_backed_up_then_upgraded(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.accord"
    shutil.copy(fixture, path)
    before = dump(path)
    old_version = _version(path)

    with open_project(path) as project:
        assert project.annotations.count() == 3
        naive = project.annotations.ids(AnnotationFilter(text="naïve"))
        assert [project.annotations.get(i).note for i in naive] == ["Naïve reading"]
        assert project.documents.content(project.documents.all()[0].id)

    assert _version(path) == SCHEMA_VERSION
    after = dump(path)
    info = dict(after.pop("project_info"))
    assert info["migrated_with"] == __version__
    assert len(info["project_id"]) == 32  # format 5: every project has an id its copies carry
    new_tables = {table: after.pop(table) for table in set(after) - set(before)}
    assert all(rows == [] for rows in new_tables.values()), "a table a migration adds is empty"
    added = _added_columns(fixture, path)
    if "status" in added.get("annotations", ()):  # format 3: every annotation is proposed
        with contextlib.closing(sqlite3.connect(path)) as connection:
            statuses = connection.execute("SELECT DISTINCT status FROM annotations").fetchall()
        assert statuses == [("proposed",)]
    new_tables = {table: rows for table, rows in after.items() if table not in before}
    assert all(rows == [] for rows in new_tables.values()), "a new table starts empty"
    kept = {table: rows for table, rows in after.items() if table in before}
    assert {k: v for k, v in before.items() if k != "project_info"} == _without(path, kept, added)
    assert integrity(path) == []
    with contextlib.closing(sqlite3.connect(path)) as connection:
        listed = connection.execute("SELECT quote, codes, reviewer FROM annotation_list")
        assert ("pandemics", "Thematic areas/Pandemics", "Ada") in listed.fetchall()

    backups = [p for p in tmp_path.iterdir() if "backup" in p.name]
    assert len(backups) == 1
    assert backups[0].name.startswith(f"old (format {old_version} backup ")
    assert _version(backups[0]) == old_version
    assert dump(backups[0]) == before


def _columns(path: Path) -> dict[str, list[str]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in tables
        }


def _added_columns(old: Path, new: Path) -> dict[str, list[str]]:
    """The columns a migration added to the tables the old file had, by table."""
    before, after = _columns(old), _columns(new)
    return {
        table: [c for c in columns if c not in before[table]]
        for table, columns in after.items()
        if table in before and columns != before[table]
    }


def _without(
    path: Path, tables: dict[str, list[tuple]], added: dict[str, list[str]]
) -> dict[str, list[tuple]]:
    """``tables`` (a ``dump`` of ``path``) with the ``added`` columns left out, read by name."""
    kept = dict(tables)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for table, new in added.items():
            old = [c for c in _columns(path)[table] if c not in new]
            kept[table] = connection.execute(
                f"SELECT {', '.join(old)} FROM {table} ORDER BY 1, 2"
            ).fetchall()
    return kept


def test_a_new_project_has_large_pages_and_an_older_one_keeps_its_own(tmp_path: Path) -> None:
    """16 KB pages make a bulk import a quarter faster; a project made before keeps the size
    it has (changing it would mean rewriting the whole file)."""
    small_project(tmp_path / "new.accord").close()
    shutil.copy(FIXTURES / "v1.accord", tmp_path / "old.accord")
    size_before = _page_size(tmp_path / "old.accord")
    open_project(tmp_path / "old.accord").close()
    assert _page_size(tmp_path / "new.accord") == 16384
    assert _page_size(tmp_path / "old.accord") == size_before != 16384


def _page_size(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA page_size").fetchone()[0]


def test_a_current_project_opens_without_a_backup(tmp_path: Path) -> None:
    small_project(tmp_path / "p.accord").close()
    open_project(tmp_path / "p.accord").close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".accord"] == ["p.accord"]


def test_an_upgraded_project_is_not_upgraded_again(tmp_path: Path) -> None:
    path = tmp_path / "old.accord"
    shutil.copy(sorted(FIXTURES.glob("v*.accord"))[0], path)
    with open_project(path), open_project(path) as second:
        assert second.annotations.count() == 3
    assert _version(path) == SCHEMA_VERSION
    assert len([p for p in tmp_path.iterdir() if "backup" in p.name]) == 1


@pytest.mark.parametrize(
    "fixture",
    [p for p in sorted(FIXTURES.glob("v*.accord")) if int(p.stem[1:]) < 3],  # before 0003
    ids=lambda p: p.stem,
)
def test_an_older_project_gets_the_by_page_index_on_open(fixture: Path, tmp_path: Path) -> None:
    """The pages in view read their highlights by page from an index (migration 0003): an
    older project gets it when it is opened, and its by-page read uses it at once."""
    path = tmp_path / "old.accord"
    shutil.copy(fixture, path)
    assert "annotations_by_page" not in _indexes(path)

    with open_project(path) as project:
        document = project.documents.all()[0].id
        found, place = project.annotations.on_page(document, 0)
        assert place is None
        assert len(found) == 3

    assert "annotations_by_page" in _indexes(path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM annotations WHERE document_fingerprint = ? "
            "AND page = 0 AND CASE WHEN json_valid(rects) THEN json_extract(rects, '$[#-1][0]') "
            "END = 0 AND rowid > 0 ORDER BY rowid",
            ("x",),
        ).fetchall()
    assert "USING INDEX annotations_by_page" in plan[0][-1]


def _indexes(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in rows}

"""A project file Accord refuses: the window says which file and what is wrong, never touches
it, and each way on that it offers (the backup, another project, a new one) does what it says.

The refusal is the real ``ProjectProblem`` message box, built by ``ProjectHost`` as it opens
the file; only its ``exec`` is replaced, by a click on the button a user would press, so the
text read here is the text a user reads and the choice goes through the real buttons.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop import __version__
from desktop.store import SCHEMA_VERSION, backup


@dataclass
class Shown:
    text: str
    details: str
    buttons: list[str]


@dataclass
class Answer:
    """Which button the user presses, and what each refusal showed."""

    press: str = "Cancel"
    shown: list[Shown] = field(default_factory=list)


@pytest.fixture
def answer(monkeypatch) -> Answer:
    from desktop.ui import project_dialogs

    answer = Answer()

    def exec_(box) -> int:
        answer.shown.append(
            Shown(box.text(), box.informativeText(), [button.text() for button in box.buttons()])
        )
        next(button for button in box.buttons() if button.text() == answer.press).click()
        return 0

    monkeypatch.setattr(project_dialogs.QMessageBox, "exec", exec_)
    return answer


def _state(path: Path) -> tuple[str, int, list[str]]:
    """The file's bytes and time, and the files named after it (a journal or WAL beside it
    would mean SQLite wrote): a refused file stays as it was."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)),
    )


def _refuse(window, path: Path) -> None:
    """File > Open Project on ``path``: refused, and the file left as it was."""
    before = _state(path)
    assert window.host.open_project(path) is False
    assert _state(path) == before


def test_a_file_that_is_not_sqlite_is_named_and_left_alone(
    annotating, answer, qtbot, tmp_path
) -> None:
    window = annotating
    current = window.host.project.path
    path = tmp_path / "refused" / "minutes.accord"
    path.parent.mkdir()
    path.write_text("Minutes of the review meeting, not a project.\n" * 20, encoding="utf-8")
    _refuse(window, path)
    (shown,) = answer.shown
    assert str(path) in shown.text
    assert "not an Accord project (not even an SQLite database)" in shown.text
    assert sorted(shown.buttons) == ["Cancel", "New Project…", "Open Another…"]  # no backup
    assert window.host.project.path == current  # Cancel: the open project stays open


def test_another_programs_database_then_open_another(
    annotating, answer, qtbot, tmp_path, monkeypatch
) -> None:
    from desktop.ui.project_dialogs import ProjectFiles

    window = annotating
    path = tmp_path / "refused" / "inventory.accord"
    path.parent.mkdir()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE items (name TEXT, quantity INTEGER)")
        connection.execute("INSERT INTO items VALUES ('pencils', 12)")
        connection.commit()
    other = tmp_path / "review.accord"
    window.host.project.save_copy(other)
    asked = []
    monkeypatch.setattr(
        ProjectFiles,
        "ask_open",
        classmethod(lambda cls, parent, start: asked.append(start) or other),
    )
    answer.press = "Open Another…"
    _refuse(window, path)
    (shown,) = answer.shown
    assert str(path) in shown.text
    assert "an SQLite database, but not an Accord project" in shown.text
    assert asked, "Open Another… asks which project"
    assert window.host.project.path == other
    assert window.windowTitle().startswith("review")


def test_a_project_from_a_newer_accord_names_both_versions_then_new(
    annotating, answer, qtbot, tmp_path, monkeypatch
) -> None:
    from desktop.ui.project_dialogs import ProjectFiles

    window = annotating
    path = tmp_path / "refused" / "future.accord"
    path.parent.mkdir()
    window.host.project.save_copy(path)
    backup(path, SCHEMA_VERSION)  # a backup beside it is no use: it would be from the future too
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
        connection.execute("INSERT INTO project_info VALUES ('migrated_with', '9.4.0')")
        connection.commit()
    fresh = tmp_path / "fresh.accord"
    monkeypatch.setattr(ProjectFiles, "ask_new", classmethod(lambda cls, *a, **k: fresh))
    answer.press = "New Project…"
    _refuse(window, path)
    (shown,) = answer.shown
    assert str(path) in shown.text
    for words in (
        "saved by Accord 9.4.0",
        f"project format {SCHEMA_VERSION + 3}",
        f"this is Accord {__version__}",
        f"up to {SCHEMA_VERSION}",
        "the file was left unchanged",
    ):
        assert words in shown.text
    assert shown.details == "You can open another project meanwhile."
    assert "Open the Backup" not in shown.buttons
    qtbot.waitUntil(
        lambda: window.host.project is not None and window.host.project.path == fresh,
        timeout=15_000,
    )
    project = window.host.project
    letter, article = project.documents.all()
    assert letter.title.startswith("Letter of Intent") and article.title.startswith("EU and")
    assert project.annotations.count() == 0


def test_a_damaged_project_at_launch_offers_its_backup(
    make_window, annotating, answer, qtbot, tmp_path
) -> None:
    from tests.ui.conftest import wait_until_read

    path = tmp_path / "work" / "treaty.accord"
    path.parent.mkdir()
    annotating.host.project.save_copy(path)
    kept = backup(path, SCHEMA_VERSION)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])  # cut short, as by a full disk
    before = _state(path)
    answer.press = "Open the Backup"
    window = make_window(project=path)
    for pane in window.panes:  # the refusal waits until the documents are on screen
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: window.host.project is not None, timeout=15_000)
    (shown,) = answer.shown
    assert str(path) in shown.text and "truncated" in shown.text
    assert shown.details == f"The most recent backup beside it is “{kept.name}”."
    assert sorted(shown.buttons) == ["Cancel", "New Project…", "Open Another…", "Open the Backup"]
    assert window.host.project.path == kept
    assert _state(path) == before


def test_a_project_missing_a_table_is_refused_before_any_write(
    annotating, answer, qtbot, tmp_path
) -> None:
    """The damage SQLite's own page check does not see (a table gone) is found by the open
    checks: the same refusal, with the backup offered, and not a byte written, not even the
    reviewer's name or a journal beside it."""
    window = annotating
    current = window.host.project.path
    path = tmp_path / "refused" / "coded.accord"
    path.parent.mkdir()
    window.host.project.save_copy(path)
    kept = backup(path, SCHEMA_VERSION)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TABLE annotation_codes")
        connection.commit()
    _refuse(window, path)
    (shown,) = answer.shown
    assert str(path) in shown.text
    assert "it is damaged (its table “annotation_codes” is missing)" in shown.text
    assert shown.details == f"The most recent backup beside it is “{kept.name}”."
    assert "Open the Backup" in shown.buttons
    assert window.host.project.path == current


def test_a_project_damaged_since_its_last_launch_is_explained_over_the_reading_window(
    make_window, annotating, answer, qtbot, tmp_path
) -> None:
    """The launcher reopens the documents it remembers without opening the project; the
    window opens the project before it shows, and its refusal waits for the pages."""
    from tests.ui.conftest import wait_until_read

    path = tmp_path / "work" / "treaty.accord"
    path.parent.mkdir()
    annotating.host.project.save_copy(path)
    first = make_window(project=path)
    for pane in first.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: first.host.project is not None, timeout=15_000)
    first.close()  # the panes' documents are remembered for this project
    kept = backup(path, SCHEMA_VERSION)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    answer.press = "Open the Backup"
    window = make_window(project=path)
    assert answer.shown == [] and window.host.project is None
    for pane in window.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: window.host.project is not None, timeout=15_000)
    (shown,) = answer.shown
    assert str(path) in shown.text
    assert window.host.project.path == kept

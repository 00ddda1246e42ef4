"""Another program holds the project's write lock (issue 11 §5): the window does not freeze
for SQLite's busy timeout; it says the project is busy, keeps the edits in order, and saves
them once the lock is free, or says which were not saved.

The other program is a second real SQLite connection in a write transaction, as another
Accord importing into the same file would hold it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app.coding_scheme import AddCode, RenameCode
from desktop.core.model import CodeId
from desktop.store import open_project
from tests.ui.conftest import wait_until_read


@contextlib.contextmanager
def another_writer(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in the middle of a write transaction (rolled back unless committed)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE project_info SET value = value")
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def _names(path: Path) -> list[str]:
    with open_project(path) as project:
        return [code.name for code in project.codes.codebook()]


@pytest.fixture
def edits(annotating, monkeypatch):
    """The window, with the refusals its bridge reports and the warnings it would show."""
    from desktop.ui import project_host

    window = annotating
    failed: list[str] = []
    window.host.bridge.failed.connect(failed.append)
    monkeypatch.setattr(project_host, "warn", lambda parent, title, text: failed.append(text))
    return window, failed


def test_edits_wait_without_freezing_while_another_program_writes(edits, qtbot) -> None:
    window, failed = edits
    bridge, path = window.host.bridge, window.host.project.path
    parent = bridge.project.codes.codebook().lookup("Joint calls").parent_guid
    add = AddCode(CodeId(parent), "Written while busy")
    with another_writer(path) as other:
        assert bridge.execute(add) is None  # returned at once: SQLite's 10 s were not waited
        assert failed == []
        assert bridge.execute(RenameCode(add.code_id, "Renamed while busy")) is None
        assert bridge.waiting == 2  # in order: the rename needs the code added first
        assert window.statusBar().currentMessage().startswith("The project is busy")
        qtbot.wait(3 * 200)  # the retries find the lock still held: nothing is written
        assert bridge.waiting == 2
        assert "Written while busy" not in [c.name for c in bridge.project.codes.codebook()]
        other.execute("COMMIT")
        with qtbot.waitSignal(bridge.busy_changed, timeout=5000) as freed:
            pass
    assert freed.args == [False]
    assert bridge.waiting == 0 and failed == []
    names = _names(path)
    assert names.count("Renamed while busy") == 1 and "Written while busy" not in names
    assert window.statusBar().currentMessage().startswith("The project is free again")
    bridge.undo()
    bridge.undo()
    assert "Renamed while busy" not in _names(path)


def test_closing_gives_waiting_edits_a_last_wait_and_saves_them(edits, qtbot) -> None:
    window, failed = edits
    host = window.host
    bridge, path = host.bridge, host.project.path
    parent = bridge.project.codes.codebook().lookup("Joint calls").parent_guid
    with another_writer(path) as other:
        assert bridge.execute(AddCode(CodeId(parent), "Saved at closing")) is None
        # The other program finishes while the window closes (its last wait is SQLite's own).
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        host.close_project()
    assert failed == []
    assert "Saved at closing" in _names(path)


def test_a_document_opened_while_another_program_writes_is_kept_once_it_is_free(
    edits, qtbot, tmp_path: Path
) -> None:
    window, failed = edits
    host = window.host
    bridge, path = host.bridge, host.project.path
    opened = tmp_path / "minutes.txt"
    opened.write_text("Minutes of the review meeting.\n", encoding="utf-8")
    with another_writer(path) as other:
        window.left.open_file(opened)
        wait_until_read(qtbot, window.left)
        qtbot.waitUntil(lambda: bridge.waiting == 1)
        assert failed == []
        assert host.annotator.document_of(window.left) is None  # not kept yet
        other.execute("COMMIT")
        qtbot.waitUntil(lambda: bridge.waiting == 0, timeout=5000)
    assert failed == []
    assert host.annotator.document_of(window.left) is not None
    assert window.left.view.highlights is not None  # it can be annotated
    with open_project(path) as project:
        assert [d.file_name for d in project.documents.all()][-1] == "minutes.txt"


def test_a_highlight_that_waited_is_selected_when_it_is_saved(edits, qtbot) -> None:
    """What follows an edit (the new highlight becomes current, its text is no longer
    selected, its code is remembered) happens when the edit is saved, also when it waited
    for another program: it used to be dropped, as the waiting edit returned nothing."""
    window, failed = edits
    host = window.host
    bridge, pane, annotator = host.bridge, window.left, host.annotator
    pandemics = annotator.codebook.lookup("Pandemics").guid
    text = pane.view.text_layer.text
    start = text.index("pandemics")
    pane.view.set_selection(start, start + len("pandemics"))
    with another_writer(host.project.path) as other:
        assert annotator.highlight(pane, code_ids=(CodeId(pandemics),)) is None
        assert bridge.waiting == 1 and annotator.current is None
        other.execute("COMMIT")
        with qtbot.waitSignal(bridge.busy_changed, timeout=5000):
            pass
    (made,) = bridge.project.annotations.ids()
    assert annotator.current == made and annotator.current_pane is pane
    assert pane.view.selection is None
    assert failed == []

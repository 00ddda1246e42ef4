"""A hostile document costs only its own pane: its pane says what was wrong while the other pane
shows its document and keeps working."""

from __future__ import annotations

from desktop.documents import client as client_module
from desktop.documents import spawning
from desktop.documents.bounds import WorkerLimits
from tests.ui.conftest import wait_until_read


def _quick_limits(monkeypatch) -> None:
    """Workers that give up on a step after 2 seconds, so a slow file is stopped at once."""
    monkeypatch.setattr(spawning, "WorkerLimits", lambda: WorkerLimits(step_seconds=2))
    monkeypatch.setattr(client_module, "WorkerLimits", lambda: WorkerLimits(step_seconds=2))


def test_a_slow_document_says_so_in_its_pane_while_the_other_pane_is_read(
    make_window, qtbot, tmp_path, monkeypatch
) -> None:
    _quick_limits(monkeypatch)
    slow = tmp_path / "one-paragraph.html"
    slow.write_text("<html><body><p>" + "word " * 160_000 + "</p></body></html>", encoding="utf-8")
    window = make_window(right=slow)
    wait_until_read(qtbot, window.left)  # painted, and its whole text arrived
    qtbot.waitUntil(lambda: window.right.shows_message, timeout=60_000)
    message = window.right.message.label.text()
    assert "one-paragraph.html" in message and "after 2 seconds on one step" in message
    assert window.right.title_label.text() == "one-paragraph.html"
    window.active_pane = window.left
    window.actions_by_id["select_all"].trigger()
    assert window.left.view.selected_text() == window.left.view.text_layer.text


def test_a_deeply_nested_page_says_so_in_its_pane(make_window, qtbot, tmp_path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text(
        "<html><body>" + "<div>" * 10_000 + "text" + "</div>" * 10_000 + "</body></html>",
        encoding="utf-8",
    )
    window = make_window(right=deep)
    qtbot.waitUntil(lambda: window.right.shows_message, timeout=15_000)
    wait_until_read(qtbot, window.left)
    assert "nested more than" in window.right.message.label.text()

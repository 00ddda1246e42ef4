"""A real main window on the bundled documents, offscreen, as a new user would first see it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.launch import EarlyStart


@pytest.fixture(autouse=True)
def new_user(tmp_path, monkeypatch) -> None:
    """Every test starts as a new user, who answers the one-time name prompt "Test Reviewer"."""
    from desktop.ui.reviewer_dialog import ReviewerDialog

    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setattr(
        ReviewerDialog, "ask", classmethod(lambda cls, *args, **kwargs: "Test Reviewer")
    )


@pytest.fixture
def make_window(qtbot):
    """Build windows like ``accord`` does; each is waited on until both panes have text."""
    from desktop.ui.document_service import DocumentService
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import open_settings

    made: list[tuple[MainWindow, DocumentService]] = []

    def make(left=None, right=None, project=None):
        from desktop.app.launching import launch_project_path, plan_launch

        early = EarlyStart()
        plan = plan_launch(launch_project_path(project), left=left, right=right)
        early.open(plan.files)
        service = DocumentService(early.client)
        window = MainWindow(service, open_settings())
        qtbot.addWidget(window)
        for pane, request in zip(window.panes, early.requests, strict=False):
            pane.adopt_request(*request)
        window.host.follow(plan)
        early.events.connect(service.deliver)
        window.show()
        made.append((window, service))
        return window

    yield make
    for window, service in made:
        window.close()
        service.shutdown()


@pytest.fixture
def window(make_window, qtbot) -> Iterator:
    window = make_window()
    wait_until_read(qtbot, window.left)
    wait_until_read(qtbot, window.right)
    return window


def forget_window_size() -> None:
    """Let the next window open at the default size: restored, the size saved at the end is
    squeezed into the offscreen screen (800 x 800), where the panes are too narrow for a page
    at the smallest zoom and the scroll's end comes early."""
    from desktop.ui.settings import open_settings

    settings = open_settings()
    settings.remove("window/geometry")
    settings.sync()


def wait_until_read(qtbot, pane) -> None:
    """Until the pane has painted a page and its whole text layer has arrived."""

    def done() -> None:
        layer = pane.view.text_layer
        assert pane.view._painted_once and layer is not None and layer.is_complete

    qtbot.waitUntil(done, timeout=15_000)


@pytest.fixture
def annotating(make_window, qtbot):
    """A new user's window once both documents are read and the default project is made."""
    window = make_window()
    for pane in window.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: window.host.project is not None, timeout=10_000)
    return window


def tip_text(tip: str | None) -> str:
    """A tooltip as a person reads it: tooltips are plain text escaped into rich text
    (``desktop.ui.plain_text.tooltip``), so a test compares the words, not the markup."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(tip or "")
    return document.toPlainText()

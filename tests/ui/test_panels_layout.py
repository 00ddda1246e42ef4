"""Where the panels go: on first launch the two documents get most of the window; after that,
wherever the user left them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from tests.ui.conftest import forget_window_size, wait_until_read


def _opened(make_window, qtbot):
    window = make_window()
    for pane in window.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: window.host.list_dock is not None, timeout=10_000)
    qtbot.wait(50)  # the layout settles after the panels arrive
    return window


def test_first_launch_gives_the_documents_most_of_the_window(make_window, qtbot) -> None:
    window = _opened(make_window, qtbot)
    host = window.host
    listing, codebook, note = host.list_dock, host.codebook_dock, host.note_dock
    height = window.centralWidget().height() + listing.height()
    assert listing.height() <= 0.3 * height
    assert window.centralWidget().height() >= 0.65 * height
    assert window.dockWidgetArea(codebook) == Qt.DockWidgetArea.RightDockWidgetArea
    # the codebook and the note run the whole height; the list is under the documents only
    assert listing.geometry().right() < codebook.geometry().left()
    assert note.geometry().bottom() >= listing.geometry().bottom() - 2
    assert codebook.height() > note.height()
    assert 0.18 * window.width() <= codebook.width() <= 0.3 * window.width()


def test_the_layout_left_at_the_end_wins_at_the_next_launch(make_window, qtbot) -> None:
    window = _opened(make_window, qtbot)
    listing = window.host.list_dock
    window.resizeDocks([listing], [380], Qt.Orientation.Vertical)
    # (less the tabs it shares with the Documents panel)
    qtbot.waitUntil(lambda: 330 <= listing.height() <= 392)
    chosen = listing.height()
    window.close()  # the layout is saved as the window closes
    again = _opened(make_window, qtbot)
    assert abs(again.host.list_dock.height() - chosen) <= 12


class _FirstFrame(QObject):
    """What the window looks like when a pane's page view first paints (the first frame)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.seen: dict[str, tuple] = {}
        for pane in window.panes:
            pane.view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            for pane in self.window.panes:
                if watched is pane.view.viewport() and pane.side not in self.seen:
                    self.seen[pane.side] = self.layout_of(pane)
        return False

    def layout_of(self, pane) -> tuple:
        docks = [
            (dock.objectName(), dock.isVisible(), dock.geometry().getRect())
            for dock in self.window.host.docks
        ]
        return docks, pane.view.viewport().size().toTuple()


@pytest.mark.parametrize("launch", ["first", "later"])
def test_the_first_frame_is_the_final_layout(make_window, qtbot, launch) -> None:
    if launch == "later":
        _opened(make_window, qtbot).close()
        forget_window_size()
    window = make_window()
    first = _FirstFrame(window)
    zooms: dict[str, list[float]] = {pane.side: [] for pane in window.panes}
    for pane in window.panes:
        pane.view.zoom_changed.connect(zooms[pane.side].append)
    for pane in window.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: window.host.list_dock is not None, timeout=10_000)
    qtbot.wait(100)  # anything that would still arrive
    for pane in window.panes:
        docks, _size = first.seen[pane.side]
        assert {"codebookPanel", "notePanel", "annotationList"} <= {
            name for name, visible, _rect in docks if visible
        }, "the panels come after"
        assert first.seen[pane.side] == first.layout_of(pane), "the layout moved"
        assert len(zooms[pane.side]) <= 1, "the pane zoomed again (its width changed)"

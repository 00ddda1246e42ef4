"""The next launch opens each pane where the reader left it, from its first frame on."""

from __future__ import annotations

from tests.ui.conftest import forget_window_size, wait_until_read


def test_each_pane_opens_where_the_reader_left_it(make_window, qtbot) -> None:
    window = make_window()
    for pane in window.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: window.host.project is not None, timeout=10_000)
    window.left.view.go_to(1, 0, 50.0)
    window.right.view.go_to(0, 0, 300.0)
    left = window.left.view.reading_position()
    right = window.right.view.reading_position()
    assert (left[0], round(left[2])) == (1, 50) and (right[0], round(right[2])) == (0, 300)
    window.close()
    forget_window_size()

    again = make_window()
    first_frames: dict[str, tuple[int, float, float]] = {}
    for pane in again.panes:
        pane.view.first_page_painted.connect(
            lambda pane=pane: first_frames.setdefault(pane.side, pane.view.reading_position())
        )
    for pane in again.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: again.host.project is not None, timeout=10_000)
    for pane, (page, _x, y) in zip(again.panes, (left, right), strict=True):
        for when, (page_then, _x, y_then) in (
            ("first frame", first_frames[pane.side]),
            ("once the project is open", pane.view.reading_position()),
        ):
            assert page_then == page, f"the {pane.side} pane's {when} shows another page"
            assert abs(y_then - y) < 2, f"the {pane.side} pane's {when} is elsewhere on it"

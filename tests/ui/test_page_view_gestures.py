"""Gestures on a page: clicking and resizing highlights, keys, and which pages are rendered."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.userdata import default_project_path

CLAUSE = "enhanced cooperation in research and innovation to overcome pandemics"


def _select(pane, quote):
    text = pane.view.text_layer.text
    start = text.index(quote)
    pane.view.setFocus()
    pane.view.set_selection(start, start + len(quote))
    return start, start + len(quote)


def _box(view, offset):
    box = view.text_layer.char_box(offset)
    r = box.rect
    return view.viewport_rect_of(box.page, r.x0, r.y0, r.x1, r.y1)


def _end_offset():
    with sqlite3.connect(default_project_path()) as c:
        return c.execute("SELECT start_offset, end_offset FROM annotations").fetchall()


def test_click_on_highlight_and_on_bare_text(annotating, qtbot):
    pane = annotating.left
    view = pane.view
    start, end = _select(pane, CLAUSE)
    qtbot.keyClick(view, Qt.Key.Key_H)
    annotation_id = annotating.host.annotator.current
    spot = _box(view, start + 3).center().toPoint()
    assert view.highlight_at(QPointF(spot)) == annotation_id
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert blocker.args == [annotation_id]
    bare = _box(view, end + 30).center().toPoint()
    assert view.highlight_at(QPointF(bare)) is None
    with qtbot.waitSignal(view.annotation_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=bare)
    assert blocker.args == [""]
    # a Shift+click extends and never picks
    signals = []
    view.annotation_clicked.connect(signals.append)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=spot
    )
    assert signals == []


def test_drag_end_handle_resizes(annotating, qtbot):
    pane = annotating.left
    view = pane.view
    start, end = _select(pane, CLAUSE)
    qtbot.keyClick(view, Qt.Key.Key_H)
    annotation_id = annotating.host.annotator.current
    assert view.current_annotation == annotation_id
    last = view.text_layer.rects(start, end)[-1]
    r = last.rect
    handle = view.viewport_rect_of(last.page, r.x0, r.y0, r.x1, r.y1).bottomRight().toPoint()
    qtbot.mouseMove(view.viewport(), handle)
    assert view.viewport().cursor().shape() == Qt.CursorShape.SizeHorCursor
    target = view.text_layer.text.index(" ", end + 5)
    to = _box(view, target - 1)
    to_point = QPoint(round(to.right() - 1), round(to.center().y()))
    with qtbot.waitSignal(view.resize_requested) as blocker:
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=handle)
        qtbot.mouseMove(view.viewport(), to_point)
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=to_point)
    assert blocker.args[0] == annotation_id and blocker.args[1] == start
    assert blocker.args[2] in (target - 1, target)
    assert view.selection is None
    assert _end_offset() == [(start, blocker.args[2])]
    away = _box(view, start + 3).center().toPoint()
    qtbot.mouseMove(view.viewport(), away)
    assert view.viewport().cursor().shape() == Qt.CursorShape.IBeamCursor


def test_drag_below_the_viewport_autoscrolls_and_extends(window, qtbot):
    view = window.left.view
    view.verticalScrollBar().setValue(0)
    start_point = _box(view, 10).center().toPoint()
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start_point)
    below = QPoint(start_point.x(), viewport.height() + 40)
    qtbot.mouseMove(viewport, below)
    first = view.selection
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 200, timeout=5000)
    assert view.selection[1] > first[1]
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=below)
    top = view.verticalScrollBar().value()
    qtbot.wait(100)
    assert view.verticalScrollBar().value() == top
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selection is None
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.verticalScrollBar().value() == 0
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.verticalScrollBar().value() == view.verticalScrollBar().pageStep()


def test_zoom_and_scroll_follow_the_current_page(window, qtbot):
    view = window.left.view
    window.active_pane = window.left
    pages = []
    view.current_page_changed.connect(pages.append)
    view.zoom_in()
    view.zoom_in()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert pages and pages[-1] == len(view.document.page_sizes) - 1
    view.fit_to_width()
    assert view.fits_width


def test_requests_only_pages_in_view_farthest_first(window, qtbot, monkeypatch):
    view = window.left.view
    client = view._renders._service.client
    asked, cancelled = [], []
    real_render, real_cancel = client.render, client.cancel

    def render(key, page, scale, **kw):
        asked.append(page)
        return real_render(key, page, scale, **kw)

    def cancel(ids):
        ids = list(ids)
        cancelled.append(ids)
        return real_cancel(ids)

    monkeypatch.setattr(client, "render", render)
    monkeypatch.setattr(client, "cancel", cancel)
    view.set_zoom(2.0)
    view.repaint()
    visible = view.visible_pages()
    assert asked, "a new scale asks for the pages again"
    assert set(asked) <= set(range(max(0, visible.start - 1), visible.stop + 1))
    assert set(asked[-len(visible) :]) == set(visible)
    n = len(asked)
    view.repaint()
    assert len(asked) == n or all(p in visible or abs(p - visible.start) <= 1 for p in asked[n:])

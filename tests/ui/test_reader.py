"""The reader as a user meets it: two documents, selection, zoom, find, a broken file."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from desktop.core.geometry import PageRect
from desktop.ui.page_view import PageView
from tests.ui.conftest import wait_until_read


def _point(view: PageView, offset: int, *, side: str) -> QPoint:
    """A point inside the character at ``offset``: its left or right part."""
    box = view.text_layer.char_box(offset)
    assert box is not None, f"character {offset} is not drawn"
    r = box.rect
    rect = view.viewport_rect_of(box.page, r.x0, r.y0, r.x1, r.y1)
    x = rect.left() + rect.width() * (0.2 if side == "left" else 0.8)
    return QPoint(round(x), round(rect.center().y()))


def _drag(qtbot, view: PageView, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_window_shows_letter_left_and_article_right(window) -> None:
    assert window.left.title_label.text().startswith("Letter of Intent")
    assert "EU and Japan step up cooperation" in window.right.title_label.text()
    assert "Letter of Intent" in window.left.view.text_layer.text
    assert "Commissioner Gabriel said" in window.right.view.text_layer.text
    assert window.left.position_label.text().startswith("Page 1 of ")


def test_drag_selects_exactly_the_quote_across_a_line_break(window, qtbot) -> None:
    view = window.left.view
    text = view.text_layer.text
    quote = "pandemics, climate change, digital transition and ageing societies"
    start = text.index(quote)
    end = start + len(quote)
    first, last = view.text_layer.char_box(start), view.text_layer.char_box(end - 1)
    assert first.rect.y0 != last.rect.y0, "the quote should wrap onto a second line"
    view.reveal(start, end)
    _drag(qtbot, view, _point(view, start, side="left"), _point(view, end - 1, side="right"))
    assert view.selected_text() == quote
    window.actions_by_id["copy"].trigger()
    assert QGuiApplication.clipboard().text() == quote


def test_shift_click_extends_the_selection(window, qtbot) -> None:
    view = window.left.view
    text = view.text_layer.text
    quote = "open access to research data and results"
    start = text.index(quote)
    view.reveal(start, start + len(quote))
    viewport = view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_point(view, start, side="left"))
    qtbot.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        pos=_point(view, start + len(quote) - 1, side="right"),
    )
    assert view.selected_text() == quote


def test_double_click_selects_a_word_and_triple_click_the_clause(window, qtbot) -> None:
    view = window.left.view
    text = view.text_layer.text
    word = text.index("ageing")
    view.reveal(word, word + 6)
    viewport = view.viewport()
    point = _point(view, word + 2, side="left")
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert view.selected_text() == "ageing"
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    sentence = view.selected_text()
    assert sentence.startswith("The Sides acknowledge that they are facing important global")
    assert sentence.endswith("which call for enhanced cooperation in STI.")


def test_zoom_keeps_the_selection_where_it_is_drawn(window, qtbot) -> None:
    view = window.left.view
    text = view.text_layer.text
    start = text.index("Smart Cities")
    view.set_selection(start, start + len("Smart Cities"))
    window.active_pane = window.left
    before = view.zoom
    window.actions_by_id["zoom_in"].trigger()
    assert view.zoom > before
    assert view.selected_text() == "Smart Cities"
    view.reveal(start, start + 12)
    point = _point(view, start + 1, side="left")
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.selected_text() == "Smart"
    window.actions_by_id["zoom_reset"].trigger()
    assert view.zoom == 1.0
    assert "100 %" in window.left.position_label.text()
    window.actions_by_id["fit_width"].trigger()
    assert view.fits_width


def test_find_counts_hits_and_steps_through_them(window, qtbot) -> None:
    window.active_pane = window.left
    window.actions_by_id["find"].trigger()
    bar = window.left.find_bar
    assert bar.isVisible()
    bar.field.setText("the sides")
    expected = window.left.view.text_layer.text.lower().count("the sides")
    assert expected > 5
    assert bar.hit_count == expected
    assert bar.count_label.text() == f"1 of {expected}"
    window.actions_by_id["find_next"].trigger()
    assert bar.count_label.text() == f"2 of {expected}"
    assert window.left.view.selected_text().lower() == "the sides"
    bar.match_case.setChecked(True)
    assert bar.hit_count == 0
    bar.field.setText("the Sides")
    assert bar.hit_count == window.left.view.text_layer.text.count("the Sides") < expected
    bar.field.setText("no such phrase anywhere")
    assert bar.count_label.text() == "No matches"


def test_a_corrupt_file_shows_a_message_and_the_other_pane_still_works(
    make_window, qtbot, tmp_path
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage without end")
    window = make_window(right=broken)
    wait_until_read(qtbot, window.left)
    qtbot.waitUntil(lambda: window.right.shows_message, timeout=15_000)
    message = window.right.message.label.text()
    assert "broken.pdf" in message
    assert "damaged" in message or "not a valid PDF" in message
    window.active_pane = window.left
    window.actions_by_id["select_all"].trigger()
    assert window.left.view.selected_text() == window.left.view.text_layer.text
    window.actions_by_id["zoom_out"].trigger()
    assert window.left.view.zoom < 1.0 or not window.left.view.fits_width


def test_open_a_file_into_a_pane(window, qtbot, tmp_path) -> None:
    note = tmp_path / "notes.md"
    note.write_text("# Review\n\nThe Sides intend to explore twinning.\n", encoding="utf-8")
    window.right.open_file(note)
    qtbot.waitUntil(
        lambda: (
            "twinning"
            in (window.right.view.text_layer.text if window.right.view.text_layer else "")
        ),
        timeout=15_000,
    )
    assert not window.right.shows_message


def test_splitter_and_window_size_are_remembered(make_window, qtbot) -> None:
    first = make_window()
    first.resize(700, 600)  # the offscreen screen is 800 x 800
    first.splitter.setSizes([200, 490])
    sizes = first.splitter.sizes()
    first.close()
    second = make_window()
    qtbot.waitExposed(second)
    assert second.size().width() == 700
    qtbot.waitUntil(lambda: second.splitter.sizes() == sizes, timeout=3000)


def test_find_hits_are_framed_not_filled_so_no_code_colour_looks_like_one(window, qtbot) -> None:
    """A hit is a frame in the selection's colour (the current one is the selection): a pale
    yellow fill looked like the highlights of a yellow code."""
    view = window.left.view
    window.active_pane = window.left
    view.repaint()
    before = view.viewport().grab().toImage()
    window.actions_by_id["find"].trigger()
    window.left.find_bar.field.setText("the sides")
    view.repaint()
    after = view.viewport().grab().toImage()
    layer = view.text_layer
    second_start = layer.text.lower().index("the sides", layer.text.lower().index("the sides") + 1)
    piece = layer.rects(second_start, second_start + len("the sides"))[0]
    box = view.screen_rect(piece)
    ratio = after.devicePixelRatio()
    inside = box.adjusted(4, 4, -4, -4).toAlignedRect()
    changed = [
        (x, y)
        for x in range(inside.left(), inside.right())
        for y in range(inside.top(), inside.bottom())
        if before.pixel(round(x * ratio), round(y * ratio))
        != after.pixel(round(x * ratio), round(y * ratio))
    ]
    assert changed == []  # the words of a hit are not tinted
    frame = box.toAlignedRect()
    above = [
        (round(x * ratio), round(y * ratio))
        for x in range(frame.left() + 3, frame.right() - 3)
        for y in range(frame.top() - 3, frame.top() + 1)
    ]
    assert any(after.pixel(*p) != before.pixel(*p) for p in above)  # its frame


def test_a_find_hit_frame_stays_below_the_line_above(window, qtbot) -> None:
    """Glyph boxes run from the font's ascender to its descender, and on the letter's tightly
    set lines they overlap the line above: a frame drawn around the box crossed that line's
    descenders. Its top now stays below the bottom of the line above."""
    view = window.left.view
    layer = view.text_layer
    lines = layer.lines(0)
    above, line = next(
        (upper, lower)
        for upper, lower in itertools.pairwise(lines)
        if upper.rect.y0 < lower.rect.y0 < upper.rect.y1
        and upper.rect.x0 < lower.rect.x1
        and lower.rect.x0 < upper.rect.x1
    )
    start = line.start + layer.text[line.start : line.end].index(" ") + 1
    end = start + layer.text[start : line.end].index(" ")
    view.reveal(start, end)
    view.repaint()
    before = view.viewport().grab().toImage()
    view.set_find_hits([(start, end)], -1)  # framed, not the selection
    view.repaint()
    after = view.viewport().grab().toImage()
    ratio = after.devicePixelRatio()
    box = view.screen_rect(layer.rects(start, end)[0])
    floor = view.screen_rect(PageRect(0, above.rect)).bottom()
    framed_rows = {
        y
        for x in range(round(box.left() * ratio), round(box.right() * ratio))
        for y in range(round((box.top() - 6) * ratio), round(box.bottom() * ratio))
        if before.pixel(x, y) != after.pixel(x, y)
    }
    assert framed_rows  # the frame is drawn
    assert min(framed_rows) >= math.floor(floor * ratio)

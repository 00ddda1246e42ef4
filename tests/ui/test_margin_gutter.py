"""A page whose text runs to the paper's right edge has no room for the margin strip on the
paper: its chips go in the pane's gutter beside the page, when the view leaves one."""

from __future__ import annotations

import pymupdf
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.core.geometry import Rect
from desktop.ui.highlight_margin import CLEARANCE, margin_of
from tests.store.helpers import text_layer
from tests.ui.conftest import wait_until_read

WORDS = "cooperation on pandemics and research " * 3


def test_a_page_without_a_right_margin_gets_its_strip_in_the_gutter() -> None:
    layer = text_layer("x" * 120, line_length=40)  # lines 400 points wide
    assert margin_of(layer, 0, 600.0) == Rect(400.0 + CLEARANCE, 0.0, 600.0 - CLEARANCE, 0.0)
    assert margin_of(layer, 0, 402.0) is None  # the text reaches the edge, no gutter
    assert margin_of(layer, 0, 402.0, gutter=80.0) == Rect(
        402.0 + CLEARANCE, 0.0, 482.0 - CLEARANCE, 0.0
    )


def test_the_view_draws_the_chips_of_an_edge_to_edge_page_in_its_gutter(
    make_window, qtbot, tmp_path
) -> None:
    path = tmp_path / "edge.pdf"
    with pymupdf.open() as document:
        page = document.new_page(width=300, height=400)
        for y in range(20, 390, 14):  # each line runs past the paper's right edge
            page.insert_text((2, y), WORDS, fontsize=11)
        document.save(path)
    window = make_window(left=path)
    pane = window.left
    wait_until_read(qtbot, pane)
    qtbot.waitUntil(
        lambda: window.host.annotator is not None and pane.view.highlights is not None,
        timeout=10_000,
    )
    view = pane.view
    text = view.text_layer.text
    start = text.index("pandemics")
    view.setFocus()
    view.set_selection(start, start + len("pandemics"))
    qtbot.keyClick(view, Qt.Key.Key_H)
    qtbot.keyClick(view, Qt.Key.Key_1)  # Pandemics
    assert margin_of(view.text_layer, 0, 300.0) is None, "the text reaches the paper's edge"
    view.set_zoom(0.5)  # a gutter beside the page
    line = view.text_layer.rects(start, start + 1)[0]
    page_right = view._slot_rect(0).right()
    band = view.viewport_rect_of(0, 0.0, line.rect.y0, 300.0, line.rect.y1)
    view.repaint()
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    seen = {
        QColor(image.pixel(round(x * ratio), round(y * ratio))).name().upper()
        for x in range(round(page_right) + 2, min(image.width(), round(page_right) + 60))
        for y in range(round(band.top()), round(band.bottom()))
    }
    pandemics = window.host.annotator.codebook.lookup("Pandemics").color.upper()
    assert pandemics in seen

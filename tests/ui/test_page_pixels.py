"""Pages reach the screen pixel for pixel as PyMuPDF renders them, at every zoom and device
pixel ratio: a page is rendered at the size it is drawn and never resampled by Qt (a resampled
page loses rows and columns of its glyphs: "me·tioned", "mechanisrns")."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from desktop.documents.opening import open_document
from desktop.ui.page_view import PageView

ZOOMS = (0.61, 0.79, 0.6667, 0.8281512605042017, 1.13)
"""Fit width for the letter and the article in the default window, and other fractions."""


def _rendered(view: PageView, qtbot) -> None:
    qtbot.waitUntil(
        lambda: view._renders.pixmap(0, view._render_scale()) is not None, timeout=10_000
    )


def _screen(view: PageView, ratio: float) -> QImage:
    """The viewport's pixels as they reach a screen of device pixel ratio ``ratio``."""
    viewport = view.viewport()
    image = QImage(viewport.size() * ratio, QImage.Format.Format_RGB888)
    image.setDevicePixelRatio(ratio)
    viewport.render(image)
    return image


def _differing_rows(screen: QImage, expected, *, left: int, top: int) -> list[int]:
    """Rows of the page (as PyMuPDF draws it) that differ on screen, where the page is in view
    with its top-left device pixel at (left, top)."""
    bits = screen.constBits()
    first, last = max(0, -left), min(expected.width, screen.width() - left)
    differing = []
    for row in range(max(0, -top), min(expected.height, screen.height() - top)):
        at = (top + row) * screen.bytesPerLine() + (left + first) * 3
        start = row * expected.stride + first * 3
        want = bytes(expected.samples[start : start + (last - first) * 3])
        if bytes(bits[at : at + (last - first) * 3]) != want:
            differing.append(row)
    return differing


@pytest.mark.parametrize("ratio", [1.0, 2.0])
@pytest.mark.parametrize("zoom", ZOOMS)
def test_pages_are_drawn_exactly_as_pymupdf_renders_them(
    window, qtbot, monkeypatch, zoom, ratio
) -> None:
    for pane in window.panes:
        view = pane.view
        monkeypatch.setattr(view, "devicePixelRatioF", lambda ratio=ratio: ratio)
        view.set_zoom(zoom)
        view.verticalScrollBar().setValue(0)
        _rendered(view, qtbot)
        screen = _screen(view, ratio)
        origin = view._slot_rect(0).topLeft() * ratio
        left, top = round(origin.x()), round(origin.y())
        assert abs(origin.x() - left) < 1e-6 and abs(origin.y() - top) < 1e-6, (
            "a page starts on a whole device pixel"
        )
        with open_document(view.document.path) as document:
            expected = document.render(0, view._render_scale())
        assert abs(expected.width - view._slot_rect(0).width() * ratio) < 1
        assert _differing_rows(screen, expected, left=left, top=top) == [], (
            f"{pane.side} pane at {zoom:.0%}, device pixel ratio {ratio:g}: rows differ "
            "from PyMuPDF's render"
        )

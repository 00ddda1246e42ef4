"""Highlights that must not look alike: uncoded, instrument-only and thematic highlights each
have their own look, and the instruments' underline grows with the zoom (at the 61 % that fit
width gives the letter, it is never a hairline)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.codebook.default import load_default_codebook
from desktop.codebook.model import Facet
from desktop.ui.highlight_pieces import Styles, paint_piece

pytestmark = pytest.mark.usefixtures("qapp")
POINTS_PER_PIXEL_AT_100 = 96 / 72


@pytest.fixture
def book():  # type: ignore[no-untyped-def]
    return load_default_codebook()


def _code(book, facet: Facet, name: str) -> str:  # type: ignore[no-untyped-def]
    code = book.lookup(name)
    assert code.facet is facet
    return code.guid


def _painted(style, scale: float, *, width: float = 200.0, height: float = 16.0) -> QImage:
    """One line of a highlight, ``height`` points high, at ``scale`` pixels per point."""
    image = QImage(420, 120, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_piece(painter, style, QRectF(10.0, 10.0, width * scale, height * scale), scale=scale)
    painter.end()
    return image


def _underline_rows(image: QImage, color: QColor, x: int = 100) -> int:
    """Rows of column ``x`` painted in the underline's colour."""
    return sum(QColor(image.pixel(x, y)) == color for y in range(image.height()))


def test_uncoded_and_instrument_only_each_look_their_own_way(book) -> None:  # type: ignore
    styles = Styles(book)
    uncoded = styles.of(())
    pandemics = styles.of((_code(book, Facet.THEMATIC, "Pandemics"),))
    horizon = _code(book, Facet.INSTRUMENT, "Horizon Europe")
    instrument_only = styles.of((horizon,))
    # Neither has a fill, so no code colour (not even a yellow or a grey one) looks like them:
    # uncoded is a dark frame, instrument-only the instrument's edge and underline.
    assert uncoded.fill is None and uncoded.underline is None
    assert instrument_only.fill is None and instrument_only.underline is not None
    assert pandemics.fill is not None
    centre, frame = (60, 16), (60, 10)
    assert QColor(_painted(uncoded, 1.0).pixel(*centre)) == QColor("white")
    assert QColor(_painted(instrument_only, 1.0).pixel(*centre)) == QColor("white")
    assert QColor(_painted(pandemics, 1.0).pixel(*centre)) != QColor("white")
    assert QColor(_painted(uncoded, 1.0).pixel(*frame)).lightness() < 90  # a dark grey frame


def test_several_thematic_codes_fill_the_line_with_the_first_and_chip_every_one(book) -> None:  # type: ignore
    """Four thematic areas made stripes of two or three pixels at the default zoom: now the
    line is filled with the first code's colour (codebook order) at full height, and the
    margin strip has a chip for every code."""
    names = ("Pandemics", "Climate change", "Digital transition", "Ageing societies")
    codes = tuple(_code(book, Facet.THEMATIC, name) for name in names)
    order = [code.guid for code in book]
    first_code = min(codes, key=order.index)
    several, first = Styles(book).of(codes), Styles(book).of((first_code,))
    scale = 0.61 * POINTS_PER_PIXEL_AT_100
    image, alone = _painted(several, scale), _painted(first, scale)
    top, bottom = 10 + 3, 10 + round(16 * scale) - 4
    for y in (top, bottom):
        assert QColor(image.pixel(60, y)) == QColor(alone.pixel(60, y))
    assert len(several.chips) == 4


@pytest.mark.parametrize("zoom", [0.61, 0.74, 0.79])
def test_the_underline_is_at_least_three_pixels_and_grows_with_the_zoom(book, zoom) -> None:  # type: ignore
    style = Styles(book).of((_code(book, Facet.INSTRUMENT, "Horizon Europe"),))
    color = QColor(style.underline)
    scale = zoom * POINTS_PER_PIXEL_AT_100
    thin = _underline_rows(_painted(style, scale), color)
    assert thin >= 3
    assert _underline_rows(_painted(style, 2.5 * scale), color) > thin


def test_margin_chips_kept_up_to_date_match_a_fresh_layout() -> None:
    """Row by row after each edit, the margin's chips are what laying out the page afresh
    gives; a row holds only what fits."""
    from desktop.core.geometry import Rect
    from desktop.ui.highlight_margin import MarginChips
    from tests.ui.test_highlight_image import _crowd

    crowd = _crowd(400, seed=7)
    strip = Rect(530.0, 0.0, 590.0, 0.0)
    kept = MarginChips(crowd[:300], 0, strip, scale=1.3)
    for highlight in crowd[300:]:
        kept.add(highlight)
    for highlight in crowd[:50]:
        kept.discard(highlight)
    fresh = MarginChips(crowd[50:], 0, strip, scale=1.3)
    assert sorted(kept.chips, key=str) == sorted(fresh.chips, key=str)
    assert kept.chips and all(
        x >= 530.0 * 1.3 and x + side <= 590.0 * 1.3 for x, _y, side, _color in kept.chips
    )


def test_a_crowded_page_lays_out_its_margin_while_idle(qtbot) -> None:
    """From ``IMAGE_MIN`` highlights, a page's chips are laid out while idle, a slice at a
    time (at once, thousands of highlights blocked the window), and then they are what laying
    out the page at once gives, an edit made meanwhile included."""
    from desktop.core.geometry import Rect
    from desktop.ui import highlight_page
    from desktop.ui.highlight_margin import MarginChips
    from desktop.ui.highlight_page import HighlightPage
    from tests.ui.test_highlight_image import _crowd

    strip = Rect(530.0, 0.0, 590.0, 0.0)
    assert HighlightPage(0, _crowd(20, seed=3)).margin_chips(strip, 1.3)  # a small page: now
    crowd = _crowd(3 * highlight_page.IMAGE_MIN, seed=3)
    crowded = HighlightPage(0, crowd[1:])
    assert crowded.margin_chips(strip, 1.3) is None
    crowded.add(crowd[0])
    crowded.discard(crowd[5].id)
    qtbot.waitUntil(lambda: crowded.margin_chips(strip, 1.3) is not None, timeout=10_000)
    fresh = MarginChips([h for h in crowd if h is not crowd[5]], 0, strip, scale=1.3)
    laid = crowded.margin_chips(strip, 1.3)
    assert laid and sorted(laid, key=str) == sorted(fresh.chips, key=str)

"""A crowded page draws its highlights from an image kept up to date region by region: right
after an edit the new highlight shows, and once the image has caught up it is exactly what
drawing the page's highlights from scratch gives."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.codebook.default import load_default_codebook
from desktop.core.geometry import PageRect
from desktop.ui import highlight_page
from desktop.ui.highlight_page import HighlightPage
from desktop.ui.highlight_pieces import Highlight, Styles

SCALE = 1.3
LINE, LINES, LEFT, RIGHT = 14.4, 40, 70.0, 525.0
"""Lines as the letter's: each box 16 points high every 14.4 points, so neighbours overlap."""


def _crowd(count: int, *, seed: int, prefix: str = "H") -> list[Highlight]:
    """``count`` highlights of one to three lines on page 0, coded as analysts code."""
    chance = random.Random(seed)
    styles = Styles(load_default_codebook())
    codes = [code.guid for code in load_default_codebook() if code.is_codable]
    made = []
    for number in range(count):
        line = chance.randrange(LINES - 3)
        lines = chance.randint(1, 3)
        x0 = chance.uniform(LEFT, RIGHT - 20)
        x1 = chance.uniform(x0 + 10, RIGHT) if lines == 1 else chance.uniform(LEFT + 10, RIGHT)
        pieces = []
        for k in range(lines):
            top = 60.0 + (line + k) * LINE
            pieces.append(
                (0, x0 if k == 0 else LEFT, top, RIGHT if k < lines - 1 else x1, top + 16.0)
            )
        start = line * 90 + int((x0 - LEFT) / 5)
        end = (line + lines - 1) * 90 + int((x1 - LEFT) / 5) + 1
        code_ids = tuple(chance.sample(codes, chance.randint(0, 3)))
        made.append(
            Highlight(
                f"{prefix}{number:04}",
                start,
                max(end, start + 1),
                tuple(pieces),
                code_ids,
                styles.of(code_ids),
            )
        )
    return made


def _to_view(piece: PageRect) -> QRectF:
    """The page as a view shows it: at 130 %, its corner at a fraction of a pixel."""
    r = piece.rect
    return QRectF(
        12.5 + r.x0 * SCALE, 7.25 + r.y0 * SCALE, (r.x1 - r.x0) * SCALE, (r.y1 - r.y0) * SCALE
    )


def _paint(page: HighlightPage, dpr: float) -> QImage:
    image = QImage(round(760 * dpr), round(880 * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor("white"))
    painter = QPainter(image)
    page.paint(painter, _to_view)
    painter.end()
    return image


def _settled(page: HighlightPage, qtbot, dpr: float) -> QImage:
    _paint(page, dpr)  # the first paint starts the image; it is drawn while idle
    qtbot.waitUntil(lambda: page.finished, timeout=10_000)
    return _paint(page, dpr)


def _centre(highlight: Highlight, dpr: float) -> QPoint:
    return (_to_view(highlight.rects[0]).center() * dpr).toPoint()


def _differences(first: QImage, second: QImage) -> int:
    """The largest difference of any channel of any pixel."""
    assert first.size() == second.size()
    worst = 0
    for y in range(0, first.height()):
        for x in range(0, first.width(), 3):
            a, b = first.pixelColor(x, y), second.pixelColor(x, y)
            worst = max(
                worst, abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())
            )
    return worst


def test_the_image_draws_what_drawing_each_highlight_draws(qtbot, monkeypatch) -> None:
    crowd = _crowd(highlight_page.IMAGE_MIN + 100, seed=1)
    page = HighlightPage(0, crowd, bounds=(LEFT, 60.0, RIGHT, 60.0 + (LINES + 1) * LINE))
    from_image = _settled(page, qtbot, 1.0)
    monkeypatch.setattr(highlight_page, "IMAGE_MIN", 10**9)
    drawn = _paint(HighlightPage(0, crowd), 1.0)
    # one image composited over the page, or each highlight over it: the same but for rounding
    assert _differences(from_image, drawn) <= 2
    assert from_image.pixelColor(5, 5) == QColor("white")  # outside every highlight


def _around(top: float, x0: float, x1: float) -> tuple[Highlight, list[Highlight]]:
    """A highlight on one line, and four that do not overlap it but whose drawing (edge,
    underline) reaches within a few pixels of it: what its region must draw again too."""
    book = load_default_codebook()
    styles = Styles(book)
    dashed = (
        book.lookup("Pandemics").guid,
        book.lookup("Joint calls").guid,
        book.lookup("Twinning").guid,
    )  # a fill, and two instruments' dashes
    boxes = {
        "N": (x0, top, x1, top + 16.0),
        "left": (LEFT, top, x0 - 0.3, top + 16.0),
        "right": (x1 + 1.0, top, RIGHT, top + 16.0),
        "above": (x0 - 20.0, top - 17.5, x1 + 20.0, top - 1.5),
        "below": (x0 - 20.0, top + 17.5, x1 + 20.0, top + 33.5),
    }
    made = {
        name: Highlight(
            name,
            int(y0 * 10 + x0),
            int(y0 * 10 + x1),
            ((0, x0, y0, x1, y1),),
            dashed,
            styles.of(dashed),
        )
        for name, (x0, y0, x1, y1) in boxes.items()
    }
    new = made.pop("N")
    return new, list(made.values())


@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_edits_show_at_once_and_then_match_a_whole_redraw(qtbot, dpr: float) -> None:
    new, neighbours = _around(60.0 + 12 * LINE, 200.0, 260.0)
    crowd = _crowd(highlight_page.IMAGE_MIN + 300, seed=2) + neighbours
    page = HighlightPage(0, crowd, bounds=(LEFT, 60.0, RIGHT, 60.0 + (LINES + 1) * LINE))
    before = _settled(page, qtbot, dpr)
    page.add(new)
    assert list(page) == sorted(page, key=lambda h: h.order)  # hit tests read it in order
    shown = _paint(page, dpr)  # before the image has caught up
    spot = _centre(new, dpr)
    assert shown.pixelColor(spot) != before.pixelColor(spot), "a new highlight shows at once"
    gone = crowd[7]
    page.discard(gone.id)
    (moved,) = _crowd(1, seed=5, prefix="X")
    resized = Highlight(
        crowd[11].id, moved.start, moved.end, moved.pieces, crowd[11].code_ids, crowd[11].style
    )
    page.add(resized)  # the same annotation, resized: replaces the one drawn
    assert page.get(crowd[11].id) is resized and page.get(gone.id) is None
    qtbot.waitUntil(lambda: page.finished, timeout=10_000)
    after = _paint(page, dpr)
    everything = [h for h in crowd if h.id not in {gone.id, resized.id}] + [new, resized]
    fresh = HighlightPage(0, everything, bounds=(LEFT, 60.0, RIGHT, 60.0 + (LINES + 1) * LINE))
    assert after == _settled(fresh, qtbot, dpr)


def test_an_image_is_drawn_again_at_another_zoom_and_kept_for_a_few_pages(qtbot) -> None:
    crowd = _crowd(highlight_page.IMAGE_MIN, seed=3)
    budget = highlight_page.ImageBudget(pages=2)
    pages = [
        HighlightPage(0, crowd, bounds=(LEFT, 60.0, RIGHT, 700.0), budget=budget) for _ in range(3)
    ]
    for page in pages:
        _settled(page, qtbot, 1.0)
    assert [page.finished for page in pages] == [False, True, True]  # the first was let go
    assert _settled(pages[0], qtbot, 1.0) == _settled(pages[2], qtbot, 1.0)


def test_a_page_drawn_from_an_image_goes_with_its_last_reference(qtbot) -> None:
    """The budget of kept images holds its pages weakly: a page (and its thousands of
    highlights) is freed as soon as nothing uses it, not at the next full collection, which
    over a closed project's 100,000 highlights took seconds."""
    import gc
    import weakref

    from desktop.ui.highlight_page import ImageBudget

    budget = ImageBudget()
    page = HighlightPage(0, _crowd(highlight_page.IMAGE_MIN, seed=5), budget=budget)
    _settled(page, qtbot, 1.0)
    gone = weakref.ref(page)
    gc.disable()
    try:
        del page
        assert gone() is None
    finally:
        gc.enable()

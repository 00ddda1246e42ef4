"""The text layer's map between offsets and page positions, on hand-made pages."""

from array import array

import pytest

from desktop.core.geometry import PageRect, Rect
from desktop.core.textlayer import NO_BOX, PageText, TextLayer, TextLine


def _page(lines: list[tuple[str, float]], *, lead: str = "") -> PageText:
    """A page whose lines are monospaced, 10 pt per character, 12 pt per line."""
    text, boxes, records = lead, array("f", [NO_BOX] * 4 * len(lead)), []
    for number, (line, y) in enumerate(lines):
        if number:
            text += " "
            boxes.extend([NO_BOX] * 4)
        start = len(text)
        for column, _char in enumerate(line):
            boxes.extend([10.0 * column, y, 10.0 * column + 10, y + 12])
        text += line
        records.append(TextLine(start, len(text), Rect(0, y, 10.0 * len(line), y + 12)))
    return PageText(text, boxes, tuple(records))


@pytest.fixture
def layer() -> TextLayer:
    return TextLayer.from_pages(
        [_page([("Hello world", 0), ("second line", 12)]), _page([("Page two", 0)], lead="\n\n")]
    )


def test_text_joins_pages_in_order(layer: TextLayer) -> None:
    assert layer.text == "Hello world second line\n\nPage two"
    assert layer.is_complete
    assert layer.page_span(1) == (23, 33)


def test_char_box_and_back(layer: TextLayer) -> None:
    for offset, char in enumerate(layer.text):
        box = layer.char_box(offset)
        if char.isspace():
            continue
        assert box is not None
        x, y = box.rect.center
        assert layer.caret_at(box.page, x - 1, y) == offset
        assert layer.caret_at(box.page, x + 1, y) == offset + 1


def test_separators_have_no_box(layer: TextLayer) -> None:
    assert layer.char_box(11) is None  # the space joining the two lines
    assert layer.char_box(23) is None  # the paragraph break between pages


def test_caret_beyond_line_end_and_below_text(layer: TextLayer) -> None:
    assert layer.caret_at(0, 500, 5) == 11
    assert layer.caret_at(0, 2, 500) == 12  # nearest line is the second one
    assert layer.caret_at(1, -50, 5) == 25


def test_rects_one_per_line_across_pages(layer: TextLayer) -> None:
    rects = layer.rects(6, 29)
    assert rects == [
        PageRect(0, Rect(60, 0, 110, 12)),
        PageRect(0, Rect(0, 12, 110, 24)),
        PageRect(1, Rect(0, 0, 40, 12)),
    ]
    assert layer.rects(5, 5) == []


def test_pages_arrive_in_background() -> None:
    layer = TextLayer(page_count=2)
    layer.add_page(_page([("First", 0)]))
    assert not layer.is_complete and layer.ready_pages == 1
    assert layer.caret_at(1, 0, 0) is None
    layer.add_page(_page([("Second", 0)], lead="\n\n"))
    assert layer.text == "First\n\nSecond"
    with pytest.raises(ValueError):
        layer.add_page(_page([("Third", 0)]))


def test_page_text_checks_box_count() -> None:
    with pytest.raises(ValueError):
        PageText("ab", array("f", [0.0] * 4), ())


def test_char_at_is_the_character_under_the_point(layer: TextLayer) -> None:
    assert layer.text[layer.char_at(0, 62, 5)] == "w"
    assert layer.text[layer.char_at(0, 68, 5)] == "w"
    assert layer.char_at(0, 500, 5) == 11


def test_a_piece_knows_how_far_the_line_above_reaches_into_it() -> None:
    """Lines 10 pt apart with boxes 12 pt tall (the font's ascender to its descender): the
    second line's box starts 2 pt inside the first's, whose descenders a frame must not cross;
    the first line, and a line beside no other, have nothing above them."""
    layer = TextLayer.from_pages([_page([("tightly set", 0), ("lines here", 10), ("far", 40)])])
    first, second, third = (layer.rects_with_ceilings(start, start + 3) for start in (0, 12, 23))
    assert first == [(PageRect(0, Rect(0, 0, 30, 12)), None)]
    assert second == [(PageRect(0, Rect(0, 10, 30, 22)), 12)]
    assert third == [(PageRect(0, Rect(0, 40, 30, 52)), None)]
    assert [piece for piece, _ in layer.rects_with_ceilings(0, 22)] == layer.rects(0, 22)

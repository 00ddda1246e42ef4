"""The bulk placer gives exactly the anchors ``anchor_for_span`` gives, and finds moved quotes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.anchoring import AnchoringError
from desktop.app.anchors import anchor_for_span
from desktop.app.placing import Placer, Unplaced, place
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.core.textlayer import TextLayer
from desktop.formats.incoming import IncomingAnnotation
from tests.store.helpers import TEXT, text_layer


@pytest.fixture(scope="module")
def layers() -> Iterator[list[TextLayer]]:
    """The bundled letter (PDF) and article (HTML) as the worker reads them, and a test text
    with undrawn characters and page breaks."""
    with DocumentReader() as reader:
        yield [reader.read(path).text for path in bundled_pair()] + [text_layer(TEXT)]


@settings(max_examples=300)
@given(data=st.data())
def test_anchors_equal_anchor_for_span_on_real_texts(
    layers: list[TextLayer], data: st.DataObject
) -> None:
    layer = data.draw(st.sampled_from(layers))
    placer = Placer(layer)
    start = data.draw(st.integers(0, len(layer) - 1))
    end = data.draw(st.integers(start + 1, min(len(layer), start + 2000)))
    assert placer.anchor(start, end) == anchor_for_span(layer, start, end)


def test_every_line_of_the_letter_matches(layers: list[TextLayer]) -> None:
    letter = layers[0]
    placer = Placer(letter)
    for page in range(letter.page_count):
        for line in letter.lines(page):
            assert placer.anchor(line.start, line.end) == anchor_for_span(
                letter, line.start, line.end
            )
    whole = placer.anchor(0, len(letter))
    assert whole == anchor_for_span(letter, 0, len(letter))
    assert {r.page for r in whole.rects} == set(range(letter.page_count))
    with pytest.raises(AnchoringError):
        placer.anchor(3, 3)


def _item(text: str, quote: str, **fields: object) -> IncomingAnnotation:
    start = text.index(quote)
    return IncomingAnnotation("d", quote, start, start + len(quote), **fields)  # type: ignore[arg-type]


def test_offsets_into_the_same_text_are_used_as_they_are() -> None:
    placer = Placer(text_layer(TEXT))
    second = TEXT.index("cooperate", TEXT.index("cooperate") + 1)
    item = IncomingAnnotation("d", "cooperate", second, second + 9)
    placed = place(placer, item, source_text=TEXT, same_text=True)
    assert not isinstance(placed, Unplaced) and placed.start == second


def test_a_repeated_quote_in_another_text_is_told_apart_by_the_files_own_context() -> None:
    placer = Placer(text_layer(TEXT))
    theirs = "Heading\n\n" + TEXT
    second = theirs.index("cooperate", theirs.index("cooperate") + 1)
    item = IncomingAnnotation("d", "cooperate", second, second + 9)
    placed = place(placer, item, source_text=theirs, same_text=False)
    assert not isinstance(placed, Unplaced)
    assert placed.start == TEXT.index("cooperate", TEXT.index("cooperate") + 1)


def test_a_quote_without_offsets_is_looked_for_from_its_page() -> None:
    layer = text_layer(TEXT)
    placer = Placer(layer)
    last_page = layer.page_count - 1
    placed = place(
        placer,
        IncomingAnnotation("d", "cooperate", page=last_page),
        source_text=None,
        same_text=False,
    )
    assert not isinstance(placed, Unplaced)
    assert placed.start == TEXT.rindex("cooperate") and placed.page == last_page


def test_what_cannot_be_placed_says_why() -> None:
    placer = Placer(text_layer(TEXT))
    missing = place(
        placer, IncomingAnnotation("d", "a treaty on fisheries"), source_text=None, same_text=False
    )
    assert isinstance(missing, Unplaced) and "fisheries" in missing.reason
    empty = place(placer, IncomingAnnotation("d", ""), source_text=None, same_text=False)
    assert isinstance(empty, Unplaced) and "no quoted text" in empty.reason

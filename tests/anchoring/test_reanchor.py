"""Describing a selection and placing it again after the text changed."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.anchoring import (
    Anchored,
    AnchoringError,
    Orphan,
    TextPositionSelector,
    TextQuoteSelector,
    describe,
    reanchor,
)

# Two disjoint alphabets, each with spaces or line breaks, combining marks and non-BMP characters:
# a quote drawn from QUOTE_CHARS can only be found where it was put.
TEXT_CHARS = st.sampled_from("abcdefgh ijk\n\u0301😀𝔘éß")
QUOTE_CHARS = st.sampled_from("ΑΒΓΔΕΖΗΘ λμ\u0308𠀋🙂\u20dd")
texts = st.text(TEXT_CHARS, max_size=300)
quotes = st.text(QUOTE_CHARS, min_size=20, max_size=80).filter(lambda q: q.strip() == q)

LETTER = (
    "The Sides acknowledge that they are facing important global challenges such as pandemics, "
    "climate change, digital transition and ageing societies, which call for enhanced "
    "cooperation in\nSTI. In relation to the COVID-19 outbreak, the Sides acknowledge the "
    "importance of enhanced cooperation in research and innovation to overcome pandemics, as "
    "well as open access to research data and results."
)


@st.composite
def texts_with_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(st.text(st.one_of(TEXT_CHARS, QUOTE_CHARS), min_size=1, max_size=300))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@given(texts_with_span())
def test_unchanged_text_is_found_at_its_position(case: tuple[str, int, int]) -> None:
    text, start, end = case
    position, quote = describe(text, start, end)
    assert quote.exact == text[start:end]
    assert reanchor(text, position, quote) == Anchored(start, end, "position", 1.0)


def test_describe_keeps_32_code_points_of_context() -> None:
    text = "🙂" * 40 + "quote" + "e\u0301" * 20
    position, quote = describe(text, 40, 45)
    assert position == TextPositionSelector(40, 45)
    assert quote == TextQuoteSelector("quote", "🙂" * 32, "e\u0301" * 16)


@pytest.mark.parametrize(("start", "end"), [(3, 3), (-1, 2), (0, 99), (5, 2)])
def test_describe_refuses_empty_or_outside_spans(start: int, end: int) -> None:
    with pytest.raises(AnchoringError, match="empty or outside the text"):
        describe("short text", start, end)


@given(texts, quotes, texts, st.data())
def test_after_an_insertion_before_it_the_quote_is_found(
    left: str, exact: str, right: str, data: st.DataObject
) -> None:
    text = left + exact + right
    position, quote = describe(text, len(left), len(left) + len(exact))
    cut = data.draw(st.integers(0, len(left)))
    inserted = data.draw(st.text(TEXT_CHARS, min_size=1, max_size=50))
    changed = text[:cut] + inserted + text[cut:]
    found = reanchor(changed, position, quote)
    shift = len(inserted)
    assert found == Anchored(position.start + shift, position.end + shift, "quote", found.score)
    assert found.score > 0.8


@given(texts, quotes, texts, st.data())
def test_after_a_deletion_before_it_the_quote_is_found(
    left: str, exact: str, right: str, data: st.DataObject
) -> None:
    assume(left)
    text = left + exact + right
    position, quote = describe(text, len(left), len(left) + len(exact))
    begin = data.draw(st.integers(0, len(left) - 1))
    stop = data.draw(st.integers(begin + 1, len(left)))
    changed = text[:begin] + text[stop:]
    found = reanchor(changed, position, quote)
    assert isinstance(found, Anchored)
    assert (found.start, found.end, found.method) == (
        position.start - (stop - begin),
        position.end - (stop - begin),
        "quote",
    )


@given(texts, quotes, texts, st.data())
def test_after_a_small_edit_inside_it_the_quote_is_found_approximately(
    left: str, exact: str, right: str, data: st.DataObject
) -> None:
    text = left + exact + right
    position, quote = describe(text, len(left), len(left) + len(exact))
    at = data.draw(st.integers(2, len(exact) - 3))
    kind = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    new_char = data.draw(QUOTE_CHARS.filter(lambda c: c != exact[at]))
    if kind == "replace":
        edited = exact[:at] + new_char + exact[at + 1 :]
    elif kind == "insert":
        edited = exact[:at] + new_char + exact[at:]
    else:
        edited = exact[:at] + exact[at + 1 :]
    changed = left + edited + right
    assume(exact not in changed)  # e.g. one more "Θ" next to "ΘΘ" is an insertion before it
    assume(edited.split() != exact.split())  # only spacing changed: found by quote, see below
    found = reanchor(changed, position, quote)
    assert found == Anchored(len(left), len(left) + len(edited), "fuzzy", found.score)
    assert 0.8 <= found.score < 1


@given(texts, quotes, texts)
def test_after_removing_it_the_annotation_is_an_orphan(left: str, exact: str, right: str) -> None:
    text = left + exact + right
    position, quote = describe(text, len(left), len(left) + len(exact))
    found = reanchor(left + right, position, quote)
    assert isinstance(found, Orphan)
    assert "no longer contains" in found.reason


def test_short_quotes_are_not_matched_approximately() -> None:
    position, quote = describe("alpha beta gamma", 6, 10)
    found = reanchor("alpha bext gamma", position, quote)
    assert found == Orphan(
        "The text no longer contains “beta”, and so short a quote cannot be matched approximately."
    )


def test_a_quote_across_a_changed_line_break_is_found_by_quote() -> None:
    start = LETTER.index("cooperation in\nSTI")
    position, quote = describe(LETTER, start, start + len("cooperation in\nSTI"))
    changed = "Preamble. " + LETTER.replace("cooperation in\nSTI", "cooperation in STI")
    found = reanchor(changed, position, quote)
    assert isinstance(found, Anchored)
    assert found.method == "quote"
    assert changed[found.start : found.end] == "cooperation in STI"


def test_a_repeated_phrase_is_told_apart_by_its_context() -> None:
    second = LETTER.index("the Sides acknowledge")
    position, quote = describe(LETTER, second, second + len("the Sides"))
    changed = "1. " + LETTER
    found = reanchor(changed, position, quote)
    assert found == Anchored(second + 3, second + 12, "quote", 1.0)


def test_an_edited_repeated_phrase_is_an_orphan_rather_than_a_guess() -> None:
    second = LETTER.index("the Sides acknowledge")
    position, quote = describe(LETTER, second, second + len("the Sides"))
    changed = LETTER[:second] + "both Sides" + LETTER[second + len("the Sides") :]
    changed = changed.replace("In relation to the COVID-19 outbreak", "Regarding COVID-19")
    found = reanchor(changed, position, quote)
    assert isinstance(found, Orphan)


def test_an_edited_clause_is_found_where_it_was_even_if_its_words_recur_elsewhere() -> None:
    phrase = "open access to research data and results"
    start = LETTER.index(phrase)
    position, quote = describe(LETTER, start, start + len(phrase))
    changed = "Open access to research data and results matters. " + LETTER.replace(
        phrase, "open access to the research data and results"
    )
    found = reanchor(changed, position, quote)
    assert isinstance(found, Anchored)
    assert found.method == "fuzzy"
    assert changed[found.start : found.end] == "open access to the research data and results"


def test_a_span_beyond_the_end_of_a_shortened_text() -> None:
    position, quote = describe(LETTER, len(LETTER) - 20, len(LETTER))
    found = reanchor(LETTER[-60:], position, quote)
    assert found == Anchored(40, 60, "quote", found.score)

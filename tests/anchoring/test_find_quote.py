"""Finding a typed quote for ``accord annotate --quote TEXT [--occurrence N]``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.anchoring import AmbiguousQuote, AnchoringError, QuoteNotFound, find_quote

LETTER = (
    "The Sides acknowledge that cooperation in STI is one of the key areas in the context of the\n"
    "overall cooperation under the ‘Agreement between the European Union and Japan for an\n"
    "Economic Partnership’.\n\n"
    "The Sides intend to enhance their STI cooperation in the climate change area, in particular, "
    "and Japan’s Long-term Strategy under the Paris Agreement as Growth Strategy. The Sides also "
    "intend to have consultations at a higher level when appropriate. 😀 the sides agree."
)


def test_a_unique_quote_gives_its_span() -> None:
    start, end = find_quote(LETTER, "consultations at a higher level")
    assert LETTER[start:end] == "consultations at a higher level"


def test_a_quote_typed_on_one_line_matches_across_line_and_paragraph_breaks() -> None:
    start, end = find_quote(LETTER, "in the context of the overall cooperation")
    assert LETTER[start:end] == "in the context of the\noverall cooperation"
    start, end = find_quote(LETTER, "Economic Partnership’. The Sides intend")
    assert LETTER[start:end] == "Economic Partnership’.\n\nThe Sides intend"


def test_straight_quotes_and_hyphens_match_typographic_ones() -> None:
    start, end = find_quote(LETTER, "Japan's Long–term Strategy")
    assert LETTER[start:end] == "Japan’s Long-term Strategy"
    start, end = find_quote(LETTER, "'Agreement between")
    assert LETTER[start:end] == "‘Agreement between"


def test_exact_capitals_are_preferred_but_not_required() -> None:
    start, end = find_quote(LETTER, "the sides agree")
    assert LETTER[start:end] == "the sides agree"
    start, end = find_quote(LETTER, "PARIS AGREEMENT")
    assert LETTER[start:end] == "Paris Agreement"


def test_offsets_are_code_points_after_non_bmp_characters() -> None:
    start, end = find_quote(LETTER, "sides agree")
    assert start == LETTER.index("sides agree")
    assert end - start == len("sides agree")


def test_an_absent_quote_says_so() -> None:
    with pytest.raises(QuoteNotFound, match="“Horizon Europe” does not occur in the text"):
        find_quote(LETTER, "Horizon Europe")


def test_an_ambiguous_quote_says_how_many_and_how_to_pick_one() -> None:
    with pytest.raises(AmbiguousQuote) as raised:
        find_quote(LETTER, "The Sides")
    assert str(raised.value) == (
        "“The Sides” occurs 3 times in the text; add --occurrence N (1 to 3, in reading order) "
        "to pick one, or quote more words."
    )
    assert len(raised.value.spans) == 3


def test_occurrence_picks_one_in_reading_order() -> None:
    spans = [find_quote(LETTER, "The Sides", occurrence=n) for n in (1, 2, 3)]
    assert spans == sorted(spans)
    assert spans[0] == (0, 9)
    assert find_quote(LETTER, "Paris Agreement", occurrence=1) == find_quote(
        LETTER, "Paris Agreement"
    )


@pytest.mark.parametrize("occurrence", [0, 4, -1])
def test_an_occurrence_out_of_range_is_refused(occurrence: int) -> None:
    with pytest.raises(AnchoringError, match="occurs 3 times, so --occurrence must be between 1"):
        find_quote(LETTER, "The Sides", occurrence=occurrence)


@pytest.mark.parametrize("quote", ["", "   ", "\n"])
def test_an_empty_quote_is_refused(quote: str) -> None:
    with pytest.raises(AnchoringError, match="The quote is empty"):
        find_quote(LETTER, quote)


@given(
    st.text(st.sampled_from("ab \n\u0301😀"), max_size=60),
    st.text(st.sampled_from("ΧΨΩ𠀋"), min_size=1, max_size=10),
    st.text(st.sampled_from("ab \n\u0301😀"), max_size=60),
)
def test_a_unique_quote_is_found_at_its_code_point_offsets(
    left: str, quote: str, right: str
) -> None:
    assert find_quote(left + quote + right, quote) == (len(left), len(left) + len(quote))

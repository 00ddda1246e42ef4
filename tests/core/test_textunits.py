"""Word, clause and sentence snapping and find, on the bundled letter's own sentences."""

import re

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.textunits import (
    find_all,
    next_word_end,
    next_word_start,
    previous_word_end,
    previous_word_start,
    sentence_span,
    word_span,
)

LETTER = (
    "1. Further Deepening of STI Cooperation between the European Union (EU) and Japan\n\n"
    "The Sides acknowledge that they are facing important global challenges such as pandemics, "
    "climate change, digital transition and ageing societies, which call for enhanced cooperation "
    "in STI. In relation to the COVID-19 outbreak, the Sides acknowledge the importance of "
    "enhanced cooperation; as well as open access to research data and results.\n\n"
    "Japan’s Long-term Strategy e.g. under the Paris Agreement since 1 February 2019. Under "
    "Horizon 2020, EU’s current programme."
)


def _at(text: str, fragment: str) -> int:
    return text.index(fragment) + 2


def test_word_span_selects_the_word_under_the_pointer() -> None:
    start, end = word_span(LETTER, _at(LETTER, "pandemics"))
    assert LETTER[start:end] == "pandemics"
    start, end = word_span(LETTER, _at(LETTER, "Japan’s"))
    assert LETTER[start:end] == "Japan’s"


def test_word_span_on_a_space_is_that_space() -> None:
    offset = LETTER.index(" Sides")
    assert word_span(LETTER, offset) == (offset, offset + 1)


def test_sentence_span_ends_at_full_stop() -> None:
    start, end = sentence_span(LETTER, _at(LETTER, "global challenges"))
    assert LETTER[start:end].startswith("The Sides acknowledge that they are facing")
    assert LETTER[start:end].endswith("cooperation in STI.")


def test_clause_ends_at_semicolon() -> None:
    start, end = sentence_span(LETTER, _at(LETTER, "COVID-19"))
    assert LETTER[start:end] == (
        "In relation to the COVID-19 outbreak, the Sides acknowledge the importance of "
        "enhanced cooperation;"
    )
    start, end = sentence_span(LETTER, _at(LETTER, "open access"))
    assert LETTER[start:end] == "as well as open access to research data and results."


def test_heading_number_and_abbreviation_do_not_end_a_sentence() -> None:
    start, end = sentence_span(LETTER, _at(LETTER, "Deepening"))
    assert LETTER[start:end].startswith("1. Further Deepening")
    assert LETTER[start:end].endswith("and Japan")
    start, end = sentence_span(LETTER, _at(LETTER, "Long-term"))
    assert LETTER[start:end] == (
        "Japan’s Long-term Strategy e.g. under the Paris Agreement since 1 February 2019."
    )


def test_find_all_is_case_insensitive_by_default_and_spans_line_breaks() -> None:
    assert len(find_all(LETTER, "the sides")) == 2
    assert find_all(LETTER, "the sides", match_case=True) == []
    text = "climate\nchange and climate  change"
    assert find_all(text, "climate change") == [(0, 14), (19, 34)]
    assert find_all(text, "   ") == []


# Word steps (Shift+Alt+arrows on a highlight): starts land on word starts, ends on word ends,
# never on punctuation or a space, and a step one way is undone by a step the other way.

_TEXTS = st.text(st.sampled_from("ab’'9 .,;:-—()\n\"é"), max_size=60)


def test_a_start_step_skips_the_full_stop_after_sti() -> None:
    start = LETTER.index("STI. In relation")
    later = next_word_start(LETTER, start)
    assert LETTER[later:].startswith("In relation")
    assert previous_word_start(LETTER, later) == start
    end = LETTER.index("STI. In") + 3
    assert LETTER[: next_word_end(LETTER, end)].endswith("STI. In")
    assert previous_word_end(LETTER, next_word_end(LETTER, end)) == end


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+(?:['’]\w+)*", text)]


@given(_TEXTS, st.data())
def test_start_steps_land_on_word_starts_and_undo_each_other(text: str, data) -> None:
    starts = [start for start, _ in _words(text)]
    offset = data.draw(st.integers(0, len(text)))
    later = next_word_start(text, offset)
    assert later == min((s for s in starts if s > offset), default=offset)
    if later != offset:
        assert previous_word_start(text, later) == max(
            (s for s in starts if s < later), default=later
        )
    for start in starts[1:]:
        assert next_word_start(text, previous_word_start(text, start)) == start
    for start in starts[:-1]:
        assert previous_word_start(text, next_word_start(text, start)) == start


@given(_TEXTS, st.data())
def test_end_steps_land_on_word_ends_and_undo_each_other(text: str, data) -> None:
    ends = [end for _, end in _words(text)]
    offset = data.draw(st.integers(0, len(text)))
    earlier = previous_word_end(text, offset)
    assert earlier == max((e for e in ends if e < offset), default=offset)
    for end in ends[1:]:
        assert next_word_end(text, previous_word_end(text, end)) == end
    for end in ends[:-1]:
        assert previous_word_end(text, next_word_end(text, end)) == end
        assert text[end - 1].isalnum()


def test_a_step_back_looks_past_a_long_stretch_without_words() -> None:
    text = "alpha" + " ." * 2000 + " omega"
    assert previous_word_start(text, text.index("omega")) == 0
    assert previous_word_end(text, len(text)) == 5
    assert next_word_start(text, 0) == text.index("omega")

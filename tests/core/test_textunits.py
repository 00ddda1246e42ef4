"""Word, clause and sentence snapping and find, on the bundled letter's own sentences."""

from desktop.core.textunits import find_all, sentence_span, word_span

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

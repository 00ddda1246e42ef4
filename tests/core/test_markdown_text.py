"""Notes' Markdown shown as plain text in the annotations list."""

import pytest

from desktop.core.markdown_text import plain_text


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("Core **commitment** of the letter", "Core commitment of the letter"),
        ("*one* and _two_ and ***three*** and ~~four~~", "one and two and three and four"),
        (
            "see [the letter](https://example.com/a_b) and `code_here`",
            "see the letter and code_here",
        ),
        ("# Heading\n- item one\n2. item two\n> quoted", "Heading\nitem one\nitem two\nquoted"),
        ("![a chart](chart.png)", "a chart"),
        (r"a \*literal\* star", "a *literal* star"),
        ("3 * 4 * 5 and snake_case_name", "3 * 4 * 5 and snake_case_name"),
        ("plain note, nothing to take off", "plain note, nothing to take off"),
    ],
)
def test_marks_go_and_words_stay(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain

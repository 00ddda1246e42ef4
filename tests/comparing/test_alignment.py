"""Suggested alignment: right on the bundled pair against the analyst's gold, and plain
about clauses that have nothing to align with."""

from __future__ import annotations

from desktop.comparing.alignment import COUNTERPART_AT, align
from tests.comparing.gold import judged


def test_the_top_suggestion_is_right_and_counterparts_are_told_apart(
    bundled_texts: tuple[str, str],
) -> None:
    letter, article = bundled_texts
    wrong, auc = judged(align(letter, article).suggestions)
    assert wrong == []
    assert auc >= 0.95


def test_candidates_are_the_letters_clauses_best_first_with_their_offsets(
    bundled_texts: tuple[str, str],
) -> None:
    letter, article = bundled_texts
    alignment = align(letter, article)
    for suggestion in alignment.suggestions:
        assert article[suggestion.clause.start : suggestion.clause.end] == suggestion.clause.text
        scores = [candidate.score for candidate in suggestion.candidates]
        assert scores == sorted(scores, reverse=True)
        assert all(0 < score <= 1 for score in scores)
        assert suggestion.counterpart == (bool(scores) and scores[0] >= COUNTERPART_AT)
        for candidate in suggestion.candidates:
            assert letter[candidate.clause.start : candidate.clause.end] == candidate.clause.text
    unreported = {clause.text[:30] for clause in alignment.unreported}
    assert "This Letter of Intent is not i" in unreported  # no article clause speaks of it
    assert "In relation to the COVID-19 ou" not in unreported


def test_clauses_with_no_word_in_common_have_no_candidates() -> None:
    alignment = align("Pandemics call for research.", "Kyoto hosted a summit. Research pays.")
    first, second = alignment.suggestions
    assert (first.candidates, first.counterpart, first.score) == ((), False, 0.0)
    assert [c.clause.text for c in second.candidates] == ["Pandemics call for research."]
    assert align("", "").suggestions == ()
    assert align("", "Nothing to report.").suggestions[0].candidates == ()


def test_an_inflected_word_still_matches() -> None:
    """Reporters inflect the letter's words anew: *strengthening* → *strengthen*."""
    alignment = align(
        "The Sides intend strengthening cooperation. Twinning calls are possible.",
        "They will strengthen their cooperation.",
    )
    (suggestion,) = alignment.suggestions
    assert suggestion.candidates[0].clause.text == "The Sides intend strengthening cooperation."

"""Place an annotation again after its document's text changed.

Three tries, cheapest and most certain first:

1. **position**: the stored span still holds the quote and its context. This is the case for
   nearly every annotation on every open, so it is a few string comparisons.
2. **quote**: the exact quote elsewhere (or with different whitespace, e.g. re-extracted line
   breaks). Several occurrences are told apart by how well their surroundings match the stored
   prefix and suffix, then by nearness to the old position.
3. **fuzzy**: the quote itself was edited. ``rapidfuzz`` aligns it within a window around the
   old position, widened step by step to the whole text, and the best alignment is accepted when
   the quote is similar enough.

Every placement carries a ``score`` in 0..1: two thirds how much the found text resembles the
quote, one third how much its surroundings resemble the stored context. An exact quote whose
context is poor (a common phrase found elsewhere) competes with a fuzzy match at the old place,
so an edited clause is not silently replaced by an unrelated repetition of its words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from desktop.anchoring.errors import shorten
from desktop.anchoring.selectors import TextPositionSelector, TextQuoteSelector
from desktop.core.textunits import find_all

Method = Literal["position", "quote", "fuzzy"]

MIN_QUOTE_SIMILARITY = 0.75
"""Below this, an edited quote is more likely a different passage than the same one."""
MIN_FUZZY_SCORE = 0.8
"""An approximate match must also sit in recognisable surroundings: an edited quote found far
from its old context is more likely a repetition of common words than the passage itself."""
MIN_FUZZY_LENGTH = 5
"""Shorter quotes resemble too many places to be matched approximately."""
TRUSTED_CONTEXT = 0.5
"""An exact quote whose surroundings match at least this well is taken without a fuzzy search
(one found only by ignoring whitespace always competes with the fuzzy match)."""
MAX_CANDIDATES = 1000
_EDGE_BLOCKS = 4
_EDGE_SHIFTS = 3
_QUOTE_WEIGHT = 2 / 3


@dataclass(frozen=True, slots=True)
class Anchored:
    """Where the annotation now is, how it was found, and how confident that is (0..1)."""

    start: int
    end: int
    method: Method
    score: float


@dataclass(frozen=True, slots=True)
class Orphan:
    """The annotation could not be placed; ``reason`` says why, for the orphans list."""

    reason: str


def reanchor(
    text: str, position: TextPositionSelector, quote: TextQuoteSelector
) -> Anchored | Orphan:
    """Find the annotation described by ``position`` and ``quote`` in a new version of ``text``."""
    start, end, exact = position.start, position.end, quote.exact
    if (
        text[start:end] == exact
        and text[max(0, start - len(quote.prefix)) : start] == quote.prefix
        and text[end : end + len(quote.suffix)] == quote.suffix
    ):
        return Anchored(start, end, "position", 1.0)
    found, occurrences = _by_quote(text, position, quote)
    if (
        found is not None
        and text[found.start : found.end] == exact
        and found.score >= _score(1.0, TRUSTED_CONTEXT)
    ):
        return found  # the exact words, in recognisable surroundings
    fuzzy = _by_fuzzy(text, position, quote)
    best = max((a for a in (found, fuzzy) if a is not None), key=lambda a: a.score, default=None)
    if best is not None:
        return best
    if occurrences > 1:
        return Orphan(
            f"“{shorten(exact)}” occurs {occurrences} times, but none in its old surroundings; "
            "place it again by hand."
        )
    if len(exact) < MIN_FUZZY_LENGTH:
        return Orphan(
            f"The text no longer contains “{shorten(exact)}”, and so short a quote cannot be "
            "matched approximately."
        )
    return Orphan(f"The text no longer contains “{shorten(exact)}” or anything close to it.")


def _score(similarity: float, context: float) -> float:
    return _QUOTE_WEIGHT * similarity + (1 - _QUOTE_WEIGHT) * context


def _side(expected: str, found: str, *, at_edge: bool) -> float:
    """How well one side of the surroundings matches (0..1); an empty stored side means the
    quote began or ended the text, which is confirmed only if it still does."""
    if not expected:
        return 1.0 if at_edge else 0.5
    return fuzz.ratio(expected, found) / 100


def context_similarity(text: str, start: int, end: int, quote: TextQuoteSelector) -> float:
    """How well the text around ``text[start:end]`` matches the stored prefix and suffix."""
    before = text[max(0, start - len(quote.prefix)) : start]
    after = text[end : end + len(quote.suffix)]
    return (
        _side(quote.prefix, before, at_edge=start == 0)
        + _side(quote.suffix, after, at_edge=end == len(text))
    ) / 2


def _occurrences(text: str, exact: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    index = text.find(exact)
    while index != -1:
        spans.append((index, index + len(exact)))
        index = text.find(exact, index + 1)
    return spans or find_all(text, exact, match_case=True)


def _by_quote(
    text: str, position: TextPositionSelector, quote: TextQuoteSelector
) -> tuple[Anchored | None, int]:
    """The occurrence of the exact quote whose surroundings match best (nearest on ties), and
    how many occurrences there are.

    A single occurrence is taken whatever its surroundings (the passage moved). Among several,
    the best is taken only if its surroundings resemble the old ones (``TRUSTED_CONTEXT``):
    otherwise choosing would be a guess between repetitions of a common phrase.
    """
    spans = _occurrences(text, quote.exact)
    if not spans:
        return None, 0
    if len(spans) > MAX_CANDIDATES:
        spans = sorted(spans, key=lambda s: abs(s[0] - position.start))[:MAX_CANDIDATES]
    size = max(len(text), 1)

    def rank(span: tuple[int, int]) -> tuple[float, float]:
        context = context_similarity(text, span[0], span[1], quote)
        return (round(context, 6), -abs(span[0] - position.start) / size)

    start, end = max(spans, key=rank)
    context = context_similarity(text, start, end, quote)
    if len(spans) > 1 and context < TRUSTED_CONTEXT:
        return None, len(spans)
    found = text[start:end]
    similarity = 1.0 if found == quote.exact else fuzz.ratio(quote.exact, found) / 100
    method: Method = "position" if (start, end) == (position.start, position.end) else "quote"
    return Anchored(start, end, method, _score(similarity, context)), len(spans)


def _by_fuzzy(
    text: str, position: TextPositionSelector, quote: TextQuoteSelector
) -> Anchored | None:
    """The first acceptable approximate match, searching outwards from the old position."""
    exact = quote.exact
    if len(exact) < MIN_FUZZY_LENGTH or not text:
        return None
    centre_start = min(position.start, len(text))
    centre_end = min(max(position.end, centre_start), len(text))
    radius = max(2 * len(exact), 256)
    while True:
        low, high = max(0, centre_start - radius), min(len(text), centre_end + radius)
        alignment = fuzz.partial_ratio_alignment(
            exact, text[low:high], score_cutoff=100 * MIN_QUOTE_SIMILARITY
        )
        if alignment is not None:
            span = _refine(text, quote, low + alignment.dest_start, low + alignment.dest_end)
            if span is not None:
                similarity = fuzz.ratio(exact, text[span[0] : span[1]]) / 100
                score = _score(similarity, context_similarity(text, span[0], span[1], quote))
                if similarity >= MIN_QUOTE_SIMILARITY and score >= MIN_FUZZY_SCORE:
                    return Anchored(span[0], span[1], "fuzzy", score)
        if low == 0 and high == len(text):
            return None
        radius *= 4


def _refine(text: str, quote: TextQuoteSelector, start: int, end: int) -> tuple[int, int] | None:
    """Exact boundaries for a rough alignment.

    The quote is aligned with a padded stretch of text; each matched block near the edges
    proposes starts (where it begins, or up to as many characters earlier as the quote had
    before it) and ends (likewise). The span fewest edits from the quote wins; on ties, the
    one whose surroundings match the stored context best, then the longer (a changed first or
    last character still belongs to the quote).
    Alignments tie easily at the edges (a final "s" can pair with any later "s"), which is why
    the span is chosen by similarity rather than read off the alignment.
    """
    exact = quote.exact
    pad = len(exact) // 4 + 4
    low, high = max(0, start - pad), min(len(text), end + pad)
    blocks = [op for op in Levenshtein.opcodes(exact, text[low:high]) if op.tag == "equal"]
    if not blocks:
        return None
    begins = {low + b.dest_start - k for b in blocks[:_EDGE_BLOCKS] for k in _shifts(b.src_start)}
    ends = {
        low + b.dest_end + k
        for b in blocks[-_EDGE_BLOCKS:]
        for k in _shifts(len(exact) - b.src_end)
    }
    spans = [(b, e) for b in begins for e in ends if low <= b < e <= high]
    if not spans:
        return None

    def cost(span: tuple[int, int]) -> tuple[int, float, int]:
        distance = Levenshtein.distance(exact, text[span[0] : span[1]])
        return (distance, -context_similarity(text, span[0], span[1], quote), span[0] - span[1])

    return min(spans, key=cost)


def _shifts(unmatched: int) -> set[int]:
    """How far past a matched block the quote may reach: the characters of the quote left
    unmatched beyond it, or a few less when some of them were deleted."""
    return {*range(min(unmatched, _EDGE_SHIFTS) + 1), unmatched}

"""Find the span of a quote a person typed, for ``accord annotate --quote TEXT``.

A typed quote differs from the canonical text in harmless ways: a line break of the PDF typed as
a space, straight quotes and hyphens for the document's curly quotes and dashes, other capitals.
Those are ignored (exact capitals are preferred when they match), everything else must match.
A quote that occurs several times needs ``occurrence`` (1-based, in reading order) so nobody
annotates the wrong clause by accident.
"""

from __future__ import annotations

from desktop.anchoring.errors import AmbiguousQuote, AnchoringError, QuoteNotFound
from desktop.core.textunits import find_all

_TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
    }
)
"""One character for one character, so offsets in the folded text are offsets in the original."""


def find_quote(text: str, exact: str, *, occurrence: int | None = None) -> tuple[int, int]:
    """The ``(start, end)`` code-point span of ``exact`` in ``text``.

    Raises ``QuoteNotFound`` when it does not occur, ``AmbiguousQuote`` when it occurs more than
    once and ``occurrence`` is None, and ``AnchoringError`` for an empty quote or an occurrence
    out of range.
    """
    if not exact.strip():
        raise AnchoringError("The quote is empty; give the words to annotate.")
    folded_text, folded_quote = text.translate(_TYPOGRAPHY), exact.translate(_TYPOGRAPHY)
    spans = find_all(folded_text, folded_quote, match_case=True) or find_all(
        folded_text, folded_quote
    )
    if not spans:
        raise QuoteNotFound(exact)
    if occurrence is None:
        if len(spans) > 1:
            raise AmbiguousQuote(exact, spans)
        return spans[0]
    if not 1 <= occurrence <= len(spans):
        times = "once" if len(spans) == 1 else f"{len(spans)} times"
        raise AnchoringError(
            f"The quote occurs {times}, so --occurrence must be between 1 and {len(spans)}, "
            f"not {occurrence}."
        )
    return spans[occurrence - 1]

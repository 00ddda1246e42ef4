"""Pure functions on strings: describe a selection, find a typed quote, re-anchor after edits.

An annotation remembers where it was (code-point offsets into the canonical text) and what it
said (the quote with some context), as the W3C Web Annotation model and the Hypothesis client
do. When the text changes, the second description finds the first again; what cannot be found is
reported as an orphan rather than dropped.
"""

from desktop.anchoring.errors import AmbiguousQuote, AnchoringError, QuoteNotFound
from desktop.anchoring.quote import find_quote
from desktop.anchoring.reanchor import Anchored, Orphan, reanchor
from desktop.anchoring.selectors import TextPositionSelector, TextQuoteSelector, describe

__all__ = [
    "AmbiguousQuote",
    "Anchored",
    "AnchoringError",
    "Orphan",
    "QuoteNotFound",
    "TextPositionSelector",
    "TextQuoteSelector",
    "describe",
    "find_quote",
    "reanchor",
]

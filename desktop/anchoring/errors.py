"""Errors about quotes a person typed or selected, worded so they can fix the request."""

from __future__ import annotations

from desktop.core.errors import AccordError


class AnchoringError(AccordError):
    """A selection or quote cannot be turned into a span of the text."""


class QuoteNotFound(AnchoringError):
    """The quote occurs nowhere in the text."""

    def __init__(self, quote: str) -> None:
        self.quote = quote
        super().__init__(
            f"“{shorten(quote)}” does not occur in the text (differences in spaces, line breaks, "
            "capitals and curly quotes are already ignored); check the wording."
        )


class AmbiguousQuote(AnchoringError):
    """The quote occurs more than once and nothing says which occurrence is meant."""

    def __init__(self, quote: str, spans: list[tuple[int, int]]) -> None:
        self.quote = quote
        self.spans = spans
        super().__init__(
            f"“{shorten(quote)}” occurs {len(spans)} times in the text; add --occurrence N "
            f"(1 to {len(spans)}, in reading order) to pick one, or quote more words."
        )


def shorten(quote: str, limit: int = 60) -> str:
    """A quote on one line, cut with an ellipsis, for messages."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

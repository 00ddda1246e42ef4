"""The two text selectors an annotation keeps, and how a selection is described by them.

Offsets are Unicode code points into the canonical text, end exclusive (a Python slice), the
convention of REFI-QDA and of the W3C ``TextPositionSelector``. The quote keeps ``context`` code
points on each side, as Hypothesis does (32), enough to tell repeated phrases apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.anchoring.errors import AnchoringError

DEFAULT_CONTEXT = 32


@dataclass(frozen=True, slots=True)
class TextPositionSelector:
    """Where the selection was: ``text[start:end]``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(
                f"a text position needs 0 <= start <= end, got {self.start}..{self.end}"
            )


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    """What the selection said (``exact``) and the text just before and after it."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    def __post_init__(self) -> None:
        if not self.exact:
            raise ValueError("a text quote needs the quoted text")


def describe(
    text: str, start: int, end: int, *, context: int = DEFAULT_CONTEXT
) -> tuple[TextPositionSelector, TextQuoteSelector]:
    """Both selectors for ``text[start:end]``; an empty or out-of-range span is refused."""
    if not 0 <= start < end <= len(text):
        raise AnchoringError(
            f"The selection {start}..{end} is empty or outside the text (0..{len(text)}); "
            "select at least one character."
        )
    return (
        TextPositionSelector(start, end),
        TextQuoteSelector(
            text[start:end],
            prefix=text[max(0, start - context) : start],
            suffix=text[end : end + context],
        ),
    )

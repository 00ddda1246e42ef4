"""Match the characters of two readings of the same text, in order (plain Python).

A reflowable document is read twice: once unwrapped, which gives its canonical text, and once as
paginated for the screen, which gives the boxes. Without whitespace both readings are almost
always the same sequence; they differ only where the paginated layout cut a word it could not
fit, drew a hyphen at a soft hyphen or lost an accent at a line end. The walk below matches
equal characters and, at a difference, skips the fewest characters on either side that brings
the two back in step, or pairs the two differing characters when no skip does.
"""

from __future__ import annotations

UNMATCHED = -1
_ANCHOR = 8  # characters that must agree after a skip for the two readings to be back in step
_WINDOW = 4096  # how far ahead a skip may look


def align(source: str, target: str) -> list[int]:
    """For each character of ``source``, the index of its place in ``target`` or UNMATCHED.

    Matches are strictly increasing, so the order of the text is kept on both sides.
    """
    result = [UNMATCHED] * len(source)
    i = j = 0
    while i < len(source) and j < len(target):
        if source[i] == target[j]:
            result[i] = j
            i += 1
            j += 1
            continue
        skip_source = _skip_to(source, i, target[j : j + _ANCHOR])
        skip_target = _skip_to(target, j, source[i : i + _ANCHOR])
        if skip_source is not None and (skip_target is None or skip_source <= skip_target):
            i += skip_source
        elif skip_target is not None:
            j += skip_target
        else:
            result[i] = j  # a character drawn differently ("e" for "é"): still its place
            i += 1
            j += 1
    return result


def _skip_to(text: str, start: int, anchor: str) -> int | None:
    """How many characters of ``text`` from ``start`` come before ``anchor``, if it is near."""
    found = text.find(anchor, start + 1, start + _WINDOW + len(anchor))
    return None if found < 0 else found - start

"""The clauses of a document that no annotation of a facet covers.

An analyst reviewing a coding asks "which clauses did we not code at all?", per facet: a clause
may have an instrument and no thematic area. The clauses are the units triple-click selects
(``desktop.core.textunits.sentence_span``: a sentence, or a clause ending at ``;`` or ``:``, or a
heading ended by a paragraph break), so the list names exactly what a reader would select.

**Covered** means *any overlap*: a clause counts as coded for a facet when at least one
annotation carrying a code of that facet shares at least one character with it. Analysts often
highlight the telling phrase rather than the whole clause; the list is for finding clauses nobody
looked at, and a majority rule would list clauses someone did code. A unit without a letter or a
digit (a stray bullet or mark) is not a clause and is never listed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from desktop.core.textunits import Clause


def uncovered(all_clauses: Iterable[Clause], spans: Iterable[tuple[int, int]]) -> list[Clause]:
    """The clauses that no ``(start, end)`` span overlaps (clauses in text order)."""
    merged = _merge(spans)
    found: list[Clause] = []
    index = 0
    for clause in all_clauses:
        while index < len(merged) and merged[index][1] <= clause.start:
            index += 1
        if index == len(merged) or merged[index][0] >= clause.end:
            found.append(clause)
    return found


def text_matches(text: str, text_sha256: str) -> bool:
    """Whether ``text`` is the canonical text the document's annotations were made on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() == text_sha256


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged

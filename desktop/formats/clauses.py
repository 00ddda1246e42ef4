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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from desktop.core.textunits import sentence_span

_WINDOW = 4096
"""Characters of text handed to ``sentence_span`` at a time (doubled for a longer clause), so
walking a long document costs time in proportion to its length, not to its length squared."""


@dataclass(frozen=True, slots=True)
class Clause:
    number: int
    """1-based position among the document's clauses, to compare the lists of two facets."""
    start: int
    end: int
    text: str


def clauses(text: str) -> Iterator[Clause]:
    """Every clause of ``text`` in order, exactly as ``sentence_span`` delimits them.

    ``sentence_span`` looks at the whole string it is given, so it is given a window starting
    one character before the clause (a space, so a clause's leading "2." is not taken for a
    paragraph number) and the clause is kept only once something follows it inside the window:
    then every mark and paragraph break that delimits it was seen as in the whole text.
    """
    position = _next_word(text, 0)
    window = _WINDOW
    number = 0
    while position < len(text):
        first = max(0, position - 1)
        stop = min(len(text), position + window)
        piece = text[first:stop]
        start, end = sentence_span(piece, position - first)
        if stop < len(text) and not piece[end:].strip():
            window *= 2
            continue
        start, end = start + first, end + first
        unit = text[start:end]
        if any(char.isalnum() for char in unit):
            number += 1
            yield Clause(number, start, end, unit)
        position = _next_word(text, end)


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


def _next_word(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset

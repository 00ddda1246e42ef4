"""Type-to-filter ranking for the code picker.

An analyst tagging a clause types a few letters ("quant", "joint c", "paris ndc") and expects the
code they mean at the top. Every typed word must match somewhere; a word that starts the name
counts most, then a word-start inside the name, then anywhere in the name, then in the code's
parents (so "horizon missions" finds *Missions* under *Horizon Europe*), then in its description.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.codebook.model import Code, Codebook

_NAME_START, _NAME_WORD, _NAME_ANY = 90, 80, 60
_PATH_WORD, _PATH_ANY = 40, 30
_DESCRIPTION_WORD, _DESCRIPTION_ANY = 20, 10
_WHOLE_NAME = 100


def rank(book: Codebook, query: str, *, codable_only: bool = True) -> tuple[Code, ...]:
    """Codes whose name, parents or description match every word of ``query``, best first.

    Facet folders are never offered. An empty query lists every candidate in tree order. Ties
    keep tree order, so results stay put while the analyst types.
    """
    words = query.casefold().split()
    scored: list[tuple[int, int, Code]] = []
    for order, code in enumerate(book):
        if code.is_root or (codable_only and not code.is_codable):
            continue
        score = _score(book, code, words)
        if score:
            scored.append((-score, order, code))
    scored.sort(key=lambda item: item[:2])
    return tuple(code for _, _, code in scored)


def _score(book: Codebook, code: Code, words: list[str]) -> int:
    if not words:
        return 1
    name = code.name.casefold()
    parents = " ".join(parent.name for parent in book.ancestors(code.guid)).casefold()
    description = code.description.casefold()
    total = _WHOLE_NAME if name == " ".join(words) else 0
    for word in words:
        best = max(
            _in(word, name, start=_NAME_START, word_start=_NAME_WORD, anywhere=_NAME_ANY),
            _in(word, parents, start=_PATH_WORD, word_start=_PATH_WORD, anywhere=_PATH_ANY),
            _in(
                word,
                description,
                start=_DESCRIPTION_WORD,
                word_start=_DESCRIPTION_WORD,
                anywhere=_DESCRIPTION_ANY,
            ),
        )
        if not best:
            return 0
        total += best
    return total


def _in(word: str, text: str, *, start: int, word_start: int, anywhere: int) -> int:
    if text.startswith(word):
        return start
    if word not in text:
        return 0
    if re.search(r"(?<!\w)" + re.escape(word), text):
        return word_start
    return anywhere

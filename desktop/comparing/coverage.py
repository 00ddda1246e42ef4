"""Coverage: what became of each clause of the letter in the article, from the links.

Each clause of the letter (``desktop.formats.clauses``) takes its fate from the links of the
annotations that overlap it: *reported*, *paraphrased*, *changed* or *contradicted* when one
links it to a passage of the article, *omitted* when one says the article *omits* it, and *not
yet reviewed* when none does. Several links on one clause give the most telling fate (a clause
reported in one sentence and contradicted in another is *contradicted*). The article's
*additions* are its passages linked to the letter as a whole with *adds*.

The share of the letter the article reports counts characters of clauses, so a long clause
weighs more than a heading; it is given for the whole letter, for each of its sections (a
numbered heading such as "2. Collaboration …" starts one) and for each thematic area its
clauses are coded with.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop.core.links import Link, LinkType
from desktop.core.model import AnnotationId
from desktop.core.textunits import Clause, clauses


class Fate(StrEnum):
    """What became of a clause of the letter, most telling first."""

    CONTRADICTED = "contradicted"
    CHANGED = "changed"
    PARAPHRASED = "paraphrased"
    REPORTED = "reported"
    OMITTED = "omitted"
    NOT_REVIEWED = "not yet reviewed"

    @property
    def reported(self) -> bool:
        """Whether the article carries the clause in some form (what the share counts)."""
        return self in (Fate.CONTRADICTED, Fate.CHANGED, Fate.PARAPHRASED, Fate.REPORTED)


_FATE_OF = {
    LinkType.CONTRADICTS: Fate.CONTRADICTED,
    LinkType.CHANGES: Fate.CHANGED,
    LinkType.PARAPHRASES: Fate.PARAPHRASED,
    LinkType.REPORTS: Fate.REPORTED,
    LinkType.OMITS: Fate.OMITTED,
}
_ORDER = list(Fate)
_SECTION = re.compile(r"\d+(?:\.\d+)*\.?\s+\S")
PREAMBLE = "(before the first section)"


@dataclass(frozen=True, slots=True)
class Passage:
    """An annotation as coverage needs it: where it is and its thematic areas' names."""

    id: AnnotationId
    start: int
    end: int
    areas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClauseFate:
    clause: Clause
    fate: Fate
    section: str
    areas: tuple[str, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Share:
    """How much of a part of the letter the article reports, by characters of clauses."""

    name: str
    reported: int
    total: int

    @property
    def ratio(self) -> float:
        return self.reported / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Coverage:
    clauses: tuple[ClauseFate, ...]
    additions: tuple[Link, ...]
    """The article's passages linked with *adds*, in the links' order."""
    overall: Share
    by_section: tuple[Share, ...]
    by_area: tuple[Share, ...]

    def count(self, fate: Fate) -> int:
        return sum(1 for item in self.clauses if item.fate is fate)


def coverage(
    letter_text: str,
    passages: Sequence[Passage],
    links: Iterable[Link],
    *,
    article_ids: frozenset[AnnotationId],
) -> Coverage:
    """The fate of every clause of the letter (``letter_text``, annotated by ``passages``)
    given ``links`` (any direction), and the article's additions (``article_ids``: the
    annotations of the article)."""
    by_passage: dict[str, list[Link]] = defaultdict(list)
    additions = []
    letter_ids = {passage.id for passage in passages}
    for link in links:
        if link.type is LinkType.ADDS:
            if link.source_id in article_ids:
                additions.append(link)
            continue
        for end in link.ends:
            if end in letter_ids and (link.type.to_document or set(link.ends) & article_ids):
                by_passage[end].append(link)
    ordered = sorted(passages, key=lambda p: (p.start, p.end))
    fates = []
    section = PREAMBLE
    for clause in clauses(letter_text):
        if _SECTION.match(clause.text):
            section = clause.text
        overlapping = [p for p in ordered if p.start < clause.end and p.end > clause.start]
        found = tuple(dict.fromkeys(link for p in overlapping for link in by_passage[p.id]))
        fate = min((_FATE_OF[link.type] for link in found), key=_ORDER.index, default=None)
        areas = tuple(sorted({area for p in overlapping for area in p.areas}))
        fates.append(ClauseFate(clause, fate or Fate.NOT_REVIEWED, section, areas, found))
    return Coverage(
        tuple(fates),
        tuple(additions),
        _share("the letter", fates),
        _grouped(fates, lambda item: [item.section]),
        _grouped(fates, lambda item: item.areas),
    )


def _share(name: str, items: Iterable[ClauseFate]) -> Share:
    reported = total = 0
    for item in items:
        size = len(item.clause.text)
        total += size
        reported += size if item.fate.reported else 0
    return Share(name, reported, total)


def _grouped(
    items: Sequence[ClauseFate], names: Callable[[ClauseFate], Iterable[str]]
) -> tuple[Share, ...]:
    """A share per name, the names in the order the letter first has them."""
    groups: dict[str, list[ClauseFate]] = {}
    for item in items:
        for name in names(item):
            groups.setdefault(name, []).append(item)
    return tuple(_share(name, group) for name, group in groups.items())

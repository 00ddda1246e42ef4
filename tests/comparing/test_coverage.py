"""Coverage from links: each clause of the letter gets the most telling fate its links give,
and the shares count characters of clauses."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop.comparing.coverage import PREAMBLE, Fate, Passage, coverage
from desktop.core.links import Link, LinkId, LinkType
from desktop.core.model import AnnotationId, DocumentId, ReviewerId

LETTER = (
    "Preamble words here.\n\n1. First section\n\nThe Sides cooperate. They meet yearly. Signed."
)
MOMENT = datetime(2020, 5, 26, tzinfo=UTC)


def _link(number: int, kind: LinkType, source: str, target: str | None) -> Link:
    to_document = kind.to_document
    return Link(
        LinkId(f"L{number}"),
        AnnotationId(source),
        None if to_document else AnnotationId(target or ""),
        DocumentId("article") if to_document else None,
        kind,
        "",
        ReviewerId(1),
        MOMENT,
        MOMENT,
    )


def _at(quote: str, name: str, *areas: str) -> Passage:
    start = LETTER.index(quote)
    return Passage(AnnotationId(name), start, start + len(quote), areas)


def test_each_clause_takes_the_most_telling_fate_of_its_links() -> None:
    passages = [
        _at("Sides cooperate", "a", "Research"),
        _at("The Sides", "b"),
        _at("They meet", "c", "Research", "Climate"),
        _at("Signed", "d"),
    ]
    links = [
        _link(1, LinkType.REPORTS, "a", "x"),
        _link(2, LinkType.CONTRADICTS, "y", "b"),  # the article's end first: any direction
        _link(3, LinkType.OMITS, "c", None),
        _link(4, LinkType.ADDS, "z", None),
        _link(5, LinkType.REPORTS, "d", "elsewhere"),  # not to the article: not counted
    ]
    found = coverage(LETTER, passages, links, article_ids=frozenset({"x", "y", "z"}))
    fates = {item.clause.text: item.fate for item in found.clauses}
    assert fates == {
        "Preamble words here.": Fate.NOT_REVIEWED,
        "1. First section": Fate.NOT_REVIEWED,
        "The Sides cooperate.": Fate.CONTRADICTED,
        "They meet yearly.": Fate.OMITTED,
        "Signed.": Fate.NOT_REVIEWED,
    }
    assert [link.id for link in found.additions] == ["L4"]
    assert [item.section for item in found.clauses][:2] == [PREAMBLE, "1. First section"]
    cooperate = len("The Sides cooperate.")
    assert (found.overall.reported, found.overall.total) == (
        cooperate,
        sum(len(item.clause.text) for item in found.clauses),
    )
    areas = {share.name: (share.reported, share.total) for share in found.by_area}
    assert areas == {
        "Research": (cooperate, cooperate + len("They meet yearly.")),
        "Climate": (0, len("They meet yearly.")),
    }
    assert [share.name for share in found.by_section] == [PREAMBLE, "1. First section"]

"""Curation units and their states, checked against a hand-made expectation: two reviewers
and 200 units (``tests/fixtures/curation/two_reviewers.txt`` says how it is written)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.curation import UnitState, Version, agenda, group_units
from desktop.core.model import AnnotationId, CodeId, ReviewerId

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "curation" / "two_reviewers.txt"
ANNA, BEN = ReviewerId(1), ReviewerId(2)
RENAMINGS = ["ABCDE", "BCDEA", "EDCBA", "CAEBD", "DEABC"]
"""Five layouts of the fixture, each with its code letters renamed (A becomes the first
letter, B the second, …): a state never depends on which codes they are."""


def _highlights(text: str) -> list[tuple[int, int, str]]:
    if text.strip() == "-":
        return []
    found = []
    for item in text.split():
        span, codes = item.split(":")
        start, end = span.split("-")
        found.append((int(start), int(end), codes))
    return found


def _fixture() -> tuple[list[Version], dict[AnnotationId, str], list[UnitState]]:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    versions: list[Version] = []
    curated: dict[AnnotationId, str] = {}
    expected: list[UnitState] = []
    slot = 0
    for renaming in RENAMINGS:
        letters = dict(zip("ABCDE", renaming, strict=True))
        for line in lines:
            states, anna, ben, curated_from = (part.strip() for part in line.split("|"))
            expected += [UnitState(state) for state in states.split()]
            base = slot * 100
            for reviewer, name, text in ((ANNA, "anna", anna), (BEN, "ben", ben)):
                for number, (start, end, codes) in enumerate(_highlights(text)):
                    annotation_id = AnnotationId(f"{slot:03}-{name}-{number}")
                    versions.append(
                        Version(
                            annotation_id,
                            reviewer,
                            base + start,
                            base + end,
                            frozenset(CodeId(letters[c]) for c in codes.split(",") if c),
                        )
                    )
                    if curated_from in (name, "both"):
                        curated[annotation_id] = f"curation-{slot}"
            slot += 1
    return versions, curated, expected


def test_two_reviewers_200_units_have_the_hand_made_states() -> None:
    versions, curated, expected = _fixture()
    assert len(expected) == 200

    units = group_units(reversed(versions), curated=curated)

    assert [unit.state for unit in units] == expected
    assert sorted(v.annotation_id for u in units for v in u.versions) == sorted(
        v.annotation_id for v in versions
    )
    for unit in units:
        assert unit.reviewers == (ANNA, BEN)
        assert (unit.curation_id is not None) == (unit.state is UnitState.CURATED)


def test_the_agenda_puts_the_most_contested_first_in_reading_order_within_a_state() -> None:
    versions, curated, expected = _fixture()

    ordered = agenda(group_units(versions, curated=curated))

    ranks = [unit.state.rank for unit in ordered]
    assert ranks == sorted(ranks)
    assert [u.state for u in ordered[:1]] == [UnitState.DISAGREE]
    assert ordered[-1].state is UnitState.CURATED
    assert len(ordered) == len(expected)


def test_more_distinct_versions_come_first_among_disagreements() -> None:
    two = [
        Version(AnnotationId("a1"), ANNA, 0, 10, frozenset({CodeId("A")})),
        Version(AnnotationId("b1"), BEN, 0, 10, frozenset({CodeId("B")})),
    ]
    three = [
        Version(AnnotationId("a2"), ANNA, 50, 60, frozenset({CodeId("A")})),
        Version(AnnotationId("a3"), ANNA, 52, 58, frozenset({CodeId("C")})),
        Version(AnnotationId("b2"), BEN, 50, 60, frozenset({CodeId("B")})),
    ]

    ordered = agenda(group_units(two + three))

    assert [unit.key for unit in ordered] == ["a2", "a1"]
    assert ordered[0].code_ids == {"A", "B", "C"}
    assert ordered[0].of(ANNA) == (three[0], three[1])


def test_a_reviewer_who_highlighted_nothing_in_the_document_does_not_make_units_incomplete() -> (
    None
):
    one = [Version(AnnotationId("a1"), ANNA, 0, 10, frozenset({CodeId("A")}))]

    (unit,) = group_units(one)

    assert unit.reviewers == (ANNA,)
    assert unit.state is UnitState.AGREE

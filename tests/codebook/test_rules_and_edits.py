"""The checks run before a codebook change, and the edits that apply them."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.codebook import rules
from desktop.codebook.colors import is_readable
from desktop.codebook.default import load_default_codebook
from desktop.codebook.edits import (
    add_code,
    delete_code,
    describe_code,
    merge_codes,
    move_code,
    recolor_code,
    rename_code,
)
from desktop.codebook.errors import CodebookError
from desktop.codebook.model import Codebook, Facet
from tests.codebook.strategies import codebooks, names


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_default_codebook()


def guid(book: Codebook, name: str) -> str:
    return book.lookup(name).guid


THEMATIC = "Thematic areas"
INSTRUMENTS = "Instruments"


# --- names and colours -------------------------------------------------------------------------


def test_names_are_trimmed_and_must_be_unique_among_siblings_ignoring_case(book: Codebook) -> None:
    assert rules.check_new_code(book, parent_guid=guid(book, "Programmes"), name="  Erasmus+ ") == (
        "Erasmus+"
    )
    with pytest.raises(CodebookError, match="“Programmes” already has a code named “Horizon 2020”"):
        rules.check_new_code(book, parent_guid=guid(book, "Programmes"), name=" horizon 2020")
    # the same name under another parent is fine
    assert rules.check_new_code(book, parent_guid=guid(book, "Horizon Europe"), name="Horizon 2020")


@pytest.mark.parametrize(
    ("name", "message"), [("", "needs a name"), ("   ", "needs a name"), ("a\nb", "line break")]
)
def test_empty_or_multiline_names_are_refused(book: Codebook, name: str, message: str) -> None:
    with pytest.raises(CodebookError, match=message):
        rules.check_new_code(book, parent_guid=guid(book, THEMATIC), name=name)


def test_rename_keeps_its_own_name_free_and_refuses_facet_roots(book: Codebook) -> None:
    assert rules.check_rename(book, guid(book, "Twinning"), "TWINNING") == "TWINNING"
    with pytest.raises(CodebookError, match="already has a code named “Joint calls”"):
        rules.check_rename(book, guid(book, "Twinning"), "joint calls")
    with pytest.raises(CodebookError, match="facet folder; it cannot be renamed"):
        rules.check_rename(book, guid(book, INSTRUMENTS), "Tools")


@pytest.mark.parametrize("color", ["#0072b2", " #0072B2 "])
def test_colours_are_normalised_to_upper_case(color: str) -> None:
    assert rules.check_color(color) == "#0072B2"


@pytest.mark.parametrize("color", ["0072B2", "#072", "#0072B2FF", "blue", "#GGGGGG", ""])
def test_colours_other_than_rrggbb_are_refused(color: str) -> None:
    with pytest.raises(CodebookError, match="not a colour; write it as # and six hex digits"):
        rules.check_color(color)


def test_unknown_ids_are_reported(book: Codebook) -> None:
    with pytest.raises(CodebookError, match="No code has the id 00000000"):
        rules.check_delete(book, "00000000-0000-0000-0000-000000000000")


# --- moves -------------------------------------------------------------------------------------


def test_a_code_cannot_move_under_itself_or_its_descendants(book: Codebook) -> None:
    pandemics = guid(book, "Pandemics")
    for target in (pandemics, guid(book, "Vaccines")):
        with pytest.raises(CodebookError, match="cannot move under itself or one of its own"):
            rules.check_move(book, pandemics, target)


def test_moving_across_facets_needs_confirmation(book: Codebook) -> None:
    calls = guid(book, "Joint calls")
    with pytest.raises(CodebookError, match="Confirm the move across facets"):
        rules.check_move(book, calls, guid(book, THEMATIC))
    moved = move_code(book, calls, parent_guid=guid(book, THEMATIC), across_facets=True)
    assert moved.path(calls) == "Thematic areas/Joint calls"
    assert moved.facet_of(calls) is Facet.THEMATIC


def test_moving_a_subtree_across_facets_carries_its_descendants(book: Codebook) -> None:
    horizon = guid(book, "Horizon Europe")
    moved = move_code(book, horizon, parent_guid=guid(book, THEMATIC), across_facets=True)
    assert {c.facet for c in moved.descendants(horizon)} == {Facet.THEMATIC}
    assert moved.path(guid(book, "Missions")) == "Thematic areas/Horizon Europe/Missions"
    assert [c.position for c in moved.children(guid(book, "Programmes"))] == [0, 1, 2]


def test_move_refuses_facet_roots_and_name_clashes(book: Codebook) -> None:
    with pytest.raises(CodebookError, match="facet folder; it cannot be moved"):
        rules.check_move(book, guid(book, THEMATIC), guid(book, INSTRUMENTS), across_facets=True)
    clash, _ = add_code(book, parent_guid=guid(book, THEMATIC), name="Twinning")
    with pytest.raises(CodebookError, match="“Funding modalities” already has a code named"):
        rules.check_move(
            clash,
            guid(clash, "Thematic areas/Twinning"),
            guid(book, "Funding modalities"),
            across_facets=True,
        )


def test_reorder_within_the_same_parent(book: Codebook) -> None:
    parent = guid(book, "Funding modalities")
    reordered = move_code(book, guid(book, "Twinning"), parent_guid=parent, position=0)
    assert [c.name for c in reordered.children(parent)] == [
        "Twinning",
        "Co-funding mechanisms",
        "Joint calls",
        "Coordinated calls",
        "Reciprocal participation",
    ]


# --- merges ------------------------------------------------------------------------------------


def test_merge_moves_sub_codes_to_the_target_and_removes_the_source(book: Codebook) -> None:
    merged = merge_codes(book, guid(book, "Horizon Europe"), guid(book, "Horizon 2020"))
    assert merged.get(guid(book, "Horizon Europe")) is None
    assert [c.name for c in merged.children(guid(book, "Horizon 2020"))] == [
        "Global challenges pillar",
        "Missions",
    ]
    assert len(merged) == len(book) - 1


def test_merge_into_a_parent_keeps_the_grandchildren(book: Codebook) -> None:
    health = guid(book, "Health countermeasures")
    merged = merge_codes(book, health, guid(book, "Pandemics"))
    assert [c.name for c in merged.children(guid(book, "Pandemics"))] == [
        "COVID-19",
        "Diagnostics",
        "Treatments",
        "Vaccines",
    ]


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("Joint calls", "Pandemics", "different facets; move one first, then merge"),
        ("Joint calls", "Joint calls", "Choose two different codes"),
        ("Pandemics", "Vaccines", "is inside “Pandemics”"),
        ("Joint calls", INSTRUMENTS, "facet folder; it cannot be merged into"),
        (THEMATIC, "Pandemics", "facet folder; it cannot be merged"),
    ],
)
def test_merge_refusals(book: Codebook, source: str, target: str, message: str) -> None:
    with pytest.raises(CodebookError, match=message):
        rules.check_merge(book, guid(book, source), guid(book, target))


def test_merge_refuses_colliding_sub_codes_and_non_codable_targets(book: Codebook) -> None:
    twin, _ = add_code(book, parent_guid=guid(book, "Horizon 2020"), name="missions")
    with pytest.raises(CodebookError, match="have a sub-code named “missions”"):
        rules.check_merge(twin, guid(twin, "Horizon Europe"), guid(twin, "Horizon 2020"))
    folder = twin.evolve(
        upsert=[dataclasses.replace(twin.lookup("Horizon 2020"), is_codable=False)]
    )
    with pytest.raises(CodebookError, match="folder that is not applied to text"):
        rules.check_merge(folder, guid(folder, "Programmes"), guid(folder, "Horizon 2020"))


# --- deletes, pins, simple edits --------------------------------------------------------------


def test_delete_removes_the_subtree_and_returns_it(book: Codebook) -> None:
    remaining, removed = delete_code(book, guid(book, "Pandemics"))
    assert [c.name for c in removed] == [
        "Pandemics",
        "COVID-19",
        "Health countermeasures",
        "Diagnostics",
        "Treatments",
        "Vaccines",
    ]
    assert len(remaining) == len(book) - 6
    assert remaining.children(guid(book, THEMATIC))[0].name == "Climate change"
    with pytest.raises(CodebookError, match="facet folder; it cannot be deleted"):
        delete_code(book, guid(book, THEMATIC))


def test_pins(book: Codebook) -> None:
    rules.check_pin(book, 1, guid(book, "Vaccines"))
    with pytest.raises(CodebookError, match="keys 1 to 9, not 0"):
        rules.check_pin(book, 0, guid(book, "Vaccines"))
    with pytest.raises(CodebookError, match="facet folder; it cannot be pinned"):
        rules.check_pin(book, 2, guid(book, THEMATIC))


def test_rename_recolour_describe(book: Codebook) -> None:
    code = guid(book, "Twinning")
    changed = describe_code(
        recolor_code(rename_code(book, code, " Twinning schemes "), code, "#aa3377"),
        code,
        "Paired projects.\r\nSee Letter §2. ",
    )
    assert changed[code].name == "Twinning schemes"
    assert changed[code].color == "#AA3377"
    assert changed[code].description == "Paired projects.\nSee Letter §2."
    assert book[code].name == "Twinning"  # the original value is untouched


def test_added_codes_get_a_fresh_readable_colour_related_to_their_parent(book: Codebook) -> None:
    added, code = add_code(book, parent_guid=guid(book, "Programmes"), name="Erasmus+", position=0)
    assert code.color not in {c.color for c in book}
    assert is_readable(code.color, Facet.INSTRUMENT)
    assert added.children(guid(book, "Programmes"))[0] == code
    assert code.guid not in book


@given(codebooks(max_codes=12), st.data())
def test_any_sequence_of_edits_keeps_a_valid_codebook(book: Codebook, data: st.DataObject) -> None:
    """Whatever is asked, an edit either yields a consistent codebook or a CodebookError."""
    for _ in range(8):
        guids = [c.guid for c in book]
        one, other = data.draw(st.sampled_from(guids)), data.draw(st.sampled_from(guids))
        action = data.draw(st.sampled_from(["add", "rename", "move", "merge", "delete"]))
        try:
            if action == "add":
                book, _ = add_code(book, parent_guid=one, name=data.draw(names))
            elif action == "rename":
                book = rename_code(book, one, data.draw(names))
            elif action == "move":
                book = move_code(
                    book, one, parent_guid=other, across_facets=data.draw(st.booleans())
                )
            elif action == "merge":
                book = merge_codes(book, one, other)
            else:
                book, _ = delete_code(book, one)
        except CodebookError:
            continue
        assert Codebook(book) == book
        for code in book:
            siblings = [c.name.casefold() for c in book.children(code.guid)]
            assert len(siblings) == len(set(siblings))
            parent = book.parent(code.guid)
            assert parent is None or parent.facet == code.facet

"""Merging an import's codes into a codebook: pure values, no project."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings

from desktop.app.code_merge import code_for_colour, foreign_guid, merge_codes
from desktop.codebook.default import load_default_codebook
from desktop.codebook.model import Code, Codebook, Facet
from desktop.formats.incoming import IncomingCode
from tests.codebook.strategies import codebooks

A = "0A0B0C0D-0E0F-4A1B-8C2D-3E4F5A6B7C8D"
B = "1A0B0C0D-0E0F-4A1B-8C2D-3E4F5A6B7C8D"
C = "2A0B0C0D-0E0F-4A1B-8C2D-3E4F5A6B7C8D"


def _incoming(book: Codebook) -> list[IncomingCode]:
    return [
        IncomingCode(c.guid, c.name, c.parent_guid, c.color, c.description, c.is_codable)
        for c in book
    ]


def _below_roots(book: Codebook) -> list[Code]:
    return [c for c in book if not c.is_root]


@settings(max_examples=60)
@given(book=codebooks())
def test_a_codebook_merged_into_an_empty_one_arrives_whole_and_again_changes_nothing(
    book: Codebook,
) -> None:
    merged = merge_codes(Codebook.empty(), _incoming(book), (), on_conflict="keep")
    assert _below_roots(merged.codebook) == _below_roots(book)
    assert merged.conflicts == () and merged.notes == ()
    assert merged.by_guid == {c.guid: c.guid for c in _below_roots(book)} | {
        c.guid: c.guid for c in book if c.is_root
    }
    again = merge_codes(merged.codebook, _incoming(book), (), on_conflict="theirs")
    assert again.codebook == merged.codebook
    assert (again.added, again.conflicts, again.described) == ((), (), ())


def test_ids_that_are_not_guids_get_stable_ones() -> None:
    assert foreign_guid("{0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d}") == A
    derived = foreign_guid("tag:covid")
    assert derived == foreign_guid("tag:covid") != foreign_guid("tag:Covid")
    assert len(derived) == 36 and derived == derived.upper()


def test_a_damaged_tree_is_imported_without_looping() -> None:
    codes = [
        IncomingCode(A, "Loop one", B),
        IncomingCode(B, "Loop two", A),
        IncomingCode(C, "Orphan", "FFFFFFFF-0E0F-4A1B-8C2D-3E4F5A6B7C8D", "#12345"),
    ]
    merged = merge_codes(Codebook.empty(), codes, (), on_conflict="keep")
    book = merged.codebook
    assert {book.path(g) for g in (A, B, C)} == {
        "Thematic areas/Loop one",
        "Thematic areas/Loop two",
        "Thematic areas/Orphan",
    }
    assert any("“#12345” of “Orphan” is not a colour" in note for note in merged.notes)


def test_names_and_paths_resolve_or_become_new_codes_under_their_facet() -> None:
    book = load_default_codebook()
    merged = merge_codes(
        book,
        [],
        ["COVID-19", "instruments/Memoranda/Of understanding", "Hobbies", "covid-19"],
        on_conflict="keep",
    )
    result = merged.codebook
    assert result.path(merged.by_path["COVID-19"]) == "Thematic areas/Pandemics/COVID-19"
    assert merged.by_path["covid-19"] == merged.by_path["COVID-19"]
    assert result.path(merged.by_path["instruments/Memoranda/Of understanding"]) == (
        "Instruments/Memoranda/Of understanding"
    )
    assert merged.added == (
        "Thematic areas/Hobbies",
        "Instruments/Memoranda",
        "Instruments/Memoranda/Of understanding",
    )
    again = merge_codes(
        result, [], ["instruments/Memoranda/Of understanding", "Hobbies"], on_conflict="keep"
    )
    assert again.codebook == result and again.added == ()


def test_a_name_several_codes_share_is_not_guessed() -> None:
    book = Codebook.empty()
    root = book.root(Facet.THEMATIC).guid
    book = book.evolve(
        upsert=[
            Code(A, "Health", facet=Facet.THEMATIC, parent_guid=root, color="#D55E00"),
            Code(B, "Climate", facet=Facet.THEMATIC, parent_guid=root, color="#009E73", position=1),
            Code(C, "Other", facet=Facet.THEMATIC, parent_guid=A, color="#E69F00"),
            Code(
                "3A0B0C0D-0E0F-4A1B-8C2D-3E4F5A6B7C8D",
                "Other",
                facet=Facet.THEMATIC,
                parent_guid=B,
                color="#56B4E9",
            ),
        ]
    )
    merged = merge_codes(book, [], ["Other"], on_conflict="keep")
    assert merged.codebook == book and "Other" not in merged.by_path
    (note,) = merged.notes
    assert "names 2 codes" in note and "imported without it" in note


def test_taking_theirs_never_breaks_the_tree() -> None:
    book = load_default_codebook()
    pandemics = book.lookup("Pandemics")
    renamed = IncomingCode(pandemics.guid, "Climate change", None, pandemics.color)
    merged = merge_codes(book, [renamed], (), on_conflict="theirs")
    assert merged.codebook == book
    (conflict,) = merged.conflicts
    assert "the name “Climate change”" in conflict and "kept ours" in conflict


def test_a_description_fills_an_empty_one_without_a_conflict() -> None:
    book = Codebook.empty()
    root = book.root(Facet.INSTRUMENT).guid
    book = book.evolve(
        upsert=[Code(A, "Pledging", facet=Facet.INSTRUMENT, parent_guid=root, color="#CC3311")]
    )
    merged = merge_codes(
        book, [IncomingCode(A, "Pledging", None, None, "Money promised")], (), on_conflict="keep"
    )
    assert merged.codebook[A] == dataclasses.replace(book[A], description="Money promised")
    assert merged.described == ("Instruments/Pledging",) and merged.conflicts == ()


def test_a_colour_picks_the_exact_code_else_a_near_one_else_none() -> None:
    book = load_default_codebook()
    assert code_for_colour(book, "#d55e00") == book.lookup("Pandemics")
    assert code_for_colour(book, "#D65F01") == book.lookup("Pandemics")
    assert code_for_colour(book, "#FFFFFF") is None
    assert code_for_colour(book, "yellow") is None

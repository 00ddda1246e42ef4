"""The code tree value: indexes, paths, lookups, the picker's ranking and its invariants."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given

from desktop.codebook.default import load_default_codebook
from desktop.codebook.edits import add_code
from desktop.codebook.errors import CodebookError
from desktop.codebook.model import Code, Codebook, Facet, split_path, stable_guid
from tests.codebook.strategies import codebooks


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_default_codebook()


def test_empty_codebook_has_the_two_non_codable_facet_folders() -> None:
    empty = Codebook.empty()
    assert [code.name for code in empty] == ["Thematic areas", "Instruments"]
    assert all(code.is_root and not code.is_codable for code in empty)
    assert empty.root(Facet.INSTRUMENT).guid == stable_guid("Instruments")


def test_paths_parents_and_descendants(book: Codebook) -> None:
    neutrality = book.lookup("Climate neutrality")
    assert book.path(neutrality.guid) == "Thematic areas/Climate change/Climate neutrality"
    assert [c.name for c in book.ancestors(neutrality.guid)] == ["Thematic areas", "Climate change"]
    assert book.facet_of(neutrality.guid) is Facet.THEMATIC
    pandemics = book.lookup("Pandemics")
    assert [c.name for c in book.descendants(pandemics.guid)] == [
        "COVID-19",
        "Health countermeasures",
        "Diagnostics",
        "Treatments",
        "Vaccines",
    ]
    assert [c.position for c in book.children(pandemics.guid)] == [0, 1]


def test_iteration_is_depth_first_thematic_first(book: Codebook) -> None:
    codes = list(book)
    assert codes[0].name == "Thematic areas"
    assert codes[1].name == "Pandemics"
    first_instrument = next(i for i, c in enumerate(codes) if c.facet is Facet.INSTRUMENT)
    assert codes[first_instrument].name == "Instruments"
    assert all(c.facet is Facet.INSTRUMENT for c in codes[first_instrument:])


def test_lookup_by_name_path_and_partial_path(book: Codebook) -> None:
    vaccines = book.by_path("Thematic areas/Pandemics/Health countermeasures/Vaccines")
    assert vaccines is not None
    assert (
        book.by_path(" thematic AREAS / pandemics/health countermeasures / VACCINES ") == vaccines
    )
    assert book.lookup("vaccines") == vaccines
    assert book.lookup("Pandemics/Health countermeasures/Vaccines") == vaccines
    assert book.by_name("  VACCINES ") == (vaccines,)
    assert book.by_path("Thematic areas/Vaccines") is None


def test_lookup_explains_unknown_and_ambiguous_names() -> None:
    book, first = add_code(Codebook.empty(), parent_guid=stable_guid("Thematic areas"), name="Aid")
    book, _ = add_code(book, parent_guid=stable_guid("Instruments"), name="Aid")
    with pytest.raises(CodebookError, match="No code is named “Nothing”"):
        book.lookup("Nothing")
    with pytest.raises(
        CodebookError, match=r"names 2 codes \(Thematic areas/Aid; Instruments/Aid\)"
    ):
        book.lookup("aid")
    assert book.lookup("Thematic areas/Aid") == first


def test_slashes_in_names_are_escaped_in_paths() -> None:
    book, code = add_code(
        Codebook.empty(), parent_guid=stable_guid("Instruments"), name="S&T / R&I \\ ties"
    )
    path = book.path(code.guid)
    assert path == "Instruments/S&T \\/ R&I \\\\ ties"
    assert split_path(path) == ["Instruments", "S&T / R&I \\ ties"]
    assert book.by_path(path) == code
    assert book.lookup("S&T / R&I \\ ties") == code


def test_find_ranks_name_starts_before_word_starts_parents_and_descriptions(
    book: Codebook,
) -> None:
    assert book.find("quant")[0].name == "Quantum technology"
    assert book.find("joint c")[0].name == "Joint calls"
    assert [c.name for c in book.find("horizon missions")] == ["Missions"]
    assert book.find("paris nationally")[0].name == "Nationally Determined Contributions"
    by_description = book.find("coronavirus")
    assert {c.name for c in by_description} >= {"Diagnostics", "Vaccines", "Pledging"}
    names = [c.name for c in book.find("climate")]
    assert names[0] == "Climate change"
    assert names.index("Climate neutrality") < names.index("UNFCCC COP")


def test_find_never_offers_facet_folders_and_lists_all_for_an_empty_query(book: Codebook) -> None:
    assert all(not c.is_root for c in book.find("instruments"))
    assert len(book.find("")) == len(book) - 2
    assert book.find("zzzz-not-there") == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"guid": "not-a-guid"}, "upper-case GUID"),
        ({"guid": "ecf22ee7-8b48-5038-9db0-0471a5e25642"}, "upper-case GUID"),
        ({"color": "#abc"}, "#RRGGBB"),
        ({"name": " padded "}, "starts or ends with spaces"),
        ({"name": ""}, "needs a name"),
        ({"name": "two\nlines"}, "line break"),
        ({"description": "ends with a break\n"}, "trimmed"),
        ({"description": "bell \x07"}, "control character"),
        ({"position": -1}, "negative position"),
    ],
)
def test_code_refuses_invalid_fields(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "guid": stable_guid("x"),
        "name": "Name",
        "facet": Facet.THEMATIC,
        "parent_guid": None,
        "color": "#112233",
    } | change
    with pytest.raises(CodebookError, match=message):
        Code(**fields)  # type: ignore[arg-type]


def test_codebook_refuses_broken_trees() -> None:
    roots = list(Codebook.empty())
    thematic = roots[0]
    child = Code(
        stable_guid("child"),
        "Child",
        facet=Facet.THEMATIC,
        parent_guid=thematic.guid,
        color="#112233",
    )
    with pytest.raises(CodebookError, match="exactly one “Instruments” folder"):
        Codebook([thematic])
    with pytest.raises(CodebookError, match="share the id"):
        Codebook([*roots, child, child])
    with pytest.raises(CodebookError, match="named “Child” and “CHILD”"):
        Codebook(
            [*roots, child, dataclasses.replace(child, guid=stable_guid("twin"), name="CHILD")]
        )
    with pytest.raises(CodebookError, match="parent of “Orphan” is missing"):
        Codebook([*roots, dataclasses.replace(child, name="Orphan", parent_guid=stable_guid("?"))])
    with pytest.raises(CodebookError, match="another facet than its parent"):
        Codebook([*roots, dataclasses.replace(child, facet=Facet.INSTRUMENT)])
    with pytest.raises(CodebookError, match="non-codable “Thematic areas” folder"):
        Codebook([dataclasses.replace(thematic, is_codable=True), roots[1]])
    a = dataclasses.replace(child, guid=stable_guid("a"), name="A", parent_guid=stable_guid("b"))
    b = dataclasses.replace(child, guid=stable_guid("b"), name="B", parent_guid=stable_guid("a"))
    with pytest.raises(CodebookError, match="loop"):
        Codebook([*roots, a, b])


@given(codebooks())
def test_positions_are_renumbered_and_every_code_is_reachable(book: Codebook) -> None:
    for code in book:
        assert [c.position for c in book.children(code.guid)] == list(
            range(len(book.children(code.guid)))
        )
        assert book.by_path(book.path(code.guid)) == code
    assert len(list(book)) == len(book)
    assert Codebook(reversed(list(book))) == book

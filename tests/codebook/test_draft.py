"""A codebook drafted change by change: the same codebook as editing the value, the same rules."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings

from desktop.codebook.default import load_default_codebook
from desktop.codebook.draft import CodebookDraft
from desktop.codebook.errors import CodebookError
from desktop.codebook.model import Code, Codebook, Facet
from tests.calls import growth
from tests.codebook.strategies import codebooks

A = "0A0B0C0D-0E0F-4A1B-8C2D-3E4F5A6B7C8D"


@settings(max_examples=40)
@given(book=codebooks())
def test_adding_codes_one_by_one_gives_the_codebook_the_value_gives(book: Codebook) -> None:
    draft = CodebookDraft(Codebook.empty())
    evolved = Codebook.empty()
    roots = {code.guid: evolved.root(code.facet).guid for code in book if code.is_root}
    for code in book:
        if code.is_root:
            continue
        code = dataclasses.replace(
            code, parent_guid=roots.get(code.parent_guid or "", code.parent_guid)
        )
        added = draft.add(dataclasses.replace(code, position=0))
        evolved = evolved.evolve(upsert=[code])
        assert added == evolved[code.guid]
        assert draft.path(code.guid) == evolved.path(code.guid)
    assert draft.codebook() == evolved
    assert set(draft.colors) == {code.color for code in evolved}


def _code(name: str, parent: Code, guid: str = A) -> Code:
    return Code(guid, name, facet=parent.facet, parent_guid=parent.guid, color="#D55E00")


def test_a_refused_change_says_why_and_leaves_the_draft_as_it_was() -> None:
    book = load_default_codebook()
    draft = CodebookDraft(book)
    pandemics = book.lookup("Pandemics")
    thematic, instruments = book.root(Facet.THEMATIC), book.root(Facet.INSTRUMENT)
    with pytest.raises(CodebookError, match="named “Pandemics” and “PANDEMICS”"):
        draft.add(_code("PANDEMICS", thematic))
    with pytest.raises(CodebookError, match="share the id"):
        draft.add(_code("Anything", thematic, guid=pandemics.guid))
    with pytest.raises(CodebookError, match="another facet than its parent"):
        draft.add(dataclasses.replace(_code("Anything", thematic), parent_guid=instruments.guid))
    with pytest.raises(CodebookError, match="parent of “Anything” is missing"):
        draft.add(dataclasses.replace(_code("Anything", thematic), parent_guid=A))
    climate = book.lookup("Climate change")
    with pytest.raises(CodebookError, match="named “Pandemics” and “pandemics”"):
        draft.update(dataclasses.replace(climate, name="pandemics"))
    assert draft.codebook() == book


def test_a_renamed_code_frees_its_old_name_and_a_recoloured_one_its_colour() -> None:
    book = load_default_codebook()
    draft = CodebookDraft(book)
    pandemics = book.lookup("Pandemics")
    draft.update(dataclasses.replace(pandemics, name="Epidemics", color="#123456"))
    assert draft.child_named(pandemics.parent_guid or "", "EPIDEMICS") == draft[pandemics.guid]
    assert draft.child_named(pandemics.parent_guid or "", "pandemics") is None
    assert "#123456" in draft.colors and pandemics.color not in draft.colors
    added = draft.add(_code("Pandemics", book.root(Facet.THEMATIC)))
    assert added.position == len(book.children(book.root(Facet.THEMATIC).guid))
    assert draft.path(added.guid) == "Thematic areas/Pandemics"
    result = draft.codebook()
    assert result.path(pandemics.guid) == "Thematic areas/Epidemics"


def test_the_value_finds_names_and_paths_without_looking_at_every_code() -> None:
    def lookups(count: int):
        root = Codebook.empty().root(Facet.THEMATIC)
        draft = CodebookDraft(Codebook.empty())
        for number in range(count):
            draft.add(
                Code(
                    f"{number:08X}-0000-4000-8000-000000000000",
                    f"Code {number}",
                    facet=Facet.THEMATIC,
                    parent_guid=root.guid,
                    color="#D55E00",
                )
            )
        book = draft.codebook()
        return lambda: [
            (book.by_path(f"Thematic areas/code {n}"), book.lookup(f"Code {n}"))
            for n in range(count)
        ]

    assert growth(lookups, 200, 4) < 6

"""Merging thousands of codes: the work grows with the number of codes, and every rule holds."""

from __future__ import annotations

from desktop.app.code_merge import merge_codes
from desktop.codebook.default import load_default_codebook
from desktop.codebook.model import Codebook
from desktop.formats.incoming import IncomingCode
from tests.calls import growth


def _guid(number: int) -> str:
    return f"{number:08X}-0000-4000-8000-000000000000"


def _tree(count: int, *, coloured: bool = True) -> list[IncomingCode]:
    """``count`` codes, twenty a parent (names repeat under other parents), every third with
    a description."""
    return [
        IncomingCode(
            _guid(n),
            f"Topic {n % 997}",
            _guid((n - 20) // 20) if n >= 20 else None,
            f"#{(n * 40503) % 0xFFFFFF:06X}" if coloured else None,
            "About it" if n % 3 == 0 else "",
        )
        for n in range(count)
    ]


def test_merging_grows_linearly_with_the_codes() -> None:
    def merging(count: int):
        codes = _tree(count)
        return lambda: merge_codes(Codebook.empty(), codes, (), on_conflict="keep")

    assert growth(merging, 200, 4) < 6


def test_names_and_paths_resolve_in_time_that_grows_linearly() -> None:
    def resolving(count: int):
        codes = _tree(count)
        book = merge_codes(Codebook.empty(), codes, (), on_conflict="keep").codebook
        paths = [book.path(code.guid) for code in book if not code.is_root]
        names = [f"Topic {n}" for n in range(count) if n < 997]
        return lambda: merge_codes(book, (), [*paths, *names], on_conflict="keep")

    assert growth(resolving, 200, 4) < 6


def test_thousands_of_codes_arrive_in_place_and_again_change_nothing() -> None:
    codes = _tree(3000)
    merged = merge_codes(load_default_codebook(), codes, (), on_conflict="keep")
    book = merged.codebook
    for code in codes:
        ours = book[merged.by_guid[code.guid]]
        assert (ours.name, ours.color, ours.description) == (
            code.name,
            code.color,
            code.description,
        )
        parent = book[ours.parent_guid or ""]
        assert parent.guid == (
            merged.by_guid[code.parent_guid]
            if code.parent_guid
            else book.lookup("Thematic areas").guid
        )
    assert [book[merged.by_guid[_guid(n)]].position for n in range(20, 40)] == list(range(20))
    assert len(merged.added) == 3000 and merged.conflicts == ()
    again = merge_codes(book, codes, (), on_conflict="theirs")
    assert again.codebook == book and again.added == again.conflicts == ()


def test_codes_without_colours_get_distinct_readable_ones() -> None:
    merged = merge_codes(Codebook.empty(), _tree(60, coloured=False), (), on_conflict="keep")
    colours = [code.color for code in merged.codebook if not code.is_root]
    assert len(set(colours)) == len(colours) == 60


def test_merging_codes_without_colours_grows_linearly_with_the_codes() -> None:
    """Another tool's codebook without colours (a .qdc, Hypothesis tags): each new code's
    colour is chosen against every colour in use, which once made 1,000 codes take 15 s."""

    def merging(count: int):
        codes = _tree(count, coloured=False)
        return lambda: merge_codes(Codebook.empty(), codes, (), on_conflict="keep")

    assert growth(merging, 200, 4) < 6

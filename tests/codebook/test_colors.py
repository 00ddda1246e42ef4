"""Palettes, contrast arithmetic and colour proposals."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.codebook.colors import (
    BLACK,
    CROWDED,
    FILL_ALPHA,
    INSTRUMENT_PALETTE,
    THEMATIC_PALETTE,
    WHITE,
    ColorChooser,
    composite,
    contrast_ratio,
    delta_e,
    expand_hex,
    is_readable_fill,
    is_readable_underline,
    next_color,
    relative_luminance,
    variants,
)
from desktop.codebook.default import load_default_codebook
from desktop.codebook.errors import CodebookError
from desktop.codebook.model import Facet


def test_wcag_reference_values() -> None:
    assert relative_luminance(BLACK) == 0
    assert relative_luminance(WHITE) == pytest.approx(1)
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1)
    # WebAIM's checker: #767676 on white is the lightest grey at 4.5:1
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


def test_composite_blends_in_srgb() -> None:
    assert composite(BLACK, 0.35) == "#A6A6A6"
    assert composite("#FF0000", 1.0) == "#FF0000"
    assert composite("#FF0000", 0.0, over="#00FF00") == "#00FF00"


def test_expand_hex_accepts_short_and_lower_case_forms() -> None:
    assert expand_hex("#abc") == "#AABBCC"
    assert expand_hex(" #0072b2 ") == "#0072B2"
    with pytest.raises(CodebookError, match="not a colour"):
        expand_hex("#17BECFFF")


def test_every_thematic_colour_of_the_default_keeps_black_text_readable_through_its_fill() -> None:
    """A 35 % fill over white must leave black text at WCAG AA contrast (4.5:1) or better."""
    thematic = [c for c in load_default_codebook() if c.facet is Facet.THEMATIC and not c.is_root]
    assert thematic
    for code in thematic:
        fill = composite(code.color, FILL_ALPHA, over=WHITE)
        assert contrast_ratio(BLACK, fill) >= 4.5, code.name
        assert is_readable_fill(code.color), code.name


def test_every_instrument_colour_of_the_default_shows_as_an_underline() -> None:
    instruments = [c for c in load_default_codebook() if c.facet is Facet.INSTRUMENT]
    for code in instruments:
        assert contrast_ratio(code.color, WHITE) >= 3, code.name
        assert is_readable_underline(code.color), code.name


def test_palettes_are_readable_and_their_colours_clearly_different() -> None:
    assert all(is_readable_fill(c) for c in THEMATIC_PALETTE)
    assert all(is_readable_underline(c) for c in INSTRUMENT_PALETTE)
    for palette in (THEMATIC_PALETTE, INSTRUMENT_PALETTE):
        assert len(set(palette)) == len(palette)
        assert min(delta_e(a, b) for a, b in itertools.combinations(palette, 2)) > 9


def test_next_color_walks_the_palette_then_varies_it() -> None:
    assert next_color([], facet=Facet.THEMATIC) == THEMATIC_PALETTE[0]
    assert next_color([THEMATIC_PALETTE[0].lower()], facet=Facet.THEMATIC) == THEMATIC_PALETTE[1]
    assert next_color(INSTRUMENT_PALETTE, facet=Facet.INSTRUMENT) not in INSTRUMENT_PALETTE


def test_a_sub_code_colour_is_a_variant_of_its_parent() -> None:
    parent = "#009E73"
    child = next_color([parent], facet=Facet.THEMATIC, near=parent)
    assert child in variants(parent)
    assert 10 < delta_e(child, parent) < 40


def test_palette_colours_close_to_a_used_variant_are_skipped() -> None:
    near_tol_green = "#238834"
    proposals = []
    for _ in range(len(THEMATIC_PALETTE) - 1):
        proposals.append(next_color([near_tol_green, *proposals], facet=Facet.THEMATIC))
    assert "#228833" not in proposals


@settings(max_examples=30)
@given(st.lists(st.sampled_from(list(Facet)), max_size=120), st.booleans())
def test_proposals_never_repeat_and_stay_readable(facets: list[Facet], related: bool) -> None:
    used: list[str] = []
    for facet in facets:
        near = used[-1] if related and used else None
        color = next_color(used, facet=facet, near=near)
        assert color not in used
        assert (is_readable_fill if facet is Facet.THEMATIC else is_readable_underline)(color)
        used.append(color)


def test_a_chooser_proposes_what_next_color_proposes_code_after_code() -> None:
    """``ColorChooser`` is ``next_color`` kept up to date, not another rule: for codes added
    one after another (top-level and sub-codes of both facets) it proposes the same colours."""
    requests = [
        (Facet.THEMATIC if n % 3 else Facet.INSTRUMENT, n % 4 == 0) for n in range(CROWDED - 2)
    ]
    used: list[str] = ["#E69F00"]
    chooser = ColorChooser(used)
    for facet, under_the_last in requests:
        near = used[-1] if under_the_last else None
        expected = next_color(used, facet=facet, near=near)
        assert chooser.choose(facet=facet, near=near) == expected
        used.append(expected)
        chooser.take(expected)

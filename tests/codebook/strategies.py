"""Hypothesis strategies for code trees with awkward names and descriptions."""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

from desktop.codebook.model import Code, Codebook, Facet

NAME_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"))
DESCRIPTION_CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn")), st.sampled_from("\n\t")
)
names = st.text(NAME_CHARS, min_size=1, max_size=16).map(str.strip).filter(bool)
descriptions = st.text(DESCRIPTION_CHARS, max_size=40).map(str.strip)
colors = st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)
guids = st.uuids().map(lambda u: str(u).upper())


@st.composite
def codebooks(draw: st.DrawFn, *, max_codes: int = 20) -> Codebook:
    """A valid codebook: random parents (any earlier code or a facet root), unique sibling names."""
    book = Codebook.empty()
    codes = list(book)
    taken: dict[str, set[str]] = {code.guid: set() for code in codes}
    for _ in range(draw(st.integers(0, max_codes))):
        parent = draw(st.sampled_from(codes))
        name = draw(names.filter(lambda n, p=parent: n.casefold() not in taken[p.guid]))
        code = Code(
            draw(guids.filter(lambda g: g not in taken)),
            name,
            facet=parent.facet,
            parent_guid=parent.guid,
            color=draw(colors),
            description=draw(descriptions),
            is_codable=draw(st.booleans()),
            position=len(taken[parent.guid]),
        )
        taken[parent.guid].add(name.casefold())
        taken[code.guid] = set()
        codes.append(code)
    root_colors = {facet: draw(colors) for facet in Facet}
    return Codebook(
        dataclasses.replace(c, color=root_colors[c.facet]) if c.is_root else c for c in codes
    )

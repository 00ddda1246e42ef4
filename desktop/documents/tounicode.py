"""Repair the ToUnicode maps MuPDF writes for characters beyond the Basic Multilingual Plane.

When MuPDF writes a PDF (here: an HTML article laid out and converted to PDF for export), it
maps a glyph of a non-BMP character (an emoji, a mathematical letter such as 𝔸) to the bare
code point, ``<0342> <1f600>``, where the PDF standard (ISO 32000 §9.10.3) wants UTF-16BE,
``<0342> <d83dde00>``. Readers then cut the value to 16 bits: MuPDF reads 😀 back as "ὠ", and
so does pdfminer (and so pdfannots), which would garble the text under an exported highlight.
This module rewrites such maps as a careful producer would. It is plain Python on the map's
text; ``annotated_pdf`` applies it to every ToUnicode stream of the PDFs it makes.
"""

from __future__ import annotations

import re

_SECTION = re.compile(r"\d+\s+begin(bfchar|bfrange)\b(.*?)\bend\1", re.S)
_TOKEN = re.compile(r"<([0-9A-Fa-f]*)>|\[|\]")
_ENTRIES_PER_BLOCK = 100
"""ISO 32000 limits a bfchar block to 100 entries."""


def needs_repair(cmap: str) -> bool:
    """Whether the map has a destination written as a bare non-BMP code point (five or six hex
    digits: never UTF-16, which comes in units of four)."""
    return any(
        len(token[1]) in (5, 6)
        for section in _SECTION.finditer(cmap)
        for token in _TOKEN.finditer(section[2])
    )


def repair(cmap: str) -> str:
    """The map with every mapping written as UTF-16BE; unchanged when nothing needs it.

    The mappings are read whole (ranges expanded) and written back as bfchar blocks, since a
    range whose destination is a surrogate pair may not be incremented across a low-surrogate
    boundary; only the maps that had the slip are rewritten this way.
    """
    if not needs_repair(cmap):
        return cmap
    mappings: dict[str, str] = {}
    for kind, body in _SECTION.findall(cmap):
        tokens = [m[1] if m[0].startswith("<") else m[0] for m in _TOKEN.finditer(body)]
        if kind == "bfchar":
            mappings.update(_chars(tokens))
        else:
            mappings.update(_ranges(tokens))
    first = _SECTION.search(cmap)
    last = list(_SECTION.finditer(cmap))[-1]
    assert first is not None
    return cmap[: first.start()] + _blocks(mappings) + cmap[last.end() :]


def _chars(tokens: list[str]) -> dict[str, str]:
    pairs = zip(tokens[0::2], tokens[1::2], strict=False)
    return {source: _decode(target) for source, target in pairs}


def _ranges(tokens: list[str]) -> dict[str, str]:
    mappings: dict[str, str] = {}
    index = 0
    while index + 2 < len(tokens):
        low, high = tokens[index], tokens[index + 1]
        width, first, last = len(low), int(low, 16), int(high, 16)
        if tokens[index + 2] == "[":
            close = tokens.index("]", index + 3)
            targets = tokens[index + 3 : close]
            for offset, target in enumerate(targets[: last - first + 1]):
                mappings[f"{first + offset:0{width}x}"] = _decode(target)
            index = close + 1
        else:
            target = tokens[index + 2]
            for offset in range(last - first + 1):
                mappings[f"{first + offset:0{width}x}"] = _decode(target, offset)
            index += 3
    return mappings


def _decode(target: str, offset: int = 0) -> str:
    """A destination as text: a bare code point (MuPDF's slip), else UTF-16BE whose last unit
    is incremented by ``offset`` within a range."""
    if len(target) in (5, 6):
        return chr(int(target, 16) + offset)
    value = int(target, 16) + offset
    return value.to_bytes(len(target) // 2, "big").decode("utf-16-be", "replace")


def _blocks(mappings: dict[str, str]) -> str:
    entries = [
        f"<{source}> <{target.encode('utf-16-be').hex()}>" for source, target in mappings.items()
    ]
    blocks = []
    for start in range(0, len(entries), _ENTRIES_PER_BLOCK):
        chunk = entries[start : start + _ENTRIES_PER_BLOCK]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return "\n".join(blocks)

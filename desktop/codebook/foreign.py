"""Turn a validated REFI-QDA code tree into an Accord ``Codebook``, saying what changed.

Other tools have no facets, so a rule decides where their codes go: a top-level code named like a
facet (“Thematic areas”, “Themes”, “Instruments”, …, any case) becomes that facet's folder, and
every other top-level code goes under **Thematic areas**, keeping its sub-tree. Thematic areas is
the default because most codebooks code *what* a text is about; moving a tree to Instruments
afterwards is one confirmed move.

Hierarchy, order, ids, colours (``#RGB`` widened to ``#RRGGBB``) and descriptions are kept. What
cannot be kept is reported in plain words, as REFI-QDA §7 asks of importers.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from desktop.codebook.colors import ColorChooser, expand_hex
from desktop.codebook.model import (
    ROOT_COLORS,
    ROOT_DESCRIPTIONS,
    Code,
    Codebook,
    Facet,
    stable_guid,
)
from desktop.codebook.rules import clean_description
from desktop.codebook.xmlsafe import local_name

FACET_ALIASES = {
    Facet.THEMATIC: frozenset({"thematic areas", "thematic area", "themes", "theme"}),
    Facet.INSTRUMENT: frozenset({"instruments", "instrument"}),
}
_LINE_BREAKS_AND_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
UNNAMED = "Unnamed code"


@dataclass(frozen=True, slots=True)
class ImportedCodebook:
    """The codebook read from a file and what the reader changed or left out, one sentence each."""

    codebook: Codebook
    warnings: tuple[str, ...]


@dataclass(slots=True)
class _Raw:
    guid: str
    name: str
    is_codable: bool
    color: str | None
    description: str
    children: list[_Raw] = field(default_factory=list)


@dataclass(slots=True)
class _Report:
    renamed: list[str] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    uncoloured: int = 0
    unnamed: int = 0
    note_refs: int = 0
    strays: int = 0
    folders_made_uncodable: list[str] = field(default_factory=list)
    folders_renamed: list[str] = field(default_factory=list)


def _read_tree(element: ET.Element, report: _Report) -> _Raw:
    """The ``Code`` element and its sub-codes as plain data (iteratively: no recursion limit)."""
    top = _raw(element, report)
    stack = [(element, top)]
    while stack:
        node, raw = stack.pop()
        for child in node:
            kind = local_name(child)
            if kind == "Code":
                kid = _raw(child, report)
                raw.children.append(kid)
                stack.append((child, kid))
            elif kind == "NoteRef":
                report.note_refs += 1
    return top


def _raw(element: ET.Element, report: _Report) -> _Raw:
    description = next((c.text or "" for c in element if local_name(c) == "Description"), "")
    name = _LINE_BREAKS_AND_CONTROLS.sub(" ", element.get("name", "")).strip()
    color = element.get("color")
    if color is None:
        report.uncoloured += 1
    if not name:
        report.unnamed += 1
    return _Raw(
        guid=element.get("guid", "").strip().strip("{}").upper(),
        name=name or UNNAMED,
        is_codable=element.get("isCodable", "true").strip() in {"true", "1"},
        color=None if color is None else expand_hex(color),
        description=clean_description(description),
    )


def _facet_named(name: str) -> Facet | None:
    folded = name.casefold()
    return next((facet for facet, names in FACET_ALIASES.items() if folded in names), None)


def import_codes(top_level: list[ET.Element], *, notes: list[str]) -> ImportedCodebook:
    """Build a two-facet codebook from the top-level ``Code`` elements of a validated file.

    ``notes`` are warnings the caller already has (e.g. dropped sets), listed first.
    """
    report = _Report()
    trees = [_read_tree(element, report) for element in top_level]
    roots: dict[Facet, _Raw] = {}
    strays: list[_Raw] = []
    later: list[tuple[Facet, _Raw]] = []
    for tree in trees:
        facet = _facet_named(tree.name)
        if facet is None:
            strays.append(tree)
        elif facet in roots:
            later.append((facet, tree))
        else:
            if tree.is_codable:
                report.folders_made_uncodable.append(tree.name)
            if tree.name != facet.value:
                report.folders_renamed.append(f"“{tree.name}” → “{facet.value}”")
            roots[facet] = tree
    for facet in Facet:
        roots.setdefault(
            facet,
            _Raw(stable_guid(facet.value), facet.value, False, None, ROOT_DESCRIPTIONS[facet]),
        )
    for facet, tree in later:
        roots[facet].children.append(tree)
    roots[Facet.THEMATIC].children.extend(strays)
    report.strays = len(strays)
    codes = _flatten(roots, report)
    return ImportedCodebook(Codebook(codes), tuple(notes) + _sentences(report))


def _flatten(roots: dict[Facet, _Raw], report: _Report) -> list[Code]:
    """Codes with unique ids, unique sibling names and a colour each, facet by facet."""
    seen_ids: set[str] = set()
    colors = ColorChooser(raw.color for raw in _walk(list(roots.values())) if raw.color)
    codes: list[Code] = []
    for facet, root in roots.items():
        stack: list[tuple[_Raw, str | None, int, str | None]] = [(root, None, 0, None)]
        while stack:
            raw, parent_guid, position, parent_color = stack.pop()
            guid = raw.guid
            if guid in seen_ids:
                guid = str(uuid.uuid4()).upper()
                report.new_ids.append(raw.name)
            seen_ids.add(guid)
            if parent_guid is None:
                color = raw.color or ROOT_COLORS[facet]
            elif raw.color is None:
                color = colors.choose(facet=facet, near=parent_color)
                colors.take(color)
            else:
                color = raw.color
            codes.append(
                Code(
                    guid,
                    facet.value if parent_guid is None else raw.name,
                    facet=facet,
                    parent_guid=parent_guid,
                    color=color,
                    description=raw.description,
                    is_codable=parent_guid is not None and raw.is_codable,
                    position=position,
                )
            )
            _make_names_unique(raw.children, report)
            kid_color = None if parent_guid is None else color
            stack.extend(
                (kid, guid, index, kid_color)
                for index, kid in reversed(list(enumerate(raw.children)))
            )
    return codes


def _make_names_unique(children: list[_Raw], report: _Report) -> None:
    """Rename later siblings that repeat a name (case-insensitively) “… (2)”, “… (3)”."""
    taken = {child.name.casefold() for child in children}
    seen: set[str] = set()
    for child in children:
        if child.name.casefold() in seen:
            suffix = 2
            while f"{child.name} ({suffix})".casefold() in taken:
                suffix += 1
            renamed = f"{child.name} ({suffix})"
            taken.add(renamed.casefold())
            report.renamed.append(f"“{child.name}” → “{renamed}”")
            child.name = renamed
        seen.add(child.name.casefold())


def _walk(trees: list[_Raw]) -> list[_Raw]:
    found: list[_Raw] = []
    stack = list(trees)
    while stack:
        raw = stack.pop()
        found.append(raw)
        stack.extend(raw.children)
    return found


def _sentences(report: _Report) -> tuple[str, ...]:
    said: list[str] = []
    if report.strays:
        said.append(
            f"{report.strays} top-level code(s) were not in a “Thematic areas” or “Instruments” "
            "folder; they were placed under Thematic areas."
        )
    if report.folders_made_uncodable:
        names = ", ".join(f"“{n}”" for n in report.folders_made_uncodable)
        said.append(
            f"{names} could be applied to text in the file; Accord keeps facet folders for "
            "grouping only, so it no longer can."
        )
    if report.folders_renamed:
        said.append("Facet folders were renamed: " + "; ".join(report.folders_renamed) + ".")
    if report.renamed:
        said.append(
            "Codes with the same name under one parent were renamed: "
            + "; ".join(report.renamed)
            + "."
        )
    if report.new_ids:
        names = ", ".join(f"“{n}”" for n in report.new_ids)
        said.append(f"{names} reused another code's id in the file and got a new id.")
    if report.unnamed:
        said.append(f"{report.unnamed} code(s) had no name and are now called “{UNNAMED}”.")
    if report.uncoloured:
        said.append(f"{report.uncoloured} code(s) had no colour; Accord chose one for each.")
    if report.note_refs:
        said.append(f"{report.note_refs} note reference(s) on codes were not imported.")
    return tuple(said)

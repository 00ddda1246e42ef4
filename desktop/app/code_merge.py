"""Merge the codes an import brings into the project's codebook, as a new ``Codebook`` value.

A file names codes three ways: a code tree with guids (REFI-QDA, Accord's JSON-LD), bare names
or paths (a Hypothesis tag, a PDF highlight's subject), or only a colour (a highlight made in a
PDF reader). All three end as ids of the project's codes:

* the file's tree is first laid onto the two facets by ``desktop.codebook.foreign`` (the same
  rule as opening a ``.qdc``: a top-level folder named like a facet becomes it, every other
  top-level code goes under Thematic areas), then each code is matched to ours by guid, else by
  name under the matched parent; unmatched codes are added with their guid, colour and
  description (a colour from the palette when the file gives none);
* a name or path is looked up in the merged codebook; one that names nothing becomes a chain of
  codes placed by the same rule (with ids derived from the path, so importing it again finds
  them);
* a colour picks the code of that colour, else the nearest one, if any is near enough.

A code of ours without a description takes the file's. A code that matches ours but differs
otherwise (another id, name, colour, description or place) is a conflict: listed, and resolved
by keeping ours or, with ``theirs``, taking the file's name, colour and description (never its
id or place: our annotations refer to both).

The codes are merged one by one into a ``CodebookDraft``, each against those merged before it,
and the codebook is built once: a file may bring 20,000 codes.
"""

from __future__ import annotations

import dataclasses
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from desktop.codebook.colors import ColorChooser, delta_e, expand_hex
from desktop.codebook.draft import CodebookDraft
from desktop.codebook.errors import CodebookError
from desktop.codebook.foreign import import_codes
from desktop.codebook.model import GUID_PATTERN, Code, Codebook, Facet, escape_segment, split_path
from desktop.core.model import CodeId
from desktop.formats.incoming import IncomingCode

ConflictPolicy = Literal["keep", "theirs"]
POLICIES: tuple[ConflictPolicy, ...] = ("keep", "theirs")

FOREIGN_IDS = uuid.UUID("0C7A3E52-4F1D-5B8E-9D26-ACC0DC1A0B07")
"""Namespace of the ids Accord derives for things a file names without a GUID: fixed, so the
same file imported twice yields the same ids."""

MAX_COLOUR_DISTANCE = 10.0
"""CIE76 ΔE below which a highlight colour is taken to mean a code's colour (PDF readers round
colours; ``desktop.codebook.colors`` keeps codes at least this far apart)."""


def foreign_guid(text: str) -> str:
    """The file's id as an upper-case GUID, or a GUID derived from it when it is not one."""
    cleaned = text.strip().strip("{}").upper()
    if GUID_PATTERN.fullmatch(cleaned):
        return cleaned
    return str(uuid.uuid5(FOREIGN_IDS, text)).upper()


@dataclass(frozen=True, slots=True)
class CodeMerge:
    """The merged codebook and how the file's codes map onto it."""

    codebook: Codebook
    by_guid: dict[str, CodeId]
    """The file's code guid (as written in the file) → the project's code."""
    by_path: dict[str, CodeId]
    """A name or path as written in the file → the project's code."""
    added: tuple[str, ...]
    """Paths of the codes the import adds."""
    described: tuple[str, ...]
    """Paths of our codes without a description that take the file's."""
    conflicts: tuple[str, ...]
    notes: tuple[str, ...]
    """What was changed or left out on the way (renamed duplicates, a name that means
    several codes, an unreadable colour)."""


def merge_codes(
    ours: Codebook,
    codes: Sequence[IncomingCode],
    paths: Iterable[str],
    *,
    on_conflict: ConflictPolicy,
) -> CodeMerge:
    """Merge the file's code tree, then resolve the names and paths its annotations use."""
    merger = _Merger(CodebookDraft(ours), on_conflict)
    if codes:
        merger.merge(codes, with_ids=True)
    book = merger.draft.codebook()
    chains: dict[str, list[IncomingCode]] = {}
    for path in dict.fromkeys(paths):
        found = _lookup(book, path)
        if isinstance(found, Code):
            merger.by_path[path] = CodeId(found.guid)
        elif found:
            merger.notes.append(found)
        elif any(split_path(path)):
            chains[path] = _chain(path)
    if chains:
        merger.merge([code for chain in chains.values() for code in chain], with_ids=False)
        for path, chain in chains.items():
            merger.by_path[path] = merger.by_guid[chain[-1].guid]
        book = merger.draft.codebook()
    return CodeMerge(
        book,
        merger.by_guid,
        merger.by_path,
        tuple(merger.added),
        tuple(merger.described),
        tuple(merger.conflicts),
        tuple(merger.notes),
    )


def code_for_colour(book: Codebook, colour: str) -> Code | None:
    """The applicable code of exactly this colour (the first in codebook order), else the
    nearest one within ``MAX_COLOUR_DISTANCE``, else None."""
    try:
        wanted = expand_hex(colour)
    except CodebookError:
        return None
    codable = [code for code in book if code.is_codable]
    exact = next((code for code in codable if code.color == wanted), None)
    if exact is not None:
        return exact
    nearest = min(codable, key=lambda code: delta_e(code.color, wanted), default=None)
    if nearest is None or delta_e(nearest.color, wanted) > MAX_COLOUR_DISTANCE:
        return None
    return nearest


def _lookup(book: Codebook, path: str) -> Code | str | None:
    """The code a name or path means, a sentence when it means several, None when none."""
    try:
        return book.lookup(path)
    except CodebookError as error:
        names = split_path(path)
        if len(names) == 1 and len(book.by_name(names[0])) > 1:
            return f"{error} Its annotations were imported without it."
        return None


def _chain(path: str) -> list[IncomingCode]:
    """Codes for each step of a path no code has yet, ids derived from the path."""
    chain: list[IncomingCode] = []
    steps: list[str] = []
    for name in (name for name in split_path(path) if name):
        steps.append(escape_segment(name))
        guid = foreign_guid("path:" + "/".join(steps))
        chain.append(IncomingCode(guid, name, chain[-1].guid if chain else None))
    return chain


@dataclass(slots=True)
class _Merger:
    draft: CodebookDraft
    on_conflict: ConflictPolicy
    by_guid: dict[str, CodeId] = field(default_factory=dict)
    by_path: dict[str, CodeId] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    described: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chooser: ColorChooser | None = None
    """Colours for codes the file gives none, made at the first of them; from then on it is
    told every colour the draft takes."""

    def merge(self, codes: Sequence[IncomingCode], *, with_ids: bool) -> None:
        """Lay the codes onto the facets (``foreign``), then match each to ours, parents
        first. ``with_ids``: the file's guids are real ids (a differing one is a conflict)."""
        normal = {code.guid: foreign_guid(code.guid) for code in codes}
        # Top-level codes, which ``foreign`` files under a facet by rule: that facet is not
        # the file's statement, so a code of ours elsewhere is no conflict.
        placed_by_rule = {
            normal[c.guid] for c in codes if c.parent_guid is None or c.parent_guid not in normal
        }
        coloured: set[str] = set()
        imported = import_codes(_elements(codes, normal, coloured, self.notes), notes=[])
        self.notes.extend(imported.warnings)
        theirs = imported.codebook
        local = {theirs.root(facet).guid: self.draft.root(facet).guid for facet in Facet}
        for code in theirs:
            if not code.is_root:
                local[code.guid] = self._merge_one(
                    theirs,
                    code,
                    local[code.parent_guid or ""],
                    coloured=code.guid in coloured,
                    with_ids=with_ids,
                    placed=code.guid not in placed_by_rule,
                )
        for original, guid in normal.items():
            if guid in local:
                self.by_guid[original] = CodeId(local[guid])

    def _merge_one(
        self,
        theirs: Codebook,
        code: Code,
        parent: str,
        *,
        coloured: bool,
        with_ids: bool,
        placed: bool,
    ) -> str:
        """Our code for ``code`` (found or added). ``placed``: the file itself says where
        the code belongs (it is not a top-level code filed by rule)."""
        existing = self.draft.get(code.guid)
        by_guid = existing is not None and not existing.is_root
        if not by_guid:
            existing = self.draft.child_named(parent, code.name)
        if existing is None:
            self._add(code, parent, coloured=coloured)
            return code.guid
        if code.description and not existing.description:
            existing = dataclasses.replace(existing, description=code.description)
            self.draft.update(existing)
            self.described.append(self.draft.path(existing.guid))
        differences = _differences(code, existing, coloured=coloured)
        if with_ids and not by_guid:
            differences.insert(0, "another id")
        if by_guid and placed and existing.parent_guid != parent:
            differences.append(f"it under “{theirs.path(code.parent_guid or '')}”")
        if differences:
            self._resolve(code, existing, differences, coloured=coloured)
        return existing.guid

    def _add(self, code: Code, parent: str, *, coloured: bool) -> None:
        above = self.draft[parent]
        if coloured:
            colour = code.color
        else:
            if self.chooser is None:
                self.chooser = ColorChooser(self.draft.colors)
            colour = self.chooser.choose(
                facet=above.facet, near=None if above.is_root else above.color
            )
        new = Code(
            code.guid if code.guid not in self.draft else str(uuid.uuid4()).upper(),
            code.name,
            facet=above.facet,
            parent_guid=parent,
            color=colour,
            description=code.description,
            is_codable=code.is_codable,
        )
        self.draft.add(new)
        self._in_use(new.color)
        self.added.append(self.draft.path(new.guid))

    def _in_use(self, colour: str) -> None:
        if self.chooser is not None:
            self.chooser.take(colour)

    def _resolve(
        self, code: Code, existing: Code, differences: list[str], *, coloured: bool
    ) -> None:
        outcome = "kept ours"
        if self.on_conflict == "theirs":
            updated = dataclasses.replace(
                existing,
                name=code.name,
                color=code.color if coloured else existing.color,
                description=code.description or existing.description,
            )
            if updated != existing:
                try:
                    self.draft.update(updated)
                    self._in_use(updated.color)
                    outcome = "took the file's name, colour and description"
                except CodebookError as error:
                    outcome = f"kept ours ({error})"
        self.conflicts.append(
            f"“{self.draft.path(existing.guid)}”: the file has {', '.join(differences)}; {outcome}."
        )


def _differences(code: Code, existing: Code, *, coloured: bool) -> list[str]:
    found: list[str] = []
    if code.name != existing.name:
        found.append(f"the name “{code.name}”")
    if coloured and code.color != existing.color:
        found.append(f"the colour {code.color} (ours {existing.color})")
    if code.description and code.description != existing.description:
        found.append("another description")
    return found


def _elements(
    codes: Sequence[IncomingCode], normal: dict[str, str], coloured: set[str], notes: list[str]
) -> list[ET.Element]:
    """The codes as REFI-QDA ``Code`` elements nested by parent, the form ``foreign`` reads.
    A code whose parent is missing, or whose parents lead back to itself, becomes top-level."""
    parents = {normal[c.guid]: normal.get(c.parent_guid or "") for c in codes}
    elements: dict[str, ET.Element] = {}
    placed: list[tuple[str | None, ET.Element]] = []
    for code in codes:
        guid = normal[code.guid]
        attributes = {
            "guid": guid,
            "name": code.name,
            "isCodable": "true" if code.is_codable else "false",
        }
        if code.color is not None:
            try:
                attributes["color"] = expand_hex(code.color)
                coloured.add(guid)
            except CodebookError:
                notes.append(
                    f"The colour “{code.color}” of “{code.name}” is not a colour; Accord chose one."
                )
        element = ET.Element("Code", attributes)
        if code.description:
            ET.SubElement(element, "Description").text = code.description
        elements.setdefault(guid, element)
        parent = parents[guid]
        placed.append((parent if parent in parents else None, element))
    top: list[ET.Element] = []
    for parent, element in placed:
        if parent is None or _loops(parents, element.get("guid", "")):
            top.append(element)
        else:
            elements[parent].append(element)
    return top


def _loops(parents: dict[str, str | None], guid: str) -> bool:
    """Whether following parents from ``guid`` comes back to it (a damaged file)."""
    seen: set[str] = set()
    current = parents.get(guid)
    while current is not None and current not in seen:
        if current == guid:
            return True
        seen.add(current)
        current = parents.get(current)
    return False

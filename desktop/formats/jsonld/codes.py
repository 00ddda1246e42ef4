"""The code tree that the tagging bodies of a JSON-LD file describe, as ``IncomingCode`` values.

A tagging body that names its code by ``urn:uuid`` gives the code's path as its value and, in
Accord's own export, its ancestors' ids and colours as a ``skos:broader`` chain. The tree is
rebuilt from those: one node per path (names compared ignoring case, as Accord's codebook
does), parents before children, the facet folders that the file's codes are under first (as
REFI-QDA imports give them). An ancestor that no body names by id gets the id a shipped
codebook gives that path (``stable_guid``), so "Thematic areas/Pandemics" from any tool meets
the default codebook's code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from desktop.codebook.foreign import FACET_ALIASES
from desktop.codebook.model import Facet, escape_segment, split_path, stable_guid
from desktop.formats.incoming import IncomingCode
from desktop.formats.jsonld.fields import JsonObject, Problem, uuid_of

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True, slots=True)
class _Node:
    guid: str
    name: str
    parent_guid: str | None
    color: str | None


def _chain(body: JsonObject, length: int) -> list[tuple[str | None, object]]:
    """(id, colour) of the code and then of each ancestor the body's ``skos:broader`` chain
    names, nearest first, at most ``length`` long."""
    found: list[tuple[str | None, object]] = []
    node: object = body
    while isinstance(node, dict) and len(found) < length:
        found.append((uuid_of(node.get("id")), node.get("schema:color")))
        node = node.get("skos:broader")
    return found


def _facet(name: str) -> Facet | None:
    folded = name.casefold()
    return next((facet for facet, aliases in FACET_ALIASES.items() if folded in aliases), None)


class CodeTree:
    """Collects the codes of a file, one ``add`` per tagging body that has a code id."""

    def __init__(self) -> None:
        self._nodes: dict[tuple[str, ...], _Node] = {}
        self._places: dict[str, tuple[str, ...]] = {}
        self._notes: Counter[str] = Counter()
        self._seen: dict[tuple[str, str], str] = {}

    def add(self, guid: str, path: str, body: JsonObject) -> str:
        """Register the code ``guid`` at ``path``; the id the annotation carries (the first id
        seen for that path, should a file name one code by two ids)."""
        seen = self._seen.get((guid, path))
        if seen is None:
            seen = self._seen[(guid, path)] = self._add(guid, path, body)
        return seen

    def _add(self, guid: str, path: str, body: JsonObject) -> str:
        names = split_path(path)
        if not all(names):
            raise Problem(f"the code path “{path[:80]}” has an empty name")
        chain = _chain(body, len(names))
        chain[0] = (guid, chain[0][1])
        facet = _facet(names[0])
        if facet is None:
            names = [Facet.THEMATIC.value, *names]
        else:
            names[0] = facet.value
        ids: list[tuple[str | None, object]] = [(None, None)] * (len(names) - len(chain))
        ids += reversed(chain)
        parent: str | None = None
        for depth, (name, (given, color)) in enumerate(zip(names, ids, strict=True)):
            key = tuple(n.casefold() for n in names[: depth + 1])
            node = self._nodes.get(key)
            if node is None:
                node = self._new(key, name, given, color, parent=parent, names=names[: depth + 1])
            elif given is not None and given != node.guid:
                self._notes["codes named by two different ids (the first id is kept)"] += 1
            parent = node.guid
        assert parent is not None
        return parent

    def _new(
        self,
        key: tuple[str, ...],
        name: str,
        given: str | None,
        color: object,
        *,
        parent: str | None,
        names: list[str],
    ) -> _Node:
        path = "/".join(escape_segment(n) for n in names)
        guid = given or stable_guid(path)
        if guid in self._places:
            self._notes["ids that name two different codes (the second got a new id)"] += 1
            guid = stable_guid(f"{path}\0{guid}")
        if isinstance(color, str) and _COLOR.fullmatch(color):
            color = color.upper()
        else:
            if color is not None:
                self._notes["code colours that are not #RRGGBB"] += 1
            color = None
        node = _Node(guid, name, parent, color)
        self._nodes[key] = node
        self._places[guid] = key
        return node

    def incoming(self) -> tuple[list[IncomingCode], list[str]]:
        """The codes, facet folders first then parents before children, and what was noted."""
        notes = [f"{reason}: {count}" for reason, count in self._notes.items()]
        if not self._nodes:
            return [], notes
        # Only the facets the file's codes are under: a folder made up here for the other one
        # would be a code "without a colour" in the import's report, though no file named it.
        roots = [
            root
            for facet in Facet
            if (root := self._nodes.get((facet.value.casefold(),))) is not None
        ]
        rest = [node for node in self._nodes.values() if node.parent_guid is not None]
        codes = [
            IncomingCode(
                node.guid,
                node.name,
                node.parent_guid,
                color=node.color,
                is_codable=node.parent_guid is not None,
            )
            for node in (*roots, *rest)
        ]
        return codes, notes

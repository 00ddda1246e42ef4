"""The code tree: two facets, each a tree of codes, held as an immutable value.

An analyst codes a clause on two independent axes, *what it is about* (thematic areas) and *how
the Sides act on it* (instruments). Each axis is a tree whose root is a folder that cannot be
applied (REFI-QDA ``isCodable="false"``), so every code belongs to exactly one facet and agreement
figures and reports can be computed per facet.

``Codebook`` is a value: every edit (see ``edits``) returns a new one. An analyst's codebook is
small (hundreds of codes), so rebuilding the indexes on each edit costs nothing noticeable and
makes undo, comparison and tests trivial. Work that changes thousands of codes in a row (an
import) goes through a ``draft.CodebookDraft`` and builds the value once.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import uuid
from collections.abc import Collection, Iterable, Iterator
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum

from desktop.codebook.errors import CodebookError
from desktop.codebook.search import rank

GUID_PATTERN = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
COLOR_PATTERN = re.compile(r"#[0-9A-F]{6}")
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PATH_SEPARATOR = re.compile(r"(?<!\\)((?:\\\\)*)/")

GUID_NAMESPACE = uuid.UUID("6D0C5F0E-3C2B-5E7A-9A61-ACC0DC0DEB00")
"""Namespace of ``stable_guid``: fixed forever, so that every project gets the same code ids."""


class Facet(StrEnum):
    """The two axes of coding; the value is the name of the facet's root folder."""

    THEMATIC = "Thematic areas"
    INSTRUMENT = "Instruments"


ROOT_COLORS = {Facet.THEMATIC: "#5D6D7E", Facet.INSTRUMENT: "#3B4A5A"}
"""Neutral chips for the two folders, so no code colour is spent on something never applied."""

ROOT_DESCRIPTIONS = {
    Facet.THEMATIC: "Folder: what a clause is about (not applied directly).",
    Facet.INSTRUMENT: "Folder: how the Sides act on it (not applied directly).",
}


def stable_guid(path: str) -> str:
    """The id of the code at ``path`` in a shipped codebook: a uuid5, upper case like REFI-QDA's."""
    return str(uuid.uuid5(GUID_NAMESPACE, path)).upper()


def check_code_name(name: str) -> None:
    """Raise unless ``name`` can be a code name: one trimmed, non-empty line of XML text."""
    if not name.strip():
        raise CodebookError("A code needs a name; type at least one letter.")
    if name != name.strip():
        raise CodebookError(f"The code name “{name}” starts or ends with spaces; remove them.")
    if _LINE_OR_CONTROL.search(name) or _NOT_XML_CHAR.search(name):
        raise CodebookError(
            f"The code name “{name!r}” contains a line break or an invisible control character; "
            "type it on one line."
        )


def check_description(description: str) -> None:
    """Raise unless ``description`` can be stored as it is (trimmed, LF line ends, XML text)."""
    if description != description.strip() or "\r" in description:
        raise CodebookError("A description must be trimmed and use plain line breaks.")
    if _NOT_XML_CHAR.search(description):
        raise CodebookError("The description contains an invisible control character; remove it.")


def sibling_clash(parent: str, first: str, second: str) -> CodebookError:
    """The error for two codes under ``parent`` whose names differ only in capitals (or not)."""
    return CodebookError(
        f"Two codes under “{parent}” are named “{first}” and “{second}”; names must differ "
        "among siblings, ignoring capitals."
    )


def escape_segment(name: str) -> str:
    """A name as one path segment: ``/`` and ``\\`` get a backslash so paths split unambiguously."""
    return name.replace("\\", "\\\\").replace("/", "\\/")


def split_path(path: str) -> list[str]:
    """The names in a path written with ``escape_segment``, trimmed."""
    segments = _PATH_SEPARATOR.sub(lambda m: m.group(1) + "\0", path).split("\0")
    return [s.replace("\\/", "/").replace("\\\\", "\\").strip() for s in segments]


@dataclass(frozen=True, slots=True)
class Code:
    """One code. ``position`` orders it among its siblings (0-based)."""

    guid: str
    name: str
    _: KW_ONLY
    facet: Facet
    parent_guid: str | None
    color: str
    description: str = ""
    is_codable: bool = True
    position: int = 0

    def __post_init__(self) -> None:
        if not GUID_PATTERN.fullmatch(self.guid):
            raise CodebookError(f"“{self.guid}” is not an upper-case GUID (8-4-4-4-12 hex).")
        check_code_name(self.name)
        if not COLOR_PATTERN.fullmatch(self.color):
            raise CodebookError(f"The colour of “{self.name}” must be #RRGGBB, not “{self.color}”.")
        check_description(self.description)
        if self.position < 0:
            raise CodebookError(f"“{self.name}” has a negative position.")

    @property
    def is_root(self) -> bool:
        return self.parent_guid is None


class Codebook:
    """An immutable two-facet code tree, indexed by guid, by parent and by path."""

    def __init__(self, codes: Iterable[Code]) -> None:
        by_guid: dict[str, Code] = {}
        for code in codes:
            if code.guid in by_guid:
                raise CodebookError(f"Two codes share the id {code.guid}.")
            by_guid[code.guid] = code
        roots = _check_roots(by_guid.values())
        children: dict[str, list[Code]] = {guid: [] for guid in by_guid}
        for code in by_guid.values():
            if code.parent_guid is None:
                continue
            parent = by_guid.get(code.parent_guid)
            if parent is None:
                raise CodebookError(f"The parent of “{code.name}” is missing from the codebook.")
            if parent.facet != code.facet:
                raise CodebookError(f"“{code.name}” is filed under another facet than its parent.")
            children[parent.guid].append(code)
        self._codes: dict[str, Code] = {}
        self._children: dict[str, tuple[str, ...]] = {}
        self._named: dict[str, dict[str, str]] = {}
        """Parent → its children's names, case folded → their guids."""
        self._paths: dict[str, str] = {}
        self._roots = tuple(root.guid for root in roots)
        for root in roots:
            self._codes[root.guid] = dataclasses.replace(root, position=0)
            self._paths[root.guid] = escape_segment(root.name)
            self._index(root.guid, children, by_guid)
        if len(self._codes) != len(by_guid):
            raise CodebookError("Some codes are their own ancestors; the tree has a loop.")

    def _index(
        self, parent_guid: str, children: dict[str, list[Code]], by_guid: dict[str, Code]
    ) -> None:
        """Number siblings 0..n-1 in their given order and fill the indexes, depth first."""
        stack = [parent_guid]
        while stack:
            guid = stack.pop()
            kids = sorted(children[guid], key=lambda c: c.position)
            named: dict[str, str] = {}
            for index, kid in enumerate(kids):
                folded = kid.name.casefold()
                if folded in named:
                    raise sibling_clash(
                        self._codes[guid].name, by_guid[named[folded]].name, kid.name
                    )
                named[folded] = kid.guid
                self._codes[kid.guid] = (
                    kid if kid.position == index else dataclasses.replace(kid, position=index)
                )
                self._paths[kid.guid] = f"{self._paths[guid]}/{escape_segment(kid.name)}"
            self._children[guid] = tuple(kid.guid for kid in kids)
            self._named[guid] = named
            stack.extend(reversed(self._children[guid]))

    @classmethod
    def empty(cls) -> Codebook:
        """Just the two facet folders, with the same ids as the shipped default codebook."""
        return cls(
            Code(
                stable_guid(facet.value),
                facet.value,
                facet=facet,
                parent_guid=None,
                color=ROOT_COLORS[facet],
                description=ROOT_DESCRIPTIONS[facet],
                is_codable=False,
            )
            for facet in Facet
        )

    def evolve(self, *, upsert: Iterable[Code] = (), remove: Iterable[str] = ()) -> Codebook:
        """A new codebook with codes replaced or added (by guid) and others removed."""
        codes = dict(self._codes)
        for guid in remove:
            del codes[guid]
        codes.update((code.guid, code) for code in upsert)
        return Codebook(codes.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Codebook) and self._codes == other._codes

    # Equal by content, so unhashable (as Python makes any class that defines __eq__ alone);
    # said here for readers and checkers, and typeshed declares object.__hash__ a method.
    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[Code]:
        """Every code, depth first, thematic facet before instruments, siblings in order."""
        for root in self._roots:
            yield self._codes[root]
            yield from self.descendants(root)

    def __contains__(self, guid: object) -> bool:
        return guid in self._codes

    def __getitem__(self, guid: str) -> Code:
        return self._codes[guid]

    def __repr__(self) -> str:
        return f"<Codebook of {len(self)} codes>"

    def get(self, guid: str) -> Code | None:
        return self._codes.get(guid)

    def root(self, facet: Facet) -> Code:
        return self._codes[self._roots[list(Facet).index(facet)]]

    def children(self, guid: str) -> tuple[Code, ...]:
        return tuple(self._codes[kid] for kid in self._children[guid])

    def child_named(self, guid: str, name: str) -> Code | None:
        """The child of ``guid`` with this name, ignoring case (names are unique that way)."""
        found = self._named[guid].get(name.casefold())
        return None if found is None else self._codes[found]

    def parent(self, guid: str) -> Code | None:
        parent_guid = self._codes[guid].parent_guid
        return None if parent_guid is None else self._codes[parent_guid]

    def ancestors(self, guid: str) -> tuple[Code, ...]:
        """The codes above ``guid``, facet root first."""
        chain: list[Code] = []
        parent = self.parent(guid)
        while parent is not None:
            chain.append(parent)
            parent = self.parent(parent.guid)
        return tuple(reversed(chain))

    def descendants(self, guid: str) -> tuple[Code, ...]:
        """Every code below ``guid``, depth first, in sibling order (``guid`` itself excluded)."""
        found: list[Code] = []
        stack = list(reversed(self._children[guid]))
        while stack:
            kid = stack.pop()
            found.append(self._codes[kid])
            stack.extend(reversed(self._children[kid]))
        return tuple(found)

    def facet_of(self, guid: str) -> Facet:
        return self._codes[guid].facet

    def path(self, guid: str) -> str:
        """E.g. ``"Thematic areas/Climate change/Climate neutrality"`` (``/`` in names escaped)."""
        return self._paths[guid]

    def by_name(self, name: str) -> tuple[Code, ...]:
        """Codes with this name, ignoring case and surrounding spaces (one per parent at most)."""
        return self._by_name.get(name.strip().casefold(), ())

    @functools.cached_property
    def _by_name(self) -> dict[str, tuple[Code, ...]]:
        """Case-folded name → the codes of that name, in codebook order (made on first use:
        an import asks for thousands of names, most codebooks are never asked)."""
        found: dict[str, list[Code]] = {}
        for code in self:
            found.setdefault(code.name.casefold(), []).append(code)
        return {name: tuple(codes) for name, codes in found.items()}

    def by_path(self, path: str) -> Code | None:
        """The code at a full path from its facet root, ignoring case and spaces around ``/``."""
        first, *rest = split_path(path)
        found = next(
            (
                self._codes[root]
                for root in self._roots
                if self._codes[root].name.casefold() == first.casefold()
            ),
            None,
        )
        for name in rest:
            if found is None:
                return None
            found = self.child_named(found.guid, name)
        return found

    def lookup(self, text: str) -> Code:
        """The one code a person means by a name or a path (full, or starting below a facet).

        Raises ``CodebookError`` when nothing matches, or when a bare name is shared by codes
        under different parents (the message lists their paths to choose from).
        """
        exact = self.by_path(text)
        if exact is None:
            below = [self.by_path(f"{escape_segment(facet.value)}/{text}") for facet in Facet]
            matches = [code for code in below if code is not None] or list(self.by_name(text))
        else:
            matches = [exact]
        if not matches:
            raise CodebookError(f"No code is named “{text.strip()}”.")
        if len(matches) > 1:
            paths = "; ".join(self.path(code.guid) for code in matches)
            raise CodebookError(
                f"“{text.strip()}” names {len(matches)} codes ({paths}); give the path instead."
            )
        return matches[0]

    def find(self, query: str, *, codable_only: bool = True) -> tuple[Code, ...]:
        """Codes matching a typed filter, best first (see ``desktop.codebook.search``)."""
        return rank(self, query, codable_only=codable_only)


def _check_roots(codes: Collection[Code]) -> list[Code]:
    """The two facet roots in facet order, or an error saying what is wrong with them."""
    roots = {facet: [c for c in codes if c.is_root and c.facet == facet] for facet in Facet}
    found: list[Code] = []
    for facet, candidates in roots.items():
        if len(candidates) != 1:
            raise CodebookError(
                f"A codebook needs exactly one “{facet.value}” folder, found {len(candidates)}."
            )
        root = candidates[0]
        if root.name != facet.value or root.is_codable:
            raise CodebookError(
                f"The top folder of a facet must be the non-codable “{facet.value}” folder, "
                f"not “{root.name}”."
            )
        found.append(root)
    return found

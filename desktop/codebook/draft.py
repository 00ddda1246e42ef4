"""A codebook changed many times in a row: each change checked as it is made, the value built once.

``Codebook`` rebuilds all its indexes on every edit, which is right for an analyst's one edit at
a time and was quadratic for an import, which adds its codes one by one, each placed against
the ones added before it (20,000 codes took minutes). A draft keeps its indexes up to date in
place, so a change costs the same whatever the codebook's size. Each change is checked against
the rules a codebook keeps (a parent of the same facet, a name its siblings do not have,
ignoring capitals) before it is made, so a refused change leaves the draft as it was;
``codebook()`` builds the value, which checks the whole tree again.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from desktop.codebook.errors import CodebookError
from desktop.codebook.model import Code, Codebook, Facet, escape_segment, sibling_clash


class CodebookDraft:
    """A mutable copy of a codebook that takes new codes and changes to existing ones."""

    def __init__(self, book: Codebook) -> None:
        self._codes: dict[str, Code] = {code.guid: code for code in book}
        self._roots = {facet: book.root(facet).guid for facet in Facet}
        self._named: dict[str, dict[str, str]] = {guid: {} for guid in self._codes}
        """Parent → its children's names, case folded → their guids."""
        for code in self._codes.values():
            if code.parent_guid is not None:
                self._named[code.parent_guid][code.name.casefold()] = code.guid
        self._colors = Counter(code.color for code in self._codes.values())

    def __contains__(self, guid: object) -> bool:
        return guid in self._codes

    def __getitem__(self, guid: str) -> Code:
        return self._codes[guid]

    def get(self, guid: str) -> Code | None:
        return self._codes.get(guid)

    def root(self, facet: Facet) -> Code:
        return self._codes[self._roots[facet]]

    def child_named(self, guid: str, name: str) -> Code | None:
        """The child of ``guid`` with this name, ignoring case."""
        found = self._named[guid].get(name.casefold())
        return None if found is None else self._codes[found]

    @property
    def colors(self) -> Iterable[str]:
        """The colours in use (what a new code's colour must differ from)."""
        return self._colors.keys()

    def path(self, guid: str) -> str:
        """As ``Codebook.path``."""
        names: list[str] = []
        code: Code | None = self._codes[guid]
        while code is not None:
            names.append(escape_segment(code.name))
            code = None if code.parent_guid is None else self._codes[code.parent_guid]
        return "/".join(reversed(names))

    def add(self, code: Code) -> Code:
        """Add ``code`` as the last child of its parent (its ``position`` is set so) and
        return it as added."""
        if code.guid in self._codes:
            raise CodebookError(f"Two codes share the id {code.guid}.")
        parent = self._codes.get(code.parent_guid or "")
        if parent is None:
            raise CodebookError(f"The parent of “{code.name}” is missing from the codebook.")
        if parent.facet != code.facet:
            raise CodebookError(f"“{code.name}” is filed under another facet than its parent.")
        siblings = self._named[parent.guid]
        self._check_free(parent, code.name, ignore=None)
        added = dataclasses.replace(code, position=len(siblings))
        self._codes[added.guid] = added
        self._named[added.guid] = {}
        siblings[added.name.casefold()] = added.guid
        self._colors[added.color] += 1
        return added

    def update(self, code: Code) -> None:
        """Replace an existing code by ``code``, a copy of it (``dataclasses.replace``) with
        another name, colour or description, in the same place."""
        existing = self._codes[code.guid]
        if existing.parent_guid is not None and code.name.casefold() != existing.name.casefold():
            parent = self._codes[existing.parent_guid]
            self._check_free(parent, code.name, ignore=code.guid)
            siblings = self._named[parent.guid]
            del siblings[existing.name.casefold()]
            siblings[code.name.casefold()] = code.guid
        self._codes[code.guid] = code
        self._colors[code.color] += 1
        self._colors[existing.color] -= 1
        if not self._colors[existing.color]:
            del self._colors[existing.color]

    def codebook(self) -> Codebook:
        """The codebook as drafted so far."""
        return Codebook(self._codes.values())

    def _check_free(self, parent: Code, name: str, *, ignore: str | None) -> None:
        taken = self._named[parent.guid].get(name.casefold())
        if taken is not None and taken != ignore:
            raise sibling_clash(parent.name, self._codes[taken].name, name)

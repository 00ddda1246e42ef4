"""Codebook edits as pure functions: check with ``rules``, then return a new ``Codebook``.

The application layer turns each into a command whose inverse is simply the codebook it started
from; the store persists the difference. Nothing here knows about annotations: a merge or a
delete returns what the store needs to re-tag or remove their codings.
"""

from __future__ import annotations

import dataclasses
import uuid

from desktop.codebook import rules
from desktop.codebook.colors import next_color
from desktop.codebook.model import Code, Codebook


def _placed(book: Codebook, parent_guid: str, code: Code, position: int | None) -> list[Code]:
    """``code`` under ``parent_guid`` at ``position`` (end when None), siblings renumbered."""
    siblings = [c for c in book.children(parent_guid) if c.guid != code.guid]
    index = len(siblings) if position is None else min(max(position, 0), len(siblings))
    siblings.insert(index, dataclasses.replace(code, parent_guid=parent_guid))
    return [dataclasses.replace(c, position=i) for i, c in enumerate(siblings)]


def add_code(
    book: Codebook,
    *,
    parent_guid: str,
    name: str,
    color: str | None = None,
    description: str = "",
    guid: str | None = None,
    position: int | None = None,
) -> tuple[Codebook, Code]:
    """A new applicable code; without a colour it gets ``next_color`` (a variant of its
    parent's colour below a code, a fresh palette colour directly below a facet)."""
    cleaned = rules.check_new_code(book, parent_guid=parent_guid, name=name)
    parent = book[parent_guid]
    used = [c.color for c in book]
    code = Code(
        guid or str(uuid.uuid4()).upper(),
        cleaned,
        facet=parent.facet,
        parent_guid=parent_guid,
        color=(
            rules.check_color(color)
            if color is not None
            else next_color(used, facet=parent.facet, near=None if parent.is_root else parent.color)
        ),
        description=rules.clean_description(description),
    )
    updated = book.evolve(upsert=_placed(book, parent_guid, code, position))
    return updated, updated[code.guid]


def rename_code(book: Codebook, guid: str, name: str) -> Codebook:
    cleaned = rules.check_rename(book, guid, name)
    return book.evolve(upsert=[dataclasses.replace(book[guid], name=cleaned)])


def recolor_code(book: Codebook, guid: str, color: str) -> Codebook:
    cleaned = rules.check_recolor(book, guid, color)
    return book.evolve(upsert=[dataclasses.replace(book[guid], color=cleaned)])


def describe_code(book: Codebook, guid: str, description: str) -> Codebook:
    rules.require(book, guid)
    cleaned = rules.clean_description(description)
    return book.evolve(upsert=[dataclasses.replace(book[guid], description=cleaned)])


def move_code(
    book: Codebook,
    guid: str,
    *,
    parent_guid: str,
    position: int | None = None,
    across_facets: bool = False,
) -> Codebook:
    """Move a code with its sub-codes, or reorder it under the same parent (see
    ``rules.check_move`` for what is refused)."""
    rules.check_move(book, guid, parent_guid, across_facets=across_facets)
    facet = book[parent_guid].facet
    code = dataclasses.replace(book[guid], facet=facet)
    old_parent = book[guid].parent_guid
    assert old_parent is not None
    closed_gap = [
        dataclasses.replace(c, position=i)
        for i, c in enumerate(c for c in book.children(old_parent) if c.guid != guid)
    ]
    moved_down = [dataclasses.replace(d, facet=facet) for d in book.descendants(guid)]
    return book.evolve(
        upsert=[*closed_gap, *_placed(book, parent_guid, code, position), *moved_down]
    )


def merge_codes(book: Codebook, source_guid: str, target_guid: str) -> Codebook:
    """``source`` disappears into ``target``: its sub-codes move under ``target``, after
    ``target``'s own. The store re-tags the source's annotations with ``target_guid``."""
    rules.check_merge(book, source_guid, target_guid)
    adopted = [
        dataclasses.replace(c, parent_guid=target_guid, position=len(book) + c.position)
        for c in book.children(source_guid)
    ]
    return book.evolve(remove=[source_guid], upsert=adopted)


def delete_code(book: Codebook, guid: str) -> tuple[Codebook, tuple[Code, ...]]:
    """Remove a code with all its sub-codes; returns the removed codes (the code first) so the
    caller can say how many annotations go with them and undo can put them back."""
    rules.check_delete(book, guid)
    removed = (book[guid], *book.descendants(guid))
    return book.evolve(remove=[c.guid for c in removed]), removed

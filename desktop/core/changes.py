"""What one edit changed, so every view refreshes exactly what it shows and nothing else.

A ``ChangeSet`` is published after each command, undo and redo. It names kinds of things and
their ids, never rows or widgets: a list of annotations reloads the ids it was told about, the
code tree reloads when a code changed, the page view repaints the pages of changed highlights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from desktop.core.model import ReviewerId


class Entity(StrEnum):
    ANNOTATION = "annotation"
    """An annotation's highlight, note or codes (a coding changes its annotation)."""
    CODE = "code"
    """A code of the codebook, including its pin key."""
    DOCUMENT = "document"
    """A document of the project: its title, or the document itself (added or removed)."""
    LINK = "link"
    """A link between two documents' passages (``desktop.core.links``): made, retyped, noted,
    or gone with one of its ends."""
    CURATION = "curation"
    """A curation unit's settlement (its team annotations change as annotations)."""
    SESSION = "session"
    """A review session (``desktop.core.review``): started, ended, or either undone."""


class Action(StrEnum):
    CREATED = "created"
    MODIFIED = "modified"
    DELETED = "deleted"


class Origin(StrEnum):
    """Why the change happened: views may scroll to a new annotation only on ``EXECUTE``."""

    EXECUTE = "execute"
    UNDO = "undo"
    REDO = "redo"


@dataclass(frozen=True, slots=True)
class Change:
    entity: Entity
    action: Action
    ids: frozenset[str]


CodingDelta = tuple[tuple[str, int], ...]
"""(code id, annotations gained: below zero when lost), one entry per code that moved."""


def coding_delta(before: Iterable[str], after: Iterable[str]) -> CodingDelta:
    """What replacing one annotation's codes ``before`` with ``after`` does to the counts."""
    moved = Counter(list(after))  # a list: Counter would take a mapping's values as counts
    moved.subtract(Counter(list(before)))
    return tuple(sorted((code, count) for code, count in moved.items() if count))


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The changes of one command (or its undo or redo), who asked for it, and its label."""

    changes: tuple[Change, ...]
    label: str
    reviewer_id: ReviewerId | None = None
    origin: Origin = Origin.EXECUTE
    whole_project: bool = False
    """Anything may have changed, more than ``changes`` lists (an import: one transaction of
    its own, outside the undo history): every view reloads all it shows."""
    codings: CodingDelta | None = None
    """How many annotations each code gained or lost, when the command knows it exactly
    (the annotation commands do); None when it does not, and a view that counts codings
    counts them again."""

    @classmethod
    def of_whole_project(cls, label: str) -> ChangeSet:
        return cls((), label, whole_project=True)

    def ids(self, entity: Entity, action: Action | None = None) -> frozenset[str]:
        """Ids of ``entity`` that changed (in the given way, or in any way); with
        ``whole_project``, only those listed."""
        found: set[str] = set()
        for change in self.changes:
            if change.entity is entity and (action is None or change.action is action):
                found |= change.ids
        return frozenset(found)

    def touches(self, entity: Entity) -> bool:
        return self.whole_project or any(
            change.entity is entity and change.ids for change in self.changes
        )


def changes(
    entity: Entity,
    *,
    created: Iterable[str] = (),
    modified: Iterable[str] = (),
    deleted: Iterable[str] = (),
) -> tuple[Change, ...]:
    """The non-empty ``Change`` entries for one entity."""
    found = []
    for action, ids in (
        (Action.CREATED, created),
        (Action.MODIFIED, modified),
        (Action.DELETED, deleted),
    ):
        frozen = frozenset(ids)
        if frozen:
            found.append(Change(entity, action, frozen))
    return tuple(found)

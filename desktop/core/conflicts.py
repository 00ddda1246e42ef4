"""A merge conflict: something both the lead and a reviewer changed since the copy was sent.

Kept in the project (``merge_conflicts``) until the lead keeps their version or takes the
reviewer's; listed by ``accord conflicts`` and the Merge Reviewer's Work dialog.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Conflict:
    """One thing both the lead and a reviewer changed since the base, kept until settled."""

    id: int
    reviewer: str
    entity: str
    """The table of the thing (``annotations``, ``codes``, …): a coding belongs to its
    annotation."""
    label: str
    """What it is, for people: an annotation's quote, a code's name."""
    mine: str
    theirs: str
    """What each side did: ``created``, ``changed`` or ``deleted``."""

    def sentence(self) -> str:
        return (
            f"#{self.id} {self.entity[:-1] if self.entity.endswith('s') else self.entity} "
            f"“{self.label}”: you {self.mine} it, {self.reviewer} {self.theirs} it"
        )

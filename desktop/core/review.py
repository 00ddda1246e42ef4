"""The review model: sessions, decisions and replies (``DESIGN.md``, "The review model").

A *review session* is a meeting of reviewers with a title, a purpose, attendees, a chair, a
start and an end; decisions and replies made while one runs record it. A *decision* is an
append-only event on an annotation: a reviewer accepts, disputes or rejects it, or its author
withdraws the proposal. The annotation's ``status`` is its latest decision's ``status`` (the
store keeps the two in step in the same transaction); each decision also remembers the status
before it, so the minutes say what changed and undoing the last decision restores exactly
the status it replaced. *Replies* thread under an annotation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType

from desktop.core.model import AnnotationId, ReviewerId, Status

SessionId = NewType("SessionId", str)
DecisionId = NewType("DecisionId", str)
ReplyId = NewType("ReplyId", str)
"""Upper-case uuid4s, like annotations' ids, so a reviewer's copy merges without clashes."""


def new_id() -> str:
    return str(uuid.uuid4()).upper()


class Verdict(StrEnum):
    """What a decision says about an annotation."""

    ACCEPT = "accept"
    DISPUTE = "dispute"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    """The author takes the proposal back: it leaves the team's coding as a rejection does,
    and the history says it was withdrawn, not rejected."""

    @property
    def status(self) -> Status:
        """The annotation's status once this is its latest decision."""
        return _STATUS_AFTER[self]

    @property
    def needs_note(self) -> bool:
        """A dispute or a rejection says why; an acceptance or a withdrawal need not."""
        return self in (Verdict.DISPUTE, Verdict.REJECT)

    @property
    def past(self) -> str:
        """``accepted``, ``disputed``, ``rejected``, ``withdrawn``: how the history says it."""
        return "withdrawn" if self is Verdict.WITHDRAW else f"{self.value.rstrip('e')}ed"


_STATUS_AFTER = {
    Verdict.ACCEPT: Status.ACCEPTED,
    Verdict.DISPUTE: Status.DISPUTED,
    Verdict.REJECT: Status.REJECTED,
    Verdict.WITHDRAW: Status.REJECTED,
}


@dataclass(frozen=True, slots=True)
class ReviewSession:
    id: SessionId
    title: str
    purpose: str
    chair_id: ReviewerId | None
    attendee_ids: tuple[ReviewerId, ...]
    started: datetime
    ended: datetime | None = None

    @property
    def running(self) -> bool:
        return self.ended is None


@dataclass(frozen=True, slots=True)
class Decision:
    """One event in an annotation's history; ``position`` counts them from 1 per annotation
    (the latest has the highest), so the order survives copies, merges and ``VACUUM``."""

    id: DecisionId
    annotation_id: AnnotationId
    position: int
    verdict: Verdict
    before: Status
    note: str
    reviewer_id: ReviewerId
    session_id: SessionId | None
    decided: datetime

    @property
    def status(self) -> Status:
        return self.verdict.status


@dataclass(frozen=True, slots=True)
class Reply:
    """One message in the discussion under an annotation."""

    id: ReplyId
    annotation_id: AnnotationId
    text: str
    reviewer_id: ReviewerId
    session_id: SessionId | None
    created: datetime

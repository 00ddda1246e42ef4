"""Commands of a review: start and end a session, decide on an annotation, reply under it.

A decision is appended, never changed: its inverse removes exactly that decision (refused if
another came after it meanwhile) and puts back the status it replaced; the redo appends the
same event again (same id, time and session). Decisions and replies record the session under
way unless one is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from desktop.app.annotating import clean_note
from desktop.app.commands import Applied, Context, quoted
from desktop.core.changes import Change, Entity, changes
from desktop.core.errors import AccordError
from desktop.core.model import AnnotationId, ReviewerId, format_time
from desktop.core.review import (
    Decision,
    DecisionId,
    Reply,
    ReplyId,
    ReviewSession,
    SessionId,
    Verdict,
    new_id,
)
from desktop.store import Project, StaleError


def verdict(value: str | Verdict) -> Verdict:
    """``value`` as a verdict, or a message naming the verdicts there are."""
    try:
        return Verdict(value)
    except ValueError:
        names = ", ".join(kind.value for kind in Verdict)
        raise AccordError(f"“{value}” is not a decision; choose one of {names}.") from None


def _session_for(project: Project, session_id: str | None) -> SessionId | None:
    """The named session (it must exist), or the one under way, or none."""
    if session_id is not None:
        return project.review.require_session(session_id).id
    running = project.review.running()
    return None if running is None else running.id


def _annotation_changed(annotation_id: str) -> tuple[Change, ...]:
    return changes(Entity.ANNOTATION, modified=[annotation_id])


@dataclass(frozen=True, slots=True)
class StartSession:
    """Open a review session now; at most one runs at a time."""

    title: str
    purpose: str = ""
    attendee_ids: tuple[ReviewerId, ...] = ()
    chair_id: ReviewerId | None = None
    session_id: SessionId = field(default_factory=lambda: SessionId(new_id()))

    def apply(self, project: Project, context: Context) -> Applied:
        title = " ".join(self.title.split())
        if not title:
            raise AccordError("A review session needs a title.")
        running = project.review.running()
        if running is not None:
            raise AccordError(
                f"The session {quoted(running.title)} is under way; end it before starting another."
            )
        for reviewer_id in (*self.attendee_ids, *([self.chair_id] if self.chair_id else [])):
            if project.reviewers.get(reviewer_id) is None:
                raise StaleError(f"The project has no reviewer {reviewer_id}.")
        session = ReviewSession(
            self.session_id,
            title,
            clean_note(self.purpose),
            self.chair_id,
            tuple(dict.fromkeys(self.attendee_ids)),
            context.now,
        )
        project.review.insert_session(session)
        return Applied(
            RemoveSession(self.session_id),
            changes(Entity.SESSION, created=[self.session_id]),
            f"Start session {quoted(title)}",
        )


@dataclass(frozen=True, slots=True)
class RemoveSession:
    """Take back the start of a session that nothing records yet (the undo of its start)."""

    session_id: SessionId

    def apply(self, project: Project, context: Context) -> Applied:
        session = project.review.require_session(self.session_id)
        if project.review.recorded_in(self.session_id):
            raise AccordError(
                f"Decisions or replies record the session {quoted(session.title)}, so its "
                "start cannot be undone."
            )
        project.review.delete_session(self.session_id)
        return Applied(
            RestoreSession(session),
            changes(Entity.SESSION, deleted=[self.session_id]),
            f"Remove session {quoted(session.title)}",
        )


@dataclass(frozen=True, slots=True)
class RestoreSession:
    session: ReviewSession

    def apply(self, project: Project, context: Context) -> Applied:
        running = project.review.running()
        if self.session.running and running is not None:
            raise AccordError(f"The session {quoted(running.title)} is under way meanwhile.")
        project.review.insert_session(self.session)
        return Applied(
            RemoveSession(self.session.id),
            changes(Entity.SESSION, created=[self.session.id]),
            f"Start session {quoted(self.session.title)}",
        )


@dataclass(frozen=True, slots=True)
class EndSession:
    """End the session under way (or the one named)."""

    session_id: SessionId | None = None

    def apply(self, project: Project, context: Context) -> Applied:
        if self.session_id is None:
            session = project.review.running()
            if session is None:
                raise AccordError("No review session is under way.")
        else:
            session = project.review.require_session(self.session_id)
            if not session.running:
                raise AccordError(f"The session {quoted(session.title)} has ended already.")
        return CloseSession(session.id, max(context.now, session.started)).apply(project, context)


@dataclass(frozen=True, slots=True)
class CloseSession:
    """End the session at ``ended`` (the redo of an end keeps its time)."""

    session_id: SessionId
    ended: datetime

    def apply(self, project: Project, context: Context) -> Applied:
        session = project.review.require_session(self.session_id)
        project.review.set_ended(session.id, format_time(self.ended))
        return Applied(
            ReopenSession(session.id),
            changes(Entity.SESSION, modified=[session.id]),
            f"End session {quoted(session.title)}",
        )


@dataclass(frozen=True, slots=True)
class ReopenSession:
    """Run an ended session again (the undo of its end)."""

    session_id: SessionId

    def apply(self, project: Project, context: Context) -> Applied:
        session = project.review.require_session(self.session_id)
        running = project.review.running()
        if running is not None:
            raise AccordError(f"The session {quoted(running.title)} is under way meanwhile.")
        assert session.ended is not None, "only an ended session is reopened"
        project.review.set_ended(session.id, None)
        return Applied(
            CloseSession(session.id, session.ended),
            changes(Entity.SESSION, modified=[session.id]),
            f"Reopen session {quoted(session.title)}",
        )


@dataclass(frozen=True, slots=True)
class Decide:
    """Accept, dispute or reject an annotation (a note says why for a dispute or a
    rejection), or withdraw one's own proposal."""

    annotation_id: AnnotationId
    verdict: Verdict
    note: str = ""
    session_id: SessionId | None = None
    decision_id: DecisionId = field(default_factory=lambda: DecisionId(new_id()))

    def apply(self, project: Project, context: Context) -> Applied:
        kind = verdict(self.verdict)
        note = clean_note(self.note)
        if kind.needs_note and not note:
            raise AccordError(f"To {kind} an annotation, say why in a decision note.")
        annotation = project.annotations.require(self.annotation_id)
        if kind is Verdict.WITHDRAW and annotation.reviewer_id != context.reviewer_id:
            author = project.reviewers.get(annotation.reviewer_id)
            name = quoted(author.name) if author else "its author"
            raise AccordError(f"Only {name}, who proposed it, can withdraw this annotation.")
        latest = project.review.latest(self.annotation_id)
        if latest is not None and latest.verdict is kind:
            raise AccordError(f"The annotation is {kind.past} already.")
        decision = Decision(
            self.decision_id,
            self.annotation_id,
            1 if latest is None else latest.position + 1,
            kind,
            annotation.status,
            note,
            context.reviewer_id,
            _session_for(project, self.session_id),
            context.now,
        )
        return RecordDecision(decision).apply(project, context)


@dataclass(frozen=True, slots=True)
class RecordDecision:
    """Append exactly this decision (the redo of an undone one)."""

    decision: Decision

    def apply(self, project: Project, context: Context) -> Applied:
        annotation = project.annotations.require(self.decision.annotation_id)
        latest = project.review.latest(annotation.id)
        if annotation.status != self.decision.before or (
            (0 if latest is None else latest.position) + 1 != self.decision.position
        ):
            raise StaleError("The annotation was decided on meanwhile; decide again.")
        project.review.decide(self.decision)
        return Applied(
            RetractDecision(self.decision),
            _annotation_changed(annotation.id),
            f"{self.decision.verdict.value.capitalize()} annotation",
        )


@dataclass(frozen=True, slots=True)
class RetractDecision:
    """Remove the annotation's latest decision and put its status back (the undo)."""

    decision: Decision

    def apply(self, project: Project, context: Context) -> Applied:
        project.annotations.require(self.decision.annotation_id)
        project.review.undo_decision(self.decision)
        return Applied(
            RecordDecision(self.decision),
            _annotation_changed(self.decision.annotation_id),
            f"Retract {self.decision.verdict.past} decision",
        )


@dataclass(frozen=True, slots=True)
class ReplyTo:
    """Add a reply to the discussion under an annotation."""

    annotation_id: AnnotationId
    text: str
    session_id: SessionId | None = None
    reply_id: ReplyId = field(default_factory=lambda: ReplyId(new_id()))

    def apply(self, project: Project, context: Context) -> Applied:
        text = clean_note(self.text)
        if not text:
            raise AccordError("A reply needs some text.")
        project.annotations.require(self.annotation_id)
        reply = Reply(
            self.reply_id,
            self.annotation_id,
            text,
            context.reviewer_id,
            _session_for(project, self.session_id),
            context.now,
        )
        return RestoreReply(reply).apply(project, context)


@dataclass(frozen=True, slots=True)
class RestoreReply:
    reply: Reply

    def apply(self, project: Project, context: Context) -> Applied:
        project.annotations.require(self.reply.annotation_id)
        if self.reply.session_id is not None:
            project.review.require_session(self.reply.session_id)
        project.review.reply(self.reply)
        return Applied(
            DeleteReply(self.reply.id),
            _annotation_changed(self.reply.annotation_id),
            "Reply",
        )


@dataclass(frozen=True, slots=True)
class DeleteReply:
    reply_id: ReplyId

    def apply(self, project: Project, context: Context) -> Applied:
        reply = project.review.get_reply(self.reply_id)
        if reply is None:
            raise StaleError("That reply no longer exists.")
        project.review.delete_reply(self.reply_id)
        return Applied(
            RestoreReply(reply), _annotation_changed(reply.annotation_id), "Delete reply"
        )

"""Review sessions, decisions and replies: the ``review_sessions``, ``session_attendees``,
``decisions`` and ``replies`` tables (migration 0006).

One truth for the status: ``decide`` writes the decision and sets ``annotations.status`` to
its status in the same transaction, and ``undo_decision`` removes the latest decision and sets
the status back to the one it replaced (``Decision.before``). Nothing else here writes a
status, and ``tests/store/test_review.py`` checks the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.core.model import AnnotationId, ReviewerId, Status, format_time, parse_time
from desktop.core.review import Decision, Reply, ReviewSession, SessionId
from desktop.store.connection import Connection
from desktop.store.errors import StaleError
from desktop.store.rows import DECISIONS, REPLIES

_SESSION_COLUMNS = ("id", "title", "purpose", "chair_id", "started", "ended")
"""A session row's columns: read by these names into ``ReviewRepository._session``."""
_SELECT_SESSIONS = f"SELECT {', '.join(_SESSION_COLUMNS)} FROM review_sessions"


class ReviewRepository:
    def __init__(self, db: Connection) -> None:
        self._db = db

    # Sessions

    def sessions(self) -> list[ReviewSession]:
        """Every session, the earliest first."""
        rows = self._db.sql.execute(f"{_SELECT_SESSIONS} ORDER BY started, id").fetchall()
        return [self._session_of(row) for row in rows]

    def session(self, session_id: str) -> ReviewSession | None:
        row = self._db.sql.execute(f"{_SELECT_SESSIONS} WHERE id = ?", (session_id,)).fetchone()
        return None if row is None else self._session_of(row)

    def require_session(self, session_id: str) -> ReviewSession:
        found = self.session(session_id)
        if found is None:
            raise StaleError(f"The project has no review session {session_id[:8]}.")
        return found

    def running(self) -> ReviewSession | None:
        """The session under way (at most one runs at a time), if any."""
        row = self._db.sql.execute(f"{_SELECT_SESSIONS} WHERE ended IS NULL").fetchone()
        return None if row is None else self._session_of(row)

    def _session_of(self, row: tuple[Any, ...]) -> ReviewSession:
        return self._session(**dict(zip(_SESSION_COLUMNS, row, strict=True)))

    def _session(
        self,
        id: str,
        title: str,
        purpose: str,
        chair_id: int | None,
        started: str,
        ended: str | None,
    ) -> ReviewSession:
        """A session from its row, its columns (``_SESSION_COLUMNS``) passed by name."""
        attendees = self._db.sql.execute(
            "SELECT reviewer_id FROM session_attendees WHERE session_id = ? ORDER BY reviewer_id",
            (id,),
        )
        return ReviewSession(
            id=SessionId(id),
            title=title,
            purpose=purpose,
            chair_id=None if chair_id is None else ReviewerId(chair_id),
            attendee_ids=tuple(ReviewerId(a) for (a,) in attendees),
            started=parse_time(started),
            ended=None if ended is None else parse_time(ended),
        )

    def insert_session(self, session: ReviewSession) -> None:
        self._db.require_transaction()
        self._db.sql.execute(
            "INSERT INTO review_sessions (id, title, purpose, chair_id, started, ended) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                session.id,
                session.title,
                session.purpose,
                session.chair_id,
                format_time(session.started),
                None if session.ended is None else format_time(session.ended),
            ),
        )
        self._db.sql.executemany(
            "INSERT INTO session_attendees (session_id, reviewer_id) VALUES (?, ?)",
            [(session.id, reviewer) for reviewer in dict.fromkeys(session.attendee_ids)],
        )

    def set_ended(self, session_id: str, ended: str | None) -> None:
        """End the session at ``ended`` (ISO text), or run it again (None: an undone end)."""
        self._db.require_transaction()
        self._db.sql.execute(
            "UPDATE review_sessions SET ended = ? WHERE id = ?", (ended, session_id)
        )

    def delete_session(self, session_id: str) -> None:
        """Remove a session nothing records (the undo of its start)."""
        self._db.require_transaction()
        self._db.sql.execute("DELETE FROM review_sessions WHERE id = ?", (session_id,))

    def recorded_in(self, session_id: str) -> int:
        """How many decisions and replies name the session."""
        (count,) = self._db.sql.execute(
            "SELECT (SELECT COUNT(*) FROM decisions WHERE session_id = :s) "
            "+ (SELECT COUNT(*) FROM replies WHERE session_id = :s)",
            {"s": session_id},
        ).fetchone()
        return int(count)

    # Decisions

    def history(self, annotation_id: str) -> list[Decision]:
        """The annotation's decisions, the first first."""
        rows = self._db.sql.execute(
            f"SELECT {DECISIONS.columns} FROM decisions WHERE annotation_id = ? ORDER BY position",
            (annotation_id,),
        )
        return list(DECISIONS.values(rows))

    def of_document(self, document_id: str) -> tuple[list[Decision], list[Reply]]:
        """The decisions and replies on the document's annotations, which removing the
        document takes with them."""
        where = (
            "WHERE annotation_id IN "
            "(SELECT id FROM annotations WHERE document_fingerprint = ?) ORDER BY rowid"
        )
        decisions = self._db.sql.execute(
            f"SELECT {DECISIONS.columns} FROM decisions {where}", (document_id,)
        )
        replies = self._db.sql.execute(
            f"SELECT {REPLIES.columns} FROM replies {where}", (document_id,)
        )
        return list(DECISIONS.values(decisions)), list(REPLIES.values(replies))

    def latest(self, annotation_id: str) -> Decision | None:
        return DECISIONS.one(
            self._db.sql.execute(
                f"SELECT {DECISIONS.columns} FROM decisions WHERE annotation_id = ? "
                "ORDER BY position DESC LIMIT 1",
                (annotation_id,),
            )
        )

    def in_session(self, session_id: str) -> list[Decision]:
        """The session's decisions in the order they were made."""
        rows = self._db.sql.execute(
            f"SELECT {DECISIONS.columns} FROM decisions WHERE session_id = ? "
            "ORDER BY decided, rowid",
            (session_id,),
        )
        return list(DECISIONS.values(rows))

    def decide(self, decision: Decision) -> None:
        """Append ``decision`` and make its status the annotation's."""
        self._db.require_transaction()
        self._db.sql.execute(DECISIONS.insert, DECISIONS.row(decision))
        self._set_status(decision.annotation_id, decision.status)

    def undo_decision(self, decision: Decision) -> None:
        """Remove ``decision``, which must be the annotation's latest, and put back the status
        it replaced."""
        self._db.require_transaction()
        latest = self.latest(decision.annotation_id)
        if latest is None or latest.id != decision.id:
            raise StaleError(
                "That decision is no longer the annotation's latest (someone decided on it "
                "meanwhile), so it cannot be undone alone."
            )
        self._db.sql.execute("DELETE FROM decisions WHERE id = ?", (decision.id,))
        self._set_status(decision.annotation_id, decision.before)

    def restore_decisions(self, decisions: Iterable[Decision]) -> None:
        """Put back decisions that went with their annotation (its deletion's undo): the
        annotation's row came back with the status they left, so only the events return."""
        self._db.require_transaction()
        self._db.sql.executemany(DECISIONS.insert, map(DECISIONS.row, decisions))

    def _set_status(self, annotation_id: AnnotationId, status: Status) -> None:
        self._db.sql.execute(
            "UPDATE annotations SET status = ? WHERE id = ?", (status.value, annotation_id)
        )

    # Replies

    def thread(self, annotation_id: str) -> list[Reply]:
        """The replies under the annotation, the first first."""
        rows = self._db.sql.execute(
            f"SELECT {REPLIES.columns} FROM replies WHERE annotation_id = ? "
            "ORDER BY created, rowid",
            (annotation_id,),
        )
        return list(REPLIES.values(rows))

    def all_replies(self) -> list[Reply]:
        rows = self._db.sql.execute(
            f"SELECT {REPLIES.columns} FROM replies ORDER BY annotation_id, created, rowid"
        )
        return list(REPLIES.values(rows))

    def all_decisions(self) -> list[Decision]:
        rows = self._db.sql.execute(
            f"SELECT {DECISIONS.columns} FROM decisions ORDER BY annotation_id, position"
        )
        return list(DECISIONS.values(rows))

    def reply(self, reply: Reply) -> None:
        self._db.require_transaction()
        self._db.sql.execute(REPLIES.insert, REPLIES.row(reply))

    def restore_replies(self, replies: Iterable[Reply]) -> None:
        self._db.require_transaction()
        self._db.sql.executemany(REPLIES.insert, map(REPLIES.row, replies))

    def delete_reply(self, reply_id: str) -> None:
        self._db.require_transaction()
        self._db.sql.execute("DELETE FROM replies WHERE id = ?", (reply_id,))

    def get_reply(self, reply_id: str) -> Reply | None:
        return REPLIES.one(
            self._db.sql.execute(f"SELECT {REPLIES.columns} FROM replies WHERE id = ?", (reply_id,))
        )

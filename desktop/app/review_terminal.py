"""What ``accord note|tag|untag|delete|decide|reply``, ``accord session`` and ``accord minutes``
do, each over an Editor and the same commands as the window.

``desktop.cli`` parses the arguments (``desktop/cli_reviewing.py``) and imports this module only
when one of them runs. Each writes its answer to ``out`` and raises ``AccordError`` with a
sentence for anything the user can fix; nothing is written until every name and id is found.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop.app.annotating import DeleteAnnotation, SetNote, TagAnnotation, UntagAnnotation
from desktop.app.commands import Command
from desktop.app.editor import Editor
from desktop.app.projects import find_annotation, open_or_create
from desktop.app.reviewing import Decide, EndSession, ReplyTo, StartSession
from desktop.app.reviewing import verdict as verdict_named
from desktop.app.terminal import default_reviewer, table
from desktop.core.errors import AccordError
from desktop.core.model import CodeId, Reviewer, format_time
from desktop.core.review import ReviewSession
from desktop.formats.report.minutes import write_minutes
from desktop.store import Project

SESSION_COLUMNS = (("id", 8), ("title", 32), ("started", 20), ("ended", 20), ("decisions", 9))


def find_session(project: Project, given: str) -> ReviewSession:
    """The session a person means by its id or the start of it (as ``session list`` shows)."""
    wanted = given.strip().upper()
    found = [s for s in project.review.sessions() if wanted and s.id.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise AccordError(
            f"The project has no review session “{given}”; `accord session list` shows them."
        )
    raise AccordError(f"“{given}” is the start of several sessions' ids; give more of it.")


def _reviewer(project: Project, name: str) -> Reviewer:
    found = project.reviewers.find(name)
    if found is None:
        known = ", ".join(r.name for r in project.reviewers.all()) or "none yet"
        raise AccordError(f"The project has no reviewer “{name}” (it has: {known}).")
    return found


def edit(
    project_path: Path,
    name: str,
    given: str,
    *,
    text: str | None,
    code: str | None,
    verdict: str | None,
    note: str,
    session: str | None,
    reviewer: str | None,
    out: TextIO,
) -> None:
    """Run one edit of an annotation (``name``: note, tag, untag, delete, decide or reply) and
    say what it did."""
    with open_or_create(project_path) as project:
        annotation_id = find_annotation(project, given)
        book = project.codes.codebook()
        command: Command
        if name == "note":
            command = SetNote(annotation_id, text or "")
        elif name in ("tag", "untag"):
            kind = TagAnnotation if name == "tag" else UntagAnnotation
            command = kind(annotation_id, CodeId(book.lookup(code or "").guid))
        elif name == "delete":
            command = DeleteAnnotation(annotation_id)
        elif name == "decide":
            session_id = None if session is None else find_session(project, session).id
            command = Decide(annotation_id, verdict_named(verdict or ""), note, session_id)
        else:
            command = ReplyTo(annotation_id, text or "")
        label = Editor.start(project, reviewer or default_reviewer()).execute(command).label
        after = project.annotations.get(annotation_id)
        status = "" if after is None else f" (status: {after.status})"
        print(f"{annotation_id[:8]}: {label}{status}", file=out, flush=True)


def start_session(
    project_path: Path,
    *,
    title: str,
    purpose: str,
    attendees: Sequence[str],
    chair: str | None,
    reviewer: str | None,
    out: TextIO,
) -> None:
    with open_or_create(project_path) as project:
        attending = tuple(_reviewer(project, name).id for name in attendees)
        chair_id = None if chair is None else _reviewer(project, chair).id
        command = StartSession(title, purpose, attending, chair_id)
        Editor.start(project, reviewer or default_reviewer()).execute(command)
        print(command.session_id, file=out, flush=True)


def end_session(project_path: Path, *, reviewer: str | None, out: TextIO) -> None:
    with open_or_create(project_path) as project:
        change = Editor.start(project, reviewer or default_reviewer()).execute(EndSession())
        print(change.label, file=out, flush=True)


def list_sessions(project_path: Path, *, output_format: str, out: TextIO) -> None:
    with open_or_create(project_path) as project:
        names = {r.id: r.name for r in project.reviewers.all()}
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "purpose": s.purpose,
                "chair": None if s.chair_id is None else names.get(s.chair_id),
                "attendees": [names.get(a) for a in s.attendee_ids],
                "started": format_time(s.started),
                "ended": "" if s.ended is None else format_time(s.ended),
                "decisions": len(project.review.in_session(s.id)),
            }
            for s in project.review.sessions()
        ]
    if output_format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        table(rows, out, columns=SESSION_COLUMNS, noun="session")


def minutes(project_path: Path, *, session: str, path: Path, kind: str, out: TextIO) -> None:
    with open_or_create(project_path) as project:
        found = find_session(project, session)
        write_minutes(project, found, path, kind=kind)
        decided = len(project.review.in_session(found.id))
    print(f"Wrote the minutes of “{found.title}” ({decided} decisions) to {path}", file=out)

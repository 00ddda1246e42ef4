"""The minutes of a review session, as Markdown or self-contained HTML.

What a team files after a meeting: the session's title, date and time span, purpose, chair and
attendees, then every decision made in it in the order it was made (the quote, its codes, the
status before and after, the note and who decided), then what stays disputed (annotations
decided on in the session whose status is still ``disputed``). Gathered once from the store
(``gather``) into plain values that both renderers write; every piece of the project's text
is escaped (``render_markdown.escape``, ``html.escape``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core.model import Status
from desktop.core.review import Decision, ReviewSession
from desktop.formats.files import atomic_output
from desktop.formats.report.model import one_line, plural
from desktop.formats.report.render_markdown import escape
from desktop.store import Project

FORMATS = ("md", "html")


@dataclass(frozen=True, slots=True)
class MinutedDecision:
    decided: datetime
    document: str
    quote: str
    codes: tuple[str, ...]
    before: Status
    verdict: str
    after: Status
    note: str
    reviewer: str


@dataclass(frozen=True, slots=True)
class StillDisputed:
    document: str
    quote: str
    note: str
    """The note of the latest dispute: what is still open."""


@dataclass(frozen=True, slots=True)
class Minutes:
    session: ReviewSession
    chair: str | None
    attendees: tuple[str, ...]
    decisions: tuple[MinutedDecision, ...]
    disputed: tuple[StillDisputed, ...]


def gather(project: Project, session: ReviewSession) -> Minutes:
    """Read the session's decisions and what they left disputed, in one read of the store."""
    names = {reviewer.id: reviewer.name for reviewer in project.reviewers.all()}
    titles = {document.id: document.title for document in project.documents.all()}
    book = project.codes.codebook()
    decisions: list[MinutedDecision] = []
    disputed: dict[str, StillDisputed] = {}
    for decision in project.review.in_session(session.id):
        annotation = project.annotations.require(decision.annotation_id)
        codes = tuple(
            sorted(
                book.path(coding.code_id) for coding in project.annotations.codings(annotation.id)
            )
        )
        decisions.append(
            MinutedDecision(
                decision.decided,
                titles.get(annotation.document_id, ""),
                annotation.anchor.exact,
                codes,
                decision.before,
                decision.verdict.past,
                decision.status,
                decision.note,
                names.get(decision.reviewer_id, "?"),
            )
        )
        if annotation.status is Status.DISPUTED:
            latest = _latest_dispute(project.review.history(annotation.id))
            disputed[annotation.id] = StillDisputed(
                titles.get(annotation.document_id, ""), annotation.anchor.exact, latest
            )
    return Minutes(
        session,
        None if session.chair_id is None else names.get(session.chair_id),
        tuple(names.get(a, "?") for a in session.attendee_ids),
        tuple(decisions),
        tuple(disputed.values()),
    )


def _latest_dispute(history: list[Decision]) -> str:
    return next((d.note for d in reversed(history) if d.status is Status.DISPUTED), "")


def _span(session: ReviewSession) -> str:
    """``2020-05-26, 09:00–10:30 UTC`` (the end's date too when it is another day)."""
    start = session.started
    if session.ended is None:
        return f"{start:%Y-%m-%d}, from {start:%H:%M} UTC (still under way)"
    end = session.ended
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d}, {start:%H:%M}–{until} UTC"


def _change(item: MinutedDecision) -> str:
    """``proposed → disputed``, or ``proposed → rejected (withdrawn)`` when the verdict is
    not the status's own word."""
    moved = f"{item.before} → {item.after}"
    return moved if item.verdict == item.after else f"{moved} ({item.verdict})"


def render_markdown(minutes: Minutes, write: Callable[[str], object]) -> None:
    session = minutes.session
    write(f"# Minutes: {escape(one_line(session.title))}\n\n")
    write(f"- **When:** {_span(session)}\n")
    if session.purpose:
        write(f"- **Purpose:** {escape(one_line(session.purpose))}\n")
    if minutes.chair:
        write(f"- **Chair:** {escape(minutes.chair)}\n")
    attendees = ", ".join(escape(name) for name in minutes.attendees) or "none recorded"
    write(f"- **Attendees:** {attendees}\n\n")
    write(f"## Decisions ({plural(len(minutes.decisions), 'decision')})\n\n")
    if not minutes.decisions:
        write("No decision was made in this session.\n\n")
    for number, item in enumerate(minutes.decisions, start=1):
        write(f"{number}. {item.decided:%H:%M:%S} · {escape(item.document)}\n\n")
        write(f"   > {escape(one_line(item.quote))}\n\n")
        codes = "; ".join(escape(code) for code in item.codes) or "no codes"
        write(f"   Codes: {codes}  \n")
        write(f"   Status: {_change(item)} by {escape(item.reviewer)}")
        write(f"  \n   Note: {escape(one_line(item.note))}\n\n" if item.note else "\n\n")
    write("## Still disputed\n\n")
    if not minutes.disputed:
        write("Nothing decided in this session stays disputed.\n")
    for open_item in minutes.disputed:
        line = f"- {escape(open_item.document)}: “{escape(one_line(open_item.quote))}”"
        write(line + (f" ({escape(one_line(open_item.note))})\n" if open_item.note else "\n"))


_STYLE = (
    "body{font:11pt/1.45 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1.5rem}"
    "blockquote{margin:.3rem 0;padding-left:.7rem;border-left:3px solid #ccc}"
    "ol>li{margin:.8rem 0;break-inside:avoid}.meta{color:#555;font-size:.9rem}"
)
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def render_html(minutes: Minutes, write: Callable[[str], object]) -> None:
    session = minutes.session
    e = html.escape
    title = e(f"Minutes: {one_line(session.title)}")
    write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n<dl>\n<dt>When</dt><dd>{e(_span(session))}</dd>\n"
    )
    if session.purpose:
        write(f"<dt>Purpose</dt><dd>{e(one_line(session.purpose))}</dd>\n")
    if minutes.chair:
        write(f"<dt>Chair</dt><dd>{e(minutes.chair)}</dd>\n")
    attendees = ", ".join(e(name) for name in minutes.attendees) or "none recorded"
    write(f"<dt>Attendees</dt><dd>{attendees}</dd>\n</dl>\n")
    write(f"<h2>Decisions ({plural(len(minutes.decisions), 'decision')})</h2>\n<ol>\n")
    for item in minutes.decisions:
        codes = "; ".join(e(code) for code in item.codes) or "no codes"
        note = f"<br>Note: {e(one_line(item.note))}" if item.note else ""
        write(
            f'<li><p class="meta">{item.decided:%H:%M:%S} · {e(item.document)}</p>\n'
            f"<blockquote>{e(one_line(item.quote))}</blockquote>\n"
            f"<p>Codes: {codes}<br>Status: {e(_change(item))} by {e(item.reviewer)}{note}</p>"
            "</li>\n"
        )
    write("</ol>\n<h2>Still disputed</h2>\n")
    if not minutes.disputed:
        write("<p>Nothing decided in this session stays disputed.</p>\n")
    else:
        write("<ul>\n")
        for open_item in minutes.disputed:
            note = f" ({e(one_line(open_item.note))})" if open_item.note else ""
            write(f"<li>{e(open_item.document)}: “{e(one_line(open_item.quote))}”{note}</li>\n")
        write("</ul>\n")
    write("</body>\n</html>\n")


def write_minutes(project: Project, session: ReviewSession, path: Path, *, kind: str) -> None:
    """Write the session's minutes to ``path`` as ``md`` or ``html`` (UTF-8; a failed write
    leaves no half file, ``atomic_output``)."""
    render = render_html if kind == "html" else render_markdown
    minutes = gather(project, session)
    with (
        atomic_output(Path(path)) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n") as output,
    ):
        render(minutes, output.write)

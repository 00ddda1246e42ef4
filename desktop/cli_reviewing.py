"""The arguments of ``accord note``, ``tag``, ``untag``, ``delete``, ``decide``, ``reply``,
``session`` and ``minutes`` (the standard library only, as ``desktop.cli``), and the call of
each into ``desktop.app.review_terminal``: every edit a review needs, over the same undoable
commands as the window."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

SUBCOMMANDS = ("note", "tag", "untag", "delete", "decide", "reply", "session", "minutes")
HELP = (
    "note, tag, untag, delete (edit an annotation), decide (accept, dispute, reject or "
    "withdraw it), reply (discuss it), session (start, end or list review sessions), minutes "
    "(write a session's minutes)"
)
VERDICTS = ("accept", "dispute", "reject", "withdraw")
"""``desktop.core.review.Verdict``'s values (a test checks they agree)."""
_ID_HELP = "the annotation's id, or its first eight characters as `accord list` shows"


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    project_argument: Callable[[argparse.ArgumentParser], None],
) -> None:
    def edit(name: str, text: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=text, description=f"{text[0].upper()}{text[1:]}.")
        project_argument(parser)
        parser.add_argument("id", metavar="ID", help=_ID_HELP)
        parser.add_argument("--reviewer", metavar="NAME", help="default: ACCORD_REVIEWER or you")
        return parser

    note = edit("note", "set an annotation's note (an empty TEXT removes it)")
    note.add_argument("text", metavar="TEXT")
    for name, text in (("tag", "apply a code to an annotation"), ("untag", "remove a code")):
        parser = edit(name, text)
        parser.add_argument("--code", required=True, metavar="NAME", help="a code name or path")
    edit("delete", "delete an annotation")
    decide = edit(
        "decide",
        "decide on an annotation: accept, dispute or reject it (dispute and reject need "
        "--note), or withdraw your own proposal; recorded in the session under way",
    )
    decide.add_argument("verdict", choices=VERDICTS)
    decide.add_argument("--note", default="", metavar="TEXT", help="why (the decision note)")
    decide.add_argument("--session", metavar="ID", help="record it in this session instead")
    reply = edit("reply", "reply under an annotation (its discussion)")
    reply.add_argument("text", metavar="TEXT")

    session = commands.add_parser(
        "session",
        help="start, end or list review sessions",
        description="A review session records the decisions and replies made while it runs.",
    )
    actions = session.add_subparsers(dest="session_action", required=True)
    start = actions.add_parser("start", help="start a session; print its id")
    project_argument(start)
    start.add_argument("--title", required=True, metavar="TEXT")
    start.add_argument("--purpose", default="", metavar="TEXT")
    start.add_argument(
        "--attendee", action="append", default=[], metavar="NAME", help="a reviewer (repeat)"
    )
    start.add_argument("--chair", metavar="NAME", help="the reviewer who chairs it")
    start.add_argument("--reviewer", metavar="NAME", help="default: ACCORD_REVIEWER or you")
    end = actions.add_parser("end", help="end the session under way")
    project_argument(end)
    end.add_argument("--reviewer", metavar="NAME", help="default: ACCORD_REVIEWER or you")
    listing = actions.add_parser("list", help="list the sessions")
    project_argument(listing)
    listing.add_argument("--format", choices=("table", "json"), default="table")

    minutes = commands.add_parser(
        "minutes",
        help="write a session's minutes",
        description="Write the minutes of a review session: title, date and time span, "
        "purpose, attendees, every decision in order, then what stays disputed.",
    )
    project_argument(minutes)
    minutes.add_argument("--session", required=True, metavar="ID", help="`accord session list`")
    minutes.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    minutes.add_argument(
        "--format", choices=("md", "html"), help="default: from FILE's extension, else md"
    )


def run(options: argparse.Namespace, project: Path, out: TextIO) -> None:
    from desktop.app import review_terminal as terminal

    name = options.subcommand
    if name == "session":
        if options.session_action == "list":
            terminal.list_sessions(project, output_format=options.format, out=out)
        elif options.session_action == "start":
            terminal.start_session(
                project,
                title=options.title,
                purpose=options.purpose,
                attendees=options.attendee,
                chair=options.chair,
                reviewer=options.reviewer,
                out=out,
            )
        else:
            terminal.end_session(project, reviewer=options.reviewer, out=out)
    elif name == "minutes":
        kind = options.format or (
            "html" if options.output.suffix.lower() in (".html", ".htm") else "md"
        )
        terminal.minutes(project, session=options.session, path=options.output, kind=kind, out=out)
    else:
        terminal.edit(
            project,
            name,
            options.id,
            text=getattr(options, "text", None),
            code=getattr(options, "code", None),
            verdict=getattr(options, "verdict", None),
            note=getattr(options, "note", ""),
            session=getattr(options, "session", None),
            reviewer=options.reviewer,
            out=out,
        )

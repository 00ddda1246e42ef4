"""The arguments of ``accord link``, ``links``, ``align`` and ``coverage`` (the standard library
only, as ``desktop.cli``), and the call of each into ``desktop.app.comparing_terminal``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

SUBCOMMANDS = ("link", "links", "align", "coverage")
HELP = (
    "link (link two passages, or one and the other document), links (list the links), "
    "align (suggest which letter clauses each article clause reports), coverage (what became "
    "of each clause of the letter)"
)
TYPES = ("reports", "paraphrases", "changes", "contradicts", "omits", "adds")
"""``desktop.core.links.LinkType``'s values (a test checks they agree), for --type's choices
without importing the core here."""


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    project_argument: Callable[[argparse.ArgumentParser], None],
) -> None:
    linking = commands.add_parser(
        "link",
        help="link a passage to its counterpart in the other document; print the link's id",
        description="Link the annotation FROM to the annotation TO in the other document "
        "(reports, paraphrases, changes, contradicts) or to the whole other document "
        "(omits: it has no counterpart there; adds: a passage of the article the letter "
        "does not have). Ids may be shortened to the eight characters `accord list` shows.",
    )
    project_argument(linking)
    linking.add_argument("--from", dest="source", required=True, metavar="ID")
    target = linking.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", dest="target", metavar="ID", help="the counterpart annotation")
    target.add_argument(
        "--to-document", metavar="DOC", help="the whole other document (omits, adds)"
    )
    linking.add_argument("--type", required=True, choices=TYPES)
    linking.add_argument("--note", default="", metavar="TEXT")
    linking.add_argument("--reviewer", metavar="NAME", help="default: ACCORD_REVIEWER or you")

    listing = commands.add_parser("links", help="list the links between the documents")
    project_argument(listing)
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")

    for name, text in (
        ("align", "suggest, for each clause of the article, the letter's clauses it reports"),
        ("coverage", "what became of each clause of the letter in the article"),
    ):
        parser = commands.add_parser(
            name,
            help=text,
            description=f"{text[0].upper()}{text[1:]}. The letter and the article are the pair "
            "last shown side by side unless --source and --report name them.",
        )
        project_argument(parser)
        parser.add_argument("--source", metavar="DOC", help="the letter (the left pane's)")
        parser.add_argument("--report", metavar="DOC", help="the article (the right pane's)")
        parser.add_argument("--format", choices=("table", "json"), default="table")


def run(options: argparse.Namespace, project: Path, out: TextIO) -> None:
    from desktop.app import comparing_terminal as terminal

    if options.subcommand == "link":
        terminal.link(
            project,
            source=options.source,
            target=options.target,
            target_document=options.to_document,
            kind=options.type,
            note=options.note,
            reviewer=options.reviewer,
            out=out,
        )
    elif options.subcommand == "links":
        terminal.list_links(project, output_format=options.format, out=out)
    else:
        shown = (
            terminal.align_documents if options.subcommand == "align" else terminal.show_coverage
        )
        shown(
            project,
            source=options.source,
            report=options.report,
            output_format=options.format,
            out=out,
        )

"""The arguments of ``accord agreement`` and ``accord add`` (the standard library only, as
``desktop.cli``), and the call of each into the application layer."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

SUBCOMMANDS = ("agreement", "add")
HELP = "agreement (how far reviewers agree), add (add documents to the project)"


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    project_argument: Callable[[argparse.ArgumentParser], None],
) -> None:
    agreement = commands.add_parser(
        "agreement",
        help="how far reviewers agree, overall, per facet and per code",
        description="Agreement of the project's reviewers: percent agreement, Cohen's or "
        "Fleiss' kappa and Krippendorff's alpha on clause units, or Krippendorff's unitizing "
        "alpha (alpha_U) on free spans; overall, per facet and per code, each with its sample "
        "(units, reviewers, pairable values, observed and expected disagreement). JSON also "
        "carries the reliability data behind each figure.",
    )
    project_argument(agreement)
    agreement.add_argument(
        "--reviewers",
        metavar="A,B…",
        help="the reviewers to compare, by name, comma-separated (default: all who highlighted)",
    )
    agreement.add_argument(
        "--unit",
        choices=("clause", "span"),
        default="clause",
        help="clause (default): each document's clauses are the units; span: the texts are one "
        "continuum and the highlights are units on it",
    )
    agreement.add_argument(
        "--document",
        action="append",
        default=[],
        metavar="DOC",
        help="only this document (a title, a file name or the start of a fingerprint; repeat)",
    )
    agreement.add_argument("--facet", metavar="NAME", help="only the codes of this facet")
    agreement.add_argument("--code", metavar="NAME", help="only this code (a name or path)")
    agreement.add_argument("--format", choices=("table", "json", "csv"), default="table")

    add = commands.add_parser(
        "add",
        help="add documents to the project",
        description="Add each FILE (PDF, HTML, plain text, Markdown, EPUB) to the project after "
        "its documents, printing its fingerprint and title. If one file cannot be read, none "
        "is added; a document the project has already is kept once.",
    )
    project_argument(add)
    add.add_argument("files", nargs="+", type=Path, metavar="FILE")


def run(options: argparse.Namespace, project: Path, out: TextIO) -> None:
    if options.subcommand == "agreement":
        from desktop.app.agreement_command import agreement_command

        agreement_command(
            project,
            reviewers=[n.strip() for n in (options.reviewers or "").split(",") if n.strip()],
            unit=options.unit,
            documents=options.document,
            facet=options.facet,
            code=options.code,
            output_format=options.format,
            out=out,
        )
    else:
        from desktop.app.add_command import add_command

        add_command(project, options.files, out=out)

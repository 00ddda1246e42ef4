"""The arguments of ``accord branch``, ``merge``, ``conflicts`` and ``settle`` (the standard
library only, as ``desktop.cli``), and the call of each into ``desktop.app.branch_commands``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

SUBCOMMANDS = ("branch", "merge", "conflicts", "settle")
HELP = (
    "branch (a copy for a reviewer), merge (bring reviewers' copies back), conflicts (list "
    "what a merge could not settle), settle (keep mine or take theirs)"
)


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    project_argument: Callable[[argparse.ArgumentParser], None],
) -> None:
    branch = commands.add_parser(
        "branch",
        help="write a copy of the project for a reviewer to work on offline",
        description="Write a copy of the project for REVIEWER that remembers the state it "
        "started from, so accord merge can bring back what they added, changed and deleted.",
    )
    project_argument(branch)
    branch.add_argument("-o", "--output", required=True, type=Path, metavar="REVIEWER.accord")
    branch.add_argument("--reviewer", required=True, metavar="NAME", help="who the copy is for")
    merge = commands.add_parser(
        "merge",
        help="bring back the work in reviewers' copies",
        description="Apply what each reviewer added, changed and deleted since their copy was "
        "made. What the project changed too meanwhile is a conflict: listed, kept in the "
        "project, applied neither way until settled. Merging a file again changes nothing.",
    )
    project_argument(merge)
    merge.add_argument("files", nargs="+", type=Path, metavar="REVIEWER.accord")
    merge.add_argument("--reviewer", metavar="NAME", help="who merges (default: you)")
    conflicts = commands.add_parser(
        "conflicts",
        help="list the conflicts merges left to settle",
        description="List the conflicts merges left to settle (with --all, the settled too).",
    )
    project_argument(conflicts)
    conflicts.add_argument("--all", action="store_true", help="the settled conflicts too")
    settle = commands.add_parser(
        "settle",
        help="settle a merge conflict: keep your version or take the reviewer's",
        description="Settle conflict ID: --keep mine leaves the project's version, --keep "
        "theirs takes the reviewer's. Undoable in the window like any edit.",
    )
    project_argument(settle)
    settle.add_argument("id", type=int, metavar="ID")
    settle.add_argument("--keep", required=True, choices=("mine", "theirs"))
    settle.add_argument("--reviewer", metavar="NAME", help="who settles (default: you)")


def run(options: argparse.Namespace, project: Path, stdout: TextIO) -> None:
    from desktop.app import branch_commands
    from desktop.app.terminal import default_reviewer

    if options.subcommand == "branch":
        branch_commands.branch_command(
            project, out=options.output, reviewer=options.reviewer, stdout=stdout
        )
    elif options.subcommand == "merge":
        branch_commands.merge_command(
            project,
            options.files,
            reviewer=options.reviewer or default_reviewer(),
            stdout=stdout,
        )
    elif options.subcommand == "conflicts":
        branch_commands.conflicts_command(project, settled=options.all, stdout=stdout)
    else:
        branch_commands.settle_command(
            project,
            options.id,
            keep=options.keep,
            reviewer=options.reviewer or default_reviewer(),
            stdout=stdout,
        )

"""The ``accord`` command: the reader window, and subcommands over the same core.

Start-up cost matters here: this module imports only the standard library, and the Qt user
interface is imported after the arguments are understood, so ``accord --help`` and
``accord --version`` answer at once. The subcommands (``annotate``, ``list``, ``codebook``,
``export``, ``import``) import the project store only when one of them runs, so the reader never
loads SQLite.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__, cli_branching, cli_comparing, cli_reviewing, cli_study
from desktop.formats import registry  # (the standard library only, for --format's choices)

SUBCOMMANDS = (
    "annotate",
    "list",
    "codebook",
    "export",
    "import",
    *cli_comparing.SUBCOMMANDS,
    *cli_study.SUBCOMMANDS,
    *cli_reviewing.SUBCOMMANDS,
    *cli_branching.SUBCOMMANDS,
)
_SUBCOMMAND_HELP = (
    "Subcommands (accord SUBCOMMAND --help for each): "
    "annotate (highlight a quote and code it), list (list annotations), "
    "codebook (show the codes), export (write an open format), import (merge a file in), "
    + cli_comparing.HELP
    + ", "
    + cli_study.HELP
    + ", "
    + cli_reviewing.HELP
    + ", "
    + cli_branching.HELP
    + ". "
    "A project path that does not exist becomes a new project with "
    "the bundled documents and the default codebook."
)


def _reader_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description=(
            "Read a signed agreement beside the news about it. Without files, Accord opens the "
            "bundled EU–Japan Letter of Intent (left) and the Commission's news article (right)."
        ),
        epilog="Supported files: PDF, HTML, plain text, Markdown and EPUB. " + _SUBCOMMAND_HELP,
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    parser.add_argument(
        "left", nargs="?", type=Path, metavar="FILE_LEFT", help="document for the left pane"
    )
    parser.add_argument(
        "right", nargs="?", type=Path, metavar="FILE_RIGHT", help="document for the right pane"
    )
    _project_argument(parser)
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help=(
            "launch as usual, print one JSON line of start-up timings (ms since process start) "
            "once both panes have painted their first page, and exit 0"
        ),
    )
    parser.add_argument(
        "--exit-when-project-ready",
        action="store_true",
        help=(
            "as --exit-when-ready, but once the project is open too and its annotation list "
            "has painted; adds project_ms and cpu_ms (this process's CPU time by then)"
        ),
    )
    parser.add_argument(
        "--exit-when-highlights-read",
        action="store_true",
        help=(
            "as --exit-when-project-ready, but once the annotation list is full and both "
            "panes have read the highlights of every page; adds list_ms, highlights_ms and "
            "longest_turn_ms (the event loop's longest turn)"
        ),
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="install Accord's launcher entry, icon and .accord file type for this user "
        "(under XDG_DATA_HOME), then exit",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove what --install-desktop installed, then exit",
    )
    return parser


def _desktop_integration(*, install: bool) -> int:
    from desktop.app import desktop_entry

    said: list[str] = []
    (desktop_entry.install if install else desktop_entry.uninstall)(out=said)
    print("\n".join(said))
    return 0


def _project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        metavar="PATH",
        help="the project file (.accord); default: the project in the user data folder",
    )


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accord", description=_SUBCOMMAND_HELP)
    commands = parser.add_subparsers(dest="subcommand", required=True)

    annotate = commands.add_parser(
        "annotate",
        help="highlight a quote in a document, code it, print the annotation's id",
        description="Highlight TEXT in a document of the project, apply codes and a note, and "
        "print the new annotation's id. Spaces, line breaks, capitals and curly "
        "quotes in TEXT need not match the document exactly.",
    )
    _project_argument(annotate)
    annotate.add_argument(
        "--document",
        required=True,
        metavar="DOC",
        help="a title, a file name or the start of a fingerprint",
    )
    where = annotate.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", metavar="TEXT", help="the words to highlight")
    where.add_argument(
        "--start",
        type=int,
        metavar="N",
        help="highlight from code point N of the document's text (0-based; with --end), "
        "exactly where another tool put a span",
    )
    annotate.add_argument(
        "--end", type=int, metavar="M", help="with --start: up to code point M, not included"
    )
    annotate.add_argument(
        "--occurrence",
        type=int,
        metavar="N",
        help="which occurrence of TEXT (1 = first in reading order), when it occurs more than once",
    )
    annotate.add_argument(
        "--code",
        action="append",
        default=[],
        metavar="NAME",
        help="a code name or path (repeat for several codes)",
    )
    annotate.add_argument("--note", default="", metavar="TEXT", help="a note on the annotation")
    annotate.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who makes the annotation (default: ACCORD_REVIEWER or your user name)",
    )

    listing = commands.add_parser(
        "list",
        help="list annotations in reading order",
        description="List the project's annotations in reading order.",
    )
    _project_argument(listing)
    _filter_arguments(listing)
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")

    codebook = commands.add_parser(
        "codebook", help="show the project's codes", description="Show the project's codebook."
    )
    _project_argument(codebook)
    codebook.add_argument("--format", choices=("tree", "json"), default="tree")
    _exchange_parsers(commands)
    cli_comparing.add_parsers(commands, _project_argument)
    cli_study.add_parsers(commands, _project_argument)
    cli_reviewing.add_parsers(commands, _project_argument)
    cli_branching.add_parsers(commands, _project_argument)
    return parser


def _exchange_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help="write the project as REFI-QDA, Web Annotation, a table, a report or PDFs",
        description="Write the project's annotations as FORMAT to OUT: "
        + "; ".join(f"{f.name}: {f.export.label}" for f in registry.EXPORTS if f.export)
        + ". For pdf, OUT is a folder, or the file with --document.",
    )
    _project_argument(export)
    export.add_argument("--format", required=True, choices=registry.EXPORT_NAMES)
    export.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="OUT",
        help="the file to write (for pdf a folder, unless one --document is given)",
    )
    _filter_arguments(export)

    merge = commands.add_parser(
        "import",
        help=f"merge a {', '.join('/'.join(f.extensions) for f in registry.IMPORTS)} file into "
        "the project",
        description="Merge FILE into the project in one transaction (not undoable; a copy of "
        "the project is kept before a large import): its documents, codes and "
        "annotations, each placed on Accord's text of its document. Prints what "
        "was added, what was already there, what conflicts and what could not be "
        "placed. Importing the same file again changes nothing.",
    )
    _project_argument(merge)
    merge.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="; ".join(
            f"{f.imports.label} ({', '.join(f.extensions)})" for f in registry.IMPORTS if f.imports
        ),
    )
    merge.add_argument(
        "--on-conflict",
        choices=("keep", "theirs"),
        default="keep",
        help="when an annotation or code differs from ours: keep ours (default) or take the file's",
    )
    merge.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who the file's annotations without an author are recorded under "
        "(default: ACCORD_REVIEWER or your user name)",
    )


def _filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The annotation filter's options, one per field a person sets by name (the same for
    ``list`` and ``export``: ``desktop.core.filtering.CHOICES``)."""
    from desktop.core.filtering import CHOICES

    group = parser.add_argument_group(
        "filter",
        "Within an option any value matches; across options all must. Names ignore case.",
    )
    for choice in CHOICES:
        group.add_argument(
            choice.option,
            dest=choice.field,
            action="append",
            default=[],
            metavar=choice.metavar,
            help=choice.help,
        )


def _typed_filter(options: argparse.Namespace) -> dict[str, list[str]]:
    from desktop.core.filtering import CHOICES

    return {choice.field: getattr(options, choice.field) for choice in CHOICES}


def _run_subcommand(argv: list[str]) -> int:
    options = _subcommand_parser().parse_args(argv)
    from desktop.core import leftovers

    if cleaned := leftovers.clean():  # what a killed Accord left: one line says so
        print(f"accord: {cleaned.sentence()}", file=sys.stderr)
    from desktop.app import terminal
    from desktop.app.projects import default_project_path
    from desktop.core.errors import AccordError

    project = options.project or default_project_path()
    try:
        if options.subcommand in cli_comparing.SUBCOMMANDS:
            cli_comparing.run(options, project, sys.stdout)
        elif options.subcommand in cli_study.SUBCOMMANDS:
            cli_study.run(options, project, sys.stdout)
        elif options.subcommand in cli_reviewing.SUBCOMMANDS:
            cli_reviewing.run(options, project, sys.stdout)
        elif options.subcommand in cli_branching.SUBCOMMANDS:
            cli_branching.run(options, project, sys.stdout)
        elif options.subcommand == "annotate":
            terminal.annotate(
                project,
                document=options.document,
                quote=options.quote,
                span=_span(options),
                occurrence=options.occurrence,
                codes=options.code,
                note=options.note,
                reviewer=options.reviewer,
                out=sys.stdout,
            )
        elif options.subcommand == "list":
            terminal.list_annotations(
                project,
                typed=_typed_filter(options),
                output_format=options.format,
                out=sys.stdout,
            )
        elif options.subcommand == "export":
            from desktop.app.exporting import export_command

            export_command(
                project,
                format=options.format,
                out=options.output,
                typed=_typed_filter(options),
                stdout=sys.stdout,
                stderr=sys.stderr,
            )
        elif options.subcommand == "import":
            from desktop.app.importing import import_command

            import_command(
                project,
                options.file,
                on_conflict=options.on_conflict,
                reviewer=options.reviewer or terminal.default_reviewer(),
                stdout=sys.stdout,
            )
        else:
            terminal.show_codebook(project, output_format=options.format, out=sys.stdout)
    except AccordError as error:
        print(f"accord: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `accord list | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _span(options: argparse.Namespace) -> tuple[int, int] | None:
    """``annotate``'s --start and --end, which come together (argparse cannot say so)."""
    if (options.start is None) != (options.end is None):
        _subcommand_parser().error("annotate: --start and --end go together")
    return None if options.start is None else (options.start, options.end)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        return _run_subcommand(arguments)
    options = _reader_parser().parse_args(arguments)
    if options.install_desktop or options.uninstall_desktop:
        return _desktop_integration(install=options.install_desktop)
    if options.left and options.left.suffix == ".accord" and not (options.project or options.right):
        options.project, options.left = options.left, None  # a project opened from the desktop
    from desktop.launch import EarlyStart

    early = EarlyStart()  # the workers import PyMuPDF while the project is opened here
    from desktop.app.launching import launch_project_path, plan_launch, prepare_project

    plan = plan_launch(launch_project_path(options.project), left=options.left, right=options.right)
    early.open(plan.files)
    prepare_project(plan)  # a first launch's is made on a thread while Qt is imported
    from desktop.ui.app import run

    with_highlights = options.exit_when_highlights_read
    with_project = options.exit_when_project_ready or with_highlights
    return run(
        early,
        plan,
        exit_when_ready=options.exit_when_ready or with_project,
        with_project=with_project,
        with_highlights=with_highlights,
    )

"""The ``accord`` command: the reader window, and (later) subcommands over the same core.

Start-up cost matters here: this module imports only the standard library, and the Qt user
interface is imported after the arguments are understood, so ``accord --help`` and
``accord --version`` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__


def _reader_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description=(
            "Read a signed agreement beside the news about it. Without files, Accord opens the "
            "bundled EU–Japan Letter of Intent (left) and the Commission's news article (right)."
        ),
        epilog="Supported files: PDF, HTML, plain text, Markdown and EPUB.",
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    parser.add_argument(
        "left", nargs="?", type=Path, metavar="FILE_LEFT", help="document for the left pane"
    )
    parser.add_argument(
        "right", nargs="?", type=Path, metavar="FILE_RIGHT", help="document for the right pane"
    )
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help=(
            "launch as usual, print one JSON line of start-up timings (ms since process start) "
            "once both panes have painted their first page, and exit 0"
        ),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = _reader_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from desktop.bundled import bundled_pair
    from desktop.launch import EarlyStart

    letter, article = bundled_pair()
    early = EarlyStart([options.left or letter, options.right or article])
    from desktop.ui.app import run

    return run(early, exit_when_ready=options.exit_when_ready)

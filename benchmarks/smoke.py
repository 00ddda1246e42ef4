"""The ``--smoke`` option every benchmark has: the same script end to end on a small input, in
seconds, so that CI runs it and a benchmark cannot rot unnoticed (tests/cli/
test_benchmark_smoke.py). Its figures mean nothing; that it runs, and checks what it checks,
does. (Benchmarks run as scripts, so ``benchmarks/`` is on the path.)"""

from __future__ import annotations

import argparse


def parse(parser: argparse.ArgumentParser, **small: object) -> argparse.Namespace:
    """The options, with ``small`` in place of the given or default ones under ``--smoke``
    (``annotations=300`` sets ``--annotations``)."""
    said = " ".join(f"--{name.replace('_', '-')} {_shown(value)}" for name, value in small.items())
    parser.add_argument(
        "--smoke", action="store_true", help=f"a run of seconds to check the script: {said}"
    )
    options = parser.parse_args()
    if options.smoke:
        for name, value in small.items():
            if not hasattr(options, name):
                raise AttributeError(f"the benchmark has no --{name} for --smoke to set")
            setattr(options, name, value)
    return options


def _shown(value: object) -> str:
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)

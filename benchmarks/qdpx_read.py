"""Parsing Accord's own ``.qdpx`` of 100,000 annotations (``qdpx.read``, nothing placed or
stored), in CPU seconds.

    uv run python benchmarks/qdpx_read.py [--annotations N] [--qdpx FILE] [--repeat 5]

The import floor (20,000 annotations/s) covers parsing, placing and storing; the parse's share
of it is 1.5 s of CPU per 100,000 annotations. The archive is made as ``interop_import.py``
makes it (or given with ``--qdpx``). Printed: the first ``qdpx.read`` in the process (it also
loads the REFI-QDA schema for the codebook), the median of the following ones and the ratio of
that budget to it, and expat alone walking the same XML with empty handlers under the same
guards, the cost no reader written in Python can go below (the machine's load moves both
alike).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import smoke
from defusedxml.ElementTree import DefusedXMLParser
from interop_import import fill  # (run as a script: benchmarks/ is on the path)

from desktop.app.exporting import export_project
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.formats.refi import qdpx
from desktop.formats.source import ExportOptions

BUDGET_SECONDS_PER_100K = 1.5


def cpu(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def bare_expat(archive: Path) -> None:
    """The XML of ``archive`` through the guarded expat parser, handlers doing nothing."""
    parser = DefusedXMLParser(target=object(), forbid_dtd=True)
    expat = parser.parser
    expat.ordered_attributes, expat.DefaultHandlerExpand = False, None
    expat.StartElementHandler = lambda name, attributes: None
    expat.EndElementHandler = lambda name: None
    with zipfile.ZipFile(archive) as opened:
        member = next(n for n in opened.namelist() if n.endswith(".qde"))
        with opened.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                parser.feed(chunk)
    parser.close()


def measure(archive: Path, repeat: int) -> None:
    first = cpu(lambda: qdpx.read(archive))
    count = len(qdpx.read(archive).annotations)
    reads = statistics.median(cpu(lambda: qdpx.read(archive)) for _ in range(repeat))
    floor = statistics.median(cpu(lambda: bare_expat(archive)) for _ in range(repeat))
    budget = BUDGET_SECONDS_PER_100K * count / 100_000
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
        f"{archive.stat().st_size / 1e6:.1f} MB archive, {count:,} annotations"
    )
    print(
        f"qdpx.read: first {first:.2f} s CPU, then {reads:.2f} s ({count / reads:,.0f} "
        f"annotations/s); budget {budget:.2f} s, ratio {budget / reads:.2f} (1 or more "
        "keeps within it)"
    )
    print(
        f"expat alone with empty handlers: {floor:.2f} s; qdpx.read is {reads / floor:.2f} "
        "times that"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--qdpx", type=Path, help="an existing archive to read instead")
    parser.add_argument("--repeat", type=int, default=5)
    options = smoke.parse(parser, annotations=1000, repeat=2)
    if options.qdpx:
        measure(options.qdpx, options.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as folder:
        base = Path(folder)
        with (
            DocumentReader() as reader,
            new_project(base / "source.accord", reader=reader) as source,
        ):
            fill(source, options.annotations, reader=reader)
            export_project(source, format="qdpx", out=base / "source.qdpx", options=ExportOptions())
        measure(base / "source.qdpx", options.repeat)


if __name__ == "__main__":
    main()

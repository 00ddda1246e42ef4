"""Many highlights on one PDF: the annotated-PDF export and the PDF-highlight import, against CSV.

A project with the bundled documents gets N annotations on the letter's two pages (random
spans, one to three codes, a note on one in five: ``interop_jsonld_csv.fill``), written
straight into the store. Timed end to end, as
File > Export and Import and ``accord export|import`` run them:

- the CSV export of those annotations: the floor's unit (every format but the PDF exported
  25,000 in 1–3 s);
- the annotated-PDF export of the letter (``export_project`` to a ``.pdf``: the document worker
  writes one /Highlight with its appearance per annotation);
- importing that PDF into a new project (``import_file``: the worker reads each highlight and
  the text under it, then the import places and writes them).

Each is given in wall-clock seconds and in CPU seconds of this process and its document
worker (the steadier figure on a shared machine), with the ratio of each PDF figure to the
CSV export's (floor: 3). The script checks that every highlight came back as an annotation.

    uv run python benchmarks/pdf_many_highlights.py [--highlights 10000 25000] [--smoke]

``--smoke`` runs 300 highlights, in seconds, so that a test keeps the script working.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import smoke
from interop_jsonld_csv import fill

from desktop.app.exporting import export_project
from desktop.app.importing import import_file
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.codebook.model import Codebook
from desktop.formats.source import ExportOptions
from desktop.store import create_project

FLOOR_RATIO = 3.0
"""How many times the CSV export's time the PDF export and import may take."""


def seconds(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``run``: this process's CPU and that of the children it
    waited for (the document worker, which does the PDF work)."""
    wall, before = time.perf_counter(), _cpu()
    run()
    for thread in threading.enumerate():  # the import lets its worker go in a thread
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    return time.perf_counter() - wall, _cpu() - before


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended, to the microsecond."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )


def measure(count: int, folder: Path) -> bool:
    """Print the figures for ``count`` highlights; False when some did not come back."""
    with (
        DocumentReader() as reader,
        new_project(folder / f"{count}.accord", reader=reader) as project,
    ):
        fill(project, reader, count, on=[0])
        letter = project.documents.all()[0].id
        options = ExportOptions(document_ids=frozenset({letter}))
        csv = seconds(
            lambda: export_project(
                project, format="csv", out=folder / f"{count}.csv", options=options
            )
        )
        pdf = folder / f"{count}.pdf"
        written = seconds(lambda: export_project(project, format="pdf", out=pdf, options=options))
    with create_project(
        folder / f"{count}-import.accord", documents=[], codebook=Codebook.empty()
    ) as target:
        read = seconds(lambda: import_file(target, pdf, reviewer_name="Benchmark"))
        arrived = target.annotations.count()
    print(f"{count:,} highlights on the letter's 2 pages, PDF {pdf.stat().st_size / 1e6:.1f} MB")
    for label, (wall, cpu) in (
        ("CSV export (the floor's unit)", csv),
        ("annotated-PDF export", written),
        ("PDF-highlight import", read),
    ):
        ratio = (
            ""
            if label.startswith("CSV")
            else f"  ratio to CSV {wall / csv[0]:.2f} wall, {cpu / csv[1]:.2f} CPU "
            f"(floor {FLOOR_RATIO:.0f})"
        )
        print(f"  {label:30} {wall:7.2f} s wall {cpu:7.2f} s CPU{ratio}")
    if arrived != count:
        print(f"  only {arrived:,} of {count:,} highlights came back")
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, nargs="+", default=[10_000, 25_000])
    options = smoke.parse(parser, highlights=[300])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as folder:
        counts = options.highlights
        return 0 if all([measure(count, Path(folder)) for count in counts]) else 1


if __name__ == "__main__":
    sys.exit(main())

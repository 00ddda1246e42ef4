"""Import speed: Accord's own ``.qdpx`` with 100,000 annotations into an empty project.

    uv run python benchmarks/interop_import.py [--annotations N]

A project with the two bundled documents and the default codebook gets N annotations (random
clauses of both documents, one to three codes each, every third with a note, two reviewers),
written straight into the store in one transaction. It is exported with the REFI-QDA exporter,
and the timed part is ``import_file`` into a new empty project: reading and checking the
archive (in a child process, as for any ``.qdpx`` over ``qdpx_child.IN_CHILD_FROM``), reading
both documents through the worker, placing every annotation, merging codes and writing it all
in one transaction, the writing overlapping the parsing. The floor is 20,000 annotations per
second; the script prints the rate and its ratio to the floor, and checks that every annotation
arrived.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from desktop.app.document_texts import read_layers
from desktop.app.exporting import export_project
from desktop.app.importing import import_file
from desktop.app.placing import Placer
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.codebook.model import Codebook
from desktop.core.model import Annotation, CodeId, Coding, new_annotation_id, utc_now
from desktop.exporters import qdpx
from desktop.exporters.source import ExportOptions
from desktop.store import Project, create_project

FLOOR = 20_000
"""Annotations per second an import of Accord's own file must reach."""


def fill(project: Project, count: int, *, reader: DocumentReader) -> None:
    """``count`` random annotations on the project's documents, written in one transaction."""
    documents = project.documents.all()
    placers = {d.id: Placer(layer)
               for d, layer in zip(documents, read_layers(project, documents,
                                                          reader=reader).values(), strict=True)}
    codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
    reviewers = [project.reviewers.ensure(name).id for name in ("Ada", "Bea")]
    choose = random.Random(20200526)
    now = utc_now()
    with project.transaction():
        for number in range(count):
            document = documents[number % len(documents)]
            placer = placers[document.id]
            start = choose.randrange(len(placer.text) - 1)
            end = min(len(placer.text), start + choose.randrange(1, 300))
            reviewer = choose.choice(reviewers)
            annotation = Annotation(new_annotation_id(), document.id, placer.anchor(start, end),
                                    f"Note {number}" if number % 3 == 0 else "", reviewer, now,
                                    now)
            project.annotations.insert(annotation, (
                Coding(annotation.id, code, reviewer, now)
                for code in choose.sample(codes, choose.randint(1, 3))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    count = parser.parse_args().annotations
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as folder:
        base = Path(folder)
        with DocumentReader() as reader, new_project(base / "source.accord",
                                                     reader=reader) as source:
            fill(source, count, reader=reader)
            archive = base / "source.qdpx"
            started = time.perf_counter()
            export_project(source, format="qdpx", out=archive, options=ExportOptions())
            exported = time.perf_counter() - started
        with create_project(base / "empty.accord", documents=[],
                            codebook=Codebook.empty()) as target:
            started, cpu = time.perf_counter(), time.process_time()
            report = import_file(target, archive, reviewer_name="Benchmark")
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            arrived = target.annotations.count()
        started = time.perf_counter()
        qdpx.read(archive)
        parsing = time.perf_counter() - started
    if arrived != count or report.orphans:
        print(f"only {arrived} of {count} annotations arrived ({len(report.orphans)} orphans)")
        return 1
    rate = count / seconds
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"export of {count:,} annotations to .qdpx: {exported:.2f} s")
    print(f"import of {count:,} annotations from Accord's .qdpx: {seconds:.2f} s "
          f"({cpu:.2f} s CPU in this process), {rate:,.0f} annotations/s "
          f"(floor {FLOOR:,}/s, ratio {rate / FLOOR:.2f})")
    print(f"  of which parsing the archive alone (qdpx.read): {parsing:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

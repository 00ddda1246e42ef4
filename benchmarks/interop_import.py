"""Import speed: Accord's own ``.qdpx`` with 100,000 annotations into an empty project.

    uv run python benchmarks/interop_import.py [--annotations N]

A project with the two bundled documents and the default codebook gets N annotations (random
clauses of both documents, one to three codes each, every third with a note, two reviewers),
written straight into the store in one transaction. It is exported with the REFI-QDA exporter,
and the timed part is ``import_file`` into a new empty project: reading and checking the
archive (in a child process, as for any ``.qdpx`` over ``qdpx_child.IN_CHILD_FROM``), reading
both documents through the worker, placing every annotation, merging codes and writing it all
in one transaction, the writing overlapping the parsing. It is timed twice: in this process,
and in a fresh one, as ``accord import`` runs it (nothing loaded yet: the REFI-QDA schema is
built during the import). The floor is 20,000 annotations per second; the script prints both
rates and the slower one's ratio to the floor, and checks that every annotation arrived.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import smoke

from desktop.app.document_texts import read_layers
from desktop.app.exporting import export_project
from desktop.app.importing import import_file
from desktop.app.placing import Placer
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.codebook.model import Codebook
from desktop.core.model import Annotation, CodeId, Coding, new_annotation_id, utc_now
from desktop.formats.refi import qdpx
from desktop.formats.source import ExportOptions
from desktop.store import Project, create_project

FLOOR = 20_000
"""Annotations per second an import of Accord's own file must reach."""


def fill(project: Project, count: int, *, reader: DocumentReader) -> None:
    """``count`` random annotations on the project's documents, written in one transaction."""
    documents = project.documents.all()
    placers = {
        d.id: Placer(layer)
        for d, layer in zip(
            documents, read_layers(project, documents, reader=reader).values(), strict=True
        )
    }
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
            annotation = Annotation(
                new_annotation_id(),
                document.id,
                placer.anchor(start, end),
                f"Note {number}" if number % 3 == 0 else "",
                reviewer,
                now,
                now,
            )
            project.annotations.insert(
                annotation,
                (
                    Coding(annotation.id, code, reviewer, now)
                    for code in choose.sample(codes, choose.randint(1, 3))
                ),
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    count = smoke.parse(parser, annotations=1000).annotations
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as folder:
        base = Path(folder)
        with (
            DocumentReader() as reader,
            new_project(base / "source.accord", reader=reader) as source,
        ):
            fill(source, count, reader=reader)
            archive = base / "source.qdpx"
            started = time.perf_counter()
            export_project(source, format="qdpx", out=archive, options=ExportOptions())
            exported = time.perf_counter() - started
        with create_project(
            base / "empty.accord", documents=[], codebook=Codebook.empty()
        ) as target:
            started, cpu = time.perf_counter(), time.process_time()
            report = import_file(target, archive, reviewer_name="Benchmark")
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            arrived = target.annotations.count()
        fresh = _in_a_fresh_process(archive, base / "fresh.accord", count)
        started = time.perf_counter()
        qdpx.read(archive)
        parsing = time.perf_counter() - started
    if arrived != count or report.orphans:
        print(f"only {arrived} of {count} annotations arrived ({len(report.orphans)} orphans)")
        return 1
    rate = count / max(seconds, fresh)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"export of {count:,} annotations to .qdpx: {exported:.2f} s")
    print(
        f"import of {count:,} annotations from Accord's .qdpx: {seconds:.2f} s "
        f"({cpu:.2f} s CPU in this process, {count / seconds:,.0f}/s); "
        f"in a fresh process {fresh:.2f} s ({count / fresh:,.0f}/s)"
    )
    print(f"  {rate:,.0f} annotations/s (floor {FLOOR:,}/s, ratio {rate / FLOOR:.2f})")
    print(f"  parsing the archive alone (qdpx.read): {parsing:.2f} s")
    return 0


_FRESH = """
import sys, time
from pathlib import Path
from desktop.app.importing import import_file
from desktop.codebook.model import Codebook
from desktop.store import create_project
with create_project(Path(sys.argv[2]), documents=[], codebook=Codebook.empty()) as target:
    started = time.perf_counter()
    import_file(target, Path(sys.argv[1]), reviewer_name="Benchmark")
    seconds = time.perf_counter() - started
    print(seconds, target.annotations.count())
"""


def _in_a_fresh_process(archive: Path, project: Path, count: int) -> float:
    """Seconds the import takes in a new Python process (its own imports not counted)."""
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, str(archive), str(project)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, arrived = done.stdout.split()
    if int(arrived) != count:
        raise SystemExit(f"only {arrived} of {count} annotations arrived in the fresh process")
    return float(seconds)


if __name__ == "__main__":
    sys.exit(main())

"""Importing many codes: 1,000 to 20,000 codes from a .qdpx, a .qdc and a JSON-LD file.

A project with the bundled documents gets a codebook of N codes (twenty sub-codes a code, in
both facets, each with its colour, every third with a description, names repeated under other
parents) and N/10 annotations on the letter, ten codes each, so that every code is applied
(JSON-LD carries only the codes its annotations apply). It is exported to each format, and the
file is imported into a project with the same documents and an empty codebook: in this process
(``import_file``) and by ``accord import`` in a fresh process (start-up included), as a user
runs it: wall-clock seconds, and CPU seconds of the processes (the document worker and the
``.qdpx`` reader included; the steadier figure on a shared machine).

Each size is printed with the CPU seconds per 1,000 codes (steady as N grows when the work is
linear; it grew fourfold from 1,000 to 4,000 codes when it was quadratic), and 20,000 with its
ratio to the floor: 20,000 codes in at most 5 s through ``accord import``. The script checks
that every code arrived.

    uv run python benchmarks/code_import.py [--codes 1000 2000 4000 20000] [--smoke]

``--smoke`` imports 200 codes, in seconds, so that a test keeps the script working.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import smoke
from pdf_many_highlights import seconds

from desktop.app.anchors import anchor_for_span
from desktop.app.exporting import export_project
from desktop.app.importing import import_file
from desktop.app.projects import new_document
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.model import Code, Codebook, Facet, stable_guid
from desktop.core.model import Annotation, CodeId, Coding, new_annotation_id, utc_now
from desktop.formats.source import ExportOptions
from desktop.store import NewDocument, Project, create_project

FLOOR = (20_000, 5.0)
"""Codes, and the seconds ``accord import`` may take for them."""
FORMATS = ("qdpx", "qdc", "jsonld")
CODES_AN_ANNOTATION = 10


def codebook(count: int) -> Codebook:
    """``count`` codes, two in three under Thematic areas, twenty sub-codes a code."""
    empty = Codebook.empty()
    codes = list(empty)
    made: dict[Facet, list[str]] = {facet: [] for facet in Facet}
    for number in range(count):
        facet = Facet.INSTRUMENT if number % 3 == 2 else Facet.THEMATIC
        in_facet = made[facet]
        parent = (
            empty.root(facet).guid if len(in_facet) < 20 else in_facet[(len(in_facet) - 20) // 20]
        )
        guid = stable_guid(f"benchmark/{number}")
        codes.append(
            Code(
                guid,
                f"Topic {number % 997}",
                facet=facet,
                parent_guid=parent,
                color=f"#{number * 40503 % 0xFFFFFF:06X}",
                position=len(in_facet),
                description="What the clause is about." if number % 3 == 0 else "",
            )
        )
        in_facet.append(guid)
    return Codebook(codes)


def apply_every_code(project: Project, reader: DocumentReader, letter: Path) -> None:
    """Annotations on the letter, ``CODES_AN_ANNOTATION`` codes each, every code once."""
    layer = reader.read(letter).text
    document = project.documents.all()[0].id
    reviewer = project.reviewers.ensure("Ada").id
    codes = [CodeId(code.guid) for code in project.codes.codebook() if not code.is_root]
    chance = random.Random(len(codes))
    now = utc_now()
    with project.transaction():
        for first in range(0, len(codes), CODES_AN_ANNOTATION):
            start = chance.randrange(len(layer.text) - 200)
            annotation = Annotation(
                new_annotation_id(),
                document,
                anchor_for_span(layer, start, start + 100),
                "",
                reviewer,
                now,
                now,
            )
            project.annotations.insert(
                annotation,
                [
                    Coding(annotation.id, code, reviewer, now)
                    for code in codes[first : first + CODES_AN_ANNOTATION]
                ],
            )


def exported(
    count: int, folder: Path, documents: list[NewDocument], reader: DocumentReader
) -> dict[str, Path]:
    """The project with ``count`` codes in each format."""
    with create_project(
        folder / f"source-{count}.accord", documents=documents, codebook=codebook(count)
    ) as source:
        apply_every_code(source, reader, bundled_pair()[0])
        files = {kind: folder / f"codes-{count}.{kind}" for kind in FORMATS}
        for kind, path in files.items():
            export_project(source, format=kind, out=path, options=ExportOptions())
    return files


def imported(
    file: Path, project: Path, documents: list[NewDocument], count: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Wall and CPU seconds of ``import_file``, and of ``accord import``."""
    for run in ("here", "fresh"):
        with create_project(
            project.with_suffix(f".{run}.accord"), documents=documents, codebook=Codebook.empty()
        ) as target:
            path = target.path
            if run == "here":
                here = seconds(lambda t=target: import_file(t, file, reviewer_name="B"))
                arrived = len(target.codes.codebook()) - 2
        if run == "fresh":
            # From the file's folder: ``-m`` puts the current folder first on the path, and
            # PYTHONPATH (another checkout, to compare) must decide which Accord runs.
            command = [sys.executable, "-m", "desktop", "import", "--project", str(path), str(file)]
            fresh = seconds(
                lambda c=command: subprocess.run(
                    c, check=True, cwd=file.parent, capture_output=True
                )
            )
    if arrived != count:
        raise SystemExit(f"only {arrived:,} of {count:,} codes arrived from {file.name}")
    return here, fresh


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, nargs="+", default=[1000, 2000, 4000, 20_000])
    options = smoke.parse(parser, codes=[200])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as name, DocumentReader() as reader:
        folder = Path(name)
        documents = [new_document(reader.read(path)) for path in bundled_pair()]
        for count in options.codes:
            for kind, file in exported(count, folder, documents, reader).items():
                (wall, cpu), fresh = imported(file, folder / f"{kind}-{count}", documents, count)
                ratio = (
                    f" (floor {FLOOR[1]:.0f} s, ratio {fresh[0] / FLOOR[1]:.2f} wall, "
                    f"{fresh[1] / FLOOR[1]:.2f} CPU)"
                    if count == FLOOR[0]
                    else ""
                )
                print(
                    f"{count:6,} codes from .{kind:6} {wall:6.2f} s wall {cpu:6.2f} s CPU "
                    f"({cpu / count * 1000:.2f} s per 1,000); accord import {fresh[0]:6.2f} s "
                    f"wall {fresh[1]:6.2f} s CPU" + ratio
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""REFI-QDA project export (and import) with 100,000 annotations.

A real project (the bundled letter PDF and news article, the default codebook, their canonical
texts from the document worker) is filled through the store's repositories in one transaction
with annotations over those texts: a word to a clause, one or two codes, three reviewers, a
note on one in ten. Then it prints, each the median of ``--repeat`` runs:

- the store's part: streaming ``source.records()`` alone (the floor's budget
  is shared with it);
- export end to end (``desktop.formats.refi.qdpx.export``: the stream, the XML, the compressed
  archive) in annotations per second and its ratio to the floor of 20,000/s, then the
  exporter's own part (end to end minus the store's) and the CPU time of the exporting thread
  (the archive is compressed on a second thread), so a shortfall can be placed on a busy
  machine;
- import: ``desktop.formats.refi.qdpx.read`` parsing the archive back (no floor).

    uv run python benchmarks/interop_qdpx.py [--annotations 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import smoke

from desktop.app.anchors import anchor_for_span
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.core.model import Anchor, Annotation, CodeId, Coding, DocumentId, new_annotation_id
from desktop.core.textlayer import TextLayer
from desktop.formats.refi import qdpx
from desktop.formats.source import read_source
from desktop.store import Project

FLOOR_PER_SECOND = 20_000
SPANS_PER_DOCUMENT = 2_000
"""Distinct spans drawn per document; annotations reuse them (real projects overlap too)."""


def _spans(layer: TextLayer, chance: random.Random) -> list[Anchor]:
    anchors = []
    for _ in range(SPANS_PER_DOCUMENT):
        start = chance.randrange(len(layer) - 300)
        anchors.append(anchor_for_span(layer, start, start + chance.randrange(4, 300)))
    return anchors


def fill(project: Project, layers: dict[DocumentId, TextLayer], count: int) -> None:
    """``count`` annotations in one transaction (setting up, not what is measured)."""
    chance = random.Random(7)
    spans = {document: _spans(layer, chance) for document, layer in layers.items()}
    documents = list(layers)
    reviewers = [project.reviewers.ensure(name).id for name in ("Ada", "Bea", "Chen")]
    codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
    start_time = datetime(2020, 5, 26, 9, tzinfo=UTC)
    with project.transaction():
        for number in range(count):
            document = chance.choice(documents)
            reviewer = chance.choice(reviewers)
            moment = start_time + timedelta(seconds=number)
            annotation = Annotation(
                new_annotation_id(),
                document,
                chance.choice(spans[document]),
                "Check against §2 of the letter" if number % 10 == 0 else "",
                reviewer,
                moment,
                moment,
            )
            project.annotations.insert(
                annotation,
                [
                    Coding(annotation.id, code, reviewer, moment)
                    for code in chance.sample(codes, chance.randrange(1, 3))
                ],
            )


def median(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of the calling thread."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.thread_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = smoke.parse(parser, annotations=1000, repeat=1)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        with DocumentReader() as reader:
            project = new_project(folder / "bench.accord", reader=reader)
            layers = {
                DocumentId(read.fingerprint): read.text for read in map(reader.read, bundled_pair())
            }
        with project:
            fill(project, layers, options.annotations)
            source = read_source(project, texts={k: v.text for k, v in layers.items()})
            count = source.count()
            stream, _ = median(lambda: sum(1 for _ in source.records()), options.repeat)
            print(
                f"{count:,} annotations; store {count / stream:,.0f} annotations/s streaming "
                "source.records() alone"
            )
            target = folder / "bench.qdpx"
            seconds, cpu = median(lambda: qdpx.export(source, target), options.repeat)
            rate = count / seconds
            own = count / max(seconds - stream, 1e-9)
            print(
                f"export   {rate:,.0f} annotations/s end to end (floor {FLOOR_PER_SECOND:,}/s, "
                f"ratio {rate / FLOOR_PER_SECOND:.2f}); exporter's own work {own:,.0f}/s; "
                f"exporting thread's CPU {count / cpu:,.0f}/s "
                f"(ratio {count / cpu / FLOOR_PER_SECOND:.2f})"
            )
            print(f"         {target.stat().st_size / 1e6:.1f} MB")
            seconds, _ = median(lambda: qdpx.read(target), options.repeat)
            incoming = qdpx.read(target)
            print(
                f"import   {count / seconds:,.0f} annotations/s parsing it back (no floor); "
                f"{len(incoming.annotations):,} of {count:,} read, "
                f"{len(incoming.dropped)} line(s) in dropped"
            )


if __name__ == "__main__":
    main()

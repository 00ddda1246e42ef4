"""W3C JSON-LD and CSV export of 100,000 annotations, and reading the JSON-LD back.

Prints, for each format, annotations exported per second end to end (``export_project``,
what File > Export and ``accord export`` run, on a real project: the bundled letter PDF and
news article, annotations on their canonical texts with one to three codes, a note on one in
five) and its ratio to the floor of 50,000/s; then the same split: the store's part (streaming
``source.records()`` alone) and the exporter's own work (exporting annotations
read beforehand), so a shortfall can be placed; and JSON-LD ``read`` in annotations per second.
Each figure is given by the wall clock and by this process's CPU time (the steadier one on a
shared machine).

    uv run python benchmarks/interop_jsonld_csv.py [--annotations 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import smoke

from desktop.app.anchors import anchor_for_span
from desktop.app.exporting import export_project
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.core.model import Annotation, CodeId, Coding, new_annotation_id
from desktop.formats.jsonld import web_annotation as jsonld
from desktop.formats.source import ExportOptions, ExportSource, read_source
from desktop.formats.tables import csv_table
from desktop.store import AnnotationRecord, Project

FLOOR_PER_SECOND = 50_000
NOTES = (
    "Check against the Council conclusions.",
    "Modalities, §2 — see also “joint calls”.",
    "Two lines:\nfollow up with DG RTD",
)


def fill(
    project: Project, reader: DocumentReader, count: int, *, on: Sequence[int] = (0, 1)
) -> None:
    """``count`` annotations in one transaction (setting up, not what is measured), on the
    bundled documents of these indexes (the letter's is 0, the article's 1)."""
    layers = [reader.read(bundled_pair()[index]).text for index in on]
    documents = [project.documents.all()[index].id for index in on]
    reviewers = [project.reviewers.ensure(name).id for name in ("Ada", "Bea", "Chen")]
    codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
    chance = random.Random(7)
    start_time = datetime(2020, 5, 26, 9, tzinfo=UTC)
    with project.transaction():
        for number in range(count):
            which = chance.randrange(len(layers))
            layer = layers[which]
            start = chance.randrange(len(layer.text) - 300)
            anchor = anchor_for_span(layer, start, start + chance.randrange(10, 300))
            reviewer = chance.choice(reviewers)
            moment = start_time + timedelta(seconds=number // 50)
            annotation = Annotation(
                new_annotation_id(),
                documents[which],
                anchor,
                NOTES[number // 5 % len(NOTES)] if number % 5 == 0 else "",
                reviewer,
                moment,
                moment,
            )
            project.annotations.insert(
                annotation,
                [
                    Coding(annotation.id, code, reviewer, moment)
                    for code in chance.sample(codes, chance.randrange(1, 4))
                ],
            )


def median_seconds(
    run: Callable[[], object], repeat: int, fresh: Path | None = None
) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``run``: on a shared machine the CPU time of this
    process is the steadier figure, the wall clock what a user waits. ``fresh``: a file the
    run writes, removed before each run (replacing the last run's 200 MB file made the
    export pay for deleting it, which an export to a new file does not)."""
    walls, cpus = [], []
    for _ in range(repeat):
        if fresh is not None:
            fresh.unlink(missing_ok=True)
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


@dataclass(frozen=True, slots=True)
class Prefetched(ExportSource):
    """The same source with its annotations already read: exporting it times the exporter's
    own work alone, with no arithmetic between runs made under different loads."""

    read: tuple[AnnotationRecord, ...] = ()

    def records(self) -> Iterator[AnnotationRecord]:
        return iter(self.read)


def exporter_alone(
    source: ExportSource, module: ModuleType, out: Path, repeat: int
) -> tuple[float, float]:
    """``module.export`` on the annotations read beforehand. Measured last, and freed on
    return: 100,000 snapshots held in memory slow down every garbage collection."""
    prefetched = Prefetched(
        **{f.name: getattr(source, f.name) for f in dataclasses.fields(ExportSource)},
        read=tuple(source.records()),
    )
    return median_seconds(lambda: module.export(prefetched, out), repeat, fresh=out)


def report(
    label: str, count: int, end_to_end: tuple[float, float], own: tuple[float, float]
) -> None:
    for index, clock in enumerate(("wall", "CPU")):
        rate, own_rate = count / end_to_end[index], count / own[index]
        print(
            f"{label:8} {clock:>4}: {rate:9,.0f} annotations/s end to end (floor "
            f"{FLOOR_PER_SECOND:,}/s, ratio {rate / FLOOR_PER_SECOND:.2f}); exporter's own "
            f"work {own_rate:,.0f}/s (ratio {own_rate / FLOOR_PER_SECOND:.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = smoke.parse(parser, annotations=1000, repeat=1)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        with (
            DocumentReader() as reader,
            new_project(folder / "bench.accord", reader=reader) as project,
        ):
            fill(project, reader, options.annotations)
            source: ExportSource = read_source(project)
            count = source.count()
            print(
                f"{count:,} annotations, {sum(len(r.codings) for r in source.records()):,} codings"
            )
            stream = median_seconds(lambda: sum(1 for _ in source.records()), options.repeat)
            print(
                f"{'store':8} wall: {count / stream[0]:9,.0f}, CPU: {count / stream[1]:,.0f} "
                "annotations/s streaming source.records() alone (the floor's "
                "budget is shared with it)"
            )
            formats = (
                ("jsonld", jsonld, folder / "out.jsonld"),
                ("csv", csv_table, folder / "out.csv"),
            )
            end_to_end = [
                median_seconds(
                    lambda f=name, o=out: export_project(
                        project, format=f, out=o, options=ExportOptions()
                    ),
                    options.repeat,
                    fresh=out,
                )
                for name, _, out in formats
            ]
            own = [
                exporter_alone(source, module, out, options.repeat) for _, module, out in formats
            ]
            for (label, _, out), total, alone in zip(formats, end_to_end, own, strict=True):
                report(label, count, total, alone)
                print(f"{'':8} {out.stat().st_size / 1e6:,.0f} MB")
            out = folder / "out.jsonld"
            seconds = median_seconds(lambda: jsonld.read(out), options.repeat)
            print(
                f"{'read':8} wall: {count / seconds[0]:9,.0f}, CPU: {count / seconds[1]:,.0f} "
                "annotations/s parsing the JSON-LD back (no floor)"
            )


if __name__ == "__main__":
    main()

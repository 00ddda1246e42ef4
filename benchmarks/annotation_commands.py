"""Annotation commands through the Python API, and listing 100,000 annotations.

Prints, each with its target:
- single-annotation transactions per second: ``Editor.execute(CreateAnnotation(...))`` with one
  code over a word to a clause (10–300 characters), each its own committed transaction (WAL),
  and the ratio to the target of 2,000/s;
- tag and note commands per second, measured the same way;
- with 100,000 annotations in the project: the ordered ids for the list view (all, one
  document, one code, a reviewer, a text search), one page of 100 rows, a count, and opening
  the project (header check, ``quick_check``, connection set-up).

    uv run python benchmarks/annotation_commands.py [--commands 5000] [--annotations 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import smoke

from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.annotating import SetNote, TagAnnotation
from desktop.app.editor import Editor
from desktop.codebook.default import load_default_codebook
from desktop.core.model import Annotation, CodeId, Coding, new_annotation_id
from desktop.core.textlayer import TextLayer
from desktop.store import AnnotationFilter, NewDocument, Project, create_project, open_project

TARGET_PER_SECOND = 2000
SENTENCE = (
    "The Sides intend to explore appropriate modalities for enhanced STI cooperation "
    "such as joint calls, coordinated calls and twinning, where possible. "
)


def _layer(text: str) -> TextLayer:
    """A one-line-per-sentence layer is enough here: the figure is about the store."""
    from array import array

    from desktop.core.geometry import Rect
    from desktop.core.textlayer import PageText, TextLine

    boxes = array("d", [0.0, 0.0, 5.0, 10.0] * len(text))
    lines = tuple(
        TextLine(i, min(i + len(SENTENCE), len(text)), Rect(0, 0, 400, 10))
        for i in range(0, len(text), len(SENTENCE))
    )
    return TextLayer.from_pages([PageText(text, boxes, lines)])


def _project(folder: Path, text: str) -> Project:
    documents = [
        NewDocument(
            f"{name}\n{text}".encode(),
            name,
            "text",
            f"{name}.txt",
            1,
            _layer(f"{name}\n{text}").sha256(),
        )
        for name in ("Letter", "Article")
    ]
    return create_project(
        folder / "bench.accord", documents=documents, codebook=load_default_codebook()
    )


def _rate(count: int, run) -> float:
    started = time.perf_counter()
    run()
    return count / (time.perf_counter() - started)


def measure_commands(folder: Path, count: int) -> None:
    text = SENTENCE * 200
    with _project(folder, text) as project:
        document = project.documents.all()[0].id
        layer = _layer(f"Letter\n{text}")
        codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
        editor = Editor.start(project, "Benchmark")
        chance = random.Random(1)
        starts = [chance.randrange(len(layer) - 300) for _ in range(count)]
        spans = [(a, a + chance.randrange(10, 300)) for a in starts]  # a word to a clause
        commands = [
            annotation_from_span(
                layer, a, b, document_id=document, code_ids=(chance.choice(codes[:-1]),)
            )
            for a, b in spans
        ]

        def create() -> None:
            for command in commands:
                editor.execute(command)

        def tag() -> None:
            for command in commands:
                editor.execute(TagAnnotation(command.annotation_id, codes[-1]))

        def note() -> None:
            for command in commands:
                editor.execute(SetNote(command.annotation_id, "checked"))

        created = _rate(count, create)
        print(
            f"create annotation: {created:,.0f} transactions/s "
            f"(target {TARGET_PER_SECOND:,}/s, ratio {created / TARGET_PER_SECOND:.2f})"
        )
        print(f"tag annotation:    {_rate(count, tag):,.0f} transactions/s")
        print(f"set note:          {_rate(count, note):,.0f} transactions/s")


def _fill(project: Project, count: int) -> None:
    """``count`` annotations in one transaction (a bulk load, not commands: setting up only)."""
    documents = [d.id for d in project.documents.all()]
    reviewers = [project.reviewers.ensure(name).id for name in ("Ada", "Bea", "Chen")]
    codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
    layer = _layer(SENTENCE * 40)
    chance = random.Random(2)
    moment = datetime(2020, 5, 26, tzinfo=UTC)
    with project.transaction():
        for number in range(count):
            start = chance.randrange(len(layer) - 60)
            anchor = anchor_for_span(layer, start, start + chance.randrange(5, 60))
            reviewer = chance.choice(reviewers)
            annotation = Annotation(
                new_annotation_id(),
                chance.choice(documents),
                anchor,
                "pandemic preparedness" if number % 97 == 0 else "",
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


def _time(run, repeat: int = 5) -> float:
    """Median wall time of ``run`` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_listing(folder: Path, count: int) -> None:
    with _project(folder, SENTENCE * 40) as project:
        _fill(project, count)
        annotations = project.annotations
        letter = project.documents.all()[0].id
        code = CodeId(project.codes.codebook().lookup("Pandemics").guid)
        reviewer = project.reviewers.ensure("Bea").id
        all_ids = annotations.ids()
        print(f"{len(all_ids):,} annotations in the project")
        cases = {
            "ids, all (reading order)": AnnotationFilter(),
            "ids, one document": AnnotationFilter(document_ids=frozenset({letter})),
            "ids, one code": AnnotationFilter(code_ids=frozenset({code})),
            "ids, one reviewer": AnnotationFilter(reviewer_ids=frozenset({reviewer})),
            "ids, text search": AnnotationFilter(text="pandemic prep"),
        }
        for label, where in cases.items():
            found = len(annotations.ids(where))
            print(
                f"{label:28} {_time(lambda w=where: annotations.ids(w)):7.1f} ms ({found:,} found)"
            )
        middle = all_ids[len(all_ids) // 2 : len(all_ids) // 2 + 100]
        print(f"{'one page of 100 rows':28} {_time(lambda: annotations.listed(middle)):7.1f} ms")
        print(
            f"{'count, one code':28} "
            f"{_time(lambda: annotations.count(cases['ids, one code'])):7.1f} ms"
        )
    path = folder / "bench.accord"
    print(
        f"{'open (checks included)':28} {_time(lambda: open_project(path).close()):7.1f} ms "
        f"({path.stat().st_size / 1e6:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=5000)
    parser.add_argument("--annotations", type=int, default=100_000)
    options = smoke.parse(parser, commands=200, annotations=2000)
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        measure_commands(Path(first), options.commands)
        measure_listing(Path(second), options.annotations)


if __name__ == "__main__":
    main()

"""One annotation filter, every path: the same filter selects the same annotations through the
store's SQL (ids, count, the export streams), the annotations list's in-memory index, ``accord
list`` and ``accord export``, with the same rules for case and sub-codes
(``desktop.core.filtering``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from desktop import cli
from desktop.app.anchors import annotation_from_span
from desktop.app.annotation_index import AnnotationIndex
from desktop.app.editor import Editor
from desktop.app.filter_names import filter_from_names
from desktop.core.filtering import CHOICES, AnnotationFilter
from desktop.core.model import AnnotationId, CodeId
from tests.app.conftest import START, Workbench, ticking_clock
from tests.store.helpers import text_document, text_layer

SECOND = "Joint calls and twinning support open science; the Sides review pandemics yearly."

PLANTED = {
    # label: (document, reviewer, quote, codes, note), in reading order
    "émilie-pandemics": ("first", "Émilie", "pandemics", ("Pandemics",), ""),
    "ÉMILIE-covid": ("first", "ÉMILIE", "climate neutrality", ("COVID-19",), "Étude préalable"),
    "ada-uncoded": ("first", "Ada", "joint calls", (), "Straße"),
    "ada-diagnostics": ("second", "Ada", "Joint calls", ("Diagnostics",), ""),
    "émilie-climate": ("second", "Émilie", "open science", ("Climate change",), "STRASSE"),
}
"""Two reviewers whose names differ only in case (two imports can make them), a parent code
(Pandemics) whose sub-code (COVID-19) and sub-sub-code (Diagnostics) are applied too."""

NAMED_FILTERS: list[tuple[str, dict[str, list[str]], list[str]]] = [
    ("nothing chosen", {}, list(PLANTED)),
    (
        "a document",
        {"document_ids": ["second"]},
        ["ada-diagnostics", "émilie-climate"],
    ),
    (
        "a reviewer in odd case",
        {"reviewer_ids": ["ÉMILIE"]},
        ["émilie-pandemics", "ÉMILIE-covid", "émilie-climate"],
    ),
    (
        "a reviewer in small letters, spaced",
        {"reviewer_ids": ["  émilie "]},
        ["émilie-pandemics", "ÉMILIE-covid", "émilie-climate"],
    ),
    (
        "a parent code selects its sub-codes",
        {"code_ids": ["pandemics"]},
        ["émilie-pandemics", "ÉMILIE-covid", "ada-diagnostics"],
    ),
    (
        "two codes",
        {"code_ids": ["COVID-19", "Thematic areas/Climate change"]},
        ["ÉMILIE-covid", "émilie-climate"],
    ),
    (
        "document, reviewer and code together",
        {"document_ids": ["Notes"], "reviewer_ids": ["émilie"], "code_ids": ["Pandemics"]},
        ["émilie-pandemics", "ÉMILIE-covid"],
    ),
    (
        "two reviewers",
        {"reviewer_ids": ["ada", "ÉMILIE"], "document_ids": ["second.txt"]},
        ["ada-diagnostics", "émilie-climate"],
    ),
    (
        "nothing matches",
        {"document_ids": ["Notes"], "code_ids": ["Climate change"]},
        [],
    ),
]
"""(what the case shows, names typed per filter field, the annotations selected in reading
order)."""

TEXT_FILTERS = [
    ("ÉTUDE", ["ÉMILIE-covid"]),
    ("étude PRÉALABLE", ["ÉMILIE-covid"]),
    ("etude", []),
    ("strasse", ["ada-uncoded", "émilie-climate"]),
    ("JOINT calls", ["ada-uncoded", "ada-diagnostics"]),
    ("100%_", []),
]
"""Words in quote or note, ignoring case in every script ("Straße" folds to "strasse")."""


@pytest.fixture
def planted(bench: Workbench) -> dict[str, AnnotationId]:
    project = bench.project
    with project.transaction():
        second = project.documents.add(
            text_document(SECOND, name="second.txt"), position=1, added=START
        )
    layers = {"first": (bench.document_id, bench.layer), "second": (second.id, text_layer(SECOND))}
    book = project.codes.codebook()
    made = {}
    for label, (document, reviewer, quote, codes, note) in PLANTED.items():
        document_id, layer = layers[document]
        start = layer.text.index(quote)
        command = annotation_from_span(
            layer,
            start,
            start + len(quote),
            document_id=document_id,
            code_ids=tuple(CodeId(book.lookup(code).guid) for code in codes),
            note=note,
        )
        Editor(project, project.reviewers.ensure(reviewer), clock=ticking_clock()).execute(command)
        made[label] = command.annotation_id
    return made


def _store_paths(bench: Workbench, where: AnnotationFilter) -> dict[str, list[str]]:
    annotations = bench.project.annotations
    fresh = AnnotationIndex(bench.project)  # asked before its load: matching finishes it
    loaded = AnnotationIndex(bench.project)
    loaded.load_all()
    everything = annotations.ids()
    return {
        "store ids": annotations.ids(where),
        "store records": [record.id for record in annotations.records(where)],
        "store snapshots": [s.annotation.id for s in annotations.snapshots(where)],
        "index": fresh.matching(where),
        "index, one at a time": [a for a in everything if loaded.accepts(a, where)],
    }


def _options(typed: Mapping[str, Sequence[str]]) -> list[str]:
    flags = {choice.field: choice.option for choice in CHOICES}
    return [
        part for field, names in typed.items() for name in names for part in (flags[field], name)
    ]


def _cli_paths(
    bench: Workbench,
    typed: Mapping[str, Sequence[str]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> dict[str, list[str]]:
    project = ["--project", str(bench.path)]
    assert cli.main(["list", *project, "--format", "json", *_options(typed)]) == 0
    listed = [row["id"] for row in json.loads(capsys.readouterr().out)]
    out = tmp_path / "export.csv"
    assert cli.main(["export", *project, "--format", "csv", "-o", str(out), *_options(typed)]) == 0
    capsys.readouterr()
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline=""))
    exported = list(dict.fromkeys(row["annotation_id"] for row in rows))
    return {"accord list": listed, "accord export": exported}


@pytest.mark.parametrize(
    ("case", "typed", "expected"), NAMED_FILTERS, ids=[c[0] for c in NAMED_FILTERS]
)
def test_a_filter_by_names_selects_the_same_annotations_on_every_path(
    bench: Workbench,
    planted: dict[str, AnnotationId],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    case: str,
    typed: dict[str, list[str]],
    expected: list[str],
) -> None:
    where = filter_from_names(bench.project, typed)
    wanted = [planted[label] for label in expected]
    found = {**_store_paths(bench, where), **_cli_paths(bench, typed, capsys, tmp_path)}
    assert found == dict.fromkeys(found, wanted), case
    assert bench.project.annotations.count(where) == len(wanted)


@pytest.mark.parametrize(("text", "expected"), TEXT_FILTERS, ids=[t for t, _ in TEXT_FILTERS])
def test_words_select_the_same_annotations_in_the_store_and_the_index(
    bench: Workbench, planted: dict[str, AnnotationId], text: str, expected: list[str]
) -> None:
    wanted = [planted[label] for label in expected]
    found = _store_paths(bench, AnnotationFilter(text=text))
    assert found == dict.fromkeys(found, wanted), text
    assert bench.project.annotations.count(AnnotationFilter(text=text)) == len(wanted)

"""``accord annotate --start/--end``, ``accord agreement`` and ``accord add`` in real
subprocesses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_subcommands import _accord

LETTER = "Letter of Intent"
# (start, end, code, reviewer): Ana and Ben agree on the first clause, not on the second,
# and only Ana coded a third.
SPANS = [
    (0, 300, "Pandemics", "Ana"),
    (0, 300, "Pandemics", "Ben"),
    (300, 600, "Climate change", "Ana"),
    (300, 600, "Digital transition", "Ben"),
    (1000, 1200, "Joint calls", "Ana"),
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("agreement")


@pytest.fixture(scope="module")
def project(data: Path) -> Path:
    path = data / "study.accord"
    for start, end, code, reviewer in SPANS:
        done = _accord(
            "annotate",
            "--project",
            str(path),
            "--document",
            LETTER,
            "--start",
            str(start),
            "--end",
            str(end),
            "--code",
            code,
            "--reviewer",
            reviewer,
            data=data,
        )
        assert done.returncode == 0, done.stderr
    return path


def test_annotate_start_end_highlights_exactly_those_code_points(project: Path, data: Path) -> None:
    rows = json.loads(
        _accord("list", "--project", str(project), "--format", "json", data=data).stdout
    )
    assert sorted((r["start"], r["end"], r["reviewer"]) for r in rows) == sorted(
        (start, end, reviewer) for start, end, _, reviewer in SPANS
    )


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--start", "5", "--end", "999999"), "whose text has"),
        (("--start", "9", "--end", "9"), "0 <= start < end"),
        (("--start", "5"), "--start and --end go together"),
    ],
)
def test_annotate_refuses_a_span_outside_the_text(
    project: Path, data: Path, arguments: tuple[str, ...], said: str
) -> None:
    before = _accord("list", "--project", str(project), "--format", "json", data=data).stdout
    refused = _accord(
        "annotate", "--project", str(project), "--document", LETTER, *arguments, data=data
    )
    assert refused.returncode == 2
    assert said in refused.stderr
    assert (
        _accord("list", "--project", str(project), "--format", "json", data=data).stdout == before
    )


def test_agreement_json_carries_the_data_behind_each_figure(project: Path, data: Path) -> None:
    done = _accord("agreement", "--project", str(project), "--format", "json", data=data)
    assert done.returncode == 0, done.stderr
    study = json.loads(done.stdout)
    assert study["design"] == "clause"
    assert study["reviewers"] == ["Ana", "Ben"]
    overall = study["rows"][0]
    measures = [f["measure"] for f in overall["figures"]]
    assert measures == ["percent agreement", "Cohen's kappa", "Krippendorff's alpha"]
    # Every unit holds each reviewer's codes; percent agreement is the share of equal pairs.
    data_rows = overall["data"]
    equal = sum(1 for unit in data_rows if unit["values"]["Ana"] == unit["values"]["Ben"])
    assert overall["figures"][0]["value"] == pytest.approx(equal / len(data_rows))
    assert overall["figures"][0]["units"] == len(data_rows)
    names = [row["name"] for row in study["rows"]]
    assert "Thematic areas/Pandemics" in names
    assert "Thematic areas/Ageing societies" not in names  # nobody used it
    assert study["disagreements"]


def test_agreement_on_spans_and_as_csv(project: Path, data: Path) -> None:
    spans = json.loads(
        _accord(
            "agreement", "--project", str(project), "--unit", "span", "--format", "json", data=data
        ).stdout
    )
    pandemics = next(row for row in spans["rows"] if row["name"] == "Thematic areas/Pandemics")
    assert pandemics["figures"][0]["value"] == 1.0
    assert {(u["reviewer"], u["start"], u["end"]) for u in pandemics["data"]} == {
        ("Ana", 0, 300),
        ("Ben", 0, 300),
    }
    table = _accord(
        "agreement",
        "--project",
        str(project),
        "--code",
        "Joint calls",
        "--format",
        "csv",
        data=data,
    )
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert {row["name"] for row in rows} == {
        "All codes",
        "Instruments",
        "Instruments/Funding modalities/Joint calls",
    }


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--reviewers", "Ana,Zed"), "No reviewer is called “Zed”"),
        (("--reviewers", "Ana"), "needs two reviewers"),
        (("--facet", "Colours"), "There is no facet “Colours”"),
    ],
)
def test_agreement_refuses_with_a_sentence(
    project: Path, data: Path, arguments: tuple[str, ...], said: str
) -> None:
    refused = _accord("agreement", "--project", str(project), *arguments, data=data)
    assert refused.returncode == 2
    assert said in refused.stderr


def test_add_keeps_documents_once_and_refuses_a_missing_file(data: Path, tmp_path: Path) -> None:
    path = data / "added.accord"
    note = tmp_path / "minutes.txt"
    note.write_text("The Sides met. They agreed on a plan; nothing else.\n", encoding="utf-8")
    missing = tmp_path / "nowhere.txt"
    refused = _accord("add", "--project", str(path), str(note), str(missing), data=data)
    assert refused.returncode == 2
    assert "nowhere.txt" in refused.stderr
    added = _accord("add", "--project", str(path), str(note), data=data)
    assert added.returncode == 0, added.stderr
    assert "(added)" in added.stdout
    again = _accord("add", "--project", str(path), str(note), data=data)
    assert "(already in the project)" in again.stdout
    listed = _accord(
        "annotate",
        "--project",
        str(path),
        "--document",
        "minutes",
        "--start",
        "0",
        "--end",
        "14",
        data=data,
    )
    assert listed.returncode == 0, listed.stderr

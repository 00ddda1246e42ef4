"""``accord export`` and ``accord import`` in real subprocesses, on real projects and files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.store.helpers import dump

ROOT = Path(__file__).resolve().parents[2]


def _accord(*args: str | Path, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACCORD_DATA_DIR": str(data), "ACCORD_REVIEWER": "Ada"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
        cwd=ROOT,
    )


def _ok(*args: str | Path, data: Path) -> str:
    result = _accord(*args, data=data)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _listed(project: Path, data: Path) -> list[dict[str, object]]:
    return json.loads(_ok("list", "--project", project, "--format", "json", data=data))


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def project(data: Path) -> Path:
    """A project with an annotation by Ada on the letter and one by Bea on the article."""
    path = data / "ours.accord"
    _ok(
        "annotate",
        "--project",
        path,
        "--document",
        "Letter of Intent",
        "--quote",
        "co-funding mechanisms, joint calls, coordinated calls and twinning",
        "--code",
        "Co-funding mechanisms",
        "--code",
        "Joint calls",
        "--note",
        "Modalities, §2 — 𝓔𝓤 日本",
        data=data,
    )
    _ok(
        "annotate",
        "--project",
        path,
        "--document",
        "step up",
        "--quote",
        "Japan",
        "--occurrence",
        "2",
        "--code",
        "Pandemics",
        "--reviewer",
        "Bea",
        data=data,
    )
    return path


def test_a_qdpx_export_imports_into_another_project_and_again_changes_nothing(
    project: Path,
    data: Path,
    tmp_path: Path,
) -> None:
    archive = tmp_path / "ours.qdpx"
    result = _accord("export", "--project", project, "--format", "qdpx", "-o", archive, data=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(archive)]
    assert "Exported 2 annotations as qdpx to 1 file." in result.stderr
    with zipfile.ZipFile(archive) as opened:
        assert "project.qde" in opened.namelist()
    colleague = tmp_path / "colleague.accord"
    report = _ok("import", "--project", colleague, archive, data=data)
    assert "Documents: 0 added, 2 already in the project." in report
    assert "Annotations: 2 added, 0 unchanged, 0 in conflict, 0 not placed." in report
    assert _listed(colleague, data) == _listed(project, data)
    before = dump(colleague)
    again = _ok("import", "--project", colleague, archive, data=data)
    assert "Annotations: 0 added, 2 unchanged, 0 in conflict, 0 not placed." in again
    assert "Nothing changed" in again
    assert dump(colleague) == before


def test_filters_narrow_the_export(project: Path, data: Path, tmp_path: Path) -> None:
    everything, bea, coded, letter = (tmp_path / f"{n}.csv" for n in ("all", "bea", "c", "l"))
    _ok("export", "--project", project, "--format", "csv", "-o", everything, data=data)
    _ok(
        "export", "--project", project, "--format", "csv", "-o", bea, "--reviewer", "bea", data=data
    )
    _ok(
        "export",
        "--project",
        project,
        "--format",
        "csv",
        "-o",
        coded,
        "--code",
        "Funding modalities",
        data=data,
    )
    _ok(
        "export",
        "--project",
        project,
        "--format",
        "csv",
        "-o",
        letter,
        "--document",
        "letter-of-intent-eu-japan-sti.pdf",
        data=data,
    )

    def quotes(path: Path) -> list[str]:
        """One quote per annotation (the CSV has a row per annotation and code)."""
        rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        return sorted({row["annotation_id"]: row["quote"] for row in rows}.values())

    both = quotes(everything)
    assert len(both) == 2
    assert quotes(bea) == ["Japan"]
    assert quotes(coded) == quotes(letter) == [q for q in both if q != "Japan"]


def test_every_format_writes_its_file(project: Path, data: Path, tmp_path: Path) -> None:
    for format in ("jsonld", "qdc", "xlsx", "md", "html"):
        out = tmp_path / f"ours.{format}"
        _ok("export", "--project", project, "--format", format, "-o", out, data=data)
        assert out.stat().st_size > 0, format
    report = (tmp_path / "ours.md").read_text(encoding="utf-8")
    assert "co-funding mechanisms" in report and "Bea" in report
    annotations = json.loads((tmp_path / "ours.jsonld").read_text(encoding="utf-8"))
    assert annotations["total"] == 2


def test_pdf_export_writes_one_pdf_per_document_or_one_file(
    project: Path,
    data: Path,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pdfs"
    written = _ok(
        "export", "--project", project, "--format", "pdf", "-o", folder, data=data
    ).splitlines()
    assert len(written) == 2 and all(Path(p).parent == folder for p in written)
    assert all(Path(p).read_bytes().startswith(b"%PDF-") for p in written)
    single = tmp_path / "letter.pdf"
    assert _ok(
        "export",
        "--project",
        project,
        "--format",
        "pdf",
        "-o",
        single,
        "--document",
        "Letter of Intent",
        data=data,
    ).splitlines() == [str(single)]
    colleague = tmp_path / "from-pdf.accord"
    report = _ok("import", "--project", colleague, single, data=data)
    assert "Annotations: 1 added" in report
    (imported,) = _listed(colleague, data)
    assert imported["quote"] == next(
        a["quote"] for a in _listed(project, data) if a["reviewer"] == "Ada"
    )


def test_a_conflicting_edit_is_listed_and_taken_only_when_asked(
    project: Path,
    data: Path,
    tmp_path: Path,
) -> None:
    archive = tmp_path / "ours.qdpx"
    _ok("export", "--project", project, "--format", "qdpx", "-o", archive, data=data)
    colleague = tmp_path / "colleague.accord"
    _ok("import", "--project", colleague, archive, data=data)
    _ok(
        "annotate",
        "--project",
        colleague,
        "--document",
        "Letter of Intent",
        "--quote",
        "twinning",
        "--note",
        "Chen's",
        "--reviewer",
        "Chen",
        data=data,
    )
    theirs = tmp_path / "theirs.qdpx"
    _ok("export", "--project", colleague, "--format", "qdpx", "-o", theirs, data=data)
    mine = tmp_path / "mine.accord"
    _ok("import", "--project", mine, archive, data=data)
    first = _listed(mine, data)[0]
    json_export = tmp_path / "edited.jsonld"
    _ok("export", "--project", mine, "--format", "jsonld", "-o", json_export, data=data)
    collection = json.loads(json_export.read_text(encoding="utf-8"))
    for item in collection["first"]["items"]:
        for body in item.get("body", []):
            if body.get("purpose") == "commenting":
                body["value"] = body["value"].replace("Modalities, §2", "Edited")
    json_export.write_text(json.dumps(collection), encoding="utf-8")
    kept = _ok("import", "--project", mine, json_export, data=data)
    assert "Annotation conflicts (ours kept):" in kept and "another note" in kept
    assert _listed(mine, data)[0]["note"] == first["note"]
    taken = _ok("import", "--project", mine, json_export, "--on-conflict", "theirs", data=data)
    assert "Annotation conflicts (the file's version taken):" in taken
    assert str(_listed(mine, data)[0]["note"]).startswith("Edited")
    merged = _ok("import", "--project", mine, theirs, data=data)
    assert "Annotations: 1 added, 1 unchanged, 1 in conflict" in merged
    assert {a["reviewer"] for a in _listed(mine, data)} == {"Ada", "Bea", "Chen"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["export", "--format", "csv", "-o", "{tmp}/x.csv", "--reviewer", "Zoe"],
            "no reviewer “Zoe”",
        ),
        (
            ["export", "--format", "csv", "-o", "{tmp}/x.csv", "--code", "Space"],
            "No code is named “Space”",
        ),
        (
            ["export", "--format", "csv", "-o", "{tmp}/x.csv", "--document", "minutes"],
            "has no document “minutes”",
        ),
        (["export", "--format", "csv", "-o", "{tmp}"], "is a folder"),
        (["import", "{tmp}/notes.txt"], "“notes.txt” is not a file Accord imports"),
        (["import", "{tmp}/missing.qdpx"], "Can't read “missing.qdpx”"),
        (["import", "{tmp}/fake.qdpx"], "fake.qdpx"),
    ],
)
def test_errors_are_sentences_with_exit_code_2_and_change_nothing(
    project: Path,
    data: Path,
    tmp_path: Path,
    arguments: list[str],
    message: str,
) -> None:
    (tmp_path / "notes.txt").write_text("plain words\n", encoding="utf-8")
    (tmp_path / "fake.qdpx").write_bytes(b"PK\x03\x04 not really a zip")
    before = dump(project)
    command, *rest = (a.format(tmp=tmp_path) for a in arguments)
    result = _accord(command, "--project", project, *rest, data=data)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert dump(project) == before
    assert not (tmp_path / "x.csv").exists()

"""``accord annotate``, ``accord list`` and ``accord codebook`` in real subprocesses."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _accord(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACCORD_DATA_DIR": str(data), "ACCORD_REVIEWER": "Ada"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def project(data: Path) -> Path:
    """A project made by the first command that names it, then annotated twice."""
    path = data / "cli.accord"
    first = _accord(
        "annotate",
        "--project",
        str(path),
        "--document",
        "Letter of Intent",
        "--quote",
        "research and innovation",
        "--code",
        "Pandemics",
        "--code",
        "Instruments/Dialogue",
        "--note",
        "First pass",
        data=data,
    )
    assert first.returncode == 0, first.stderr
    second = _accord(
        "annotate",
        "--project",
        str(path),
        "--document",
        "news-article-eu-japan-sti-2020-05-26.html",
        "--quote",
        "Japan",
        "--occurrence",
        "2",
        "--code",
        "Climate change",
        "--reviewer",
        "Bea",
        data=data,
    )
    assert second.returncode == 0, second.stderr
    return path


def test_annotate_prints_the_new_id(project: Path, data: Path) -> None:
    listed = json.loads(
        _accord("list", "--project", str(project), "--format", "json", data=data).stdout
    )
    assert len(listed) == 2
    letter, article = listed
    assert letter["quote"].casefold() == "research and innovation"
    assert set(letter["codes"].split("; ")) == {"Instruments/Dialogue", "Thematic areas/Pandemics"}
    assert (letter["note"], letter["reviewer"], letter["page"]) == ("First pass", "Ada", 1)
    assert (article["quote"], article["reviewer"]) == ("Japan", "Bea")
    assert letter["created"].endswith("Z") and len(letter["created"]) == 20


def test_list_filters_by_code_including_sub_codes_and_by_document(
    project: Path, data: Path
) -> None:
    by_code = _accord(
        "list", "--project", str(project), "--code", "Thematic areas", "--format", "csv", data=data
    )
    rows = list(csv.DictReader(io.StringIO(by_code.stdout)))
    assert [r["reviewer"] for r in rows] == ["Ada", "Bea"]
    by_document = _accord(
        "list",
        "--project",
        str(project),
        "--document",
        "step up",
        "--code",
        "Climate change",
        data=data,
    )
    assert by_document.returncode == 0
    lines = by_document.stdout.splitlines()
    assert lines[0].split() == ["ID", "DOCUMENT", "PAGE", "QUOTE", "CODES", "REVIEWER", "STATUS"]
    assert lines[-1] == "1 annotation" and "Japan" in lines[1]


def test_codebook_as_tree_and_json(project: Path, data: Path) -> None:
    tree = _accord("codebook", "--project", str(project), data=data)
    assert tree.returncode == 0
    assert tree.stdout.splitlines()[:2] == [
        "Thematic areas  #5D6D7E",
        "  Pandemics  #D55E00  [key 1]",
    ]
    codes = json.loads(
        _accord("codebook", "--project", str(project), "--format", "json", data=data).stdout
    )
    paths = {c["path"] for c in codes}
    assert {"Thematic areas", "Instruments", "Thematic areas/Pandemics/COVID-19"} <= paths
    pins = {c["pin"]: c["path"] for c in codes if c["pin"] is not None}
    assert pins == {
        1: "Thematic areas/Pandemics",
        2: "Thematic areas/Climate change",
        3: "Thematic areas/Digital transition",
        4: "Thematic areas/Ageing societies",
        5: "Thematic areas/Artificial intelligence",
        6: "Thematic areas/Quantum technology",
        7: "Thematic areas/Smart cities",
        8: "Thematic areas/Open science",
        9: "Instruments/Programmes/Horizon Europe",
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--quote", "cooperation on warp drives"], "does not occur"),
        (["--quote", "Japan"], "--occurrence N"),
        (["--quote", "Japan", "--occurrence", "99"], "between 1 and"),
        (["--quote", "Japan", "--occurrence", "1", "--code", "Space"], "No code is named"),
        (["--quote", "Japan", "--occurrence", "1", "--code", "Thematic areas"], "folder"),
        (["--document", "minutes", "--quote", "Japan"], "has no document “minutes”"),
    ],
)
def test_annotate_errors_are_sentences_with_exit_code_2(
    project: Path, data: Path, arguments: list[str], message: str
) -> None:
    before = _accord("list", "--project", str(project), "--format", "json", data=data).stdout
    defaults = ["--document", "Letter of Intent"] if "--document" not in arguments else []
    result = _accord("annotate", "--project", str(project), *defaults, *arguments, data=data)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    after = _accord("list", "--project", str(project), "--format", "json", data=data).stdout
    assert after == before


def _folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_a_refused_annotate_by_a_new_reviewer_writes_nothing(project: Path, data: Path) -> None:
    """Not even the new reviewer's name: the file and its folder stay byte for byte."""
    before = _folder_state(project.parent)
    result = _accord(
        "annotate",
        "--project",
        str(project),
        "--document",
        "Letter of Intent",
        "--quote",
        "cooperation on warp drives",
        "--reviewer",
        "Zoe",
        data=data,
    )
    assert result.returncode == 2 and "does not occur" in result.stderr
    assert _folder_state(project.parent) == before


def test_a_refused_command_on_a_new_project_path_leaves_no_project(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "new.accord"
    result = _accord(
        "annotate",
        "--project",
        str(path),
        "--document",
        "Letter of Intent",
        "--quote",
        "cooperation on warp drives",
        data=tmp_path,
    )
    assert result.returncode == 2 and "does not occur" in result.stderr
    assert list(path.parent.iterdir()) == []


def test_a_bad_project_file_is_named_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.accord"
    path.write_text("not a project\n" * 20, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = _accord("list", "--project", str(path), data=tmp_path)
    assert result.returncode == 2
    assert str(path) in result.stderr and "not an Accord project" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_without_project_the_default_project_is_used(tmp_path: Path) -> None:
    result = _accord("list", "--format", "json", data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert (tmp_path / "Accord.accord").is_file()


def test_help_and_version_do_not_load_the_store() -> None:
    probe = (
        "import sys\n"
        "from desktop import cli\n"
        "for args in (['--version'], ['--help'], ['list', '--help']):\n"
        "    try:\n"
        "        cli.main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('sqlite3', 'sqlite_utils', 'desktop.store', 'pymupdf')\n"
        "            if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert "annotate (highlight a quote and code it)" in result.stdout  # the main --help
    assert "--document DOC" in result.stdout  # list --help

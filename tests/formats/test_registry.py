"""The format registry is the one list of formats: the README, the command line, the dialogs
and the import's detection are made from it, and every function it names exists."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from desktop import cli
from desktop.app.importing import detect_format
from desktop.formats.columns import names
from desktop.formats.limits import ImportRefused
from desktop.formats.registry import EXPORT_NAMES, EXPORTS, FORMATS, IMPORTS, readme_tables

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_lists_the_formats_as_the_registry_declares_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_tables() in readme, (
        "README.md's format tables differ from desktop/formats/registry.py; paste the output "
        "of `uv run python -m desktop.formats.registry` over them"
    )
    assert f"--format {'|'.join(EXPORT_NAMES)} " in readme
    listed = readme.partition("CSV/XLSX columns:")[2].partition("(times ISO-8601")[0]
    named = [n.strip() for part in re.findall(r"`([^`]*)`", listed) for n in part.split(",")]
    assert [n for n in named if n] == list(names()), "README's CSV/XLSX columns"


def test_the_command_line_offers_every_export_format_and_no_other() -> None:
    export = cli._subcommand_parser()._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    (chosen,) = [a for a in export._actions if a.dest == "format"]
    assert tuple(chosen.choices) == EXPORT_NAMES


def test_every_declared_writer_and_reader_is_a_function_of_the_declared_shape() -> None:
    for found in EXPORTS:
        parameters = inspect.signature(found.writer()).parameters
        assert "progress" in parameters, found.name
    for found in IMPORTS:
        parameters = inspect.signature(found.reader()).parameters
        assert list(parameters)[:2] == ["path", "documents"], found.name


def test_names_and_extensions_are_unique() -> None:
    names = [f.name for f in FORMATS]
    assert len(names) == len(set(names))
    extensions = [e for f in FORMATS for e in f.extensions]
    assert len(extensions) == len(set(extensions))
    assert all(e == e.lower() and e.startswith(".") for e in extensions)


@pytest.mark.parametrize("found", IMPORTS, ids=lambda f: f.name)
def test_each_importable_format_is_recognised_by_its_content_under_each_of_its_names(
    found, tmp_path: Path
) -> None:
    assert found.imports is not None
    for extension in found.extensions:
        path = tmp_path / f"file{extension}"
        path.write_bytes(found.imports.signature[0] + b" ")
        assert detect_format(path) is found


def test_a_file_whose_name_claims_another_format_is_refused_in_the_registry_words(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.jsonld"
    path.write_bytes(b"PK\x03\x04 a zip")
    with pytest.raises(ImportRefused, match=r"Web Annotation / Hypothesis JSON.*REFI-QDA project"):
        detect_format(path)

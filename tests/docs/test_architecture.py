"""ARCHITECTURE.md stays true: every file and module it names exists (it named
``desktop/app/session.py`` and ``ui/session_bridge.py`` for a while after they were renamed)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = ROOT / "ARCHITECTURE.md"
_ROOTS = "desktop|tests|benchmarks|resources|documents|packaging"
_PATH = re.compile(rf"`((?:{_ROOTS})/[\w./-]+)`")
_MODULE = re.compile(r"`(desktop(?:\.\w+)+)`")


def _module_exists(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_every_file_and_module_the_architecture_names_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    paths, modules = _PATH.findall(text), _MODULE.findall(text)
    assert paths and modules
    assert [p for p in paths if not (ROOT / p).exists()] == []
    assert [m for m in modules if not _module_exists(m)] == []


def test_the_architecture_says_how_to_add_a_per_annotation_field_in_numbered_steps() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("### How to add a per-annotation field", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^(\d+)\. ", section, re.MULTILINE)
    assert steps == [str(n) for n in range(1, len(steps) + 1)] and len(steps) >= 3
    assert "desktop/core/model.py" in section and "desktop/store/schema.py" in section

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

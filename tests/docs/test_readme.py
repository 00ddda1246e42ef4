"""The README is the user's manual: its links lead to files of the repository, and it does not
say that the window cannot do what it does."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_LINK = re.compile(r"\[[^\]]*\](?:\(([^)]+)\)|(?!\())")
_BRACKETED_PATH = re.compile(r"\[`([^`\]]+\.md)`\](?!\()")


def _local_targets(text: str) -> list[str]:
    targets = [
        m.group(1)
        for m in _LINK.finditer(text)
        if m.group(1) and "://" not in m.group(1) and not m.group(1).startswith("#")
    ]
    return targets + _BRACKETED_PATH.findall(text)


def test_readme_links_are_files_inside_the_repository() -> None:
    for document in (ROOT / "README.md", ROOT / "ARCHITECTURE.md"):
        for target in _local_targets(document.read_text(encoding="utf-8")):
            path = (document.parent / target.split("#")[0]).resolve()
            assert path.is_relative_to(ROOT), f"{document.name} links outside: {target}"
            assert path.exists(), f"{document.name} links to a missing file: {target}"


def test_readme_does_not_say_the_window_cannot_open_projects() -> None:
    assert "does not open projects" not in (ROOT / "README.md").read_text(encoding="utf-8")

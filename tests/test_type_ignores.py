"""Below the window every layer type-checks (``uv run mypy`` in CI), and where a check is
silenced the silence is narrow and explained: each ``type: ignore`` names its error code and
says why, in a comment on its line or on the line above (issue 13 §8)."""

from __future__ import annotations

import re
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[1] / "desktop"
_IGNORE = re.compile(r"#\s*type:\s*ignore(\[[\w-]+(?:,\s*[\w-]+)*\])?")


def test_every_type_ignore_below_the_window_names_its_code_and_says_why() -> None:
    unexplained = []
    for path in sorted(DESKTOP.rglob("*.py")):
        if path.relative_to(DESKTOP).parts[0] == "ui":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            found = _IGNORE.search(line)
            if found is None:
                continue
            said = "#" in line[found.end() :] or lines[number - 1].lstrip().startswith("#")
            if found.group(1) is None or not said:
                unexplained.append(f"{path.relative_to(DESKTOP.parent)}:{number + 1}")
    assert unexplained == []

"""The README's shortcut table is the user's list of keys: every default key of a window
command (declared once, in ``desktop.ui.actions``) must be in it, so a key added or changed in
the table of commands cannot leave the manual behind."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence

from desktop.ui.actions import ENTRIES, ActionSpec

README = Path(__file__).resolve().parents[2] / "README.md"


def _shortcut_section() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Shortcuts", 1)[1].split("\n#", 1)[0]
    # "1–9" in the table stands for each key of the range.
    return re.sub(
        r"\b(\d)–(\d)\b",
        lambda m: " ".join(str(n) for n in range(int(m[1]), int(m[2]) + 1)),
        section,
    )


def _default_keys() -> list[tuple[str, str]]:
    keys = []
    for entry in ENTRIES:
        if isinstance(entry, ActionSpec):
            for key in entry.shortcuts:
                text = key if isinstance(key, str) else QKeySequence(key).toString()
                keys.append((entry.id, text))
    return keys


def test_every_default_key_of_a_command_is_in_the_readme(qapp) -> None:
    section = _shortcut_section()
    missing = [
        (command, key)
        for command, key in _default_keys()
        if not re.search(rf"(?<![\w+]){re.escape(key)}(?![\w])", section)
    ]
    assert _default_keys(), "the table of commands declares no keys"
    assert missing == [], f"keys of commands missing from the README's shortcut table: {missing}"

"""A note's Markdown as the plain text it reads as, for places that show one line of it.

Notes are written in simple Markdown (the Note panel renders them). Where a note is shown as
plain text, in a list cell or a tooltip, its marks would be noise ("**commitment**", "[the
letter](…)"), so they are taken off here and the words kept: emphasis, code, headings, list and
quote markers, links (their text) and images (their description). Backslash escapes keep the
character they escape.
"""

from __future__ import annotations

import re

_LINE_MARKS = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+)+")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(
    r"(\*{1,3}|~~)(?=\S)(.+?)(?<=\S)\1"
    r"|(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\3(?!\w)"
)  # not in snake_case
_CODE = re.compile(r"(`+)(.+?)\1")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_HELD = 0xF0000
"""Escaped characters wait in Unicode's private use plane while the marks are taken off."""
_MARKS = frozenset("*_`[]#>~\\")


def plain_text(markdown: str) -> str:
    """The words of ``markdown`` without its marks, line by line."""
    if not _MARKS.intersection(markdown) and not any(
        _LINE_MARKS.match(line) for line in markdown.splitlines()
    ):
        return markdown
    return "\n".join(_plain_line(line) for line in markdown.splitlines())


def _plain_line(line: str) -> str:
    line = _ESCAPED.sub(lambda m: chr(_HELD + ord(m.group(1))), line)
    line = _LINE_MARKS.sub("", line)
    line = _CODE.sub(lambda m: m.group(2).strip(), line)
    line = _IMAGE_OR_LINK.sub(r"\1", line)
    previous = None
    while previous != line:  # nested emphasis: ***both*** or **a _b_**
        previous, line = line, _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), line)
    return "".join(
        chr(ord(c) - _HELD) if ord(c) >= _HELD + 33 and ord(c) < _HELD + 127 else c for c in line
    )

"""Parse an untrusted JSON file within Accord's caps, or refuse it with a sentence.

The size is checked before reading, and the nesting depth before parsing (so that no parser
recursion, in any thread, ever meets a hostile ``[[[[…``). The depth is measured on the file's
skeleton with C-speed string operations: escaped backslashes and then escaped quotes are
removed (left to right, the way JSON pairs escapes), after which every ``"`` opens or closes a
string; one regular expression then drops strings and everything but brackets, and a running
sum gives the depth. A ``"`` left over opens a string that never closes (a file cut short, as
an interrupted download leaves it): what follows it is text, not structure, and the parser then
says where the string starts. About 1.4 s of CPU for a 165 MB export of 100,000 annotations.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from pathlib import Path

from desktop.formats.limits import MAX_JSON_BYTES, MAX_JSON_DEPTH, ImportRefused

_NOT_STRUCTURE = re.compile(r'(?:"[^"]*"|[^\[\]{}"])+')
"""Strings (once escapes are gone) and runs of anything but brackets."""
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (0 for a bare number or string)."""
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    skeleton = _NOT_STRUCTURE.sub("", unescaped).partition('"')[0]
    return max(accumulate(map(_STEP.__getitem__, skeleton)), default=0)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def load_json(path: Path) -> object:
    """The parsed content of ``path``; ``ImportRefused`` naming the file when it cannot be read,
    is larger than ``MAX_JSON_BYTES``, nests deeper than ``MAX_JSON_DEPTH`` or is not JSON."""
    name = path.name
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_JSON_BYTES + 1)
    except OSError as error:
        raise ImportRefused(f"Can't read “{name}”: {error.strerror or error}.") from None
    if len(raw) > MAX_JSON_BYTES:
        raise ImportRefused(
            f"“{name}” is larger than {MAX_JSON_BYTES // 1024**2} MB, "
            "more than Accord imports from one JSON file."
        )
    try:
        text = raw.decode(json.detect_encoding(raw)).removeprefix("\ufeff")
    except (UnicodeDecodeError, LookupError):
        raise ImportRefused(
            f"“{name}” is not JSON: its bytes are not UTF-8 (or UTF-16/32) text."
        ) from None
    depth = nesting_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise ImportRefused(
            f"“{name}” nests {depth} levels deep; Accord reads at most "
            f"{MAX_JSON_DEPTH} (annotation files need about 10)."
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        cut = (
            " (the file ends too soon: was its download interrupted?)"
            if (error.msg.startswith("Unterminated string") or error.pos >= len(text.rstrip()))
            else ""
        )
        raise ImportRefused(
            f"“{name}” is not valid JSON: {error.msg.removesuffix(' at')} at "
            f"line {error.lineno}, column {error.colno}{cut}."
        ) from None
    except (ValueError, RecursionError) as error:
        raise ImportRefused(f"“{name}” is not valid JSON: {error}.") from None

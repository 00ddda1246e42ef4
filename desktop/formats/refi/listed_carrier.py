"""How the fields an annotation declares ``listed`` (its status, …) travel in a REFI-QDA
selection, which has no place for them: a line ``[accord:NAME=VALUE]`` at the end of the
selection's ``Description``, one per field, e.g. ``[accord:status=accepted]``.

The schema allows no attribute of another namespace on ``PlainTextSelection``, so the
``Description`` (the annotation's note, which other tools show as the segment's memo) is the
one place that every tool keeps and shows as it is. The ``Note`` written beside it holds the
note alone.

Lossless both ways: the writer adds the lines for the fields whose value is not their default
(a plain annotation's description is its note, as before), and for every field when the
note's own last line looks like one of them; the reader takes such lines from the end, each
field's name once, and only names Accord declares. So a note never loses a line and a value
never comes back different. Values are short labels (an enum's value): one holding ``]`` or a
line break is not carried.
"""

from __future__ import annotations

import re

from desktop.core.model import Annotation
from desktop.core.record import listed_fields, shown

_LINE = re.compile(r"\[accord:([a-z_]+)=([^\]\n]*)\]")
_LISTED = listed_fields(Annotation)
_NAMES = frozenset(field.name for field in _LISTED)


def description(note: str, annotation: object) -> str:
    """The ``Description`` of ``annotation`` (a record of the stored values or the model's
    value: its ``listed`` fields are read by name) whose note is ``note``."""
    texts = {field.name: shown(getattr(annotation, field.name)) for field in _LISTED}
    carried = [
        field.name
        for field in _LISTED
        if field.default is None or texts[field.name] != shown(field.default)
    ]
    last = note.rsplit("\n", 1)[-1]
    if (found := _LINE.fullmatch(last)) and found[1] in _NAMES:
        carried = [field.name for field in _LISTED]
    lines = [f"[accord:{name}={texts[name]}]" for name in carried]
    lines = [line for line in lines if _LINE.fullmatch(line)]
    return "\n".join([note, *lines] if note else lines)


def read_description(text: str) -> tuple[str, dict[str, str]]:
    """The note and the ``listed`` fields' values (as text, by name) of a ``Description``."""
    lines = text.strip().split("\n")
    values: dict[str, str] = {}
    while lines and (found := _LINE.fullmatch(lines[-1])):
        name = found[1]
        if name not in _NAMES or name in values:
            break
        values[name] = found[2]
        lines.pop()
    return "\n".join(lines).strip(), values

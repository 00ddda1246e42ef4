"""Code names in a PDF highlight's /Subj, written so that they read back as the same names.

Acrobat and Okular show /Subj as the comment's "subject", so it stays a line a person reads:
the names joined by "; ". A name that holds the separator itself ("Research; development")
is put in double quotes, as a spreadsheet does with a cell holding its delimiter (a quote
inside such a name is doubled), so a reader sees ``"Research; development"; Pandemics`` and
Accord reads two names back, not three. A name that only starts with a quote is quoted the
same way, so that it is not taken for a quoted one. Subjects other tools write ("Highlight",
"Water | Tariff") have no quotes and split on ";" as before; a quote that is never closed, or
that closes before more text (``"Smart" cities``), is kept as a character of the name.
"""

from __future__ import annotations

from collections.abc import Iterable

SEPARATOR = ";"
"""Between code names in /Subj (written with a space after it)."""
_QUOTE = '"'


def join_codes(names: Iterable[str]) -> str:
    """The /Subj of a highlight coded with ``names``, in their order."""
    return f"{SEPARATOR} ".join(_quoted(name) for name in names)


def split_codes(subject: str) -> list[str]:
    """The code names a /Subj holds, trimmed, empty ones left out."""
    names: list[str] = []
    index, length = 0, len(subject)
    while index <= length:
        while index < length and subject[index].isspace():
            index += 1
        name, index = _field(subject, index)
        if name:
            names.append(name)
        index += 1  # past the separator
    return names


def _quoted(name: str) -> str:
    if SEPARATOR not in name and not name.startswith(_QUOTE):
        return name
    return _QUOTE + name.replace(_QUOTE, _QUOTE * 2) + _QUOTE


def _field(subject: str, start: int) -> tuple[str, int]:
    """The name starting at ``start`` and the index of the separator after it (or the end)."""
    if subject.startswith(_QUOTE, start):
        closed = _closing_quote(subject, start + 1)
        if closed is not None:
            after = subject.find(SEPARATOR, closed + 1)
            end = len(subject) if after < 0 else after
            if not subject[closed + 1 : end].strip():
                return subject[start + 1 : closed].replace(_QUOTE * 2, _QUOTE).strip(), end
    after = subject.find(SEPARATOR, start)
    end = len(subject) if after < 0 else after
    return subject[start:end].strip(), end


def _closing_quote(subject: str, index: int) -> int | None:
    """The index of the quote that closes a quoted name (doubled quotes are part of it)."""
    while True:
        found = subject.find(_QUOTE, index)
        if found < 0:
            return None
        if subject.startswith(_QUOTE, found + 1):
            index = found + 2
            continue
        return found

"""Reading fields of untrusted JSON-LD: each helper returns the value Accord can use or raises
``Problem`` saying which field has the wrong shape (the file reader adds file and annotation)."""

from __future__ import annotations

import functools
import re
from typing import Any

JsonObject = dict[str, Any]
"""A JSON object as ``json.load`` gives it: its values are still untrusted, of any kind."""

_KINDS: dict[type[object], str] = {str: "text", list: "an array", dict: "an object"}

_UUID = re.compile(
    r"(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", re.IGNORECASE
)


_SURROGATE = re.compile("[\ud800-\udfff]")


class Problem(Exception):
    """A shape error inside one annotation."""


def kind_of(value: object) -> str:
    """What a JSON value is, in the words of the JSON spec (for messages)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return _KINDS.get(type(value), "a value")


def uuid_of(iri: object) -> str | None:
    """The upper-case uuid of a ``urn:uuid:`` IRI (or bare uuid), else None."""
    return _uuid_of_text(iri) if isinstance(iri, str) else None


@functools.lru_cache(maxsize=4096)
def _uuid_of_text(iri: str) -> str | None:
    """Cached: a file names the same few codes and reviewers again and again."""
    match = _UUID.fullmatch(iri.strip())
    return match.group(1).upper() if match else None


def printable(text: str) -> str:
    """``text`` for a message: an unpaired surrogate (which no file or terminal can hold)
    becomes its escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _checked(value: str, name: str) -> str:
    """JSON can spell half of a UTF-16 pair (``\\ud800``); such text cannot be stored."""
    if not value.isascii() and _SURROGATE.search(value):
        raise Problem(f"“{name}” holds a broken character (half of a UTF-16 surrogate pair)")
    return value


def text_field(value: object, name: str, *, default: str = "") -> str:
    """A string (JSON-LD also allows it as a one-element array); missing, ``default``."""
    if value is None:
        return default
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        raise Problem(f"“{name}” must be text, not {kind_of(value)}")
    return _checked(value, name)


def objects(value: object, name: str) -> list[JsonObject | str]:
    """A JSON-LD value that may be one object (or IRI) or an array of them."""
    items = value if isinstance(value, list) else [value]
    checked: list[JsonObject | str] = []
    for item in items:
        if not isinstance(item, dict | str):
            raise Problem(f"“{name}” must hold objects or IRIs, not {kind_of(item)}")
        checked.append(item)
    return checked


def words(value: object, name: str) -> list[str]:
    """A string or an array of strings (``motivation``, ``purpose``, ``type``, ``tags``)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [_checked(value, name)]
    items = value if isinstance(value, list) else [value]
    checked: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise Problem(f"“{name}” must be text or a list of texts")
        checked.append(_checked(item, name))
    return checked


def position(value: object, name: str) -> int:
    """A non-negative integer (``5.0`` is accepted as 5: JSON does not tell them apart)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Problem(f"“{name}” must be a non-negative integer, not {value!r:.40}")
    return value

"""The fields of the model's values, flattened and named: what every other shape of an
annotation, a coding, a document or a code derives from.

A value is declared once, as a frozen dataclass (``desktop.core.model``,
``desktop.codebook.model``). Everything that lays one out elsewhere (the store's columns and
rows, the export streams' records) walks ``flat_fields`` of that declaration and matches by
name, never by position: a field added to a dataclass reaches them all, and reordering its
fields changes nothing. A field declared ``listed`` also reaches every table of annotations
(the list's columns, the CSV and XLSX columns, ``accord list``, the report).

A field whose type is itself a dataclass (an annotation's ``anchor``) is flattened into that
dataclass's fields, as the store keeps them, each reached by its ``path`` (``anchor.start``). A
field kept under another name (a column named before the field was) says so with
``stored_as``; every other field is kept under its own name.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter
from typing import Any, TypeVar

_T = TypeVar("_T")
_STORED_AS = "stored_as"
_LISTED = "listed"


def stored_as(column: str) -> dict[str, str]:
    """A field's metadata when the store's column has another name than the field:
    ``document_id: DocumentId = field(metadata=stored_as("document_fingerprint"))``."""
    return {_STORED_AS: column}


def listed(title: str) -> dict[str, str]:
    """A field's metadata when every table of annotations shows it as it is, under its name
    (the CSV and XLSX exports' column, ``accord list``'s field) or ``title`` (the list's
    header, the report): ``field(default=…, metadata=listed("Status"))``. Such fields come
    after the columns each table lays out itself (the fields declared before this path
    existed, which each format shapes its own way)."""
    return {_LISTED: title}


@dataclass(frozen=True, slots=True)
class FlatField:
    """One leaf of a declared value: ``name`` (unique across the flattened value), ``path``
    (how to reach it from the value, ``anchor.start``), ``column`` (the store's name for it)
    and ``kind`` (its type, resolved: ``datetime``, ``str``, an enum, ``tuple[...]``)."""

    name: str
    path: str
    column: str
    kind: Any
    title: str | None = None
    """Its heading in the tables that list every ``listed`` field (None: not one)."""
    default: Any = None
    """The value a new annotation takes when nothing says otherwise (None: none declared)."""

    @property
    def get(self) -> Callable[[object], Any]:
        """The field's value out of a declared value."""
        return attrgetter(self.path)


@functools.cache
def flat_fields(declared: type) -> tuple[FlatField, ...]:
    """The leaves of ``declared`` in declaration order (a nested dataclass in place of its
    field). Names must be unique once flattened: they are the names every layout matches."""
    found = tuple(_leaves(declared, ""))
    names = [field.name for field in found]
    if len(set(names)) != len(names):
        raise TypeError(f"{declared.__name__} has two fields of one name once flattened: {names}")
    return found


def _leaves(declared: type, prefix: str) -> typing.Iterator[FlatField]:
    hints = typing.get_type_hints(declared)
    for field in dataclasses.fields(declared):
        kind = hints[field.name]
        if dataclasses.is_dataclass(kind):
            yield from _leaves(typing.cast(type, kind), f"{prefix}{field.name}.")
        else:
            column = field.metadata.get(_STORED_AS, field.name)
            title = field.metadata.get(_LISTED)
            default = None if field.default is dataclasses.MISSING else field.default
            yield FlatField(field.name, prefix + field.name, column, _plain(kind), title, default)


def _plain(kind: Any) -> Any:
    """A NewType as the type it names (``AnnotationId`` is a ``str`` to everything here)."""
    while hasattr(kind, "__supertype__"):
        kind = kind.__supertype__
    return kind


def listed_fields(declared: type) -> tuple[FlatField, ...]:
    """The fields of ``declared`` every table lists (see ``listed``), in declaration order."""
    return tuple(field for field in flat_fields(declared) if field.title is not None)


def shown(value: object) -> str:
    """A listed field's value as text: an enum by its value (a record's stored text is
    already that), anything else by ``str``."""
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def build(declared: type[_T], values: Mapping[str, object]) -> _T:
    """The value of ``declared`` whose flattened fields are ``values`` (by name; a nested
    dataclass is built from its own fields' names; a field missing from ``values`` takes its
    default)."""
    arguments: dict[str, object] = {}
    for name, nested in _parts(typing.cast(type, declared)):
        if nested is not None:
            arguments[name] = build(nested, values)
        elif name in values:
            arguments[name] = values[name]
    return declared(**arguments)


@functools.cache
def _parts(declared: type) -> tuple[tuple[str, type | None], ...]:
    """Each field of ``declared`` with the dataclass it holds, if it holds one."""
    hints = typing.get_type_hints(declared)
    return tuple(
        (
            field.name,
            typing.cast(type, hints[field.name])
            if dataclasses.is_dataclass(hints[field.name])
            else None,
        )
        for field in dataclasses.fields(declared)
    )

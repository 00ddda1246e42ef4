"""How the model's values lie in their tables, derived from their declarations by name.

A ``Layout`` is made from a declared value (``desktop.core.model``) and its table: its column
list, its ``INSERT`` and a value's row (both in the order of the declaration's fields, taken
from it once), its ``UPDATE`` with named placeholders, and a value read back from the columns
a query names (``cursor.description``), so no code keeps columns, values and unpacking in step
by hand. A field added to a declaration is a column of every statement here at once; the
migration that adds the column is the one thing to write.

Values are converted by their declared type: moments as ``format_time``'s text, rectangles as
``rects_json``, enums by their value, booleans as 0 or 1; everything else as it is.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from enum import Enum
from operator import attrgetter
from typing import Any, Generic, TypeVar

from desktop.codebook.model import Code
from desktop.core.geometry import PageRect, Rect
from desktop.core.links import Link
from desktop.core.model import Annotation, Coding, StoredDocument, format_time, parse_time
from desktop.core.record import FlatField, build, flat_fields
from desktop.core.review import Decision, Reply


def rects_json(rects: Iterable[PageRect]) -> str:
    """``[[page, x0, y0, x1, y1], …]``: readable in ``sqlite3`` and by ``json_each``. Written
    by hand, as ``json.dumps`` would (``repr`` of each number), from pieces cached per
    rectangle object: an import's 100,000 highlights share the line pieces its placer made
    (measured: half the time, a quarter of ``json.dumps``'s; the cache is looked up here, not
    in a function call per rectangle, which saves a fifth more)."""
    pieces = []
    for r in rects:
        found = _PIECES.get(id(r))
        pieces.append(_new_piece(r) if found is None else found[1])
    return "[" + ",".join(pieces) + "]"


_PIECES: dict[int, tuple[PageRect, str]] = {}
"""Encoded rectangles by object identity (each entry keeps its rectangle alive, so an id is
not reused while it is here). Not by equality: 0, 0.0 and -0.0 are equal and encode
differently."""
_MAX_PIECES = 65_536


def _new_piece(r: PageRect) -> str:
    """The piece of a rectangle not in the cache, which keeps it."""
    piece = f"[{r.page},{r.rect.x0!r},{r.rect.y0!r},{r.rect.x1!r},{r.rect.y1!r}]"
    if len(_PIECES) >= _MAX_PIECES:
        _PIECES.clear()
    _PIECES[id(r)] = (r, piece)
    return piece


_T = TypeVar("_T")
_Codec = tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None]
"""How a type is written to its column and read back (None: as it is)."""


def _codec(kind: Any) -> _Codec:
    if kind is datetime:
        return format_time, parse_time
    if kind == tuple[PageRect, ...]:
        return rects_json, rects_from_json
    if kind is bool:
        return int, bool
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _value, kind
    return None, None


def _value(member: Enum) -> object:
    return member.value


class Layout(Generic[_T]):
    """A declared value's columns in ``table`` (all its flattened fields, by name)."""

    def __init__(self, declared: type[_T], table: str) -> None:
        self.declared = declared
        self.table = table
        self.fields: tuple[FlatField, ...] = flat_fields(typing.cast(type, declared))
        self.columns = ", ".join(field.column for field in self.fields)
        """Every column, for ``SELECT`` (the order does not matter to ``values``)."""
        self.insert = self.inserting()
        paths = [field.path for field in self.fields]
        self._cells = attrgetter(*paths) if len(paths) > 1 else lambda v: (attrgetter(*paths)(v),)
        """Every field's value in one call (a bulk import makes 300,000 rows)."""
        self._writes = [
            (place, write)
            for place, field in enumerate(self.fields)
            if (write := _codec(field.kind)[0]) is not None
        ]
        self._reads = {field.column: (field.name, _codec(field.kind)[1]) for field in self.fields}

    def inserting(self, *extra: str) -> str:
        """``INSERT`` of every column and then the columns ``extra`` (kept by the store alone,
        such as when a document was added), for ``row`` followed by the extra values. Its
        placeholders are positional because a bulk import binds 300,000 rows: a tuple binds
        in about two thirds of a mapping's time (sqlite3 looks each name up per row)."""
        columns = [field.column for field in self.fields] + list(extra)
        return (
            f"INSERT INTO {self.table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )

    def column(self, name: str) -> str:
        """The column of the field ``name``."""
        return next(field.column for field in self.fields if field.name == name)

    def row(self, value: _T) -> tuple[object, ...]:
        """The value's row, its fields' cells in the declaration's order (for ``insert``)."""
        cells = list(self._cells(value))
        for place, write in self._writes:
            cells[place] = write(cells[place])
        return tuple(cells)

    def by_column(self, value: _T) -> dict[str, object]:
        """The value's row by column (for the named placeholders of ``update``)."""
        return dict(zip((field.column for field in self.fields), self.row(value), strict=True))

    def update(self, *, unchanging: Iterable[str], key: str = "id") -> str:
        """``UPDATE`` of every column but those of the fields ``unchanging``, the row found by
        the field ``key`` (named placeholders, for ``by_column``)."""
        fixed = {self.column(name) for name in (*unchanging, key)}
        sets = ", ".join(
            f"{field.column} = :{field.column}"
            for field in self.fields
            if field.column not in fixed
        )
        where = self.column(key)
        return f"UPDATE {self.table} SET {sets} WHERE {where} = :{where}"

    def values(self, cursor: sqlite3.Cursor) -> Iterator[_T]:
        """The values of the rows of ``cursor``, a query of columns of this layout (any
        order, any subset that leaves only fields with defaults out), matched by name."""
        reads = [self._reads[column[0]] for column in cursor.description]
        for row in cursor:
            yield build(
                self.declared,
                {
                    name: cell if read is None else read(cell)
                    for (name, read), cell in zip(reads, row, strict=True)
                },
            )

    def one(self, cursor: sqlite3.Cursor) -> _T | None:
        return next(self.values(cursor), None)


def rects_from_json(rects: str) -> tuple[PageRect, ...]:
    """The rectangles ``rects_json`` wrote."""
    return tuple(PageRect(int(p), Rect(x0, y0, x1, y1)) for p, x0, y0, x1, y1 in json.loads(rects))


ANNOTATIONS = Layout(Annotation, "annotations")
CODINGS = Layout(Coding, "annotation_codes")
DOCUMENTS = Layout(StoredDocument, "documents")
CODES = Layout(Code, "codes")
LINKS = Layout(Link, "links")
DECISIONS = Layout(Decision, "decisions")
REPLIES = Layout(Reply, "replies")

"""The annotation list's filter, held in memory so that it answers while the user types.

Asking SQLite for the ids that match a filter costs one pass over the annotations table:
measured on 100,000 annotations, 45 ms for a word of text (``LIKE``), 85–475 ms for a facet's
codes once the matches are put in reading order. A filter bar that re-filters on every
keystroke needs well under 50 ms. So the list keeps, for every annotation, only what a filter
looks at (the annotation field of each of ``filtering.ONE_VALUE_FIELDS``, the codes, and the
quote and note as ``filtering.searched_text``), in reading order, in parallel columns, and
filters them with C-level ``map``/``compress`` passes, by the rules of
``desktop.core.filtering``, which the store's SQL follows too.

Loading all of that takes the store about half a second, so it is read in reading order a
batch at a time (``load_batch``) while the window is idle, each batch appended to the columns
as it comes (nothing to sort at the end); ``matching`` before then finishes the load first.
``refresh`` re-reads the annotations a ``ChangeSet`` names, so the index never
needs reloading: a row already loaded is moved or dropped at once, one not loaded yet is read
as it is when its batch comes.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, repeat
from typing import Any, NamedTuple, TypeVar

from desktop.core.filtering import ONE_VALUE_FIELDS, AnnotationFilter, searched_text
from desktop.core.model import AnnotationId
from desktop.store import AnnotationRecord, Project

BATCH = 500
"""Annotations read per idle moment: 1,000 measured 55 ms of CPU on a busy two-core machine,
so half that keeps each pause of the event loop well under what a typist notices."""

_Key = tuple[int, int, int, str]
"""Reading order: the document's place, the span's start and end, the id (as the store's)."""


class _Entry(NamedTuple):
    """One annotation as the index keeps it, each field in a column of its name."""

    key: _Key
    id: AnnotationId
    codes: tuple[str, ...]
    text: str
    """Quote and note as ``filtering.searched_text``."""
    chosen: tuple[object, ...]
    """The value of each annotation field of ``ONE_VALUE_FIELDS``, in its order."""


_COLUMNS = (*_Entry._fields[:-1], *(field for field, _ in ONE_VALUE_FIELDS))
"""A column per field of ``_Entry``, ``chosen`` as a column per filter field it serves."""
_Shared = TypeVar("_Shared")


def _cells(entry: _Entry) -> tuple[object, ...]:
    """The entry's value in each of ``_COLUMNS``."""
    return (*entry[:-1], *entry.chosen)


class AnnotationIndex:
    """Every annotation's filter fields in reading order, for one open project."""

    def __init__(self, project: Project, *, batch: int = BATCH) -> None:
        self._project = project
        self._positions = {document.id: document.position for document in project.documents.all()}
        self._loading: Iterator[list[AnnotationRecord]] | None = project.annotations.record_batches(
            batch=batch
        )
        self._shared: dict[object, object] = {}
        """Each distinct text and set of codes held once: reviewers often quote the same clause
        and apply the same codes."""
        self._last: tuple[AnnotationFilter, list[int]] | None = None
        """The last filter and the rows it selected: typing on narrows these, not everything."""
        self._loaded_up_to: _Key | None = None
        """Where the load has read to: the next batch starts after this key."""
        self._columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
        """The entries, a list per name of ``_COLUMNS``, in reading order."""
        self._key_of: dict[str, _Key] = {}
        self._keys: list[_Key] = self._columns["key"]
        self._ids: list[AnnotationId] = self._columns["id"]
        self._codes: list[tuple[str, ...]] = self._columns["codes"]
        self._texts: list[str] = self._columns["text"]
        self.last_batch: list[AnnotationId] = []
        """The ids ``load_batch`` appended last, in reading order: what a list filling as the
        index loads shows next."""

    @property
    def ready(self) -> bool:
        return self._loading is None

    def __len__(self) -> int:
        """How many annotations the project has (finishing the load first)."""
        self.load_all()
        return len(self._ids)

    def load_batch(self) -> bool:
        """Load the next batch (a few milliseconds); True once everything is loaded."""
        if self._loading is None:
            return True
        batch = next(self._loading, None)
        if batch is None:
            self._loading = None
            self.last_batch = []
            return True
        entries = [self._entry(fields) for fields in batch]
        for moved in [entry.id for entry in entries if entry.id in self._key_of]:
            self._remove(moved)  # read before, moved past the load since: a ChangeSet to come
        for name, values in zip(_COLUMNS, zip(*map(_cells, entries), strict=True), strict=True):
            self._columns[name].extend(values)
        self._key_of.update((entry.id, entry.key) for entry in entries)
        self._loaded_up_to = entries[-1].key
        self.last_batch = [entry.id for entry in entries]
        return False

    def load_all(self) -> None:
        while not self.load_batch():
            pass

    def refresh(self, annotation_ids: Iterable[str]) -> None:
        """Read these annotations again (created, changed or deleted). While loading, only
        rows up to the last one loaded are placed now; later ones come with their batch."""
        wanted = sorted(set(annotation_ids))
        found = {
            fields.id: fields
            for batch in self._project.annotations.record_batches(wanted)
            for fields in batch
        }
        for annotation_id in wanted:
            self._remove(annotation_id)
            fields = found.get(annotation_id)
            if fields is None:
                continue
            entry = self._entry(fields)
            if self._loading is None or (
                self._loaded_up_to is not None and entry.key <= self._loaded_up_to
            ):
                self._insert(entry)

    def key(self, annotation_id: str) -> _Key:
        """The annotation's place in reading order (``KeyError`` for one not loaded)."""
        return self._key_of[annotation_id]

    def accepts(self, annotation_id: str, where: AnnotationFilter) -> bool:
        """Whether ``where`` selects the annotation, as ``matching`` would, in microseconds:
        what a list asks of the one annotation just made."""
        key = self._key_of.get(annotation_id)
        if key is None:
            return False
        at = bisect_left(self._keys, key)
        return all(next(mask) for mask in self._masks(self._evaluated(where), [at]))

    def matching(self, where: AnnotationFilter) -> list[AnnotationId]:
        """The ids ``where`` selects, in reading order (the store's ``ids`` semantics, with
        case ignored in every script). Each criterion is a lazy C-level ``map`` over a column
        and ``compress`` walks them all at once. When ``where`` can only select fewer rows
        than the last filter (a letter typed on, a choice added or narrowed), only the rows
        the last filter kept are tried."""
        self.load_all()
        where = self._evaluated(where)
        rows: Sequence[int] | None = None
        if self._last is not None and where.narrows(self._last[0]):
            rows = self._last[1]
        masks = self._masks(where, rows)
        if not masks:
            self._last = None
            return list(self._ids) if rows is None else list(map(self._ids.__getitem__, rows))
        selected = masks[0]
        for mask in masks[1:]:
            selected = map(operator.and_, selected, mask)
        kept = list(compress(range(len(self._ids)) if rows is None else rows, selected))
        self._last = (where, kept)
        return list(map(self._ids.__getitem__, kept))

    def _evaluated(self, where: AnnotationFilter) -> AnnotationFilter:
        """``where`` as the columns are tested against it: with the sub-codes of its codes."""
        return where.with_sub_codes(self._project.codes.codebook()) if where.code_ids else where

    def _masks(self, where: AnnotationFilter, rows: Sequence[int] | None) -> list[Iterator[bool]]:
        """One lazy mask per criterion of ``desktop.core.filtering``'s rules, over every row
        or over ``rows`` only."""

        def column(values: list[Any]) -> Iterable[Any]:
            return values if rows is None else map(values.__getitem__, rows)

        masks: list[Iterator[bool]] = []
        for field, _ in ONE_VALUE_FIELDS:
            chosen = getattr(where, field)
            if chosen:
                masks.append(map(chosen.__contains__, column(self._columns[field])))
        if where.code_ids:
            masks.append(map(operator.not_, map(where.code_ids.isdisjoint, column(self._codes))))
        masks += [
            map(operator.contains, column(self._texts), repeat(word)) for word in where.words()
        ]
        return masks

    def _entry(self, fields: AnnotationRecord) -> _Entry:
        position = self._positions.get(fields.document_id)
        if position is None:  # a document added since the index was made
            self._positions = {d.id: d.position for d in self._project.documents.all()}
            position = self._positions.get(fields.document_id, len(self._positions))
        return _Entry(
            key=(position, fields.start, fields.end, fields.id),
            id=fields.id,
            codes=self._share(tuple(coding.code_id for coding in fields.codings)),
            text=self._share(searched_text(fields.exact, fields.note)),
            chosen=tuple(
                self._share(getattr(fields, looked_at)) for _, looked_at in ONE_VALUE_FIELDS
            ),
        )

    def _share(self, value: _Shared) -> _Shared:
        # A value is only ever shared with an equal one, so of its own type (the one dict
        # holds both of _Shared's types, which mypy cannot tie to the TypeVar).
        return self._shared.setdefault(value, value)  # type: ignore[return-value]

    def _insert(self, entry: _Entry) -> None:
        at = bisect_left(self._keys, entry.key)
        self._key_of[entry.id] = entry.key
        for name, value in zip(_COLUMNS, _cells(entry), strict=True):
            self._columns[name].insert(at, value)
        self._last = None

    def _remove(self, annotation_id: str) -> None:
        key = self._key_of.pop(annotation_id, None)
        if key is None:
            return
        at = bisect_left(self._keys, key)
        for column in self._columns.values():
            del column[at]
        self._last = None

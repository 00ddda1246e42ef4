"""The annotation list's rows without Qt: the ids it shows, in order, and how an edit's
``ChangeSet`` moves them.

A created or deleted annotation inserts or removes just its row (so a view keeps its selection
and scroll position), a new one placed by a binary search on its place in reading order once
the filter index is loaded (before, and for bulk edits, by running the filter again); a
changed one keeps its row, even if it no longer matches the filter, so a row never jumps away
while the user works on it, and is only repainted. While the filter index loads, an unfiltered
list fills a batch at a time (``append_loaded``), and an edit meanwhile places its row among
the rows loaded so far as on a full list (or leaves it to its batch). ``RowEvents`` is told
before and after rows come or go, as a Qt item model must tell its views
(``desktop.ui.annotation_model``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from desktop.app.annotation_index import AnnotationIndex
from desktop.core.changes import Action, ChangeSet, Entity
from desktop.core.model import AnnotationId
from desktop.store import AnnotationFilter

PAGE = 100
"""Edits of more annotations than this refresh the whole list, not row by row."""


class RowEvents(Protocol):
    """Who is told as rows come and go (a Qt model's ``begin…``/``end…`` calls)."""

    def begin_remove(self, row: int) -> None: ...
    def end_remove(self) -> None: ...
    def begin_insert(self, first: int, last: int) -> None: ...
    def end_insert(self) -> None: ...
    def begin_reset(self) -> None: ...
    def end_reset(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Moved:
    """What an edit did to the rows: whether any came or went, and which to repaint (None:
    every row)."""

    counts: bool
    repaint: list[int] | None


class ListRows:
    """The ids a filtered list shows, and whether they are still in reading order (a resized
    highlight keeps its row, even past its neighbours)."""

    def __init__(
        self, ids: list[AnnotationId], events: RowEvents, *, filling: bool = False
    ) -> None:
        self.ids = ids
        self.in_order = True
        self.filling: set[str] | None = set(ids) if filling else None
        """While the rows come with the index's batches: the ids shown so far, so that one
        placed meanwhile by an edit is not shown twice. None once full."""
        self._events = events

    def row_of(self, annotation_id: str) -> int | None:
        """The annotation's row, or None when the filter hides it: a C-level scan (a
        millisecond for 100,000 rows) rather than a dictionary rebuilt after every filter."""
        try:
            return self.ids.index(AnnotationId(annotation_id))
        except ValueError:
            return None

    def reset(self, ids: list[AnnotationId]) -> None:
        """Show ``ids``, every row there is (a list still filling is full from now on)."""
        self._events.begin_reset()
        self.filling = None
        self.ids = ids
        self.in_order = True
        self._events.end_reset()

    def append_loaded(self, batch: list[AnnotationId]) -> None:
        """The rows of the index's last batch, at the end, but those an edit placed already."""
        shown = self.filling
        if shown is None:
            return
        fresh = [found for found in batch if found not in shown]
        if fresh:
            first = len(self.ids)
            self._events.begin_insert(first, first + len(fresh) - 1)
            self.ids += fresh
            shown.update(fresh)
            self._events.end_insert()

    def apply(
        self,
        change_set: ChangeSet,
        *,
        index: AnnotationIndex,
        where: AnnotationFilter,
        query: Callable[[], list[AnnotationId]],
    ) -> Moved:
        """Follow the annotations ``change_set`` names (``index`` re-reads them; ``query``
        runs the filter again when placing rows one by one cannot do)."""
        if not change_set.touches(Entity.ANNOTATION):
            return Moved(counts=False, repaint=[])
        index.refresh(change_set.ids(Entity.ANNOTATION))
        added = change_set.ids(Entity.ANNOTATION, Action.CREATED)
        removed = change_set.ids(Entity.ANNOTATION, Action.DELETED)
        if (added or removed) and not (
            (index.ready or self.filling is not None)
            and self.in_order
            and len(added) + len(removed) <= PAGE
            and self._place(index, where, added=added, removed=removed)
        ):
            self._update(query(), added=added, removed=removed)
        modified = change_set.ids(Entity.ANNOTATION, Action.MODIFIED)
        counts = bool(added or removed)
        if len(modified) > PAGE:  # a merge of codes: repaint what is seen
            self.in_order = False
            return Moved(counts, None)
        repaint = []
        for annotation_id in modified:
            row = self.row_of(annotation_id)
            if row is not None:
                self.in_order = self.in_order and self._still_in_order(index, row)
                repaint.append(row)
        return Moved(counts, repaint)

    def _still_in_order(self, index: AnnotationIndex, row: int) -> bool:
        """Whether a changed row is still between its neighbours in reading order (a resize
        may move a highlight past them; it keeps its row all the same)."""
        if not index.ready and self.filling is None:
            return False
        ids, key = self.ids, index.key
        try:
            here = key(ids[row])
            return not (
                (row > 0 and key(ids[row - 1]) > here)
                or (row + 1 < len(ids) and key(ids[row + 1]) < here)
            )
        except KeyError:
            return False

    def _place(
        self,
        index: AnnotationIndex,
        where: AnnotationFilter,
        *,
        added: frozenset[str],
        removed: frozenset[str],
    ) -> bool:
        """Remove and insert the rows of a few annotations in place, each new one found by its
        place in reading order (a binary search, which needs the rows in reading order): an
        edit costs microseconds, not a pass over the whole list. While the list fills, a new
        one past the rows loaded so far is left to its batch. False when a row's annotation
        is no longer known: ``_update`` does the rest."""
        events = self._events
        for annotation_id in removed:
            row = self.row_of(annotation_id)
            if row is not None:
                events.begin_remove(row)
                del self.ids[row]
                events.end_remove()
        ids = self.ids
        for annotation_id in sorted(
            (found for found in added if index.accepts(found, where)), key=index.key
        ):
            try:
                row = bisect_left(ids, index.key(annotation_id), key=index.key)
            except KeyError:  # a row whose annotation the index no longer has
                return False
            events.begin_insert(row, row)
            ids.insert(row, AnnotationId(annotation_id))
            events.end_insert()
            if self.filling is not None:
                self.filling.add(annotation_id)
        return True

    def _update(
        self, fresh: list[AnnotationId], *, added: frozenset[str], removed: frozenset[str]
    ) -> None:
        """Remove and insert just the rows that came and went, so the view keeps its
        selection and scroll position. When the rest of the list differs too (another
        Accord's edits, a bulk change), reset instead."""
        kept = [found for found in self.ids if found not in removed]
        if len(added) + len(removed) > PAGE or kept != [
            found for found in fresh if found not in added
        ]:
            self.reset(fresh)
            return
        events = self._events
        rows = [row for row, annotation_id in enumerate(self.ids) if annotation_id in removed]
        for row in reversed(rows):
            events.begin_remove(row)
            del self.ids[row]
            events.end_remove()
        for row, annotation_id in enumerate(fresh):
            if annotation_id in added:
                events.begin_insert(row, row)
                self.ids.insert(row, annotation_id)
                events.end_insert()

"""The columns of the table exports, declared once: the CSV file and the XLSX's Annotations
sheet have these columns, in this order, and the README lists them from here.

A table has one row per annotation × code (an annotation without codes has one row with the
code columns empty). Each ``Column`` says which part of that row its value comes from, so each
value is worked out once: an annotation's columns once for all its rows, a code's once per
export, a coding's once per row. A field added to the annotation reaches both tables by one
``Column`` here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, Literal

from desktop.core.model import Annotation, ReviewerId
from desktop.core.record import FlatField, listed_fields, shown
from desktop.formats.source import ExportSource
from desktop.store import AnnotationRecord

Part = Literal["annotation", "code", "coding"]
Kind = Literal["id", "text", "number", "date"]
"""``text`` cells hold what people wrote (and may look like formulas), ``id`` cells Accord's
ids and fingerprints (hexadecimal: never a formula), ``number`` cells an integer, ``date``
cells a stored UTC moment (``format_time``'s form)."""


class Lookups:
    """Names the rows show for ids: documents' titles, reviewers' names, codes' paths."""

    def __init__(self, source: ExportSource) -> None:
        self.codebook = source.codebook
        self.titles = {d.id: d.title for d in source.documents}
        self._source = source

    def reviewer(self, reviewer_id: ReviewerId) -> str:
        return self._source.reviewer_name(reviewer_id)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    part: Part
    kind: Kind
    width: float
    """In characters, on the XLSX sheet."""
    field: str = ""
    """The part's field holding the value, when the value is one: the part is an
    ``AnnotationRecord``, a code's guid (whose fields are the ``Code``'s) or a
    ``CodingRecord``."""
    derive: Callable[[Any, Lookups], str | int] | None = None
    """Otherwise, the value from the part."""
    reads: tuple[str, ...] = ()
    """The part's fields ``derive`` reads: an annotation's others get columns of their own,
    and a value that reads one field is derived once per value of it."""


def _field(name: str, part: Part, kind: Kind, width: float, field: str) -> Column:
    return Column(name, part, kind, width, field=field)


def _derived(
    name: str,
    part: Part,
    kind: Kind,
    width: float,
    derive: Callable[[Any, Lookups], str | int],
    reads: tuple[str, ...] = (),
) -> Column:
    return Column(name, part, kind, width, derive=derive, reads=reads)


def _reviewer(name: str, part: Part) -> Column:
    """The name of the reviewer who made the part (the annotation, or the coding)."""
    return _derived(
        name, part, "text", 14, lambda p, s: s.reviewer(p.reviewer_id), ("reviewer_id",)
    )


_DECLARED: tuple[Column, ...] = (
    _field("annotation_id", "annotation", "id", 38, "id"),
    _derived(
        "document",
        "annotation",
        "text",
        36,
        lambda r, s: s.titles.get(r.document_id, ""),
        reads=("document_id",),
    ),
    _field("document_fingerprint", "annotation", "id", 18, "document_id"),
    _derived("page", "annotation", "number", 6, lambda r, _: r.page + 1, reads=("page",)),
    _field("start", "annotation", "number", 8, "start"),
    _field("end", "annotation", "number", 8, "end"),
    _field("quote", "annotation", "text", 60, "exact"),
    _field("prefix", "annotation", "text", 22, "prefix"),
    _field("suffix", "annotation", "text", 22, "suffix"),
    _derived("code", "code", "text", 26, lambda g, s: s.codebook[g].name),
    _derived("code_path", "code", "text", 44, lambda g, s: s.codebook.path(g)),
    _derived("code_id", "code", "id", 38, lambda g, _: g),
    _derived("facet", "code", "text", 14, lambda g, s: s.codebook[g].facet.value),
    _derived("code_color", "code", "text", 11, lambda g, s: s.codebook[g].color),
    _field("note", "annotation", "text", 40, "note"),
    _reviewer("reviewer", "annotation"),
    _field("created", "annotation", "date", 21, "created"),
    _field("modified", "annotation", "date", 21, "modified"),
    _reviewer("coded_by", "coding"),
    _field("coded_at", "coding", "date", 21, "created"),
)


def with_listed(declared: tuple[Column, ...], listed: Iterable[FlatField]) -> tuple[Column, ...]:
    """``declared``, then a column for each field the annotation declares ``listed``
    (``desktop.core.record``), under its name, its value as ``shown``: a field listed on
    ``Annotation`` reaches both tables with no change here."""
    return (*declared, *(_listed(field.name) for field in listed))


def _listed(name: str) -> Column:
    return Column(
        name, "annotation", "text", 14, derive=lambda r, _: shown(getattr(r, name)), reads=(name,)
    )


COLUMNS = with_listed(_DECLARED, listed_fields(Annotation))
"""Every column of the tables, in their order."""


def names() -> tuple[str, ...]:
    """The columns' names: the tables' header row."""
    return tuple(column.name for column in COLUMNS)


Encoder = Callable[[Any], Any] | None
"""What a format makes of a column's value; None: the value as it is."""


class TableRows:
    """Each annotation's rows, as segments: a row is ``COLUMNS`` cut where the part a value
    comes from changes (the annotation's first columns, the code's, the annotation's others,
    the coding's), and each segment is ``run`` of its values, each put through its column's
    encoder (``encoders``, one per column; None: the value as it is). A segment is made once
    per annotation, code or coding, however many rows repeat it: the formats write a row by
    joining its segments. An annotation without codes has ``empty`` values in its code and
    coding columns. This runs for every row of a 100,000-annotation export, so a part's fields
    are read in one go (``attrgetter``) and the segments put in order by one ``itemgetter``."""

    def __init__(
        self,
        source: ExportSource,
        encoders: Sequence[Encoder],
        *,
        empty: Any,
        run: Callable[[tuple[Any, ...]], Any],
    ) -> None:
        lookups = Lookups(source)
        parts: tuple[Part, ...] = ("annotation", "code", "coding")
        segments: list[tuple[int, list[int]]] = []  # (part, its columns), in the columns' order
        for index, column in enumerate(COLUMNS):
            part = parts.index(column.part)
            if segments and segments[-1][0] == part:
                segments[-1][1].append(index)
            else:
                segments.append((part, [index]))
        cuts = [[c for p, c in segments if p == part] for part in range(len(parts))]
        self._annotation, self._code, self._coding = (
            _PartRows(cut, encoders, lookups, run) for cut in cuts
        )
        concatenated = [
            rank for part in range(len(parts)) for rank, (p, _) in enumerate(segments) if p == part
        ]
        self._layout = itemgetter(*(concatenated.index(rank) for rank in range(len(segments))))
        self._no_code = self._code.empty(empty) + self._coding.empty(empty)
        self._codes: dict[str, tuple[Any, ...]] = {}

    def of(self, record: AnnotationRecord) -> Iterator[tuple[Any, ...]]:
        """The record's rows, each as its segments in the columns' order."""
        own = self._annotation.segments(record)
        if not record.codings:
            yield self._layout(own + self._no_code)
            return
        for coding in record.codings:
            yield self._layout(
                own + self._code_part(coding.code_id) + self._coding.segments(coding)
            )

    def _code_part(self, guid: str) -> tuple[Any, ...]:
        found = self._codes.get(guid)
        if found is None:
            found = self._codes[guid] = self._code.segments(guid)
        return found


class _PartRows:
    """One part's segments: its values in the columns' order (its fields read in one go, the
    others derived), encoded, cut into its segments, each made into ``run``. A derived value
    that reads one field (a document's title, a reviewer's name) is derived and encoded once
    per value of that field."""

    def __init__(
        self,
        cuts: list[list[int]],
        encoders: Sequence[Encoder],
        lookups: Lookups,
        run: Callable[[tuple[Any, ...]], Any],
    ) -> None:
        indexes = [index for cut in cuts for index in cut]
        fields = [i for i in indexes if COLUMNS[i].field]
        derived = [i for i in indexes if not COLUMNS[i].field]
        self._fields = attrgetter(*(COLUMNS[i].field for i in fields)) if fields else None
        self._single = len(fields) == 1
        self._derived = [self._deriver(COLUMNS[i], encoders[i], lookups) for i in derived]
        self._encoded = [
            (place, encode) for place, i in enumerate(fields) if (encode := encoders[i]) is not None
        ]
        read = [*fields, *derived]
        self._order = itemgetter(*(read.index(i) for i in indexes)) if len(indexes) > 1 else tuple
        self._bounds = []
        start = 0
        for cut in cuts:
            self._bounds.append((start, start + len(cut)))
            start += len(cut)
        self._run = run

    @staticmethod
    def _deriver(column: Column, encode: Encoder, lookups: Lookups) -> Callable[[Any], Any]:
        derive = column.derive
        assert derive is not None

        def value(part: Any) -> Any:
            found = derive(part, lookups)
            return found if encode is None else encode(found)

        if len(column.reads) != 1:
            return value
        key = attrgetter(column.reads[0])
        made: dict[Any, Any] = {}

        def once(part: Any) -> Any:
            found = made.get(key(part), made)
            if found is made:
                found = made[key(part)] = value(part)
            return found

        return once

    def empty(self, value: Any) -> tuple[Any, ...]:
        """The segments of a part that is not there (``value`` in every column)."""
        return tuple(self._run((value,) * (stop - start)) for start, stop in self._bounds)

    def segments(self, part: Any) -> tuple[Any, ...]:
        found: list[Any] = []
        if self._fields is not None:
            read = self._fields(part)
            found = [read] if self._single else list(read)
            for place, encode in self._encoded:
                found[place] = encode(found[place])
        for derive in self._derived:
            found.append(derive(part))
        ordered = self._order(found)
        run = self._run
        return tuple([run(ordered[start:stop]) for start, stop in self._bounds])

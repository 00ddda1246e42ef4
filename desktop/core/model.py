"""The things a project holds, as plain values: ids, documents, reviewers, annotations, codings.

Each is declared here once. The store's columns, the export streams' records and the list's
columns are derived from these declarations by field name (``desktop.core.record``); a field
the store keeps under an older name says so with ``stored_as``.

Every layer above the store speaks in these values, so the store can change how it keeps them
(tables, JSON, indexes) without the application, the command line or the UI noticing. They are
frozen: a command compares the value before and after, and its inverse is the value before.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import NewType

from desktop.core.geometry import PageRect
from desktop.core.record import listed, stored_as

AnnotationId = NewType("AnnotationId", str)
"""An upper-case uuid4, like REFI-QDA's GUIDs, so exporters can use it as it is."""
DocumentId = NewType("DocumentId", str)
"""The sha256 (hex) of the document's bytes: the same file has the same id in every project."""
CodeId = NewType("CodeId", str)
"""A code's upper-case GUID, the ``guid`` of ``desktop.codebook.model.Code``."""
ReviewerId = NewType("ReviewerId", int)


def new_annotation_id() -> AnnotationId:
    return AnnotationId(str(uuid.uuid4()).upper())


def utc_now() -> datetime:
    """Now in UTC to the second: what annotations record, and what survives a round trip
    through ISO-8601 text, REFI-QDA dates and PDF dates unchanged."""
    return datetime.now(UTC).replace(microsecond=0)


@functools.lru_cache(maxsize=8192)
def format_time(moment: datetime) -> str:
    """ISO-8601 in UTC with seconds and a ``Z``, e.g. ``2020-05-26T09:30:00Z``. Cached: an
    import or an export writes the same few thousand moments again and again."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.lru_cache(maxsize=8192)
def parse_time(text: str) -> datetime:
    """Cached: an export reads the same few thousand stored moments again and again (every
    annotation has two, and a review session makes many per second)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Reviewer:
    """Someone who annotates; annotations and codings name who made them."""

    id: ReviewerId
    name: str


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document kept in a project (its bytes are in the project too, see the store).

    ``text_sha256`` is the sha256 of the canonical text the annotations' offsets refer to, so
    a new text extraction that yields a different text is noticed before offsets are trusted.
    """

    id: DocumentId = field(metadata=stored_as("fingerprint"))
    title: str
    kind: str
    file_name: str
    size: int
    page_count: int
    text_sha256: str
    position: int


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation is, described several ways (as the W3C model and Hypothesis do).

    ``start``/``end``: code points into the canonical text, end exclusive. ``exact``, ``prefix``
    and ``suffix``: the quote and its context, to find it again if the text changes. ``page``:
    the 0-based page of ``start``. ``rects``: the highlight in PDF points, one per line piece.
    """

    start: int = field(metadata=stored_as("start_offset"))
    end: int = field(metadata=stored_as("end_offset"))
    exact: str
    prefix: str
    suffix: str
    page: int
    rects: tuple[PageRect, ...]

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"an anchor needs 0 <= start < end, got {self.start}..{self.end}")
        if len(self.exact) != self.end - self.start:
            raise ValueError("an anchor's quote must be exactly the text from start to end")


class Status(StrEnum):
    """Where the review stands on an annotation: each starts ``proposed`` (made or imported)
    and the team accepts, disputes or rejects it."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DISPUTED = "disputed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlighted passage with its note; its codes are ``Coding`` values."""

    id: AnnotationId
    document_id: DocumentId = field(metadata=stored_as("document_fingerprint"))
    anchor: Anchor
    note: str
    reviewer_id: ReviewerId
    created: datetime
    modified: datetime
    status: Status = field(default=Status.PROPOSED, metadata=listed("Status"))


@dataclass(frozen=True, slots=True)
class Coding:
    """One code applied to one annotation, by someone, at some moment."""

    annotation_id: AnnotationId
    code_id: CodeId = field(metadata=stored_as("code_guid"))
    reviewer_id: ReviewerId
    created: datetime

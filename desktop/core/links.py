"""A link: what became of a passage of one document in the other.

Accord shows a letter and the article that reports it side by side to compare them. A link
joins a passage of one to its counterpart in the other (the article *reports*, *paraphrases*,
*changes* or *contradicts* the clause), or a passage to the whole other document when it has no
counterpart there: the article *omits* a clause of the letter, or *adds* a passage of its own.

The link runs from its ``source_id`` (the annotation it starts at, the source of W3C's two
targets and REFI-QDA's ``originGUID``) to either an annotation (``target_id``) or a whole
document (``target_document_id``), never both; ``LinkType.to_document`` says which a type takes.
Like an annotation it has a note, a reviewer, times and a review status.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NewType

from desktop.core.model import AnnotationId, DocumentId, ReviewerId, Status
from desktop.core.record import stored_as

LinkId = NewType("LinkId", str)
"""An upper-case uuid4, like an annotation's, so REFI-QDA's ``<Link guid>`` takes it as it is."""


def new_link_id() -> LinkId:
    return LinkId(str(uuid.uuid4()).upper())


class LinkType(StrEnum):
    """What the target makes of the source, in the words an analyst uses."""

    REPORTS = "reports"
    PARAPHRASES = "paraphrases"
    CHANGES = "changes"
    CONTRADICTS = "contradicts"
    OMITS = "omits"
    """The other document has no counterpart of the source: the target is that document."""
    ADDS = "adds"
    """The source has no counterpart in the other document: the target is that document."""

    @property
    def to_document(self) -> bool:
        """Whether a link of this type targets a whole document rather than a passage."""
        return self in (LinkType.OMITS, LinkType.ADDS)


PASSAGE_TYPES = tuple(kind for kind in LinkType if not kind.to_document)
DOCUMENT_TYPES = tuple(kind for kind in LinkType if kind.to_document)


@dataclass(frozen=True, slots=True)
class Link:
    id: LinkId
    source_id: AnnotationId
    target_id: AnnotationId | None
    target_document_id: DocumentId | None = field(metadata=stored_as("target_document_fingerprint"))
    type: LinkType
    note: str
    reviewer_id: ReviewerId
    created: datetime
    modified: datetime
    status: Status = Status.PROPOSED

    def __post_init__(self) -> None:
        if (self.target_id is None) == (self.target_document_id is None):
            raise ValueError("a link targets either an annotation or a whole document")
        if self.type.to_document != (self.target_document_id is not None):
            raise ValueError(f"a link of type {self.type} cannot target that")

    @property
    def ends(self) -> tuple[AnnotationId, ...]:
        """The annotations the link joins: its source, and its target unless a document."""
        return (self.source_id,) if self.target_id is None else (self.source_id, self.target_id)

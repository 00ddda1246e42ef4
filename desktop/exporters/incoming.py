"""What an importer found in a file, before anything touches a project.

Importers turn an untrusted file into these plain values and nothing else;
``desktop.app.importing`` then matches documents, places each annotation on Accord's own
canonical text (by position where the texts agree, else by quote and context), and merges
codes, reviewers and annotations into the project in one transaction.

Positions here count code points in the *source's own* text (``IncomingDocument.text``),
which may differ from Accord's canonical text of the same file (another tool's extraction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class IncomingDocument:
    key: str
    """How annotations in the file refer to this document (a source guid, an IRI, a name)."""
    name: str
    """The file name or title, for matching and for messages."""
    content: bytes | None = None
    """The document's bytes, when the file carries them (a ``.qdpx`` source, a PDF)."""
    text: str | None = None
    """The text the file's offsets count in, when it carries one."""
    fingerprint: str | None = None
    """sha256 of the bytes, when known without them (Accord's own JSON-LD names it)."""


@dataclass(frozen=True, slots=True)
class IncomingCode:
    guid: str
    name: str
    parent_guid: str | None
    color: str | None = None
    """``#RRGGBB``; None lets Accord pick one from its palette."""
    description: str = ""
    is_codable: bool = True


@dataclass(slots=True)
class IncomingAnnotation:
    """Not frozen, unlike the other values here: a file may bring 100,000, and a frozen
    dataclass of these many fields costs three times as much to make (0.12 s of such an
    import). Nothing changes one once its reader has made it."""

    document_key: str
    exact: str
    """The quoted text (required: it is how the annotation is found again)."""
    start: int | None = None
    end: int | None = None
    """Code points in the source's text, end exclusive, when the file gives them."""
    prefix: str = ""
    suffix: str = ""
    page: int | None = None
    """0-based page, when the file gives one (a PDF highlight, a ``page=N`` fragment)."""
    id: str | None = None
    """A stable id (a REFI-QDA selection guid, Accord's own annotation id), used to merge."""
    note: str = ""
    reviewer: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    code_guids: tuple[str, ...] = ()
    """Codes of ``Incoming.codes`` (by guid) applied to it."""
    code_paths: tuple[str, ...] = ()
    """Codes named by path (``Thematic areas/Pandemics``) or name, when the file has no guids."""
    colour: str | None = None
    """A highlight colour, to pick a code by when nothing names one (PDF highlights)."""


@dataclass(slots=True)
class Incoming:
    """Everything an importer read from one file, and what it could not represent."""

    file_name: str
    documents: list[IncomingDocument] = field(default_factory=list)
    codes: list[IncomingCode] = field(default_factory=list)
    annotations: list[IncomingAnnotation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """What the file holds that Accord does not keep, one line each, for the user to read
    (REFI-QDA §7: importers say what they drop)."""

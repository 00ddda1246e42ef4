"""The documents of a project: their facts in ``documents``, their bytes in ``document_files``.

The bytes travel inside the project, so a project file moved to another machine opens with its
documents. They are checked against the fingerprint (their sha256) whenever they are read back,
so a damaged copy is reported rather than shown with annotations in the wrong places.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core.model import DocumentId, StoredDocument, format_time, parse_time
from desktop.store.connection import Connection
from desktop.store.errors import ProjectError
from desktop.store.rows import DOCUMENTS


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A document to add: its bytes and what reading it taught (kind, title, pages, text)."""

    content: bytes
    title: str
    kind: str
    file_name: str
    page_count: int
    text_sha256: str

    @property
    def id(self) -> DocumentId:
        return DocumentId(hashlib.sha256(self.content).hexdigest())


class DocumentRepository:
    def __init__(self, db: Connection) -> None:
        self._db = db

    def all(self) -> tuple[StoredDocument, ...]:
        """Every document, in the order the reader lays them out (left first)."""
        rows = self._db.sql.execute(f"SELECT {DOCUMENTS.columns} FROM documents ORDER BY position")
        return tuple(DOCUMENTS.values(rows))

    def get(self, document_id: str) -> StoredDocument | None:
        return DOCUMENTS.one(
            self._db.sql.execute(
                f"SELECT {DOCUMENTS.columns} FROM documents WHERE fingerprint = ?", (document_id,)
            )
        )

    def content(self, document_id: str) -> bytes:
        """The document's bytes, verified against its fingerprint."""
        row = self._db.sql.execute(
            "SELECT content FROM document_files WHERE fingerprint = ?", (document_id,)
        ).fetchone()
        if row is None or hashlib.sha256(row[0]).hexdigest() != document_id:
            raise ProjectError(
                self._db.path,
                f"the copy of document {document_id[:12]} inside it is missing or damaged.",
            )
        return bytes(row[0])

    def write_file(self, document_id: str, folder: Path) -> Path:
        """The document as a file in ``folder`` under its original name (for the document
        reader, which opens files), verified like ``content``."""
        document = self.get(document_id)
        if document is None:
            raise ProjectError(self._db.path, f"it has no document {document_id[:12]}.")
        target = folder / Path(document.file_name).name
        target.write_bytes(self.content(document_id))
        return target

    def add(self, document: NewDocument, *, position: int, added: datetime) -> StoredDocument:
        self._db.require_transaction()
        stored = StoredDocument(
            id=document.id,
            title=document.title,
            kind=document.kind,
            file_name=document.file_name,
            size=len(document.content),
            page_count=document.page_count,
            text_sha256=document.text_sha256,
            position=position,
        )
        self._db.sql.execute(
            DOCUMENTS.inserting("added"), (*DOCUMENTS.row(stored), format_time(added))
        )
        self._db.sql.execute(
            "INSERT INTO document_files (fingerprint, content) VALUES (?, ?)",
            (document.id, document.content),
        )
        return stored

    def added(self, document_id: str) -> datetime:
        """When the document was added (kept so that a removal undone restores it exactly)."""
        row = self._db.sql.execute(
            "SELECT added FROM documents WHERE fingerprint = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise ProjectError(self._db.path, f"it has no document {document_id[:12]}.")
        return parse_time(row[0])

    def rename(self, document_id: str, title: str) -> None:
        self._db.require_transaction()
        self._db.sql.execute(
            "UPDATE documents SET title = ? WHERE fingerprint = ?", (title, document_id)
        )

    def remove(self, document_id: str) -> None:
        """Remove the document and (by cascade) its bytes; its annotations must be gone first
        (they refer to it)."""
        self._db.require_transaction()
        self._db.sql.execute("DELETE FROM documents WHERE fingerprint = ?", (document_id,))

    def set_text_sha256(self, document_id: str, text_sha256: str) -> None:
        """Record that the annotations' offsets now refer to this text of the document."""
        self._db.require_transaction()
        self._db.sql.execute(
            "UPDATE documents SET text_sha256 = ? WHERE fingerprint = ?", (text_sha256, document_id)
        )

"""What the reader window needs from a project besides edits: the documents as files the
worker can open, and documents the user opens added to the project.

The worker opens files, not blobs, so a project's documents are written once into the user
data folder (named by fingerprint, so two projects share a copy) and opened from there; the
project stays the one place their bytes are kept.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop.core.errors import AccordError
from desktop.core.model import StoredDocument, utc_now
from desktop.store import NewDocument, Project
from desktop.userdata import user_data_folder


def document_cache_folder() -> Path:
    return user_data_folder() / "documents"


def document_file(project: Project, document: StoredDocument) -> Path:
    """The document as a file to open: reused when a file of the right size is already there
    (the worker fingerprints what it opens, so a wrong file would not go unnoticed, and a file
    cut short by a crash has the wrong size), else written from the project's verified bytes."""
    folder = document_cache_folder() / document.id[:16]
    target = folder / Path(document.file_name).name
    if target.is_file() and target.stat().st_size == document.size:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    return project.documents.write_file(document.id, folder)


def bytes_as_read(path: Path, fingerprint: str) -> bytes:
    """The file's bytes, checked to be the ones the document worker read (its fingerprint)."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise AccordError(f"Can't read “{path.name}”: {error.strerror or error}") from None
    if hashlib.sha256(content).hexdigest() != fingerprint:
        raise AccordError(f"“{path.name}” changed while Accord was reading it; try again.")
    return content


def add_document(
    project: Project,
    path: Path,
    *,
    fingerprint: str,
    title: str,
    kind: str,
    page_count: int,
    text_sha256: str,
) -> StoredDocument:
    """Keep a document the user opened in the project (its bytes, checked to be the ones the
    worker read), after the ones it has; the same document twice is kept once."""
    known = project.documents.get(fingerprint)
    if known is not None:
        return known
    document = NewDocument(
        bytes_as_read(path, fingerprint), title, kind, path.name, page_count, text_sha256
    )
    position = max((d.position for d in project.documents.all()), default=-1) + 1
    with project.transaction():
        return project.documents.add(document, position=position, added=utc_now())

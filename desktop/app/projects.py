"""Which project to open, and making a new one with the bundled documents and codebook.

A path that does not exist yet becomes a new project, in the GUI and on the command line
alike: the two bundled documents (their bytes, so the project travels without them) and the
default EU–Japan codebook. On first launch that happens in the user data folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from desktop.app.reading import DocumentReader, ReadDocument
from desktop.app.workspace import bytes_as_read
from desktop.bundled import bundled_pair
from desktop.codebook.default import default_pins, load_default_codebook
from desktop.core.errors import AccordError
from desktop.core.filtering import document_named
from desktop.core.model import AnnotationId, StoredDocument
from desktop.store import NewDocument, Project, create_project, open_project, remove_project
from desktop.userdata import DEFAULT_PROJECT_NAME, default_project_path

__all__ = [
    "DEFAULT_PROJECT_NAME",
    "create_default_project",
    "default_project_path",
    "find_document",
    "new_document",
    "new_project",
    "open_or_create",
]


def new_document(read: ReadDocument) -> NewDocument:
    """A document to store: the file's bytes, checked to be the ones the worker read."""
    return NewDocument(
        bytes_as_read(read.path, read.fingerprint),
        read.title,
        read.kind,
        read.path.name,
        read.page_count,
        read.text.sha256(),
    )


def find_document(project: Project, text: str) -> StoredDocument:
    """The document a person means (``filtering.document_named``'s rule)."""
    return document_named(text, project.documents.all())


def find_annotation(project: Project, given: str) -> AnnotationId:
    """The annotation a person means by its id or the start of it (eight characters, as
    ``accord list`` shows)."""
    found = project.annotations.ids_starting(given.strip()) if given.strip() else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise AccordError(f"The project has no annotation “{given}”; `accord list` shows them.")
    raise AccordError(f"“{given}” is the start of several annotations' ids; give more of it.")


def new_project(path: str | Path, *, reader: DocumentReader) -> Project:
    """A project at ``path`` (which must not exist) with the bundled documents, letter first,
    and the default codebook."""
    documents = [new_document(reader.read(file)) for file in bundled_pair()]
    return create_default_project(path, documents)


def create_default_project(path: str | Path, documents: list[NewDocument]) -> Project:
    """A project with ``documents``, the default codebook and its keys 1–9."""
    book = load_default_codebook()
    return create_project(path, documents=documents, codebook=book, pins=default_pins(book))


@contextlib.contextmanager
def open_or_create(path: str | Path) -> Iterator[Project]:
    """The project at ``path`` for one command, or one made there when nothing exists yet,
    closed afterwards. A project the command made is removed again if the command fails, so a
    refused command leaves nothing behind. Only the creation starts a document reader, so
    opening stays quick."""
    path = Path(path)
    if path.exists():
        with open_project(path) as project, project.reading():
            yield project
        return
    with DocumentReader() as reader:
        project = new_project(path, reader=reader)
    try:
        with project, project.reading():
            yield project
    except BaseException:
        remove_project(path)
        raise

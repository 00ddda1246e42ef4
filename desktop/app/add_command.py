"""``accord add``: documents added to a project from the command line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop.app.projects import open_or_create
from desktop.app.reading import DocumentReader, ReadDocument
from desktop.app.workspace import add_document
from desktop.core.errors import AccordError


def add_command(project_path: Path, files: Sequence[Path], *, out: TextIO) -> None:
    """Read every file first (one that cannot be read refuses them all, naming it), then keep
    each in the project after its documents, printing its title and fingerprint; a document
    the project has already is said so and kept once."""
    for file in files:
        if not file.is_file():
            raise AccordError(f"“{file}” is not a file; nothing was added.")
    with open_or_create(project_path) as project:
        with DocumentReader() as reader:
            read: list[ReadDocument] = [reader.read(file) for file in files]
        for document in read:
            known = project.documents.get(document.fingerprint) is not None
            stored = add_document(
                project,
                document.path,
                fingerprint=document.fingerprint,
                title=document.title,
                kind=document.kind,
                page_count=document.page_count,
                text_sha256=document.text.sha256(),
            )
            said = "already in the project" if known else "added"
            out.write(f"{stored.id[:12]}  {stored.title}  ({said})\n")

"""Export a project to one of the open formats: what the menu and ``accord export`` run.

The application layer's part is small on purpose: turn the user's filters (names a person types)
into ids, fetch the canonical texts from the document worker when the format writes offsets or
quotes, and hand an ``ExportSource`` to the format's module. Each module is imported only when
its format is asked for, so the command line loads neither xlsxwriter nor the XML schemas for a
CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from desktop.app.document_texts import WritingReaderFactory, read_layers
from desktop.app.filter_names import filter_from_names
from desktop.app.projects import open_or_create
from desktop.app.reading import DocumentReader
from desktop.core.bulk import cycles_collected_after
from desktop.core.errors import AccordError
from desktop.formats import registry
from desktop.formats.files import write_failed
from desktop.formats.registry import Format
from desktop.formats.source import ExportOptions, Progress, no_progress, read_source
from desktop.store import Project


def resolve_options(
    project: Project,
    *,
    reviewer: str | None = None,
    codes: Sequence[str] = (),
    document: str | None = None,
) -> ExportOptions:
    """The filters a person chose by name (a reviewer's name, code names or paths, a
    document's title, file name or fingerprint prefix) as ids, by the rules of
    ``filter_names.filter_from_names``; anything unknown is an ``AccordError`` naming it."""
    return filter_from_names(
        project,
        {
            "reviewer_ids": [] if reviewer is None else [reviewer],
            "code_ids": codes,
            "document_ids": [] if document is None else [document],
        },
    )


def export_project(
    project: Project,
    *,
    format: str,
    out: Path,
    options: ExportOptions,
    progress: Progress = no_progress,
    reader_factory: WritingReaderFactory = DocumentReader,
) -> list[Path]:
    """Write the project (narrowed by ``options``) as ``format`` to ``out``; return the files
    written. For ``pdf``, ``out`` is a folder that receives one annotated PDF per document,
    or the file itself when ``options`` names exactly one document."""
    found = registry.BY_NAME.get(format)
    if found is None or found.export is None:
        names = ", ".join(registry.EXPORT_NAMES)
        raise AccordError(f"Accord cannot export “{format}”; choose one of {names}.")
    out = Path(out)
    single_file = found.export.per_document and len(options.document_ids) == 1
    if out.is_dir() and (not found.export.per_document or single_file):
        raise AccordError(f"“{out}” is a folder; give the name of the file to write.")
    with cycles_collected_after():
        try:
            return _export(
                project,
                found=found,
                out=out,
                options=options,
                progress=progress,
                reader_factory=reader_factory,
                single_file=single_file,
            )
        except OSError as error:  # the documents' temporary copies, on a full disk say
            raise write_failed(out, error) from error


def _export(
    project: Project,
    *,
    found: Format,
    out: Path,
    options: ExportOptions,
    progress: Progress,
    reader_factory: WritingReaderFactory,
    single_file: bool,
) -> list[Path]:
    export = found.export
    assert export is not None
    if not export.needs_texts:
        found.writer()(read_source(project, options=options), out, progress=progress)
        return [out]
    with reader_factory() as reader:
        documents = read_source(project, options=options).documents
        layers = read_layers(project, documents, reader=reader)
        source = read_source(
            project, texts={d: layer.text for d, layer in layers.items()}, options=options
        )
        if export.per_document:
            document = next(iter(options.document_ids)) if single_file else None
            return list(
                found.writer()(source, out, reader=reader, document=document, progress=progress)
            )
    found.writer()(source, out, progress=progress)
    return [out]


def export_command(
    project_path: Path,
    *,
    format: str,
    out: Path,
    typed: Mapping[str, Sequence[str]],
    stdout: TextIO,
    stderr: TextIO,
) -> None:
    """``accord export``: write the files, name each one on ``stdout`` (for scripts), and say
    how many annotations went into them on ``stderr``."""
    with open_or_create(project_path) as project:
        options = filter_from_names(project, typed)
        count = read_source(project, options=options).count()
        codes_count = len(project.codes.codebook())
        written = export_project(project, format=format, out=out, options=options)
    for path in written:
        print(path, file=stdout)
    files = f"{len(written)} file{'' if len(written) == 1 else 's'}"
    if format == "qdc":
        print(f"Exported the codebook ({codes_count} codes) as qdc to {files}.", file=stderr)
    else:
        print(
            f"Exported {count} annotation{'' if count == 1 else 's'} as {format} to {files}.",
            file=stderr,
        )

"""REFI-QDA codebooks (``.qdc``): the project's code tree for other tools, and codes from theirs.

Both directions go through ``desktop.codebook.qdc``, which already writes valid codebooks
(checked against ``Codebook-mrt2019.xsd`` before a byte is written) and reads foreign ones
safely onto the two facets; this module gives them the exporter and importer signatures.
"""

from __future__ import annotations

from pathlib import Path

from desktop.codebook.errors import CodebookError
from desktop.codebook.model import Codebook
from desktop.codebook.qdc import codebook_to_bytes, read_codebook
from desktop.formats.files import atomic_output
from desktop.formats.incoming import Documents, Incoming, IncomingCode, ReadEvents, events_of
from desktop.formats.limits import ImportRefused
from desktop.formats.source import ExportSource, Progress, no_progress


def export(source: ExportSource, path: Path, *, progress: Progress = no_progress) -> None:
    """Write the project's whole codebook (both facets) as a ``.qdc`` file at ``path``."""
    data = codebook_to_bytes(source.codebook)
    with atomic_output(path) as temporary:
        temporary.write_bytes(data)
        progress(len(source.codebook), len(source.codebook))


def read(path: Path) -> Incoming:
    """The codes of a ``.qdc`` (or of a project's ``.qde``/``.qdpx``) on the two facets, with
    what the codebook reader changed or left out in ``dropped``."""
    path = Path(path)
    try:
        imported = read_codebook(path)
    except CodebookError as error:
        raise ImportRefused(str(error)) from error
    return Incoming(
        path.name, codes=incoming_codes(imported.codebook), dropped=list(imported.warnings)
    )


def events(path: Path, *, documents: Documents) -> ReadEvents:
    """``read``'s codes as an import's events (a codebook brings no documents)."""
    return events_of(read(path))


def incoming_codes(book: Codebook) -> list[IncomingCode]:
    """The codebook as ``IncomingCode`` values, facet folders first, parents before children."""
    return [
        IncomingCode(
            code.guid,
            code.name,
            code.parent_guid,
            color=code.color,
            description=code.description,
            is_codable=code.is_codable,
        )
        for code in book
    ]

"""REFI-QDA projects (``.qdpx``): the exchange format of ATLAS.ti, NVivo, MAXQDA and QualCoder.

``export`` writes the project as other tools import it (``shared/specs/INTEROP.md`` §1):

- **The letter (PDF)** is a ``PDFSource`` whose ``path`` is the PDF itself, with a
  ``Representation``: a text file holding exactly Accord's canonical text of it, the text the
  annotations' offsets count in. Text codings go there, as the standard asks (§9.1.4). No
  ``PDFSelection`` is written: a highlight is a passage of text, and tools that show both an
  area and a text coding would count it twice.
- **The article (HTML)**, and any EPUB, is a ``TextSource``. REFI-QDA gives a text source no
  ``path``, only ``richTextPath`` (the formatted document) and ``plainTextPath`` (the text
  selections index), so the original ``.html`` is its ``richTextPath`` and the canonical text
  its ``plainTextPath``. A plain-text document has the canonical text only (ATLAS.ti refuses a
  ``richTextPath`` that is a ``.txt``).
- Texts are files in lower-case ``sources/``, UTF-8 without a BOM, LF only, named
  ``<guid>.txt``; offsets are code points, end exclusive (a Python slice).
- Every annotation is a ``PlainTextSelection`` (its guid is the annotation's id) with one
  ``Coding`` per code (who applied it and when), its note both as ``Description`` (what
  QualCoder reads) and as a ``Note`` it refers to (what ATLAS.ti and NVivo read).
- Reviewers are ``Users`` whose guid is derived from the name, codes keep Accord's ids, and the
  two facets are folders that cannot be applied (``isCodable="false"``). Sources, codings and
  notes get ids derived from what they belong to, and the archive carries no export time, so
  the same project always exports to the same bytes, and importing an export again merges.

``read`` parses an untrusted ``.qdpx`` (see ``qdpx_read``) into ``Incoming`` values: sources
as documents (their own file when Accord opens its format, else their plain text), the code
tree as the file has it (the merge lays it onto the two facets), text selections as
annotations; what Accord cannot hold is listed in ``Incoming.dropped``. ``events`` hands the
same on as it is read, from a child process when the file is large (``qdpx_child``), for an
import to place and write while the rest is read.
"""

from __future__ import annotations

from pathlib import Path

from desktop.formats.files import atomic_output
from desktop.formats.incoming import Documents, Incoming, ReadEvents, collect
from desktop.formats.refi import qdpx_child
from desktop.formats.refi.qdpx_write import QdpxExportError, write_qdpx
from desktop.formats.source import ExportSource, Progress, no_progress

__all__ = ["QdpxExportError", "events", "export", "read"]


def export(source: ExportSource, path: Path, *, progress: Progress = no_progress) -> None:
    """Write ``source`` as a REFI-QDA project archive at ``path``, complete or not at all."""
    with atomic_output(path) as temporary:
        write_qdpx(source, str(temporary), progress=progress)


def read(path: Path) -> Incoming:
    """What a ``.qdpx`` holds, as ``Incoming`` values; ``ImportRefused`` for a file that is not
    a sound REFI-QDA project or breaks the limits of ``desktop.formats.limits``."""
    path = Path(path)
    with qdpx_child.events(path, in_child=False) as read:
        return collect(path.name, read)


def events(path: Path, *, documents: Documents) -> ReadEvents:
    """What the project at ``path`` holds, handed on as it is read (``qdpx_child``). The
    document worker is started first: a project brings its documents, and the worker boots
    while the file is parsed instead of being waited for once it is (0.15 s sooner done)."""
    documents.start()
    with qdpx_child.events(Path(path)) as read:
        yield from read

"""Annotated PDFs in and out: each document as a PDF with real highlights, and the highlights
of any PDF as values an import can merge.

A colleague without Accord reads the exported PDF in any PDF reader and sees every highlight in
its code's colour, with who made it, the note and the codes; a PDF highlighted in another reader
(or exported by Accord) comes back as ``Incoming`` annotations on Accord's own canonical text.
The PDF work happens in the document worker (only ``desktop.documents`` runs PyMuPDF); this
module chooses what to write and reads the answers.

What a colleague's reader shows and what comes back are the same: code names in /Subj are
quoted when they hold the ";" between them (``desktop.documents.subjects``); the PDF of an
HTML article keeps the article's text, so its highlights come back on the article's own spans
(``desktop.documents.source_text``); and a signed PDF gets its highlights appended after the
signed bytes, so its signature stays valid, while one whose certification forbids comments
is refused with an ``AccordError`` naming the file, before any file is written
(``desktop.documents.signatures``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from desktop.anchoring.selectors import DEFAULT_CONTEXT
from desktop.app.document_texts import Reader, WritingReader
from desktop.app.workspace import bytes_as_read
from desktop.codebook.model import Code, Codebook, Facet
from desktop.core.errors import AccordError
from desktop.core.filenames import safe_file_name, safe_stem
from desktop.core.leftovers import scratch_folder
from desktop.core.model import DocumentId, StoredDocument
from desktop.documents.protocol import FoundHighlight, Highlight
from desktop.documents.subjects import split_codes
from desktop.formats.files import atomic_output
from desktop.formats.incoming import (
    Documents,
    Incoming,
    IncomingAnnotation,
    IncomingDocument,
    ReadEvents,
    events_of,
)
from desktop.formats.source import ExportSource, Progress, no_progress
from desktop.store import AnnotationSnapshot

UNCODED_COLOUR = "#F4D03F"
"""The reader's fill for a highlight without codes, so an uncoded highlight looks the same."""
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_LONE_SURROGATE = re.compile("\udced[\udca0-\udcbf][\udc80-\udcbf]|[\ud800-\udfff]")
"""Half of a UTF-16 pair on its own (a whole pair reaches Python as one character): MuPDF
hands it on as the three bytes UTF-8 would give it, which reach Python as three escaped bytes
(``surrogateescape``), each of which is a lone surrogate too."""
REPLACEMENT = "\ufffd"
_MENDED = (
    "half of a UTF-16 character pair, as a broken PDF writer leaves it; Accord kept the "
    f"text with “{REPLACEMENT}” in that character's place"
)
_PDF_KEYS = {
    "author": "author (/T)",
    "contents": "note (/Contents)",
    "subject": "codes (/Subj)",
    "name": "name (/NM)",
}
_DEFAULT_SUBJECTS = frozenset({"highlight"})
"""What Acrobat and others put in /Subj when the user wrote none: the subtype, not a code."""


def export_pdfs(
    source: ExportSource,
    out: Path,
    *,
    reader: WritingReader,
    document: DocumentId | None = None,
    progress: Progress = no_progress,
) -> list[Path]:
    """Write each document as a PDF with its highlights and return the files written.

    With ``document``, ``out`` is that document's file; otherwise ``out`` is a folder that gets
    one PDF per document, named after its title (a ``.pdf`` path is taken as the file when only
    one document is exported). Nothing is written unless every file is: the files appear
    together at the end, and a failure or a ``Cancelled`` from ``progress`` leaves none.
    """
    out = Path(out)
    documents = _documents(source, document)
    if document is None and not _is_folder(out, documents):
        document = documents[0].id
    targets = [out] if document is not None else _file_names(out, documents)
    highlights = _highlights(source, {d.id for d in documents})
    written: list[Path] = []
    progress(0, len(documents))
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(scratch_folder("pdf"))
        for done, (stored, target) in enumerate(zip(documents, targets, strict=True), start=1):
            source_file = folder / str(done) / safe_file_name(stored.file_name)
            source_file.parent.mkdir()
            source_file.write_bytes(source.content(stored.id))
            # The worker writes beside the source, and this process copies: a full disk at
            # the target is then said as every export says it (files.write_failed).
            made = folder / f"{done}.pdf"
            reader.write_annotated_pdf(source_file, highlights.get(stored.id, []), out=made)
            source_file.unlink()
            shutil.copyfile(made, stack.enter_context(atomic_output(target)))
            made.unlink()
            written.append(target)
            progress(done, len(documents))
    return written


def highlight_events(path: Path, *, documents: Documents) -> ReadEvents:
    """``read_pdf_highlights`` as an import's events, the document worker started for it."""
    return events_of(read_pdf_highlights(path, reader=cast(Reader, documents.start())))


def read_pdf_highlights(path: Path, *, reader: Reader) -> Incoming:
    """The PDF and its highlight annotations as ``Incoming`` values (parse only: no project is
    touched). Each highlight's quote is the text under it in Accord's canonical text of the PDF,
    which ``IncomingDocument.text`` carries, so positions need no second extraction."""
    path = Path(path)
    found = reader.read_highlights(path)
    key = found.fingerprint
    content = bytes_as_read(path, key)
    incoming = Incoming(file_name=path.name)
    # A PDF Accord exported names the document it was made from: the import then finds that
    # document (an HTML article, say) rather than adding the PDF beside it.
    title = _LONE_SURROGATE.sub(REPLACEMENT, found.title)
    if title != found.title:
        incoming.dropped.append(f"the document's title held {_MENDED}")
    incoming.documents.append(
        IncomingDocument(
            key=key, name=title, content=content, text=found.text, fingerprint=found.source or key
        )
    )
    incoming.dropped.extend(found.skipped)
    for highlight in map(_mended, found.highlights):
        if isinstance(highlight, tuple):
            highlight, fields = highlight
            incoming.dropped.append(
                f"page {highlight.page + 1}: a highlight "
                f"({_describe(highlight)}) had in its {fields} {_MENDED}"
            )
        if highlight.start is None or highlight.end is None:
            incoming.dropped.append(
                f"page {highlight.page + 1}: a highlight over no text ({_describe(highlight)})"
            )
            continue
        incoming.annotations.append(_incoming(highlight, found.text, key))
    return incoming


def _mended(highlight: FoundHighlight) -> FoundHighlight | tuple[FoundHighlight, str]:
    """The highlight, or its strings with each lone UTF-16 surrogate replaced and the names of
    the strings that held one. (A PDF's UTF-16 strings can hold half of a pair, which no
    project can store; one bad character does not cost the user the highlight.)"""
    mended: dict[str, Any] = {  # (dataclasses.replace's fields are of several types)
        name: _LONE_SURROGATE.sub(REPLACEMENT, value)
        for name, value in (
            ("author", highlight.author),
            ("contents", highlight.contents),
            ("subject", highlight.subject),
            ("name", highlight.name),
        )
        if _LONE_SURROGATE.search(value)
    }
    if not mended:
        return highlight
    said = ", ".join(_PDF_KEYS[name] for name in mended)
    return dataclasses.replace(highlight, **mended), said


def _highlight(snapshot: AnnotationSnapshot, *, codebook: Codebook, reviewer: str) -> Highlight:
    """How one annotation is written: the colour of its first thematic code (else its first
    code, else the uncoded yellow), and its codes by name (by path where a name is shared)."""
    annotation = snapshot.annotation
    codes = [
        code for coding in snapshot.codings if (code := codebook.get(coding.code_id)) is not None
    ]
    thematic = [code for code in codes if code.facet is Facet.THEMATIC]
    colour = (thematic or codes)[0].color if codes else UNCODED_COLOUR
    return Highlight(
        id=annotation.id,
        rects=annotation.anchor.rects,
        colour=colour,
        reviewer=reviewer,
        note=annotation.note,
        codes=tuple(_code_label(codebook, code) for code in codes),
        created=annotation.created,
        modified=annotation.modified,
    )


def _documents(source: ExportSource, document: DocumentId | None) -> list[StoredDocument]:
    if document is None:
        if not source.documents:
            raise AccordError("There is no document to export.")
        return list(source.documents)
    chosen = [d for d in source.documents if d.id == document]
    if not chosen:
        raise AccordError(f"The project has no document {document[:12]} to export.")
    return chosen


def _is_folder(out: Path, documents: list[StoredDocument]) -> bool:
    """Whether ``out`` names a folder: anything but a ``.pdf`` path that is not a folder."""
    if out.is_dir():
        return True
    if out.suffix.lower() != ".pdf":
        if out.exists():
            raise AccordError(f"“{out}” is a file, not a folder to write the PDFs into.")
        return True
    if len(documents) > 1:
        raise AccordError(
            f"“{out.name}” is one file, but {len(documents)} documents are "
            "exported; give a folder, or choose one document."
        )
    return False


def _file_names(folder: Path, documents: Iterable[StoredDocument]) -> list[Path]:
    """``Title.pdf`` per document; a title two documents share gets `` (2)``, `` (3)``..."""
    used: set[str] = set()
    names = []
    for stored in documents:
        stem = safe_stem(stored.title) or safe_stem(Path(stored.file_name).stem) or "document"
        name, count = f"{stem}.pdf", 1
        while name.casefold() in used:
            count += 1
            name = f"{stem} ({count}).pdf"
        used.add(name.casefold())
        names.append(folder / name)
    return names


def _highlights(
    source: ExportSource, documents: set[DocumentId]
) -> dict[DocumentId, list[Highlight]]:
    by_document: dict[DocumentId, list[Highlight]] = defaultdict(list)
    for snapshot in source.annotations():
        annotation = snapshot.annotation
        if annotation.document_id in documents:
            by_document[annotation.document_id].append(
                _highlight(
                    snapshot,
                    codebook=source.codebook,
                    reviewer=source.reviewer_name(annotation.reviewer_id),
                )
            )
    return by_document


def _code_label(codebook: Codebook, code: Code) -> str:
    return code.name if len(codebook.by_name(code.name)) == 1 else codebook.path(code.guid)


def _incoming(highlight: FoundHighlight, text: str, key: str) -> IncomingAnnotation:
    start, end = highlight.start, highlight.end
    assert start is not None and end is not None
    codes = tuple(
        name for name in split_codes(highlight.subject) if name.casefold() not in _DEFAULT_SUBJECTS
    )
    return IncomingAnnotation(
        document_key=key,
        exact=highlight.text,
        start=start,
        end=end,
        prefix=text[max(0, start - DEFAULT_CONTEXT) : start],
        suffix=text[end : end + DEFAULT_CONTEXT],
        page=highlight.page,
        id=highlight.name.upper() if _UUID.fullmatch(highlight.name) else None,
        note=_note(highlight),
        reviewer=highlight.author.strip() or None,
        created=highlight.created,
        modified=highlight.modified,
        code_paths=codes,
        colour=None if codes else highlight.colour,
    )


def _note(highlight: FoundHighlight) -> str:
    """The comment, unless it only repeats the highlighted text (as Skim and some readers
    write it, and as pdfannots therefore ignores it)."""
    note = highlight.contents.strip()
    return "" if note.split() == highlight.text.split() else note


def _describe(highlight: FoundHighlight) -> str:
    who = f" by {highlight.author}" if highlight.author else ""
    note = f", note “{highlight.contents}”" if highlight.contents else ""
    return f"{highlight.name or 'unnamed'}{who}{note}"

"""CSV: one row per annotation and code, for R, pandas, spreadsheets and ``sqlite3 .import``.

An annotation with three codes is three rows that repeat the annotation's columns; one without
codes is one row with empty code columns. So ``count(distinct annotation_id)`` counts
annotations and a pivot on ``code_path`` counts codings, with no lists to split.

The file is RFC 4180 CSV: UTF-8 **without a byte-order mark**, a header row, comma-separated,
fields quoted when they hold a comma, a quote or a line break (notes keep their line breaks),
records ending in CRLF. No BOM because the tools this file is for (Python's ``csv`` and pandas,
R's ``read.csv``, ``sqlite3``, Datasette) take one for part of the first column's name, and
LibreOffice asks for the encoding when it opens a CSV anyway; Excel, which needs the BOM to
guess UTF-8 on a double-click, imports UTF-8 through *Data → From Text/CSV*, and the ``.xlsx``
export is the file to double-click.

**No live formulas** (CWE-1236, "CSV injection"). Notes, reviewer, code and document names come
from other people's files; a spreadsheet opening the CSV evaluates a cell that starts with
``=``, ``+``, ``-`` or ``@`` (``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``), and some also one
that starts with a tab or a carriage return. As OWASP's guidance says, such a *text* cell is
written with a single quote before it (``inert``), which spreadsheets show as text and a script
can strip; the numeric columns (page, start, end) are numbers and never changed, and nothing
else of a cell is. The ``.xlsx`` export needs no such quote: it writes every text as a string
cell, which Excel never evaluates.

Columns (``COLUMNS``): annotation_id, document, document_fingerprint, page (1-based), start and
end (code points of Accord's canonical text, end exclusive), quote, prefix, suffix, code (name),
code_path, code_id, facet, code_color, note, reviewer, created, modified, coded_by, coded_at,
then each field the annotation declares ``listed`` (``desktop.core.record``), by its name.

Fields are encoded here rather than by ``csv.writer``, each value once (a code's five columns
once per export, an annotation's own columns once for all its rows): the writer re-quoted every
field of every row and took most of the exporter's time. The encoding is checked against
``csv.reader`` in the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from desktop.core.model import Annotation, ReviewerId
from desktop.core.record import listed_fields, shown
from desktop.formats.files import atomic_output, write_batched
from desktop.formats.source import ExportSource, Progress, no_progress

LISTED = tuple(field.name for field in listed_fields(Annotation))
"""The annotation's ``listed`` fields: the last columns, after the CSV's own."""
COLUMNS = (
    "annotation_id",
    "document",
    "document_fingerprint",
    "page",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "code",
    "code_path",
    "code_id",
    "facet",
    "code_color",
    "note",
    "reviewer",
    "created",
    "modified",
    "coded_by",
    "coded_at",
    *LISTED,
)
RECORD_END = "\r\n"
_NO_CODE = ",,,,"
"""code, code_path, code_id, facet, code_color of an annotation without codes."""
_SPECIAL = re.compile(r'[",\r\n]')
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes a cell to be a formula by (OWASP, "CSV Injection")."""


def inert(text: str) -> str:
    """A text cell no spreadsheet evaluates: one that starts like a formula gets a ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def field(text: str) -> str:
    """One RFC 4180 field: quoted when it holds a comma, a quote or a line break, with its
    quotes doubled (what ``csv.writer`` does by default, checked by reading back with it)."""
    if _SPECIAL.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def text_field(text: str) -> str:
    """A text column's field: ``inert``, then ``field``."""
    return field(inert(text))


def export(source: ExportSource, path: Path, *, progress: Progress = no_progress) -> None:
    """Write the annotations (narrowed by ``source.options``) in reading order;
    ``progress`` is called every 1,000 annotations."""
    total = source.count()
    with atomic_output(path) as temporary:
        with temporary.open("w", encoding="utf-8", newline="") as out:
            out.write(",".join(COLUMNS) + RECORD_END)
            done = write_batched(_records(source), out.write, total=total, progress=progress)
        progress(done, done)


def _records(source: ExportSource) -> Iterator[str]:
    """Each annotation's records (one per code), encoded from per-document, per-code and
    per-reviewer fields encoded once, and the annotation's own fields encoded once for all
    its records."""
    book = source.codebook
    titles = {document.id: text_field(document.title) for document in source.documents}
    codes: dict[str, str] = {}
    names: dict[ReviewerId, str] = {}

    def code_fields(guid: str) -> str:
        found = codes.get(guid)
        if found is None:
            code = book[guid]
            found = codes[guid] = ",".join(
                map(text_field, (code.name, book.path(guid), guid, code.facet.value, code.color))
            )
        return found

    def name(reviewer_id: ReviewerId) -> str:
        found = names.get(reviewer_id)
        if found is None:
            found = names[reviewer_id] = text_field(source.reviewer_name(reviewer_id))
        return found

    for record in source.records():
        head = (
            f"{record.id},{titles.get(record.document_id, '')},{record.document_id},"
            f"{record.page + 1},{record.start},{record.end},{text_field(record.exact)},"
            f"{text_field(record.prefix)},{text_field(record.suffix)},"
        )
        tail = (
            f",{text_field(record.note)},{name(record.reviewer_id)},{record.created},"
            f"{record.modified},"
        )
        end = "".join(f",{text_field(shown(getattr(record, n)))}" for n in LISTED) + RECORD_END
        if not record.codings:
            yield f"{head}{_NO_CODE}{tail},{end}"
            continue
        yield "".join(
            f"{head}{code_fields(coding.code_id)}{tail}{name(coding.reviewer_id)},"
            f"{coding.created}{end}"
            for coding in record.codings
        )

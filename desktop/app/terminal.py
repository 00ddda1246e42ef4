"""What ``accord annotate``, ``accord list`` and ``accord codebook`` do, over an Editor.

``desktop.cli`` parses the arguments and imports this module only when a subcommand runs, so
launching the reader never loads SQLite. Each function writes its answer to ``out`` and raises
``AccordError`` with a sentence for anything the user can fix.
"""

from __future__ import annotations

import csv
import getpass
import io
import itertools
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from desktop.anchoring import find_quote
from desktop.anchoring.errors import shorten
from desktop.app.anchors import annotation_from_span
from desktop.app.editor import Editor
from desktop.app.filter_names import filter_from_names
from desktop.app.projects import find_document, open_or_create
from desktop.app.reading import DocumentReader
from desktop.app.reanchoring import reanchor_document
from desktop.codebook.model import Codebook
from desktop.core.errors import AccordError
from desktop.core.leftovers import scratch_folder
from desktop.core.model import Annotation, CodeId, DocumentId
from desktop.core.record import listed_fields, shown
from desktop.formats.tables.csv_table import inert
from desktop.store import AnnotationRecord, Project

_LISTED = tuple(field.name for field in listed_fields(Annotation))
LIST_FIELDS = (
    "id",
    "document",
    "page",
    "start",
    "end",
    "quote",
    "codes",
    "note",
    "reviewer",
    "created",
    "modified",
    *_LISTED,
)
"""``accord list``'s fields: its own, then each field the annotation declares ``listed``."""


def default_reviewer() -> str:
    """``ACCORD_REVIEWER``, else the name of the account running Accord."""
    try:
        return os.environ.get("ACCORD_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "Reviewer"


def annotate(
    project_path: Path,
    *,
    document: str,
    quote: str | None,
    span: tuple[int, int] | None = None,
    occurrence: int | None,
    codes: Sequence[str],
    note: str,
    reviewer: str | None,
    out: TextIO,
) -> None:
    """Highlight the quote (or the ``span``: code points, end exclusive) in the document,
    code it, and print the new annotation's id."""
    with open_or_create(project_path) as project:
        stored = find_document(project, document)
        book = project.codes.codebook()
        code_ids = tuple(CodeId(book.lookup(name).guid) for name in codes)
        editor = Editor.start(project, reviewer or default_reviewer())
        with DocumentReader() as reader, scratch_folder("annotate") as folder:
            layer = reader.read(project.documents.write_file(stored.id, folder)).text
        if span is not None:
            start, end = checked_span(layer.text, span, title=stored.title)
        else:
            start, end = find_quote(layer.text, quote or "", occurrence=occurrence)
        command = annotation_from_span(
            layer, start, end, document_id=stored.id, code_ids=code_ids, note=note
        )
        # Everything is checked: only now may the project change (re-placing the document's
        # annotations on a text Accord now extracts differently, then the new annotation).
        for annotation, reason in reanchor_document(project, stored.id, layer).orphans:
            print(
                f"accord: warning: annotation {annotation.id[:8]} could not be placed in the "
                f"new text of “{stored.title}”: {reason}",
                file=sys.stderr,
            )
        editor.execute(command)
        print(command.annotation_id, file=out, flush=True)


def checked_span(text: str, span: tuple[int, int], *, title: str) -> tuple[int, int]:
    """``span`` if it is a stretch of ``text`` with something to highlight, else a sentence
    saying why not."""
    start, end = span
    if not 0 <= start < end <= len(text):
        raise AccordError(
            f"--start {start} --end {end} is not a stretch of “{title}”, whose text has "
            f"{len(text)} code points: give 0 <= start < end <= {len(text)}."
        )
    if not text[start:end].strip():
        raise AccordError(
            f"--start {start} --end {end} covers only spaces in “{title}”; nothing to highlight."
        )
    return start, end


def list_annotations(
    project_path: Path,
    *,
    typed: Mapping[str, Sequence[str]],
    output_format: str,
    out: TextIO,
) -> None:
    """Annotations in reading order, narrowed by the names ``typed`` per filter field (see
    ``filter_names.filter_from_names``: a code includes its sub-codes)."""
    with open_or_create(project_path) as project:
        book = project.codes.codebook()
        where = filter_from_names(project, typed)
        rows = _rows(project, book, project.annotations.records(where))
        if output_format == "json":
            _write_in_blocks(_json_array(rows), out)
        elif output_format == "csv":
            _write_in_blocks(_csv_lines(rows), out)
        else:
            table(list(rows), out)


LIST_BLOCK = 500
"""Annotations per write to the output, each block flushed: a reader at the other end of a
pipe sees the first rows at once, and nothing holds the whole list."""


def _write_in_blocks(pieces: Iterator[str], out: TextIO) -> None:
    while block := list(itertools.islice(pieces, LIST_BLOCK)):
        out.write("".join(block))
        out.flush()


def _json_array(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    """The rows as one JSON array, an element a line, written as they are read. Each element
    is ``json.dumps``'s compact form, which its C encoder writes: with ``indent``, json takes
    its pure-Python encoder, three times slower, which took most of a listing's time."""
    opening = "[\n"
    for row in rows:
        yield opening + json.dumps(row, ensure_ascii=False)
        opening = ",\n"
    yield "[]\n" if opening == "[\n" else "\n]\n"


def _csv_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    """The rows as CSV, text cells made ``inert`` as the CSV export's are."""
    line = io.StringIO()
    writer = csv.DictWriter(line, fieldnames=LIST_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: inert(value) if isinstance(value, str) else value for key, value in row.items()}
        )
        yield line.getvalue()
        line.seek(0)
        line.truncate()
    yield line.getvalue()


def _rows(
    project: Project, book: Codebook, records: Iterator[AnnotationRecord]
) -> Iterator[dict[str, object]]:
    titles: dict[DocumentId, str] = {d.id: d.title for d in project.documents.all()}
    names = {r.id: r.name for r in project.reviewers.all()}
    paths: dict[str, str] = {}
    for record in records:
        codes = [c.code_id for c in record.codings if c.code_id in book]
        yield {
            "id": record.id,
            "document": titles[record.document_id],
            "page": record.page + 1,
            "start": record.start,
            "end": record.end,
            "quote": record.exact,
            "codes": "; ".join(paths.get(c) or paths.setdefault(c, book.path(c)) for c in codes),
            "note": record.note,
            "reviewer": names[record.reviewer_id],
            "created": record.created,
            "modified": record.modified,
        } | {name: shown(getattr(record, name)) for name in _LISTED}


LIST_COLUMNS = (
    ("id", 8),
    ("document", 28),
    ("page", 4),
    ("quote", 48),
    ("codes", 48),
    ("reviewer", 16),
    *((name, 9) for name in _LISTED),
)
"""``accord list``'s table: each column and the characters it may take."""


def table(
    rows: Sequence[Mapping[str, object]],
    out: TextIO,
    *,
    columns: Sequence[tuple[str, int]] = LIST_COLUMNS,
    noun: str = "annotation",
) -> None:
    """A table for people: each of ``columns`` shortened to one line of its width, then how
    many ``noun``s there are."""
    lines = [[name.upper() for name, _ in columns]]
    for row in rows:
        lines.append([shorten(str(row[name]), width) for name, width in columns])
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    for line in lines:
        out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
        out.write("\n")
    out.write(f"{len(rows)} {noun}{'s' if len(rows) != 1 else ''}\n")


def show_codebook(project_path: Path, *, output_format: str, out: TextIO) -> None:
    with open_or_create(project_path) as project:
        book = project.codes.codebook()
        keys: dict[str, int] = {guid: key for key, guid in project.codes.pins().items()}
        if output_format == "json":
            codes = [
                {
                    "guid": c.guid,
                    "name": c.name,
                    "path": book.path(c.guid),
                    "facet": c.facet.value,
                    "parent": c.parent_guid,
                    "color": c.color,
                    "description": c.description,
                    "codable": c.is_codable,
                    "position": c.position,
                    "pin": keys.get(c.guid),
                }
                for c in book
            ]
            json.dump(codes, out, ensure_ascii=False, indent=2)
            out.write("\n")
            return
        for code in book:
            depth = len(book.ancestors(code.guid))
            pin = f"  [key {keys[code.guid]}]" if code.guid in keys else ""
            out.write(f"{'  ' * depth}{code.name}  {code.color}{pin}\n")

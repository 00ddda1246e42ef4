"""What ``accord annotate``, ``accord list`` and ``accord codebook`` do, over a Session.

``desktop.cli`` parses the arguments and imports this module only when a subcommand runs, so
launching the reader never loads SQLite. Each function writes its answer to ``out`` and raises
``AccordError`` with a sentence for anything the user can fix.
"""

from __future__ import annotations

import csv
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop.anchoring import find_quote
from desktop.anchoring.errors import shorten
from desktop.app.anchors import annotation_from_span
from desktop.app.projects import find_document, open_or_create
from desktop.app.reading import DocumentReader
from desktop.app.reanchoring import reanchor_document
from desktop.app.session import Session
from desktop.codebook.model import Codebook
from desktop.core.model import CodeId, DocumentId, format_time
from desktop.store import AnnotationFilter, ListedAnnotation, Project

LIST_FIELDS = ("id", "document", "page", "start", "end", "quote", "codes", "note", "reviewer",
               "created", "modified")


def default_reviewer() -> str:
    """``ACCORD_REVIEWER``, else the name of the account running Accord."""
    try:
        return os.environ.get("ACCORD_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "Reviewer"


def annotate(project_path: Path, *, document: str, quote: str, occurrence: int | None,
             codes: Sequence[str], note: str, reviewer: str | None, out: TextIO) -> None:
    """Highlight the quote in the document, code it, and print the new annotation's id."""
    with open_or_create(project_path) as project:
        stored = find_document(project, document)
        book = project.codes.codebook()
        code_ids = tuple(CodeId(book.lookup(name).guid) for name in codes)
        session = Session.start(project, reviewer or default_reviewer())
        with DocumentReader() as reader, tempfile.TemporaryDirectory() as folder:
            layer = reader.read(project.documents.write_file(stored.id, Path(folder))).text
        for annotation, reason in reanchor_document(project, stored.id, layer).orphans:
            print(f"accord: warning: annotation {annotation.id[:8]} could not be placed in the "
                  f"new text of “{stored.title}”: {reason}", file=sys.stderr)
        start, end = find_quote(layer.text, quote, occurrence=occurrence)
        command = annotation_from_span(layer, start, end, document_id=stored.id,
                                       code_ids=code_ids, note=note)
        session.execute(command)
        print(command.annotation_id, file=out, flush=True)


def list_annotations(project_path: Path, *, code: str | None, document: str | None,
                     output_format: str, out: TextIO) -> None:
    """Annotations in reading order; ``code`` includes its sub-codes."""
    with open_or_create(project_path) as project:
        book = project.codes.codebook()
        where = AnnotationFilter()
        if code is not None:
            found = book.lookup(code)
            subtree = [found, *book.descendants(found.guid)]
            where = AnnotationFilter(code_ids=frozenset(CodeId(c.guid) for c in subtree))
        if document is not None:
            where = AnnotationFilter(document_ids=frozenset({find_document(project, document).id}),
                                     code_ids=where.code_ids)
        rows = _records(project, book, project.annotations.listed(project.annotations.ids(where)))
        if output_format == "json":
            json.dump(rows, out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif output_format == "csv":
            writer = csv.DictWriter(out, fieldnames=LIST_FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            _table(rows, out)


def _records(project: Project, book: Codebook,
             listed: Sequence[ListedAnnotation]) -> list[dict[str, object]]:
    titles: dict[DocumentId, str] = {d.id: d.title for d in project.documents.all()}
    names = {r.id: r.name for r in project.reviewers.all()}
    return [
        {
            "id": item.annotation.id,
            "document": titles[item.annotation.document_id],
            "page": item.annotation.anchor.page + 1,
            "start": item.annotation.anchor.start,
            "end": item.annotation.anchor.end,
            "quote": item.annotation.anchor.exact,
            "codes": "; ".join(book.path(c) for c in item.code_ids if c in book),
            "note": item.annotation.note,
            "reviewer": names[item.annotation.reviewer_id],
            "created": format_time(item.annotation.created),
            "modified": format_time(item.annotation.modified),
        }
        for item in listed
    ]


def _table(rows: list[dict[str, object]], out: TextIO) -> None:
    """A table for people: short id, where, the quote and codes shortened to one line."""
    columns = (("id", 8), ("document", 28), ("page", 4), ("quote", 48), ("codes", 48),
               ("reviewer", 16))
    lines = [[name.upper() for name, _ in columns]]
    for row in rows:
        lines.append([shorten(str(row[name]), width) for name, width in columns])
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    for line in lines:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths,
                                                                     strict=True)).rstrip())
        out.write("\n")
    out.write(f"{len(rows)} annotation{'s' if len(rows) != 1 else ''}\n")


def show_codebook(project_path: Path, *, output_format: str, out: TextIO) -> None:
    with open_or_create(project_path) as project:
        book = project.codes.codebook()
        keys = {guid: key for key, guid in project.codes.pins().items()}
        if output_format == "json":
            codes = [
                {"guid": c.guid, "name": c.name, "path": book.path(c.guid), "facet": c.facet.value,
                 "parent": c.parent_guid, "color": c.color, "description": c.description,
                 "codable": c.is_codable, "position": c.position, "pin": keys.get(c.guid)}
                for c in book
            ]
            json.dump(codes, out, ensure_ascii=False, indent=2)
            out.write("\n")
            return
        for code in book:
            depth = len(book.ancestors(code.guid))
            pin = f"  [key {keys[code.guid]}]" if code.guid in keys else ""
            out.write(f"{'  ' * depth}{code.name}  {code.color}{pin}\n")


"""What ``accord link``, ``accord links``, ``accord align`` and ``accord coverage`` do.

``desktop.cli`` parses the arguments (``desktop/cli_comparing.py``) and imports this module
only when one of them runs. Each writes its answer to ``out`` and raises ``AccordError`` with a
sentence for anything the user can fix.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from desktop.app.document_texts import read_layers
from desktop.app.editor import Editor
from desktop.app.launching import remembered_documents
from desktop.app.linking import CreateLink, link_type
from desktop.app.projects import find_annotation, find_document, open_or_create
from desktop.app.reading import DocumentReader
from desktop.app.terminal import default_reviewer, table
from desktop.comparing.coverage import Coverage, Fate, Share
from desktop.comparing.gather import LINK_FIELDS, link_rows, project_coverage
from desktop.core.errors import AccordError
from desktop.core.model import AnnotationId, DocumentId, StoredDocument
from desktop.formats.tables.csv_table import inert
from desktop.store import Project

LINK_COLUMNS = (("id", 8), ("type", 11), ("source_quote", 40), ("target_quote", 40), ("note", 24))


def link(
    project_path: Path,
    *,
    source: str,
    target: str | None,
    target_document: str | None,
    kind: str,
    note: str,
    reviewer: str | None,
    out: TextIO,
) -> None:
    """Link two annotations (or one and a whole document) and print the new link's id."""
    with open_or_create(project_path) as project:
        command = CreateLink(
            find_annotation(project, source),
            link_type(kind),
            None if target is None else find_annotation(project, target),
            None if target_document is None else find_document(project, target_document).id,
            note,
        )
        Editor.start(project, reviewer or default_reviewer()).execute(command)
        print(command.link_id, file=out, flush=True)


def list_links(project_path: Path, *, output_format: str, out: TextIO) -> None:
    with open_or_create(project_path) as project:
        rows = list(link_rows(project))
    if output_format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif output_format == "csv":
        writer = csv.DictWriter(out, fieldnames=LINK_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: inert(v) if isinstance(v, str) else v for k, v in row.items()})
    else:
        table(rows, out, columns=LINK_COLUMNS, noun="link")


def document_pair(
    project: Project, *, source: str | None, report: str | None
) -> tuple[StoredDocument, StoredDocument]:
    """The letter and the article compared: those named, else the pair last shown side by
    side (left, right), else the project's first two documents."""
    documents = project.documents.all()
    by_id = {document.id: document for document in documents}
    shown = [by_id.get(DocumentId(s.fingerprint)) for s in remembered_documents(project.path)]
    pair = [d for d in shown if d is not None] if len(shown) == 2 else []
    if len(pair) != 2:
        pair = list(documents[:2])
    if source is not None:
        pair[:1] = [find_document(project, source)]
    if report is not None:
        pair[1:2] = [find_document(project, report)]
    if len(pair) < 2 or pair[0].id == pair[1].id:
        raise AccordError(
            "Comparing needs two documents: name them with --source and --report "
            f"(the project has {len(documents)})."
        )
    return pair[0], pair[1]


def _texts(project: Project, letter: StoredDocument, article: StoredDocument) -> tuple[str, str]:
    with DocumentReader() as reader:
        layers = read_layers(project, [letter, article], reader=reader)
    return layers[letter.id].text, layers[article.id].text


def align_documents(
    project_path: Path, *, source: str | None, report: str | None, output_format: str, out: TextIO
) -> None:
    """For each clause of the article, the letter's clauses it most likely reports."""
    from desktop.comparing.alignment import align

    with open_or_create(project_path) as project:
        letter, article = document_pair(project, source=source, report=report)
        letter_text, article_text = _texts(project, letter, article)
    suggestions = align(letter_text, article_text).suggestions
    if output_format == "json":
        shaped = [
            {
                "quote": s.clause.text,
                "start": s.clause.start,
                "end": s.clause.end,
                "counterpart": s.counterpart,
                "candidates": [
                    {
                        "quote": c.clause.text,
                        "start": c.clause.start,
                        "end": c.clause.end,
                        "score": c.score,
                    }
                    for c in s.candidates
                ],
            }
            for s in suggestions
        ]
        json.dump(shaped, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    rows = [
        {
            "article": s.clause.text,
            "score": f"{s.score:.2f}",
            "letter": s.candidates[0].clause.text if s.counterpart else "(no counterpart)",
        }
        for s in suggestions
    ]
    table(rows, out, columns=(("article", 50), ("score", 5), ("letter", 50)), noun="clause")


def show_coverage(
    project_path: Path, *, source: str | None, report: str | None, output_format: str, out: TextIO
) -> None:
    """What became of each clause of the letter in the article, and the shares reported."""
    with open_or_create(project_path) as project:
        letter, article = document_pair(project, source=source, report=report)
        letter_text, _ = _texts(project, letter, article)
        found = project_coverage(project, letter, article, letter_text=letter_text)
        names = {a.id: a.anchor.exact for a in project.annotations.in_document(article.id)}
    if output_format == "json":
        json.dump(_coverage_json(found, names), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    rows = [
        {"clause": item.clause.text, "fate": item.fate.value, "section": item.section}
        for item in found.clauses
    ]
    table(rows, out, columns=(("clause", 60), ("fate", 16), ("section", 24)), noun="clause")
    counts = ", ".join(f"{found.count(fate)} {fate.value}" for fate in Fate)
    out.write(f"{counts}; {len(found.additions)} added by the article\n")
    for share in (found.overall, *found.by_section, *found.by_area):
        out.write(f"reported: {share.ratio:6.1%} of {share.name}\n")


def _share(share: Share) -> dict[str, object]:
    return {
        "name": share.name,
        "reported": share.reported,
        "total": share.total,
        "ratio": round(share.ratio, 4),
    }


def _coverage_json(
    found: Coverage, article_quotes: Mapping[AnnotationId, str]
) -> dict[str, object]:
    return {
        "clauses": [
            {
                "quote": item.clause.text,
                "start": item.clause.start,
                "end": item.clause.end,
                "fate": item.fate.value,
                "section": item.section,
                "areas": list(item.areas),
                "links": [link.id for link in item.links],
            }
            for item in found.clauses
        ],
        "additions": [
            {"link": link.id, "quote": article_quotes.get(link.source_id, "")}
            for link in found.additions
        ],
        "overall": _share(found.overall),
        "sections": [_share(s) for s in found.by_section],
        "areas": [_share(s) for s in found.by_area],
    }

"""The report project (``report_project.PLAN``) plus annotations that test what interchange
files get wrong: a plain highlight (no code, no note) by a third reviewer, a quote with curly
quotes, and a note with straight quotes, a comma, a line break and characters outside the BMP.

Ids, reviewers and times are fixed, so the JSON-LD golden file stays byte-identical.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from desktop.app.anchors import anchor_for_span
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.core.model import Annotation, CodeId, Coding, DocumentId
from desktop.core.textunits import find_all
from desktop.store import open_project
from tests.formats.report_project import ARTICLE, PLAN, Planned, make_project

EXTRA = (
    Planned(10, ARTICLE, "contributed by pledging over €760 million", (), "Chen"),
    Planned(
        11,
        ARTICLE,
        "“Japan is one of our key partners.",
        ("Pandemics",),
        "Chen",
        'A "quoted" word, a comma; 𝓔𝓤 日本\nsecond line',
    ),
)
ALL = (*PLAN, *EXTRA)


def make_interop_project(path: Path, reader: DocumentReader) -> dict[DocumentId, str]:
    """Create the project at ``path`` with ``ALL``; return the documents' canonical texts."""
    texts = make_project(path, reader)
    layers = [reader.read(file).text for file in bundled_pair()]
    with open_project(path) as project:
        documents = [d.id for d in project.documents.all()]
        codebook = project.codes.codebook()
        reviewers = {p.reviewer: project.reviewers.ensure(p.reviewer).id for p in EXTRA}
        with project.transaction():
            for planned in EXTRA:
                layer = layers[planned.document]
                ((start, end),) = find_all(layer.text, planned.quote, match_case=True)
                author = reviewers[planned.reviewer]
                annotation = Annotation(
                    planned.id,
                    documents[planned.document],
                    anchor_for_span(layer, start, end),
                    planned.note,
                    author,
                    planned.created,
                    planned.created,
                )
                project.annotations.insert(
                    annotation,
                    [
                        Coding(
                            annotation.id,
                            CodeId(codebook.lookup(code).guid),
                            author,
                            planned.created + timedelta(seconds=1),
                        )
                        for code in planned.codes
                    ],
                )
    return texts

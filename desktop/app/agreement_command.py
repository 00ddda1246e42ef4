"""``accord agreement``: the agreement figures of a project's reviewers, for people or tools."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop.agreement.study import Design, compute
from desktop.app.agreement import (
    Labels,
    reviewers_named,
    studied_codes,
    study_inputs,
    write_csv,
    write_json,
    write_table,
)
from desktop.app.document_texts import read_layers
from desktop.app.projects import find_document, open_or_create
from desktop.app.reading import DocumentReader
from desktop.core.errors import AccordError


def agreement_command(
    project_path: Path,
    *,
    reviewers: Sequence[str],
    unit: str,
    documents: Sequence[str],
    facet: str | None,
    code: str | None,
    output_format: str,
    out: TextIO,
) -> None:
    """Compute the study the options describe and write it as ``output_format``."""
    with open_or_create(project_path) as project:
        book = project.codes.codebook()
        chosen = [find_document(project, name) for name in documents] or list(
            project.documents.all()
        )
        ids = reviewers_named(project, reviewers)
        if len(set(ids)) < 2:
            labels = Labels.of(project, book)
            found = ", ".join(labels.reviewers[r] for r in ids) or "nobody"
            raise AccordError(
                "Agreement needs two reviewers or more who highlighted something; "
                f"this project has {found}."
            )
        codes = studied_codes(book, facet=facet, code=code)
        with DocumentReader() as reader:
            layers = read_layers(project, chosen, reader=reader)
        texts = {document: layer.text for document, layer in layers.items()}
        study = compute(
            study_inputs(project, chosen, texts), ids, design=Design(unit), facets=codes
        )
        labels = Labels.of(project, book)
    writer = {"json": write_json, "csv": write_csv}.get(output_format, write_table)
    writer(study, labels, out)

"""``accord agreement``: the agreement figures of a project's reviewers, for people or tools."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop.agreement.study import Design
from desktop.app.agreement import (
    reviewers_named,
    studied_codes,
    study_project,
    write_csv,
    write_json,
    write_table,
)
from desktop.app.projects import find_document, open_or_create
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
        chosen = [find_document(project, name).id for name in documents] or None
        ids = reviewers_named(project, reviewers)
        if len(set(ids)) < 2:
            names = {r.id: r.name for r in project.reviewers.all()}
            found = ", ".join(names[r] for r in ids) or "nobody"
            raise AccordError(
                "Agreement needs two reviewers or more who highlighted something; "
                f"this project has {found}."
            )
        codes = studied_codes(project.codes.codebook(), facet=facet, code=code)
        run = study_project(
            project, reviewers=ids, documents=chosen, design=Design(unit), codes=codes
        )
    writer = {"json": write_json, "csv": write_csv}.get(output_format, write_table)
    writer(run.study, run.labels, out)

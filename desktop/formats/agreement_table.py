"""The agreement figures as a table for people: what ``accord agreement`` prints, the reports'
and the workbook's agreement section show, named the same way everywhere (``Labels``).

A report or a workbook of a project that two reviewers or more coded gains the agreement of
those reviewers on clause units over the exported documents (``exported_study``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from desktop.agreement.designs import StudyDocument
from desktop.agreement.study import Design, Row, Scope, Study, compute
from desktop.codebook.model import Codebook
from desktop.core.model import CodeId, DocumentId, ReviewerId, StoredDocument
from desktop.formats.source import ExportSource
from desktop.store import Project


def code_facets(book: Codebook) -> dict[CodeId, str]:
    """Every code one can apply, with the name of its facet: what a study compares."""
    return {CodeId(c.guid): c.facet.value for c in book if c.is_codable}


@dataclass(frozen=True, slots=True)
class Labels:
    """The names people know the ids of a study by."""

    reviewers: Mapping[ReviewerId, str]
    documents: Mapping[DocumentId, str]
    codes: Mapping[CodeId, str]

    @classmethod
    def of(cls, project: Project, book: Codebook) -> Labels:
        return cls(
            {r.id: r.name for r in project.reviewers.all()},
            {d.id: d.title for d in project.documents.all()},
            {code: book.path(code) for code in code_facets(book)},
        )

    def row_name(self, row: Row) -> str:
        if row.scope is Scope.OVERALL:
            return "All codes"
        if row.code is None:
            return row.facet
        return self.codes.get(row.code, row.code)

    def codes_of(self, codes: Iterable[CodeId]) -> list[str]:
        return sorted(self.codes.get(code, code) for code in codes)


def study_inputs(
    project: Project, documents: Sequence[StoredDocument], texts: Mapping[DocumentId, str]
) -> list[StudyDocument]:
    """The documents with their texts and every reviewer's highlights (not curated results)."""
    return [
        StudyDocument(d.id, d.title, texts[d.id], tuple(project.curations.versions(d.id)))
        for d in documents
    ]


def table_lines(study: Study, labels: Labels) -> list[list[str]]:
    """The figures as rows of cells for people, a header first (the command's and the
    report's table)."""
    measures = [f.measure.value for f in study.rows[0].figures] if study.rows else []
    header = ["Scope", "Name", *measures, "Metric", "Units", "Pairable", "D_o", "D_e"]
    lines = [header]
    for row in study.rows:
        last = row.figures[-1]
        lines.append(
            [
                row.scope.value,
                labels.row_name(row),
                *(f.shown() for f in row.figures),
                last.metric,
                str(last.sample.units),
                str(last.sample.pairable),
                last.sample.observed_shown,
                last.sample.expected_shown,
            ]
        )
    return lines


def headline(study: Study, labels: Labels) -> str:
    """One sentence saying what the figures are computed on."""
    design = "clause units" if study.design is Design.CLAUSE else "free spans (alpha_U)"
    names = ", ".join(labels.reviewers[r] for r in study.reviewers)
    count = len(study.documents)
    return (
        f"Agreement on {design} of {len(study.reviewers)} reviewers ({names}) over {count} "
        f"document{'s' if count != 1 else ''}; {len(study.disagreements)} "
        f"disagreement{'s' if len(study.disagreements) != 1 else ''}."
    )


@dataclass(frozen=True, slots=True)
class AgreementSection:
    """What a report or a workbook shows of the agreement: a sentence and the table."""

    headline: str
    lines: list[list[str]]


def exported_study(source: ExportSource) -> AgreementSection | None:
    """The agreement on clause units of the reviewers who highlighted the exported documents
    (those of the reviewer filter, if any), or None when fewer than two did."""
    documents = [d for d in source.documents if d.id in source.texts]
    inputs = study_inputs(source.project, documents, source.texts)
    chosen = source.options.reviewer_ids
    present = {
        v.reviewer_id for d in inputs for v in d.versions if not chosen or v.reviewer_id in chosen
    }
    if len(present) < 2:
        return None
    reviewers = sorted(present, key=lambda r: source.reviewer_name(r).casefold())
    study = compute(inputs, reviewers, design=Design.CLAUSE, facets=code_facets(source.codebook))
    labels = Labels(
        {r: source.reviewer_name(r) for r in reviewers},
        {d.id: d.title for d in documents},
        {code: source.codebook.path(code) for code in code_facets(source.codebook)},
    )
    return AgreementSection(headline(study, labels), table_lines(study, labels))

"""An agreement study over a project: which reviewers, documents and codes, read from the
store, and the figures as a table, JSON or CSV for people and other tools.

The window and ``accord agreement`` build a study here (``study_project``), the reports in
``desktop.formats.agreement_table``; all name what it holds through its ``Labels``, so each
shows the same figures under the same names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TextIO

from desktop.agreement.figures import Figure
from desktop.agreement.study import Design, Progress, Row, Study, compute
from desktop.app.document_texts import ReaderFactory, read_layers
from desktop.app.reading import DocumentReader
from desktop.codebook.model import Codebook, Facet
from desktop.core.errors import AccordError
from desktop.core.model import AnnotationId, CodeId, DocumentId, ReviewerId
from desktop.core.review import Decision, SessionId, Verdict
from desktop.formats.agreement_table import (
    Labels,
    code_facets,
    headline,
    study_inputs,
    table_lines,
)
from desktop.store import Project


def coding_reviewers(project: Project) -> list[ReviewerId]:
    """The reviewers with at least one highlight, in the order of their names."""
    counted = {
        v.reviewer_id for d in project.documents.all() for v in project.curations.versions(d.id)
    }
    return [
        r.id
        for r in sorted(project.reviewers.all(), key=lambda r: r.name.casefold())
        if r.id in counted
    ]


def reviewers_named(project: Project, names: Sequence[str]) -> list[ReviewerId]:
    """The reviewers the names say (all who highlighted anything when there are none)."""
    if not names:
        return coding_reviewers(project)
    found: list[ReviewerId] = []
    for name in names:
        reviewer = project.reviewers.find(name)
        if reviewer is None:
            known = ", ".join(r.name for r in project.reviewers.all()) or "none yet"
            raise AccordError(
                f"No reviewer is called “{name}” in this project (reviewers: {known})."
            )
        found.append(reviewer.id)
    return found


def studied_codes(
    book: Codebook, *, facet: str | None = None, code: str | None = None
) -> dict[CodeId, str]:
    """Each codable code to study with its facet's name: every one, one facet's, or one code."""
    if code is not None:
        chosen = book.lookup(code)
        if not chosen.is_codable:
            raise AccordError(f"“{chosen.name}” is a folder, not a code; name a code inside it.")
        return {CodeId(chosen.guid): chosen.facet.value}
    facets = list(Facet)
    if facet is not None:
        facets = [f for f in Facet if f.value.casefold() == facet.strip().casefold()]
        if not facets:
            names = ", ".join(f"“{f.value}”" for f in Facet)
            raise AccordError(f"There is no facet “{facet}”; the facets are {names}.")
    return {code: facet for code, facet in code_facets(book).items() if Facet(facet) in facets}


@dataclass(frozen=True, slots=True)
class StudyRun:
    """A computed study, the names to show it with, and the texts read for it (a window keeps
    them: a document's text does not change, and reading it costs a document worker)."""

    study: Study
    labels: Labels
    texts: dict[DocumentId, str]
    after: Study | None = None
    """The same study once a review session's rejections and withdrawals are left out."""
    session: str = ""
    """That session's title."""


def study_project(
    project: Project,
    *,
    reviewers: Sequence[ReviewerId],
    documents: Sequence[DocumentId] | None,
    design: Design,
    codes: Mapping[CodeId, str] | None = None,
    texts: Mapping[DocumentId, str] | None = None,
    progress: Progress | None = None,
    reader_factory: ReaderFactory = DocumentReader,
    session: SessionId | None = None,
) -> StudyRun:
    """The study of these reviewers over these documents (None: all), all codes unless
    ``codes``; texts already read are taken from ``texts``, the others read once here. With
    a review ``session``, the study also as it stands after that session's decisions."""
    book = project.codes.codebook()
    every = project.documents.all()
    chosen = every if documents is None else [d for d in every if d.id in set(documents)]
    known = dict(texts or {})
    missing = [d for d in chosen if d.id not in known]
    if missing:
        with reader_factory() as reader:
            layers = read_layers(project, missing, reader=reader)
        known |= {document: layer.text for document, layer in layers.items()}
    inputs = study_inputs(project, chosen, known)
    facets = studied_codes(book) if codes is None else codes
    study = compute(inputs, reviewers, design=design, facets=facets, progress=progress)
    if session is None:
        return StudyRun(study, Labels.of(project, book), known)
    gone = set_aside_in(project, session)
    kept = [
        replace(d, versions=tuple(v for v in d.versions if v.annotation_id not in gone))
        for d in inputs
    ]
    after = compute(kept, reviewers, design=design, facets=facets, progress=progress)
    title = project.review.require_session(session).title
    return StudyRun(study, Labels.of(project, book), known, after, title)


def set_aside_in(project: Project, session: SessionId) -> frozenset[AnnotationId]:
    """The highlights a review session's decisions took out of the team's coding: those whose
    last decision in it rejected or withdrew them. Before the session the reviewers' agreement
    counts every highlight; after it, not these."""
    last: dict[AnnotationId, Decision] = {}
    for decision in project.review.in_session(session):
        known = last.get(decision.annotation_id)
        if known is None or decision.position > known.position:
            last[decision.annotation_id] = decision
    return frozenset(
        annotation
        for annotation, decision in last.items()
        if decision.verdict in (Verdict.REJECT, Verdict.WITHDRAW)
    )


def as_json(study: Study, labels: Labels) -> dict[str, object]:
    """The study with the reliability data behind each row, names instead of ids."""
    reviewer = labels.reviewers
    rows: list[dict[str, object]] = []
    for row in study.rows:
        entry: dict[str, object] = {
            "scope": row.scope.value,
            "name": labels.row_name(row),
            "facet": row.facet or None,
            "figures": [_figure_json(f) for f in row.figures],
        }
        if study.design is Design.CLAUSE:
            entry["data"] = [
                {
                    "document": labels.documents[study.clauses[index].document],
                    "start": study.clauses[index].start,
                    "end": study.clauses[index].end,
                    "values": {reviewer[r]: _value(v, row, labels) for r, v in values.items()},
                }
                for index, values in row.values
            ]
        else:
            entry["data"] = [
                {
                    "reviewer": reviewer[ReviewerId(int(span.reviewer))],
                    "code": labels.codes.get(CodeId(str(span.category)), str(span.category)),
                    "start": span.start,
                    "end": span.start + span.length,
                }
                for span in row.spans
            ]
        rows.append(entry)
    result: dict[str, object] = {
        "design": study.design.value,
        "reviewers": [reviewer[r] for r in study.reviewers],
        "documents": [labels.documents[d] for d in study.documents],
    }
    if study.continuum_bases is not None:
        result["continuum"] = [
            {"document": labels.documents[d], "begins": begin}
            for d, begin in study.continuum_bases.items()
        ]
    result["rows"] = rows
    result["disagreements"] = [
        {
            "document": labels.documents[d.document],
            "start": d.start,
            "end": d.end,
            "codes": {reviewer[r]: labels.codes_of(codes) for r, codes in d.codes.items()},
        }
        for d in study.disagreements
    ]
    return result


def _value(value: object, row: Row, labels: Labels) -> object:
    """A reviewer's codes for a clause; on a code's row, 1 if the code is among them, else 0."""
    codes = value if isinstance(value, frozenset) else frozenset()
    if row.code is not None:
        return int(row.code in codes)
    return labels.codes_of(codes)


def _figure_json(figure: Figure) -> dict[str, object]:
    sample = figure.sample
    return {
        "measure": figure.measure.value,
        "value": figure.value,
        "metric": figure.metric or None,
        "not_computable": figure.reason or None,
        "units": sample.units,
        "reviewers": sample.reviewers,
        "pairable": sample.pairable,
        "observed_disagreement": sample.observed,
        "expected_disagreement": sample.expected,
    }


CSV_FIELDS = (
    "scope",
    "name",
    "measure",
    "metric",
    "value",
    "units",
    "reviewers",
    "pairable",
    "observed_disagreement",
    "expected_disagreement",
    "not_computable",
)


def write_csv(study: Study, labels: Labels, out: TextIO) -> None:
    """A line per figure."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in study.rows:
        for figure in row.figures:
            entry = _figure_json(figure)
            writer.writerow(
                {"scope": row.scope.value, "name": labels.row_name(row)}
                | {key: entry[key] for key in CSV_FIELDS[2:]}
            )
    out.write(buffer.getvalue())


def write_table(study: Study, labels: Labels, out: TextIO) -> None:
    lines = table_lines(study, labels)
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out.write(headline(study, labels) + "\n")
    for line in lines:
        out.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")


def write_json(study: Study, labels: Labels, out: TextIO) -> None:
    json.dump(as_json(study, labels), out, ensure_ascii=False, indent=1)
    out.write("\n")

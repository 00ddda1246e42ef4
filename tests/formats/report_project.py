"""The bundled project with a small, fixed set of annotations, for the XLSX and report tests.

Ids, reviewers and times are fixed, so exports of it can be compared with golden files. Each
annotation is placed by its quote in the real canonical text of the bundled letter or article,
so sentence coverage is checked against the text an analyst reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.app.anchors import anchor_for_span
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.core.model import (
    Annotation,
    AnnotationId,
    CodeId,
    Coding,
    DocumentId,
)
from desktop.core.textunits import find_all

START = datetime(2020, 5, 26, 9, 0, tzinfo=UTC)
LETTER, ARTICLE = 0, 1


@dataclass(frozen=True)
class Planned:
    number: int
    document: int
    quote: str
    codes: tuple[str, ...]
    reviewer: str
    note: str = ""
    coded_by: str | None = None
    """Who applied the codes, when not the annotation's author."""

    @property
    def id(self) -> AnnotationId:
        return AnnotationId(f"{self.number:08X}-5A1E-4000-8000-{self.number:012X}")

    @property
    def created(self) -> datetime:
        return START + timedelta(minutes=self.number)


PLAN = (
    Planned(
        1,
        LETTER,
        "In relation to the COVID-19 outbreak",
        ("Pandemics/COVID-19",),
        "Ada",
        "Pandemic response, §1",
    ),
    Planned(
        2,
        LETTER,
        "exchange views on the implementation of STI cooperation and on future "
        "initiatives on a regular basis through the platforms established under "
        "the relevant instruments in place. The Sides also intend to have "
        "consultations at a higher level",
        ("Dialogue/Regular exchange of views", "Dialogue/Higher-level consultations"),
        "Bea",
    ),
    Planned(
        3,
        LETTER,
        "the Sides aim to disseminate the results of STI cooperation also under "
        "broader frameworks such as the Conference of the Parties (COP)",
        ("Climate change", "Multilateral and policy frameworks/UNFCCC COP"),
        "Ada",
    ),
    Planned(
        4,
        LETTER,
        "Nationally Determined Contributions under the Paris Agreement",
        (
            "Climate change/Climate neutrality",
            "Multilateral and policy frameworks/Paris Agreement/Nationally Determined "
            "Contributions",
        ),
        "Bea",
        "Two lines:\nsecond | with *stars*, <b>tags</b> & [a link](http://example.com)",
        coded_by="Ada",
    ),
    Planned(
        5,
        LETTER,
        "possible expansion of co-funding mechanisms, joint calls, coordinated calls and twinning",
        (
            "Funding modalities/Co-funding mechanisms",
            "Funding modalities/Joint calls",
            "Funding modalities/Coordinated calls",
            "Funding modalities/Twinning",
        ),
        "Ada",
    ),
    Planned(
        6,
        LETTER,
        "exploring synergies between the above mentioned two Programmes with the "
        "aim of addressing those challenges",
        (
            "Programmes/Synergies between Horizon Europe and Moonshot",
            "Societal, environmental and economic challenges",
        ),
        "Bea",
    ),
    Planned(
        7,
        LETTER,
        "This Letter of Intent is not intended to create any rights and obligations",
        (),
        "Ada",
        "Legal status",
    ),
    Planned(
        8,
        ARTICLE,
        "the Global Response pledging marathon",
        ("Pandemics", "Pledging/Global Response pledging marathon"),
        "Bea",
    ),
    Planned(
        9,
        ARTICLE,
        "future Horizon Europe and Moonshot",
        ("Programmes/Horizon Europe", "Programmes/Moonshot R&D Program"),
        "Ada",
        "EU | Japan",
    ),
)


def make_project(path: Path, reader: DocumentReader) -> dict[DocumentId, str]:
    """Create the project at ``path`` with ``PLAN``; return the documents' canonical texts."""
    layers = [reader.read(file).text for file in bundled_pair()]
    with new_project(path, reader=reader) as project:
        documents = [d.id for d in project.documents.all()]
        reviewers = {name: project.reviewers.ensure(name).id for name in ("Ada", "Bea")}
        codebook = project.codes.codebook()
        with project.transaction():
            for planned in PLAN:
                layer = layers[planned.document]
                ((start, end),) = find_all(layer.text, planned.quote, match_case=True)
                author = reviewers[planned.reviewer]
                coder = reviewers[planned.coded_by or planned.reviewer]
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
                            coder,
                            planned.created + timedelta(seconds=index),
                        )
                        for index, code in enumerate(planned.codes)
                    ],
                )
    return {document: layer.text for document, layer in zip(documents, layers, strict=True)}

"""What the Markdown and HTML reports show, gathered in one pass over the exported annotations.

Both renderers read this model and nothing else, so the two formats cannot disagree about a
count, an order or which clauses are uncoded.

Quotes are grouped under each code they carry (an annotation with two codes is quoted twice),
codes in codebook order with their depth, quotes in reading order. Coverage of clauses is
computed over the exported annotations only: with a reviewer filter the report lists what that
reviewer left uncoded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.codebook.model import Code, Codebook, Facet
from desktop.comparing.coverage import Coverage
from desktop.comparing.gather import project_coverage
from desktop.core.model import Annotation, DocumentId, StoredDocument
from desktop.core.record import listed_fields, shown
from desktop.core.textunits import Clause, clauses
from desktop.formats.agreement_table import AgreementSection, exported_study
from desktop.formats.clauses import text_matches, uncovered
from desktop.formats.source import ExportSource, Progress
from desktop.formats.tally import CodeTally
from desktop.store import AnnotationRecord

PROGRESS_EVERY = 1000
AGREEMENT_NOTE = (
    "Units are the clauses someone coded; a reviewer coded a clause with a code when one of "
    "their highlights with it covers half of the clause. Kappa is Cohen's for two reviewers, "
    "Fleiss' for more; alpha is Krippendorff's (nominal, MASI where a clause got several codes "
    "of a facet, binary per code). D_o and D_e: observed and expected disagreement."
)
_LISTED = listed_fields(Annotation)


@dataclass(frozen=True, slots=True)
class Quote:
    annotation: AnnotationRecord
    document: str
    """The document's title."""
    reviewer: str
    sections: int
    """Under how many codes it is quoted (0: in the list of annotations without codes)."""

    @property
    def listed(self) -> list[tuple[str, str]]:
        """Each field the annotation declares ``listed``: its title and its value as text."""
        return [
            (field.title or field.name, shown(getattr(self.annotation, field.name)))
            for field in _LISTED
        ]


@dataclass(slots=True)
class CodeSection:
    code: Code
    depth: int
    """0 for a code just below its facet's folder."""
    trail: str
    """Its names from below the facet folder, e.g. "Pandemics › COVID-19"."""
    quotes: list[Quote] = field(default_factory=list)
    direct: int = 0
    rolled: int = 0
    """Annotations carrying this code or a code below it (each counted once)."""

    def counted(self) -> str:
        """How many annotations it has, as both reports say it."""
        if self.rolled == self.direct:
            return f"{plural(self.direct, 'annotation')}."
        return (
            f"{plural(self.direct, 'annotation')} coded here, {self.rolled:,} including its "
            "sub-codes."
        )


@dataclass(frozen=True, slots=True)
class FacetSection:
    facet: Facet
    root: Code
    sections: tuple[CodeSection, ...]
    """Codes with annotations in their branch, in codebook order."""
    unused: tuple[CodeSection, ...]
    """Codes whose whole branch has no annotation."""


@dataclass(frozen=True, slots=True)
class UncodedClauses:
    """One document's clauses that no annotation of each facet covers."""

    document: StoredDocument
    problem: str | None
    """Why the clauses could not be listed (no text given, or not the text annotated)."""
    total: int = 0
    by_facet: dict[Facet, list[Clause]] = field(default_factory=dict)

    def counted(self) -> str:
        """How many clauses it has and how many lack each facet, as both reports say it."""
        counts = ", ".join(
            f"{len(found):,} {WITHOUT_FACET[facet]}" for facet, found in self.by_facet.items()
        )
        return f"{plural(self.total, 'clause')}: {counts}."


@dataclass(frozen=True, slots=True)
class Headline:
    annotations: int
    codings: int
    documents: int
    annotated_documents: tuple[str, ...]
    reviewers: tuple[str, ...]
    """Who made the exported annotations, by name."""
    filters: tuple[str, ...]
    """One line per filter applied; empty when everything is exported."""


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    headline: Headline
    facets: tuple[FacetSection, ...]
    not_coded: tuple[Quote, ...]
    """Annotations without any code (the facet folders are not codes)."""
    tally: CodeTally
    uncoded: tuple[UncodedClauses, ...]
    coverage: ReportCoverage | None = None
    """What became of the first document's clauses in the second (None: fewer than two
    documents, or the first's text was not provided)."""
    agreement: AgreementSection | None = None
    """How far the reviewers agree, when two or more coded the exported documents."""


@dataclass(frozen=True, slots=True)
class ReportCoverage:
    letter: str
    article: str
    coverage: Coverage


def gather(source: ExportSource, progress: Progress) -> Report:
    """Read the exported annotations once (``progress`` every 1,000) and work out everything
    the report shows."""
    codebook = source.codebook
    tally = CodeTally(codebook)
    sections = {
        code.guid: CodeSection(code, 0, trail(codebook, code.guid))
        for code in codebook
        if not code.is_root
    }
    titles = {document.id: document.title for document in source.documents}
    spans: dict[tuple[DocumentId, Facet], list[tuple[int, int]]] = {}
    not_coded: list[Quote] = []
    annotated: set[DocumentId] = set()
    reviewers: set[str] = set()
    total = source.count()
    done = 0
    for annotation in source.records():
        reviewer = source.reviewer_name(annotation.reviewer_id)
        code_ids = [coding.code_id for coding in annotation.codings]
        quote = Quote(
            annotation,
            titles[annotation.document_id],
            reviewer,
            sum(1 for code_id in code_ids if code_id in sections),
        )
        tally.add(code_ids)
        annotated.add(annotation.document_id)
        reviewers.add(reviewer)
        span = (annotation.start, annotation.end)
        for code_id in code_ids:
            section = sections.get(code_id)
            if section is None:
                continue
            section.quotes.append(quote)
            spans.setdefault((annotation.document_id, section.code.facet), []).append(span)
        if not quote.sections:
            not_coded.append(quote)
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, max(total, done))
    progress(done, done)
    for guid, section in sections.items():
        section.depth = tally.depth(guid)
        section.direct = tally.direct[guid]
        section.rolled = tally.rolled[guid]
    headline = Headline(
        annotations=tally.annotations,
        codings=tally.codings,
        documents=len(source.documents),
        annotated_documents=tuple(d.title for d in source.documents if d.id in annotated),
        reviewers=tuple(sorted(reviewers, key=str.casefold)),
        filters=_filters(source),
    )
    return Report(
        name=source.name,
        headline=headline,
        facets=tuple(_facet(source, facet, sections) for facet in Facet),
        not_coded=tuple(not_coded),
        tally=tally,
        uncoded=tuple(_uncoded(source, document, spans) for document in source.documents),
        coverage=_coverage(source),
        agreement=exported_study(source),
    )


def _coverage(source: ExportSource) -> ReportCoverage | None:
    """The first document (the letter) against the second (the article), from the links."""
    if len(source.documents) < 2:
        return None
    letter, article = source.documents[:2]
    text = source.texts.get(letter.id)
    if text is None or not text_matches(text, letter.text_sha256):
        return None
    found = project_coverage(source.project, letter, article, letter_text=text)
    return ReportCoverage(letter.title, article.title, found)


def _facet(source: ExportSource, facet: Facet, sections: dict[str, CodeSection]) -> FacetSection:
    root = source.codebook.root(facet)
    branch = [sections[code.guid] for code in source.codebook.descendants(root.guid)]
    return FacetSection(
        facet, root, tuple(s for s in branch if s.rolled), tuple(s for s in branch if not s.rolled)
    )


def _uncoded(
    source: ExportSource,
    document: StoredDocument,
    spans: dict[tuple[DocumentId, Facet], list[tuple[int, int]]],
) -> UncodedClauses:
    text = source.texts.get(document.id)
    if text is None:
        return UncodedClauses(
            document,
            "its text was not provided with this export, so its uncoded clauses cannot be listed.",
        )
    if not text_matches(text, document.text_sha256):
        return UncodedClauses(
            document,
            "the text provided is not the one its annotations were "
            "made on (its fingerprint differs); re-anchor the "
            "annotations, then export again.",
        )
    units = list(clauses(text))
    return UncodedClauses(
        document,
        None,
        len(units),
        {facet: uncovered(units, spans.get((document.id, facet), ())) for facet in Facet},
    )


def _filters(source: ExportSource) -> tuple[str, ...]:
    options = source.options
    lines: list[str] = []
    if options.reviewer_ids:
        names = sorted((source.reviewer_name(r) for r in options.reviewer_ids), key=str.casefold)
        lines.append("Reviewers: " + ", ".join(names))
    if options.code_ids:
        paths = sorted(
            source.codebook.path(guid) for guid in options.code_ids if guid in source.codebook
        )
        lines.append("Codes (with their sub-codes): " + ", ".join(paths))
    if options.document_ids:
        lines.append("Documents: " + ", ".join(d.title for d in source.documents))
    if options.statuses:
        lines.append("Status: " + ", ".join(sorted(options.statuses)))
    return tuple(lines)


class QuoteCache:
    """Each quote rendered once, however many codes it is quoted under, and forgotten after
    its last use, so a renderer neither repeats the escaping nor holds the whole report."""

    def __init__(self, render: Callable[[Quote], str]) -> None:
        self._render = render
        self._kept: dict[str, tuple[str, int]] = {}

    def __call__(self, quote: Quote) -> str:
        key = quote.annotation.id
        kept = self._kept.pop(key, None)
        text, left = kept if kept is not None else (self._render(quote), quote.sections)
        if left > 1:
            self._kept[key] = (text, left - 1)
        return text


MATRIX_NOTE = (
    "Each cell counts the annotations that carry both codes, counting a code's sub-codes "
    "with it (an annotation counts once per cell). Where fewer annotations carry exactly those "
    "two codes, their number follows in parentheses. Rows and columns without any annotation "
    "are left out."
)
COVERAGE_NOTE = (
    "A clause is a sentence, or a part of one ending at “;” or “:”, or a heading: what a "
    "triple-click selects. It counts as coded for a facet when at least one exported annotation "
    "with a code of that facet overlaps it, even by a single character."
)
NO_FACET = {Facet.THEMATIC: "No thematic area", Facet.INSTRUMENT: "No instrument"}
WITHOUT_FACET = {
    Facet.THEMATIC: "without a thematic area",
    Facet.INSTRUMENT: "without an instrument",
}


def trail(codebook: Codebook, guid: str) -> str:
    """A code's names from below its facet folder down to it, e.g. "Pandemics › COVID-19"."""
    return " › ".join(code.name for code in (*codebook.ancestors(guid)[1:], codebook[guid]))


def one_line(text: str) -> str:
    """Text with every run of whitespace (line and paragraph breaks too) as one space."""
    return " ".join(text.split())


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def matrix_cell(report: Report, theme: str, instrument: str) -> str:
    """``"3"``, or ``"3 (1)"`` when only 1 of the 3 carries exactly these two codes;
    empty for none."""
    rolled = report.tally.matrix.rolled[theme, instrument]
    if not rolled:
        return ""
    direct = report.tally.matrix.direct[theme, instrument]
    return str(rolled) if direct == rolled else f"{rolled} ({direct})"


def matrix_axes(report: Report) -> tuple[tuple[Code, ...], tuple[Code, ...]]:
    """The thematic rows and instrument columns with at least one annotation in the matrix."""
    rolled = report.tally.matrix.rolled
    rows = tuple(
        code
        for code in report.tally.rows()
        if any(rolled[code.guid, column.guid] for column in report.tally.columns())
    )
    columns = tuple(
        code for code in report.tally.columns() if any(rolled[row.guid, code.guid] for row in rows)
    )
    return rows, columns

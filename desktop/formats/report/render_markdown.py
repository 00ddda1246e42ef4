"""The report as CommonMark (the matrix as a GitHub-style table, which CommonMark shows as text).

Every piece of the documents' and the codebook's text (quotes, titles, code names) is escaped,
so a quote containing ``*``, ``|``, ``<b>`` or ``[a](b)`` reads exactly as it was written and
never turns into emphasis, a table cell, HTML or a link. Quotes, titles and clauses are written
on one line (their line breaks as spaces). A note is the analyst's own Markdown (the Note panel
renders it), so it is kept as Markdown, its lines indented into its quote's list item; only raw
HTML in it is escaped, so a note never carries markup a viewer would run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from desktop.comparing.coverage import Fate
from desktop.formats.report.model import (
    AGREEMENT_NOTE,
    COVERAGE_NOTE,
    MATRIX_NOTE,
    NO_FACET,
    CodeSection,
    Quote,
    QuoteCache,
    Report,
    ReportCoverage,
    UncodedClauses,
    matrix_axes,
    matrix_cell,
    one_line,
    plural,
    trail,
)

_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def escape(text: str) -> str:
    """``text`` as literal CommonMark inline text (also safe at the start of a line)."""
    escaped = _INLINE.sub(r"\\\1", text)
    if escaped[:1] in "-+=" or escaped[:1].isdigit():
        return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)
    return escaped


def _cell(text: str) -> str:
    """A table cell: inside a row nothing starts a block, so a figure keeps its plain digits."""
    return _INLINE.sub(r"\\\1", text)


@functools.lru_cache(maxsize=1024)
def _name(text: str) -> str:
    """A document title or a reviewer's name, escaped once however often it is quoted."""
    return escape(one_line(text))


def render(report: Report, write: Callable[[str], object]) -> None:
    """Write the whole report through ``write`` (a text file's ``write``), a piece at a time."""
    write(f"# Annotation report: {escape(report.name)}\n\n")
    for line in _headline(report):
        write(f"- {line}\n")
    rendered = QuoteCache(_quote)
    for facet in report.facets:
        write(f"\n## {escape(facet.root.name)}\n")
        if not facet.sections:
            write("\nNo exported annotation carries a code of this facet.\n")
        for section in facet.sections:
            _section(section, write, rendered)
        if facet.unused:
            names = "; ".join(escape(s.trail) for s in facet.unused)
            write(f"\nCodes without annotations: {names}.\n")
    if report.not_coded:
        write(
            f"\n## Annotations without codes\n\n{plural(len(report.not_coded), 'annotation')}.\n\n"
        )
        for quote in report.not_coded:
            write(_quote(quote))
    _matrix(report, write)
    _agreement(report, write)
    write(f"\n## Uncoded clauses\n\n{escape(COVERAGE_NOTE)}\n")
    for document in report.uncoded:
        _uncoded(document, write)
    if report.coverage is not None:
        _coverage(report.coverage, write)


def _coverage(found: ReportCoverage, write: Callable[[str], object]) -> None:
    """What became of each clause of the letter in the article, and the shares reported."""
    coverage = found.coverage
    write(
        f"\n## Coverage\n\nWhat became of the clauses of {escape(one_line(found.letter))} in "
        f"{escape(one_line(found.article))}, from the links between them.\n\n"
    )
    counts = ", ".join(f"{coverage.count(fate):,} {fate.value}" for fate in Fate)
    write(f"{counts}; {plural(len(coverage.additions), 'addition')} by the article.\n\n")
    for share in (coverage.overall, *coverage.by_section, *coverage.by_area):
        write(f"- Reported: {share.ratio:.0%} of {escape(one_line(share.name))}\n")
    write("\n")
    for item in coverage.clauses:
        write(f"- **{item.fate.value}**: {escape(one_line(item.clause.text))}\n")


def _agreement(report: Report, write: Callable[[str], object]) -> None:
    section = report.agreement
    if section is None:
        return
    write(f"\n## Agreement between reviewers\n\n{escape(section.headline)}\n\n")
    header, *rows = section.lines
    write("| " + " | ".join(_cell(cell) for cell in header) + " |\n")
    write("|" + "---|" * len(header) + "\n")
    for row in rows:
        write("| " + " | ".join(_cell(cell) for cell in row) + " |\n")
    write(f"\n{escape(AGREEMENT_NOTE)}\n")


def _headline(report: Report) -> Iterable[str]:
    headline = report.headline
    yield (f"**Annotations:** {headline.annotations:,}, with {plural(headline.codings, 'coding')}")
    titles = "; ".join(escape(title) for title in headline.annotated_documents)
    yield (
        f"**Documents:** {headline.documents:,} exported, "
        f"{len(headline.annotated_documents):,} annotated" + (f": {titles}" if titles else "")
    )
    names = ", ".join(escape(name) for name in headline.reviewers)
    yield f"**Reviewers:** {len(headline.reviewers):,}" + (f": {names}" if names else "")
    filters = "; ".join(escape(line) for line in headline.filters)
    yield f"**Filters:** {filters or 'none (every annotation in the project)'}"


def _section(
    section: CodeSection, write: Callable[[str], object], rendered: Callable[[Quote], str]
) -> None:
    level = "#" * min(3 + section.depth, 6)
    write(f"\n{level} {escape(section.code.name)}\n\n")
    if section.depth:
        write(f"{escape(section.trail)}\\\n")
    write(f"{section.counted()}\n")
    if section.quotes:
        write("\n")
    for quote in section.quotes:
        write(rendered(quote))


def _quote(quote: Quote) -> str:
    """One list item: the quote, where it is and who made it when, and the note's lines."""
    annotation = quote.annotation
    parts = [
        f"- “{escape(one_line(annotation.exact))}”\\\n"
        f"  *{_name(quote.document)}*, p. {annotation.page + 1} · "
        f"{_name(quote.reviewer)} · {annotation.created[:10]} · `{annotation.id}`"
        + "".join(f" · {escape(title)}: {escape(value)}" for title, value in quote.listed)
    ]
    note = annotation.note.strip().replace("<", "\\<")  # no HTML tag, comment or autolink
    if note:
        parts.append("\n\n  **Note:**")
        parts.extend(f"\n  {line.rstrip()}" if line.strip() else "\n" for line in note.splitlines())
    parts.append("\n")
    return "".join(parts)


def _matrix(report: Report, write: Callable[[str], object]) -> None:
    write("\n## Thematic areas × instruments\n\n")
    rows, columns = matrix_axes(report)
    if not rows:
        write("No exported annotation carries both a thematic area and an instrument.\n")
        return
    write(f"{escape(MATRIX_NOTE)}\n\n")
    write("| Thematic area | " + " | ".join(escape(c.name) for c in columns) + " |\n")
    write("| --- |" + " ---: |" * len(columns) + "\n")
    for row in rows:
        label = escape(trail(report.tally.codebook, row.guid))
        cells = " | ".join(matrix_cell(report, row.guid, c.guid) for c in columns)
        write(f"| {label} | {cells} |\n")


def _uncoded(document: UncodedClauses, write: Callable[[str], object]) -> None:
    write(f"\n### {escape(one_line(document.document.title))}\n\n")
    if document.problem is not None:
        write(f"Not listed: {escape(document.problem)}\n")
        return
    write(f"{document.counted()}\n")
    for facet, found in document.by_facet.items():
        write(f"\n#### {NO_FACET[facet]} ({len(found):,} of {document.total:,})\n\n")
        if not found:
            write("Every clause is covered.\n")
        for clause in found:
            write(f"- **{clause.number}.** {escape(one_line(clause.text))}\n")

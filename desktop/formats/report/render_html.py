"""The report as one self-contained HTML file: inline CSS, no script, nothing fetched.

It opens offline, can be mailed as an attachment, and prints readably (quotes kept whole on a
page, colours kept, the contents list left out). A Content-Security-Policy forbids loading
anything at all, so even a browser that would follow a reference has none to follow. Every piece
of the project's text is escaped; code colours are checked ``#RRGGBB`` values, the only thing
written into an attribute that does not come from Accord itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from html import escape

from desktop.codebook.model import Code, Facet
from desktop.comparing.coverage import Fate
from desktop.formats.report.model import (
    AGREEMENT_NOTE,
    COVERAGE_NOTE,
    MATRIX_NOTE,
    NO_FACET,
    CodeSection,
    FacetSection,
    Quote,
    QuoteCache,
    Report,
    ReportCoverage,
    UncodedClauses,
    matrix_axes,
    matrix_cell,
    one_line,
    plural,
)

_STYLE = """
:root { color-scheme: light; --muted: #555; --rule: #ccc; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
       max-width: 62rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem;
     margin-top: 2.2rem; }
h3, h4, h5, h6 { margin: 1.4rem 0 .3rem; }
h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
.headline { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.headline dt { font-weight: 600; }
.headline dd { margin: 0; }
.chip { display: inline-block; width: .8em; height: .8em; border-radius: .2em;
        vertical-align: baseline; margin-right: .35em; border: 1px solid rgba(0, 0, 0, .25);
        print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.trail, .count, .meta { color: var(--muted); font-size: .9rem; margin: .1rem 0; }
ol.quotes { padding-left: 1.4rem; }
ol.quotes > li { margin: .6rem 0; break-inside: avoid; page-break-inside: avoid; }
blockquote { margin: 0; padding-left: .7rem; border-left: 3px solid var(--rule); }
.note { margin: .15rem 0 0; }
.note b { font-weight: 600; }
code { font-size: .85em; }
table.matrix { border-collapse: collapse; font-size: .85rem; margin-top: .8rem; }
.matrix th, .matrix td { border: 1px solid var(--rule); padding: .2rem .4rem; }
.matrix thead th { vertical-align: bottom; font-weight: 600; }
.matrix thead th span.name { display: inline-block; writing-mode: vertical-rl;
                             transform: rotate(180deg); white-space: nowrap; }
.matrix tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
.matrix td { text-align: right; min-width: 1.6rem; }
ol.clauses > li { margin: .25rem 0; break-inside: avoid; }
.problem { font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""

_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def render(report: Report, write: Callable[[str], object]) -> None:
    """Write the whole document through ``write`` (a text file's ``write``)."""
    title = escape(f"Annotation report: {report.name}")
    write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="Accord">\n<title>{title}</title>\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n"
    )
    _headline(report, write)
    write("</header>\n")
    _contents(report, write)
    write("<main>\n")
    rendered = QuoteCache(_quote)
    for facet in report.facets:
        _facet(facet, write, rendered)
    if report.not_coded:
        write(
            '<section id="not-coded">\n<h2>Annotations without codes</h2>\n'
            f'<p class="count">{plural(len(report.not_coded), "annotation")}.</p>\n'
        )
        _quotes(report.not_coded, write, _quote)
        write("</section>\n")
    _matrix(report, write)
    _agreement(report, write)
    write(f'<section id="uncoded">\n<h2>Uncoded clauses</h2>\n<p>{escape(COVERAGE_NOTE)}</p>\n')
    for document in report.uncoded:
        _uncoded(document, write)
    write("</section>\n")
    if report.coverage is not None:
        _coverage(report.coverage, write)
    write("</main>\n</body>\n</html>\n")


def _coverage(found: ReportCoverage, write: Callable[[str], object]) -> None:
    """What became of each clause of the letter in the article, and the shares reported."""
    coverage = found.coverage
    write(
        f'<section id="coverage">\n<h2>Coverage</h2>\n<p>What became of the clauses of '
        f"{escape(one_line(found.letter))} in {escape(one_line(found.article))}, from the "
        "links between them.</p>\n"
    )
    counts = ", ".join(f"{coverage.count(fate):,} {fate.value}" for fate in Fate)
    write(f'<p class="count">{counts}; {plural(len(coverage.additions), "addition")}.</p>\n<ul>\n')
    for share in (coverage.overall, *coverage.by_section, *coverage.by_area):
        write(f"<li>Reported: {share.ratio:.0%} of {escape(one_line(share.name))}</li>\n")
    write('</ul>\n<ol class="clauses">\n')
    for item in coverage.clauses:
        write(
            f"<li><strong>{item.fate.value}</strong>: {escape(one_line(item.clause.text))}</li>\n"
        )
    write("</ol>\n</section>\n")


def _chip(code: Code) -> str:
    """A square of the code's colour (a checked ``#RRGGBB``), hidden from screen readers."""
    return f'<span class="chip" aria-hidden="true" style="background-color: {code.color}"></span>'


def _headline(report: Report, write: Callable[[str], object]) -> None:
    headline = report.headline
    documents = f"{headline.documents:,} exported, {len(headline.annotated_documents):,} annotated"
    if headline.annotated_documents:
        documents += ": " + "; ".join(escape(t) for t in headline.annotated_documents)
    reviewers = f"{len(headline.reviewers):,}"
    if headline.reviewers:
        reviewers += ": " + ", ".join(escape(name) for name in headline.reviewers)
    filters = "<br>".join(escape(line) for line in headline.filters)
    write(
        '<dl class="headline">\n'
        f"<dt>Annotations</dt><dd>{headline.annotations:,}, with "
        f"{plural(headline.codings, 'coding')}</dd>\n"
        f"<dt>Documents</dt><dd>{documents}</dd>\n"
        f"<dt>Reviewers</dt><dd>{reviewers}</dd>\n"
        f"<dt>Filters</dt><dd>{filters or 'none (every annotation in the project)'}</dd>\n"
        "</dl>\n"
    )


def _contents(report: Report, write: Callable[[str], object]) -> None:
    write("<nav>\n<h2>Contents</h2>\n<ul>\n")
    for facet in report.facets:
        write(f'<li><a href="#{_facet_id(facet.facet)}">{escape(facet.root.name)}</a></li>\n')
    if report.not_coded:
        write('<li><a href="#not-coded">Annotations without codes</a></li>\n')
    write('<li><a href="#matrix">Thematic areas × instruments</a></li>\n')
    if report.agreement is not None:
        write('<li><a href="#agreement">Agreement between reviewers</a></li>\n')
    write('<li><a href="#uncoded">Uncoded clauses</a></li>\n</ul>\n</nav>\n')


def _facet_id(facet: Facet) -> str:
    return "thematic-areas" if facet is Facet.THEMATIC else "instruments"


def _facet(
    facet: FacetSection, write: Callable[[str], object], rendered: Callable[[Quote], str]
) -> None:
    write(
        f'<section id="{_facet_id(facet.facet)}">\n'
        f"<h2>{_chip(facet.root)}{escape(facet.root.name)}</h2>\n"
    )
    if not facet.sections:
        write("<p>No exported annotation carries a code of this facet.</p>\n")
    for section in facet.sections:
        _section(section, write, rendered)
    if facet.unused:
        names = "; ".join(escape(s.trail) for s in facet.unused)
        write(f'<p class="count">Codes without annotations: {names}.</p>\n')
    write("</section>\n")


def _section(
    section: CodeSection, write: Callable[[str], object], rendered: Callable[[Quote], str]
) -> None:
    level = min(3 + section.depth, 6)
    code = section.code
    write(
        f'<section class="code" id="code-{code.guid}">\n'
        f"<h{level}>{_chip(code)}{escape(code.name)}</h{level}>\n"
    )
    if section.depth:
        write(f'<p class="trail">{escape(section.trail)}</p>\n')
    write(f'<p class="count">{section.counted()}</p>\n')
    if section.quotes:
        _quotes(section.quotes, write, rendered)
    write("</section>\n")


def _quotes(
    quotes: Iterable[Quote], write: Callable[[str], object], rendered: Callable[[Quote], str]
) -> None:
    write('<ol class="quotes">\n')
    for quote in quotes:
        write(rendered(quote))
    write("</ol>\n")


@functools.lru_cache(maxsize=1024)
def _name(text: str) -> str:
    """A document title or a reviewer's name, escaped once however often it is quoted."""
    return escape(one_line(text))


def _quote(quote: Quote) -> str:
    """One list item: the quote, where it is and who made it when, and the note."""
    annotation = quote.annotation
    item = (
        f"<li><blockquote>{escape(one_line(annotation.exact))}</blockquote>"
        f'<p class="meta"><cite>{_name(quote.document)}</cite>, '
        f"p. {annotation.page + 1} · {_name(quote.reviewer)} · "
        f"{annotation.created[:10]} · <code>{annotation.id}</code>"
        + "".join(f" · {escape(title)}: {escape(value)}" for title, value in quote.listed)
        + "</p>"
    )
    lines = [escape(line.strip()) for line in annotation.note.splitlines() if line.strip()]
    if lines:
        item += f'<p class="note"><b>Note:</b> {"<br>".join(lines)}</p>'
    return item + "</li>\n"


def _matrix(report: Report, write: Callable[[str], object]) -> None:
    write('<section id="matrix">\n<h2>Thematic areas × instruments</h2>\n')
    rows, columns = matrix_axes(report)
    if not rows:
        write(
            "<p>No exported annotation carries both a thematic area and an instrument.</p>\n"
            "</section>\n"
        )
        return
    write(
        f'<p>{escape(MATRIX_NOTE)}</p>\n<table class="matrix">\n<thead><tr>'
        '<th scope="col">Thematic area</th>'
    )
    for column in columns:
        write(
            f'<th scope="col" title="{escape(column.name)}">{_chip(column)}'
            f'<span class="name">{escape(column.name)}</span></th>'
        )
    write("</tr></thead>\n<tbody>\n")
    for row in rows:
        indent = 0.4 + 1.2 * report.tally.depth(row.guid)
        write(
            f'<tr><th scope="row" style="padding-left: {indent:.1f}em">{_chip(row)}'
            f"{escape(row.name)}</th>"
        )
        write("".join(f"<td>{matrix_cell(report, row.guid, c.guid)}</td>" for c in columns))
        write("</tr>\n")
    write("</tbody>\n</table>\n</section>\n")


def _agreement(report: Report, write: Callable[[str], object]) -> None:
    section = report.agreement
    if section is None:
        return
    header, *rows = section.lines
    write(
        '<section id="agreement">\n<h2>Agreement between reviewers</h2>\n'
        f'<p>{escape(section.headline)}</p>\n<table class="matrix">\n<thead><tr>'
        + "".join(f"<th>{escape(cell)}</th>" for cell in header)
        + "</tr></thead>\n<tbody>\n"
    )
    for row in rows:
        write("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>\n")
    write(f"</tbody>\n</table>\n<p>{escape(AGREEMENT_NOTE)}</p>\n</section>\n")


def _uncoded(document: UncodedClauses, write: Callable[[str], object]) -> None:
    write(f'<section class="document">\n<h3>{escape(one_line(document.document.title))}</h3>\n')
    if document.problem is not None:
        write(f'<p class="problem">Not listed: {escape(document.problem)}</p>\n</section>\n')
        return
    write(f'<p class="count">{document.counted()}</p>\n')
    for facet, found in document.by_facet.items():
        write(f"<h4>{NO_FACET[facet]} ({len(found):,} of {document.total:,})</h4>\n")
        if not found:
            write("<p>Every clause is covered.</p>\n")
            continue
        write('<ol class="clauses">\n')
        for clause in found:
            write(f'<li value="{clause.number}">{escape(one_line(clause.text))}</li>\n')
        write("</ol>\n")
    write("</section>\n")

"""The Markdown and HTML reports of a fixed project: a golden Markdown file, the HTML's structure,
the matrix and the uncoded clauses of the bundled letter, checked by hand."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import markdown_it
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.model import DocumentId
from desktop.core.textunits import clauses, sentence_span
from desktop.formats.files import ExportWriteError
from desktop.formats.report import export as report
from desktop.formats.report.model import one_line
from desktop.formats.report.render_markdown import escape
from desktop.formats.source import ExportOptions, read_source
from desktop.store import Project, open_project
from tests.formats.report_project import PLAN

GOLDEN = Path(__file__).parent / "golden" / "report.md"
UPDATE_GOLDEN = "ACCORD_UPDATE_GOLDEN"

LETTER_WITHOUT_THEME = {
    # Number: the start of each clause of the letter that no thematic code touches. Coded:
    # 8 "In relation to the COVID-19 outbreak…" (plan 1), 13 "In this context…" (plans 3, 4),
    # 16 "Therefore, … synergies…" (plan 6).
    1: "Letter of Intent",
    2: "on Strengthening Cooperation",
    3: "European Commission and the",
    4: "The European Commission and the Cabinet",
    5: "The Sides acknowledge that cooperation",
    6: "1. Further Deepening of STI Cooperation",
    7: "The Sides acknowledge that they are facing",
    9: "The Sides also acknowledge that collaborations",
    10: "To this end, the Sides intend",
    11: "The Sides also intend to have consultations",
    12: "The Sides intend to enhance",
    14: "2. Collaboration between the future",
    15: "The Sides acknowledge that the European",
    17: "For this, the Sides intend to explore",
    18: "3. Further Opportunities",
    19: "The Sides intend to explore the possibility",
    20: "This Letter of Intent is not",
    21: "Signed on",
    22: "For the European Commission",
    23: "Commissioner for Innovation",
    24: "TAKEMOTO Naokazu",
}
LETTER_INSTRUMENT_CODED = {
    # Plan 2 runs from clause 10 into 11 (any overlap counts, so both are coded); plans 3 and 4
    # are in 13, plan 6 in 16, plan 5 in 17. Plan 7 has no code, so clause 20 stays uncoded.
    10,
    11,
    13,
    16,
    17,
}


@pytest.fixture
def project(annotated: tuple[Path, dict[DocumentId, str]]) -> Iterator[Project]:
    with open_project(annotated[0]) as project:
        yield project


@pytest.fixture
def texts(annotated: tuple[Path, dict[DocumentId, str]]) -> dict[DocumentId, str]:
    return annotated[1]


def test_the_markdown_report_matches_the_golden_file(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    """Regenerate with ACCORD_UPDATE_GOLDEN=1 and review the diff of ``golden/report.md``."""
    target = tmp_path / "report.md"
    report.export_markdown(read_source(project, texts=texts), target)
    if os.environ.get(UPDATE_GOLDEN):
        GOLDEN.write_bytes(target.read_bytes())
    assert GOLDEN.is_file(), f"no golden file yet: run with {UPDATE_GOLDEN}=1"
    assert target.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_the_markdown_reads_back_as_the_project_wrote_it(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    """A CommonMark parser finds every quote as plain text (nothing in it became emphasis, a
    link, a table cell or HTML) and every note as the Markdown its analyst wrote, without HTML."""
    target = tmp_path / "report.md"
    report.export_markdown(read_source(project, texts=texts), target)
    tokens = (
        markdown_it.MarkdownIt("commonmark")
        .enable("table")
        .parse(target.read_text(encoding="utf-8"))
    )
    assert not [t for t in tokens if t.type.startswith("html")]
    inline = [t for t in tokens if t.type == "inline"]
    children = [c for t in inline for c in t.children or ()]
    assert not [c for c in children if c.type.startswith("html")]
    texts_found = "\n".join(
        "".join(c.content for c in t.children or () if c.type == "text") for t in inline
    )
    for planned in PLAN:
        assert f"“{planned.quote}”" in texts_found
    assert "second | with stars, <b>tags</b> & a link" in texts_found
    assert [c.attrs["href"] for c in children if c.type == "link_open"] == [
        "http://example.com"
    ] * 2  # the note is in two sections: one link in each
    assert "em_open" in {c.type for c in children}


def test_markdown_escaping_keeps_text_literal() -> None:
    assert escape("*a* | _b_ <i> [c](d) `e` #f &g; ~h~") == (
        r"\*a\* \| \_b\_ \<i\> \[c\](d) \`e\` \#f \&g; \~h\~"
    )
    assert escape("1. not a list") == r"1\. not a list"
    assert escape("- nor this") == r"\- nor this"
    assert escape("=== nor a heading") == r"\=== nor a heading"


class _Page(HTMLParser):
    """The parts of the HTML report a reader (and a browser) would act on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.text_of: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(found["id"])
        if tag not in ("br", "meta"):
            self._open.append(tag)
            self.text_of.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1] == tag, f"</{tag}> closes <{self._open[-1:]}>"
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text_of[tag][-1] += data


def _html(project: Project, texts: dict[DocumentId, str], folder: Path) -> tuple[str, _Page]:
    target = folder / "report.html"
    report.export_html(read_source(project, texts=texts), target)
    html = target.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    page.close()
    return html, page


def test_the_html_report_is_self_contained(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    html, page = _html(project, texts, tmp_path)
    assert html.startswith("<!DOCTYPE html>")
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base", "svg"}
    for tag, attrs in page.tags:
        assert not {"src", "srcset", "action", "background"} & attrs.keys(), tag
        if "href" in attrs:
            assert attrs["href"].startswith("#") and attrs["href"][1:] in page.ids
        assert "url(" not in (attrs.get("style") or "")
    assert "url(" not in "".join(page.text_of["style"]) and "@import" not in html
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.startswith("default-src 'none'")


def test_the_html_report_shows_every_quote_under_its_codes(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    html, page = _html(project, texts, tmp_path)
    assert page.text_of["h1"] == ["Annotation report: eu-japan"]
    headline = " ".join(page.text_of["dd"])
    assert "9, with 17 codings" in headline and "Ada, Bea" in headline
    assert "none (every annotation in the project)" in headline
    quoted = page.text_of["blockquote"]
    assert sorted(quoted) == sorted(one_line(p.quote) for p in PLAN for _ in (p.codes or [0]))
    codebook = project.codes.codebook()
    for planned in PLAN:
        for path in planned.codes:
            code = codebook.lookup(path)
            section = html[html.index(f'id="code-{code.guid}"') :]
            section = section[: section.index("</section>")]
            assert f"background-color: {code.color}" in section
            assert f"<blockquote>{planned.quote}</blockquote>" in section
    assert (
        '<p class="note"><b>Note:</b> Two lines:<br>second | with *stars*, &lt;b&gt;tags'
        "&lt;/b&gt; &amp; [a link](http://example.com)</p>" in html
    )
    assert page.text_of["h2"][:3] == ["Contents", "Thematic areas", "Instruments"]


def test_the_html_matrix_counts_match_the_annotations(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    html, _ = _html(project, texts, tmp_path)
    table = html[html.index('<table class="matrix">') : html.index("</table>")]
    header = re.findall(r'<th scope="col" title="([^"]*)"', table)
    rows = {
        re.sub(r"<[^>]+>", "", name): re.findall(r"<td>([^<]*)</td>", cells)
        for name, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', table)
    }
    # Worked out by hand from PLAN: plan 3 is Climate change × UNFCCC COP, plan 4 Climate
    # neutrality × NDCs (under Paris Agreement, under Multilateral…), plan 6 Societal… ×
    # Synergies (under Programmes), plan 8 Pandemics × Global Response pledging marathon.
    assert header == [
        "Programmes",
        "Synergies between Horizon Europe and Moonshot",
        "Multilateral and policy frameworks",
        "UNFCCC COP",
        "Paris Agreement",
        "Nationally Determined Contributions",
        "Pledging",
        "Global Response pledging marathon",
    ]
    assert rows == {
        "Pandemics": ["", "", "", "", "", "", "1 (0)", "1"],
        "Climate change": ["", "", "2 (0)", "1", "1 (0)", "1 (0)", "", ""],
        "Climate neutrality": ["", "", "1 (0)", "", "1 (0)", "1", "", ""],
        "Societal, environmental and economic challenges": ["1 (0)", "1", "", "", "", "", "", ""],
    }


def _uncoded_lists(html: str, title: str) -> dict[str, dict[int, str]]:
    """The report's "No thematic area" and "No instrument" lists of one document."""
    start = html.index(f"<h3>{title}</h3>")
    part = html[start : html.index("</section>", start)]
    lists = {}
    for heading, items in re.findall(
        r"<h4>([^<(]+) \(.*?</h4>\n<ol class=\"clauses\">\n(.*?)</ol>", part, flags=re.S
    ):
        lists[heading] = {
            int(n): text for n, text in re.findall(r'<li value="(\d+)">([^<]*)</li>', items)
        }
    return lists


def test_uncoded_clauses_of_the_letter_are_those_checked_by_hand(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    html, _ = _html(project, texts, tmp_path)
    letter = project.documents.all()[0]
    lists = _uncoded_lists(html, letter.title)
    no_theme, no_instrument = lists["No thematic area"], lists["No instrument"]
    assert no_theme.keys() == LETTER_WITHOUT_THEME.keys()
    for number, start in LETTER_WITHOUT_THEME.items():
        assert no_theme[number].startswith(start), (number, no_theme[number])
    assert (
        no_theme[11] == "The Sides also intend to have consultations at a higher level when "
        "appropriate."
    )
    assert (
        no_theme[6] == "1. Further Deepening of STI Cooperation between the European Union "
        "(EU) and Japan"
    )
    assert set(no_instrument) == set(range(1, 25)) - LETTER_INSTRUMENT_CODED
    assert no_instrument[8].startswith("In relation to the COVID-19 outbreak, the Sides")
    assert "24 clauses: 21 without a thematic area, 19 without an instrument." in html


def test_a_document_without_its_text_is_named_instead_of_failing(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    letter, article = project.documents.all()
    source = read_source(
        project, texts={letter.id: texts[letter.id], article.id: texts[article.id] + " changed"}
    )
    report.export_markdown(source, tmp_path / "changed.md")
    changed = (tmp_path / "changed.md").read_text(encoding="utf-8")
    assert "not the one its annotations were made on" in changed
    source = read_source(project, texts={letter.id: texts[letter.id]})
    report.export_html(source, tmp_path / "missing.html")
    html = (tmp_path / "missing.html").read_text(encoding="utf-8")
    assert html.count("its text was not provided with this export") == 1
    assert f'<h3>{article.title}</h3>\n<p class="problem">Not listed:' in html
    assert len(_uncoded_lists(html, letter.title)["No thematic area"]) == 21


def test_the_headline_names_the_filters(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    codebook = project.codes.codebook()
    bea = next(r for r in project.reviewers.all() if r.name == "Bea")
    options = ExportOptions(
        reviewer_ids=frozenset({bea.id}),
        code_ids=frozenset({codebook.lookup("Climate change").guid}),
    )
    report.export_markdown(read_source(project, texts=texts, options=options), tmp_path / "bea.md")
    markdown = (tmp_path / "bea.md").read_text(encoding="utf-8")
    assert (
        "- **Filters:** Reviewers: Bea; Codes (with their sub-codes): Thematic areas/Climate "
        "change\n"
    ) in markdown
    assert "- **Annotations:** 1, with 2 codings\n" in markdown
    assert "Nationally Determined Contributions under the Paris Agreement" in markdown
    assert "In relation to the COVID-19 outbreak”" not in markdown


def test_a_clause_touched_by_one_character_counts_as_coded() -> None:
    from desktop.formats.clauses import uncovered

    units = list(clauses("One clause here. Another one; and a third."))
    assert [u.text for u in units] == ["One clause here.", "Another one;", "and a third."]
    assert [u.number for u in uncovered(units, [(15, 18)])] == [3]
    assert [u.number for u in uncovered(units, [(16, 17)])] == [1, 2, 3]  # only the space


def _naive_clauses(text: str) -> list[tuple[int, int]]:
    found, position = [], 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        start, end = sentence_span(text, position)
        if any(char.isalnum() for char in text[start:end]):
            found.append((start, end))
        position = max(end, position + 1)
    return found


def test_clauses_are_those_sentence_span_finds_in_the_whole_text(
    texts: dict[DocumentId, str],
) -> None:
    long_text = "\n\n".join(texts.values()) * 3
    assert [(c.start, c.end) for c in clauses(long_text)] == _naive_clauses(long_text)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab 1.;:!?\n\"')”e.g")), max_size=120))
def test_clauses_match_sentence_span_whatever_the_text(text: str) -> None:
    assert [(c.start, c.end) for c in clauses(text)] == _naive_clauses(text)


def test_a_report_that_cannot_be_written_says_where_and_why(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    (tmp_path / "a file").write_text("not a folder")
    with pytest.raises(
        ExportWriteError, match=r"could not write “.*a file/r\.html”: File exists. Nothing"
    ):
        report.export_html(read_source(project, texts=texts), tmp_path / "a file" / "r.html")

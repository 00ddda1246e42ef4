"""Regenerate the bundled sample documents from their source texts.

    uv run python documents/make_documents.py [--out DIR]

The words come only from the verbatim source texts in ``documents/sources/``; this
script decides the layout and nothing else, so the bundled files stay faithful to
their sources. Both outputs are byte-reproducible (fixed dates, a PDF /ID derived from
the content, fonts built into PyMuPDF rather than the machine's), so regenerating them
produces no diff unless the sources, this script or PyMuPDF changed.
The application only reads these files: they are never written at run time.
"""

import argparse
import hashlib
import html
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pymupdf

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
LETTER_NAME = "letter-of-intent-eu-japan-sti"
ARTICLE_NAME = "news-article-eu-japan-sti-2020-05-26"

MM = 72 / 25.4
A4 = pymupdf.paper_rect("a4")  # 595 x 842 pt
# A 160 mm measure (210 mm paper, 25 mm margins) wraps the lines where the original did;
# A4's 595 pt is a little less than 210 mm, so the side margins are a hair under 25 mm.
SIDE_MARGIN = (A4.width - 160 * MM) / 2
TEXT_AREA = pymupdf.Rect(SIDE_MARGIN, 25 * MM, A4.width - SIDE_MARGIN, A4.height - 25 * MM)

LETTER_TITLE = (
    "Letter of Intent on Strengthening Cooperation in Science, Technology and Innovation "
    "between the European Commission and the Cabinet Office of the Government of Japan"
)
# The date of signature: a fixed date keeps the PDF byte-reproducible.
LETTER_DATE = "D:20200526000000Z"
EU_SIDE = "For the European Commission"

# Times (MuPDF's built-in Nimbus Roman): the original's lines wrap exactly as 12 pt Times
# on a 160 mm measure; it ships inside PyMuPDF (so the output does not depend on the
# machine's fonts); and it has every glyph of the signature line's OCR noise (Ů Ļ Ţ ö £ »).
LETTER_CSS = """
body { font-family: Times; font-size: 12pt; line-height: 1.2; text-align: justify; margin: 0; }
p { margin: 0 0 8pt 0; }
h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 0 0 10pt 0; }
p.subtitle { font-weight: bold; text-align: center; margin: 0 0 22pt 0; }
h2 { font-size: 12pt; font-weight: bold; text-align: left; margin: 14pt 0 8pt 0; }
h2.new-page { page-break-before: always; margin-top: 0; }
p.signed { margin-top: 14pt; }
table { width: 100%; margin-top: 22pt; border-spacing: 0; }
td { width: 50%; text-align: left; padding: 0; }
td p { text-align: left; margin: 0; }
td.signature { padding-top: 60pt; }
/* One empty 12pt x 1.2 line where the EU signatory's name would be, so the titles align. */
td.signature p.unnamed { margin-top: 14.4pt; }
"""

ARTICLE_CSS = """
body { font-family: serif; line-height: 1.45; margin: 0; }
article { max-width: 40em; margin: 0 auto; padding: 1em; }
.kicker { font-family: sans-serif; font-size: 0.8em; font-weight: bold;
  color: #004494; margin: 0 0 0.4em 0; }
h1 { font-size: 1.5em; line-height: 1.2; margin: 0 0 0.5em 0; }
h2 { font-size: 1.15em; margin: 1.4em 0 0.4em 0; }
.meta { font-family: sans-serif; font-size: 0.85em; color: #555555; margin: 0 0 1.2em 0; }
.lead { font-size: 1.1em; font-weight: bold; }
p { margin: 0 0 0.8em 0; }
blockquote { margin: 0 0 1em 1.2em; padding: 0.1em 0 0.1em 1em;
  border-left: 3px solid #004494; font-style: italic; }
blockquote p { margin: 0; }
dl { font-family: sans-serif; font-size: 0.9em; margin: 0; }
dt { font-weight: bold; margin: 0.4em 0 0 0; }
dd { margin: 0 0 0 1.2em; }
"""


@dataclass(frozen=True)
class Block:
    """One paragraph of a source text, as its lines."""

    lines: tuple[str, ...]
    starts_page: bool

    @property
    def text(self) -> str:
        """The paragraph as one line: the source's line breaks are only line wraps."""
        return " ".join(self.lines)


def read_blocks(path: Path) -> list[Block]:
    """Split a source text into its paragraphs.

    Blank lines separate paragraphs. A run of more than one blank line is where the
    original turned the page.
    """
    parts = re.split(r"(\n(?:[ \t]*\n)+)", path.read_text(encoding="utf-8").strip())
    gaps = ["\n\n", *parts[1::2]]
    return [
        Block(tuple(line.strip() for line in block.splitlines()), gap.count("\n") > 2)
        for block, gap in zip(parts[::2], gaps, strict=True)
    ]


def _text(text: str) -> str:
    """Escape for HTML and keep MuPDF from setting f-ligatures.

    MuPDF's HTML layout always replaces ff, fi, fl, ffi and ffl by ligature glyphs
    that the text layer then reports as U+FB00..U+FB04, so "Office" would not be
    found by a search or a quote match. Each such "f" in its own span is shaped alone.
    """
    return re.sub(r"f(?=[fil])", "<span>f</span>", html.escape(text, quote=False))


def _lines(lines: tuple[str, ...]) -> str:
    """A block with the source's own line breaks, for the narrow signature columns."""
    return "<br/>".join(_text(line) for line in lines)


def letter_html(blocks: list[Block]) -> str:
    """Lay the letter out as the signed original: title block, numbered sections,
    closing, then the two signature blocks side by side."""
    title, subtitle, *body, signed, sides, name, eu_title, jp_title = blocks
    # The headings stood side by side, so the source reads them as one line.
    first_line, *more_lines = sides.lines
    jp_side = (first_line.removeprefix(EU_SIDE + " "), *more_lines)
    if jp_side[0] == first_line:
        raise ValueError(f"unexpected signature headings: {sides.text!r}")

    parts = [f"<h1>{_text(title.text)}</h1>", f'<p class="subtitle">{_text(subtitle.text)}</p>']
    for block in body:
        if re.match(r"\d+\. ", block.text):
            css_class = ' class="new-page"' if block.starts_page else ""
            parts.append(f"<h2{css_class}>{_text(block.text)}</h2>")
        else:
            parts.append(f"<p>{_text(block.text)}</p>")
    parts += [
        f'<p class="signed">{_text(signed.text)}</p>',
        "<table>",
        f"<tr><td>{_text(EU_SIDE)}</td><td>{_lines(jp_side)}</td></tr>",
        # The source prints no name for the EU signatory: its line stays empty.
        f'<tr><td class="signature"><p class="unnamed">{_lines(eu_title.lines)}</p></td>'
        f'<td class="signature"><p>{_lines(name.lines)}</p><p>{_lines(jp_title.lines)}</p></td>'
        "</tr>",
        "</table>",
    ]
    return "\n".join(parts)


def write_letter_pdf(blocks: list[Block], target: Path) -> None:
    """Typeset the letter on A4 with 25 mm margins and save it reproducibly."""
    content = letter_html(blocks)
    story = pymupdf.Story(html=content, user_css=LETTER_CSS)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    story.write(writer, lambda _rect_number, _filled: (A4, TEXT_AREA, None))
    writer.close()

    doc = pymupdf.open("pdf", buffer.getvalue())
    doc.set_metadata(
        {
            "title": LETTER_TITLE,
            "subject": "EU-Japan cooperation in science, technology and innovation "
            "(Horizon Europe and the Moonshot Program), signed on 26 May 2020",
            "author": "European Commission; Cabinet Office of the Government of Japan",
            "keywords": "EU, Japan, STI, Horizon Europe, Moonshot, Letter of Intent",
            "creator": "Accord documents/make_documents.py",
            "producer": "PyMuPDF",
            "creationDate": LETTER_DATE,
            "modDate": LETTER_DATE,
        }
    )
    doc.set_language("en")
    # A stable /ID: MuPDF would otherwise leave it out, and a random one breaks reproducibility.
    file_id = hashlib.sha256((content + LETTER_CSS).encode()).hexdigest()[:32]
    doc.xref_set_key(-1, "ID", f"[<{file_id}><{file_id}>]")
    doc.subset_fonts()
    doc.save(target, garbage=4, deflate=True, no_new_id=True)
    doc.close()


def article_html(blocks: list[Block]) -> str:
    """Rebuild the news article as semantic HTML, leaving out the web page's chrome
    (skip link, site banner, and the "More information" heading whose links are lost)."""
    chrome, title, lead, intro, said, quote, letter, background, *rest = blocks
    *background_blocks, _more_information, details_heading, details = rest
    date_label, date_text, author_label, author = details.lines
    date_iso = datetime.strptime(date_text, "%d %B %Y").date().isoformat()
    # The page's kicker, date and author line lost its separators: "News article26 May 2020…".
    kicker = chrome.lines[-1].removesuffix(date_text + author)
    if kicker == chrome.lines[-1]:
        raise ValueError(f"unexpected kicker line: {kicker!r}")

    def e(block: Block | str) -> str:
        return html.escape(block if isinstance(block, str) else block.text, quote=False)

    background_html = "\n".join(f"<p>{e(b)}</p>" for b in background_blocks)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(title)}</title>
<meta name="author" content="{e(author)}">
<style>{ARTICLE_CSS}</style>
</head>
<body>
<article>
<header>
<p class="kicker">{e(kicker)}</p>
<h1>{e(title)}</h1>
<p class="meta"><time datetime="{date_iso}">{e(date_text)}</time> · {e(author)}</p>
</header>
<p class="lead">{e(lead)}</p>
<p>{e(intro)}</p>
<p>{e(said)}</p>
<blockquote>
<p>{e(quote)}</p>
</blockquote>
<p>{e(letter)}</p>
<h2>{e(background)}</h2>
{background_html}
<footer>
<h2>{e(details_heading)}</h2>
<dl>
<dt>{e(date_label)}</dt>
<dd><time datetime="{date_iso}">{e(date_text)}</time></dd>
<dt>{e(author_label)}</dt>
<dd>{e(author)}</dd>
</dl>
</footer>
</article>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> None:
    """Write both documents into documents/ (or into --out, e.g. to compare bytes)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output directory")
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    write_letter_pdf(read_blocks(SOURCES / f"{LETTER_NAME}.txt"), out / f"{LETTER_NAME}.pdf")
    article = article_html(read_blocks(SOURCES / f"{ARTICLE_NAME}.txt"))
    (out / f"{ARTICLE_NAME}.html").write_text(article, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()

"""What Accord checks and changes in a page's markup before MuPDF sees it.

**Long words.** A word longer than a line is given a soft hyphen every ``LONG_WORD``
characters (``breakable``): MuPDF draws a word in time that grows with the square of its length
(a 50,000-letter word took 3 s a page, 100,000 letters 11 s, a 5 MB one never ended), and drew
it off the page's edge. Soft hyphens are a place to break a line, not text: the canonical text
drops them where they do not end a line (``canonical.normalise_line``), so no offset moves.

**Nesting.** MuPDF lays out what is nested up to about a hundred elements deep and silently
drops whatever lies deeper (a hundred nested ``<div>``s or 25 nested tables opened with empty
text), and ten thousand levels overflow its stack (the worker crashed). A page nested deeper
than ``MAX_NESTING`` is therefore refused with a sentence instead of shown without its text.

The count follows how an HTML parser builds the tree, so a page that never closes its ``<p>``s
or ``<li>``s is not taken for a deep one: void elements (``<br>``) hold nothing, an end tag
closes what was opened since its start tag, a new paragraph, list item, row or cell closes the
open one it follows, and a row straight in a table is in the body a parser adds for it.
"""

from __future__ import annotations

import re
import unicodedata

LONG_WORD = 64
"""Characters of a word between two soft hyphens that ``breakable`` adds (about half a line)."""
MAX_NESTING = 80
"""Elements inside one another, ``<html>`` and ``<body>`` included: twice what real pages use,
and below the depth where MuPDF starts dropping text."""

_MARKUP = re.compile(
    rb"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)"
    rb"|<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)
"""A comment, a script or style sheet with its content, or a tag (2: "/" of an end tag, 3: its
name, 4: "/" of a self-closing one); what lies between matches is text."""
_LONG_BYTES = re.compile(rb"[^\s<]{" + str(LONG_WORD + 1).encode() + rb",}")
_SHY = b"&shy;"
_ENTITY_START = re.compile(rb"&[#\w]{0,31}\Z")
_VOID = frozenset(
    {
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
    }
)
_CLOSES_P = frozenset(
    {
        b"address",
        b"article",
        b"aside",
        b"blockquote",
        b"div",
        b"dl",
        b"fieldset",
        b"figure",
        b"footer",
        b"form",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"header",
        b"hr",
        b"main",
        b"nav",
        b"ol",
        b"p",
        b"pre",
        b"section",
        b"table",
        b"ul",
    }
)
_SIBLINGS = {
    b"li": {b"li"},
    b"dt": {b"dt", b"dd"},
    b"dd": {b"dt", b"dd"},
    b"tr": {b"tr", b"td", b"th"},
    b"td": {b"td", b"th"},
    b"th": {b"td", b"th"},
    b"option": {b"option"},
    b"thead": {b"tbody", b"thead", b"tfoot", b"tr", b"td"},
    b"tbody": {b"tbody", b"thead", b"tfoot", b"tr", b"td"},
}
_SCOPES = frozenset({b"ul", b"ol", b"dl", b"table", b"select"})


def nesting_depth(markup: bytes, *, limit: int = MAX_NESTING) -> int:
    """The depth of the deepest element, counting stops at ``limit + 1``."""
    stack: list[bytes] = []
    deepest = 0
    for tag in _MARKUP.finditer(markup):
        name = tag.group(3)
        if name is None:  # a comment, a script, a style sheet
            continue
        name = name.lower()
        if tag.group(2):
            _close(stack, name)
            continue
        if name in _VOID or tag.group(4):
            continue
        if name in _CLOSES_P and b"p" in stack[-4:]:
            _close(stack, b"p")
        siblings = _SIBLINGS.get(name)
        if siblings:
            del stack[_first_open_in_scope(stack, siblings) :]
        if name == b"tr" and stack and stack[-1] == b"table":
            stack.append(b"tbody")  # a parser puts a row in a table body
        stack.append(name)
        deepest = max(deepest, len(stack))
        if deepest > limit:
            break
    return deepest


def _first_open_in_scope(stack: list[bytes], names: set[bytes]) -> int:
    """Where the outermost of ``names`` open since the nearest list or table starts in the
    stack (its length when none is)."""
    found = len(stack)
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] in _SCOPES:
            break
        if stack[index] in names:
            found = index
    return found


def _close(stack: list[bytes], name: bytes) -> None:
    """Close ``name`` and everything opened inside it; an end tag nothing matches is ignored."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] == name:
            del stack[index:]
            return


def wide_lines_joined(markup: bytes) -> bytes:
    """UTF-8 HTML with each line break in text that falls between two wide (Japanese, Chinese)
    characters removed, with the spaces around it, outside tags, comments, scripts and style
    sheets: CSS removes such a segment break (CSS Text 3, 4.1.2), where MuPDF shows a space,
    which would put a space inside a Japanese word and keep a search for it from matching. A
    page in another encoding is left as it is."""
    if b"\n" not in markup or not _WIDE_LEAD_BYTE.search(markup):
        return markup
    try:
        page = markup.decode("utf-8")
    except UnicodeDecodeError:
        return markup
    parts = []
    last = 0
    for tag in _MARKUP_TEXT.finditer(page):
        parts.append(_WIDE_LINE_BREAK.sub(_join_if_wide, page[last : tag.start()]))
        parts.append(tag.group())
        last = tag.end()
    parts.append(_WIDE_LINE_BREAK.sub(_join_if_wide, page[last:]))
    return "".join(parts).encode("utf-8")


_WIDE_LEAD_BYTE = re.compile(rb"[\xe1-\xef]")
"""The first byte of a UTF-8 character of three bytes, as every wide one but the rarest is."""
_MARKUP_TEXT = re.compile(_MARKUP.pattern.decode("ascii"), re.DOTALL | re.IGNORECASE)
_WIDE_LINE_BREAK = re.compile(r"(\S)([ \t\r]*\n[ \t\r\n]*)(?=(\S))")


def _join_if_wide(found: re.Match[str]) -> str:
    wide = all(unicodedata.east_asian_width(found.group(n)) in {"W", "F"} for n in (1, 3))
    return found.group(1) if wide else found.group()


def breakable(markup: bytes) -> bytes:
    """HTML with a soft hyphen (``&shy;``) every ``LONG_WORD`` bytes of each longer run of
    text, outside tags, comments, scripts and style sheets. It works on the bytes, so it keeps
    whatever encoding the page declares: it cuts only between two ASCII bytes or before the
    first byte of a UTF-8 character, and never inside a character reference."""
    if b"<" not in markup and not _LONG_BYTES.search(markup):
        return markup
    parts = []
    last = 0
    for tag in _MARKUP.finditer(markup):
        parts.append(_LONG_BYTES.sub(_break_run, markup[last : tag.start()]))
        parts.append(tag.group())
        last = tag.end()
    parts.append(_LONG_BYTES.sub(_break_run, markup[last:]))
    return b"".join(parts)


def _break_run(run: re.Match[bytes]) -> bytes:
    word = run.group()
    pieces, start = [], 0
    cut = LONG_WORD
    while cut < len(word):
        while cut < len(word) and not _may_cut(word, start, cut):
            cut += 1
        if cut >= len(word):
            break
        pieces.append(word[start:cut])
        start, cut = cut, cut + LONG_WORD
    pieces.append(word[start:])
    return _SHY.join(pieces)


def _may_cut(word: bytes, start: int, at: int) -> bool:
    """Whether a soft hyphen may go before ``word[at]``: not inside a UTF-8 character and not
    inside a character reference such as ``&amp;`` or ``&#233;``."""
    if 0x80 <= word[at] < 0xC0:
        return False
    return not _ENTITY_START.search(word, max(start, at - 32), at)

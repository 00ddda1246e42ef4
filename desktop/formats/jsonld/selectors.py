"""The W3C selectors of one annotation target, read into where the annotation is.

Accord keeps a quote (required: it is how an annotation is found again), the text position when
given (code points, end exclusive), and a page: from a PDF ``FragmentSelector`` ``page=N``
(1-based, RFC 3778) or Hypothesis's ``PageSelector`` ``index`` (0-based). A page's refining
``TextQuoteSelector`` is the quote when the target has no quote of its own. Everything else
(XPath ranges, CSS, SVG, media fragments) is named in the dropped list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.formats.jsonld.fields import JsonObject, objects, position, text_field

PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc3778"
_PAGE = re.compile(r"(?:^|[&#])page=([0-9]{1,9})(?=&|$)")


@dataclass(frozen=True, slots=True)
class Located:
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    page: int | None = None
    """0-based."""


def _quote(selector: JsonObject) -> tuple[str, str, str] | None:
    exact = text_field(selector.get("exact"), "exact")
    if not exact:
        return None  # a highlight of spaces is still a highlight; of nothing, it is not
    return (
        exact,
        text_field(selector.get("prefix"), "prefix"),
        text_field(selector.get("suffix"), "suffix"),
    )


def pdf_page(selector: JsonObject) -> int | None:
    """The 0-based page of a PDF ``FragmentSelector`` (``page=N``), else None."""
    value = text_field(selector.get("value"), "FragmentSelector value")
    conforms = text_field(selector.get("conformsTo"), "conformsTo")
    match = _PAGE.search(value)
    if match is None or (conforms and "rfc3778" not in conforms) or int(match.group(1)) < 1:
        return None
    return int(match.group(1)) - 1


def read_selectors(value: object, dropped: set[str]) -> Located | None:
    """Where the selectors put the annotation, or None when none of them quotes text."""
    if value is None:
        return None
    quote: tuple[str, str, str] | None = None
    refined: tuple[str, str, str] | None = None
    start = end = page = None
    for selector in objects(value, "selector"):
        if isinstance(selector, str):
            dropped.add("selectors given only by an IRI")
            continue
        kind = text_field(selector.get("type"), "selector type")
        if kind == "TextQuoteSelector":
            quote = quote or _quote(selector)
        elif kind == "TextPositionSelector":
            first = position(selector.get("start"), "start")
            last = position(selector.get("end"), "end")
            if first >= last:
                dropped.add("text positions that select nothing (start ≥ end)")
            elif start is None:
                start, end = first, last
        elif kind == "FragmentSelector":
            found = pdf_page(selector)
            if found is None:
                dropped.add("fragment selectors other than a PDF page")
                continue
            page = found if page is None else page
            for inner in objects(selector.get("refinedBy", []), "refinedBy"):
                if isinstance(inner, dict) and inner.get("type") == "TextQuoteSelector":
                    refined = refined or _quote(inner)
                else:
                    dropped.add("refinements of a page other than a quote")
        elif kind == "PageSelector":
            found_index = position(selector.get("index"), "PageSelector index")
            page = found_index if page is None else page
        elif kind == "RangeSelector":
            dropped.add("RangeSelector (XPath ranges into a web page; the quote places these)")
        else:
            dropped.add(f"selectors of type “{kind[:40]}”")
        if kind != "FragmentSelector" and "refinedBy" in selector:
            dropped.add(f"refinements of a {kind[:40]}")
    quote = quote or refined
    if quote is None:
        return None
    return Located(*quote, start, end, page)

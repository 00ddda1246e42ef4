"""One exported W3C annotation as the plain objects ``json`` encodes: the reference shape of
the JSON-LD export (``web_annotation`` describes it in words).

``web_annotation`` encodes the parts that repeat (a reviewer, a code, a document) by handing
these objects to ``json.dumps`` once each, and lays out the rest of each item itself, because
``json.dumps`` per item is slower than the export's floor (issue 4: 50,000 annotations a second).
``tests/formats/test_jsonld_bytes.py`` proves that each item it writes is exactly
``encoded(item(...))`` for the same project, hostile text included.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from desktop.codebook.model import Codebook
from desktop.core.model import StoredDocument
from desktop.formats.ids import user_guid
from desktop.formats.jsonld.selectors import PDF_FRAGMENT
from desktop.store import AnnotationRecord

JsonObject = dict[str, Any]

FORMATS = {
    "pdf": "application/pdf",
    "html": "text/html",
    "text": "text/plain",
    "epub": "application/epub+zip",
}
"""Media type of each document kind, as the target source's ``format``."""


def encoded(value: object) -> str:
    """The export's JSON conventions: compact, pure ASCII (other characters as ``\\uXXXX``)."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def uuid_iri(guid: str) -> str:
    """``urn:uuid:`` in lower case (RFC 4122's canonical form); Accord keeps ids upper case."""
    return f"urn:uuid:{guid.lower()}"


def document_iri(fingerprint: str) -> str:
    """A document's identity is its bytes, as in the project: the same file, the same IRI."""
    return f"urn:sha256:{fingerprint}"


def creator(name: str) -> JsonObject:
    """A reviewer, with the same uuid5 of the name that the REFI-QDA export uses."""
    return {"id": uuid_iri(user_guid(name)), "type": "Person", "name": name}


def code_source(book: Codebook, guid: str) -> JsonObject:
    """The ``source`` of a classifying body: the code, its path and its ancestors' chain."""
    code = book[guid]
    found: JsonObject = {
        "id": uuid_iri(guid),
        "label": book.path(guid),
        "schema:color": code.color,
    }
    broader = _broader(book, code.parent_guid)
    if broader is not None:
        found["skos:broader"] = broader
    return found


def _broader(book: Codebook, guid: str | None) -> JsonObject | None:
    """The ancestors, nearest first, each nesting the next (none above a facet)."""
    if guid is None:
        return None
    ancestor = book[guid]
    found: JsonObject = {"id": uuid_iri(guid), "schema:color": ancestor.color}
    above = _broader(book, ancestor.parent_guid)
    if above is not None:
        found["skos:broader"] = above
    return found


def tagging(path: str) -> JsonObject:
    """The tagging body that follows each classifying one, for tools that read tags."""
    return {"type": "TextualBody", "purpose": "tagging", "format": "text/plain", "value": path}


def target_source(document_id: str, document: StoredDocument | None) -> JsonObject:
    """The document a target selects in (its title and media type when the project has it)."""
    found: JsonObject = {"id": document_iri(document_id), "type": "Text"}
    if document is not None:
        media = FORMATS.get(document.kind)
        if media:
            found["format"] = media
        found["dcterms:title"] = document.title
    return found


def is_paged(document: StoredDocument | None) -> bool:
    """Whether pages are part of the document's identity (PDF: yes; the pages of an HTML or
    text document are Accord's own layout, so no)."""
    return document is not None and document.kind == "pdf"


def item(
    record: AnnotationRecord,
    *,
    book: Codebook,
    documents: Mapping[str, StoredDocument],
    reviewer_name: Any,
) -> JsonObject:
    """The annotation ``record`` as one item of the collection (``reviewer_name`` gives a
    reviewer id's name)."""
    bodies: list[JsonObject] = []
    for coding in record.codings:
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "classifying",
                "creator": creator(reviewer_name(coding.reviewer_id)),
                "created": coding.created,
                "source": code_source(book, coding.code_id),
            }
        )
        bodies.append(tagging(book.path(coding.code_id)))
    if record.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/markdown",
                "value": record.note,
            }
        )
    bodies.append({"type": "TextualBody", "purpose": "assessing", "value": str(record.status)})
    quote: JsonObject = {"type": "TextQuoteSelector", "exact": record.exact}
    if record.prefix:
        quote["prefix"] = record.prefix
    if record.suffix:
        quote["suffix"] = record.suffix
    document = documents.get(record.document_id)
    selectors: list[JsonObject] = [
        quote,
        {"type": "TextPositionSelector", "start": record.start, "end": record.end},
    ]
    if is_paged(document):
        page = {
            "type": "FragmentSelector",
            "conformsTo": PDF_FRAGMENT,
            "value": f"page={record.page + 1}",
            "refinedBy": quote,
        }
        selectors.insert(0, page)
    motivation = (
        "classifying" if record.codings else "commenting" if record.note else "highlighting"
    )
    return {
        "id": uuid_iri(record.id),
        "type": "Annotation",
        "motivation": motivation,
        "created": record.created,
        "modified": record.modified,
        "creator": creator(reviewer_name(record.reviewer_id)),
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": target_source(record.document_id, document),
            "selector": selectors,
        },
    }

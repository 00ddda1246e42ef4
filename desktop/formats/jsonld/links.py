"""Links as W3C Web Annotations: ``motivation: "linking"`` with two targets, source first (the
convention Recogito uses for its relations), the link's type as a ``tagging`` body, its note
as a ``commenting`` body and its status as an ``assessing`` one, as an annotation's are.

A target is the linked annotation's IRI (``urn:uuid:<id>``, the ``id`` of its item in the same
collection) or, for *omits* and *adds*, the whole document, as an annotation's target names it
(``urn:sha256:<fingerprint>`` with its title and media type).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.links import Link, LinkType
from desktop.core.model import StoredDocument, format_time
from desktop.formats.incoming import IncomingLink
from desktop.formats.jsonld.fields import JsonObject, uuid_of
from desktop.formats.jsonld.objects import creator, target_source, uuid_iri

LINK_TYPES = frozenset(kind.value for kind in LinkType)


def link_item(link: Link, *, reviewer: str, document: StoredDocument | None) -> JsonObject:
    """The link as an annotation (``document``: the target document of a link to a whole
    document, when the export has it)."""
    bodies: list[JsonObject] = [
        {"type": "TextualBody", "purpose": "tagging", "value": link.type.value}
    ]
    if link.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/markdown",
                "value": link.note,
            }
        )
    bodies.append({"type": "TextualBody", "purpose": "assessing", "value": link.status.value})
    second: str | JsonObject = (
        uuid_iri(link.target_id)
        if link.target_id is not None
        else target_source(link.target_document_id or "", document)
    )
    return {
        "id": uuid_iri(link.id),
        "type": "Annotation",
        "motivation": "linking",
        "created": format_time(link.created),
        "modified": format_time(link.modified),
        "creator": creator(reviewer),
        "body": bodies,
        "target": [uuid_iri(link.source_id), second],
    }


def read_link(item: JsonObject, *, document_key: Callable[[object], str]) -> IncomingLink | str:
    """The link an item with ``motivation: "linking"`` is, or why it is not one Accord keeps
    (``document_key`` registers a target document and returns its key)."""
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    kinds = [
        body.get("value")
        for body in bodies
        if isinstance(body, dict) and body.get("purpose") == "tagging"
    ]
    kind = next((k for k in kinds if k in LINK_TYPES), None)
    notes = [
        body["value"]
        for body in bodies
        if isinstance(body, dict)
        and body.get("purpose") == "commenting"
        and isinstance(body.get("value"), str)
    ]
    targets = item.get("target")
    link_id = uuid_of(item.get("id"))
    if kind is None or link_id is None or not isinstance(targets, list) or len(targets) != 2:
        return "links that are not Accord's (a type of link, an id, two targets)"
    first, second = (
        uuid_of(target.get("id") if isinstance(target, dict) else target) for target in targets
    )
    if first is None:
        return "links whose first target is not an annotation"
    to_document = LinkType(kind).to_document
    if to_document:
        key = document_key(targets[1])
        return IncomingLink(link_id, kind, first, target_document_key=key, note="\n\n".join(notes))
    if second is None:
        return "links whose second target is not an annotation"
    return IncomingLink(link_id, kind, first, second, note="\n\n".join(notes))

"""A review's decisions and replies as W3C Web Annotations, each an item after the annotations
(as links are): a decision is ``motivation: "assessing"`` targeting the decided annotation's
IRI (``urn:uuid:<id>``, the ``id`` of its item in the same collection), its verdict
(``accepted``, ``disputed``, ``rejected``, ``withdrawn``) as an ``assessing`` body and its note
as a ``commenting`` one; a reply is ``motivation: "replying"`` with its text as the body.
Both carry who and when (``creator``, ``created``). The annotation's own ``assessing`` body
still says its status now, the latest decision's."""

from __future__ import annotations

from desktop.core.model import format_time
from desktop.core.review import Decision, Reply
from desktop.formats.jsonld.fields import JsonObject
from desktop.formats.jsonld.objects import creator, uuid_iri


def decision_item(decision: Decision, *, reviewer: str) -> JsonObject:
    bodies: list[JsonObject] = [
        {"type": "TextualBody", "purpose": "assessing", "value": decision.verdict.past}
    ]
    if decision.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/plain",
                "value": decision.note,
            }
        )
    return {
        "id": uuid_iri(decision.id),
        "type": "Annotation",
        "motivation": "assessing",
        "created": format_time(decision.decided),
        "creator": creator(reviewer),
        "body": bodies,
        "target": uuid_iri(decision.annotation_id),
    }


def reply_item(reply: Reply, *, reviewer: str) -> JsonObject:
    return {
        "id": uuid_iri(reply.id),
        "type": "Annotation",
        "motivation": "replying",
        "created": format_time(reply.created),
        "creator": creator(reviewer),
        "body": {"type": "TextualBody", "format": "text/plain", "value": reply.text},
        "target": uuid_iri(reply.annotation_id),
    }

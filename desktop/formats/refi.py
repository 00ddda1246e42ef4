"""What the REFI-QDA project (``.qdpx``) and codebook (``.qdc``) formats share here: the stable
ids Accord gives what it exports, and a codebook as ``Incoming`` codes.

Codes from another tool reach the two facets by ``desktop.codebook.foreign`` (a top-level code
named like a facet becomes that facet's folder, every other top-level code goes under Thematic
areas): a ``.qdc`` through ``desktop.codebook.qdc``, which applies it as it reads, a ``.qdpx``
through the merge (``desktop.app.code_merge``), which applies it to the file's own tree.
"""

from __future__ import annotations

import hashlib
import uuid

from desktop.codebook.model import Codebook
from desktop.formats.incoming import IncomingCode

ID_NAMESPACE = uuid.UUID("0B6F1C52-7A0E-5B52-9C0B-ACC0DE4E7A01")
"""Namespace of the ids derived for exported items: fixed forever, so exporting the same
project twice gives the same ids, and importing the export again merges instead of copying."""
_NAMESPACE_BYTES = ID_NAMESPACE.bytes


def derived_guid(kind: str, key: str) -> str:
    """``str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}")).upper()`` for the ``kind`` of item
    identified by ``key`` (a reviewer's name, a document's fingerprint, an annotation and code
    id), computed without building ``UUID`` objects: an export derives one per coding."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{kind}:{key}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex().upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def user_guid(reviewer_name: str) -> str:
    """A reviewer's REFI-QDA ``User`` guid: the same name gives the same guid in every export
    of every project, so another tool sees one coder, not one per file."""
    return derived_guid("reviewer", reviewer_name)


def incoming_codes(book: Codebook) -> list[IncomingCode]:
    """The codebook as ``IncomingCode`` values, facet folders first, parents before children."""
    return [
        IncomingCode(
            code.guid,
            code.name,
            code.parent_guid,
            color=code.color,
            description=code.description,
            is_codable=code.is_codable,
        )
        for code in book
    ]

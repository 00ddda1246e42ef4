"""The stable ids Accord gives what it exports, shared by the formats that carry ids: a
REFI-QDA project's guids and a JSON-LD file's ``urn:uuid`` ids are the same derivation, so an
item keeps one id whichever file carries it, and importing an export merges instead of copying.
"""

from __future__ import annotations

import hashlib
import uuid

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

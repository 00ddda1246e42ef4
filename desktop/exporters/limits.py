"""Caps on untrusted input, checked before a byte of it is trusted."""

from __future__ import annotations

from desktop.core.errors import AccordError

MAX_ARCHIVE_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
"""All entries of an archive together, by what their headers claim and what inflating yields."""
MAX_COMPRESSION_RATIO = 200
MAX_JSON_BYTES = 512 * 1024**2
MAX_JSON_DEPTH = 64
MAX_XML_BYTES = 1024**3


class ImportRefused(AccordError):
    """An import file was refused; the message names the file and the problem."""

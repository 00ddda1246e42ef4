"""Caps on untrusted input, checked before a byte of it is trusted (an archive's are in
``desktop.core.archive``, shared with the documents that are archives)."""

from __future__ import annotations

from desktop.core.errors import AccordError

MAX_JSON_BYTES = 512 * 1024**2
MAX_JSON_DEPTH = 64
MAX_XML_BYTES = 1024**3


class ImportRefused(AccordError):
    """An import file was refused; the message names the file and the problem."""


def refused(file_name: str, problem: str) -> ImportRefused:
    return ImportRefused(f"Can't import “{file_name}”: {problem}.")

"""Names from a file (a document's title, a source's name in an archive) made safe to use as a
file's name, so that no name a file carries ever becomes a path.

A colleague's ``.qdpx`` or a PDF's title may hold ``..``, separators, control characters, a
Windows device name or 300 characters; used as they are, they make a folder out of a file
name, escape a folder, or fail with "File name too long" in the middle of an import.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 200
"""UTF-8 bytes of a name's stem: common file systems allow 255 a name, and the temporary name
of a file being written adds a few."""
MAX_SUFFIX_CHARS = 10
"""A longer "extension" is part of the name, not a kind of file (``.markdown`` is the longest
Accord knows)."""

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_SUFFIX = re.compile(rf"\.[0-9A-Za-z]{{1,{MAX_SUFFIX_CHARS}}}$")
_RESERVED = frozenset(
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{n}" for n in range(1, 10)),
        *(f"LPT{n}" for n in range(1, 10)),
    }
)
"""Names Windows will not create a file under, whatever the extension."""


def safe_stem(title: str) -> str:
    """A title as a file name on every common system: no separators, reserved or control
    characters, no leading dot, no trailing dot or space, not too long, not a device name
    (empty when nothing of it is left)."""
    stem = " ".join(_UNSAFE.sub(" ", unicodedata.normalize("NFC", title)).split())
    if len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
        stem = stem.rsplit(" ", 1)[0] if " " in stem[len(stem) // 2 :] else stem
    stem = stem.strip(" .")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"{stem} (document)"
    return stem


def safe_file_name(name: str, *, fallback: str = "document") -> str:
    """The last part of ``name`` (after any ``/`` or ``\\``) as ``safe_stem`` makes it, with its
    extension kept when it looks like one (the document reader tells an EPUB or a Markdown file
    by it); ``fallback`` stands for a name of which nothing is left (``..``, say)."""
    last = name.replace("\\", "/").rpartition("/")[2].strip()
    found = _SUFFIX.search(last)
    suffix = found[0].lower() if found and found.start() > 0 else ""
    return (safe_stem(last[: len(last) - len(suffix)]) or fallback) + suffix

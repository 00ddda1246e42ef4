"""Small ``.qdpx`` archives written by hand, each holding the one thing a test is about, in the
shape real tools write it (the codebook of the spec's example: a folder and one code)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop.formats.ids import derived_guid

ADA = "1531A3B5-B006-5A78-9141-32236820792E"
WATER = "82EF4726-5D26-5E2F-B76E-0843461B6798"
FOLDER = "F8782DC9-EBC8-5290-B294-3E3719237599"
SOURCE = "135D89C9-E9F7-5154-BD95-1BB126286F43"
HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
    'name="t" origin="{origin}">'
    f'<Users><User guid="{ADA}" name="Ana Analyst"/></Users>'
    f'<CodeBook><Codes><Code guid="{FOLDER}" name="Themes" isCodable="false">'
    f'<Code guid="{WATER}" name="Water" isCodable="true" color="#17b"/></Code>'
    "</Codes></CodeBook>"
)


def selection(guid: str, start: int, end: int, *, code: str = WATER, user: str = ADA) -> str:
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{user}" creationDateTime="2024-05-01T10:00:00Z">'
        f'<Coding guid="{derived_guid("test", guid)}"><CodeRef targetGUID="{code}"/></Coding>'
        "</PlainTextSelection>"
    )


def text_source(body: str, *, path: str = "internal://T.txt", guid: str = SOURCE) -> str:
    return f'<TextSource guid="{guid}" name="decree" plainTextPath="{path}">{body}</TextSource>'


def archive(
    folder: Path,
    sources: str,
    *,
    tail: str = "",
    origin: str = "Tool 1",
    files: dict[str, bytes] | None = None,
    qde: str = "project.qde",
) -> Path:
    target = folder / "made.qdpx"
    with zipfile.ZipFile(target, "w") as made:
        made.writestr(
            qde, HEAD.format(origin=origin) + f"<Sources>{sources}</Sources>" + tail + "</Project>"
        )
        for name, data in (files or {}).items():
            made.writestr(f"sources/{name}", data)
    return target

"""The JSON-LD export's hand-laid items are exactly what ``json`` writes for the reference
objects of ``desktop.formats.jsonld.objects``, for the same project, on hostile text."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.app.anchors import anchor_for_span
from desktop.core.model import Annotation, AnnotationId, CodeId, Coding, Status
from desktop.formats.jsonld import objects as jsonld_object
from desktop.formats.jsonld import web_annotation as jsonld
from desktop.formats.source import ExportSource, read_source
from desktop.store import AnnotationRecord
from tests.formats.report_project import START
from tests.store.helpers import small_project, text_document, text_layer

_HOSTILE = st.text(
    st.sampled_from('"\\/\x00\x01\x1f\x7f\n\r\t\u2028\u2029é“”𝓔\ufeff<&>') | st.characters(),
    max_size=12,
).filter(lambda text: not any(0xD800 <= ord(c) <= 0xDFFF for c in text))
"""Quotes, backslashes, control characters, JSON-breaking separators and non-ASCII (the store
keeps no lone surrogate: those are given to the writer directly below)."""


def _reference(source: ExportSource, record: AnnotationRecord) -> str:
    return jsonld_object.encoded(
        jsonld_object.item(
            record,
            book=source.codebook,
            documents={d.id: d for d in source.documents},
            reviewer_name=source.reviewer_name,
        )
    )


def _items_written(path: Path) -> list[str]:
    """Each item as the file holds it: one a line, between the page's brackets."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = lines.index('    "items": [') + 1
    last = lines.index("    ]", first)
    return [line.strip().removesuffix(",") for line in lines[first:last]]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=_HOSTILE.map(lambda text: f"a{text}b{text}c"),
    notes=st.lists(_HOSTILE, min_size=1, max_size=4),
    reviewer=_HOSTILE.filter(str.strip),
    title=_HOSTILE,
    kind=st.sampled_from(["text", "pdf", "html", "epub"]),
    statuses=st.lists(st.sampled_from(list(Status)), min_size=4, max_size=4),
    surrogate=st.sampled_from(["\ud800", "\udfff", "a\udc00b", "\ud83d"]),
)
def test_each_written_item_is_the_bytes_json_writes_for_its_reference_object(
    text: str,
    notes: list[str],
    reviewer: str,
    title: str,
    kind: str,
    statuses: list[Status],
    surrogate: str,
) -> None:
    document = dataclasses.replace(text_document(text), title=title or "t", kind=kind)
    layer = text_layer(text)
    with TemporaryDirectory() as folder:
        out = Path(folder) / "out.jsonld"
        with small_project(Path(folder) / "p.accord", documents=[document]) as project:
            who = project.reviewers.ensure(reviewer)
            book = project.codes.codebook()
            codable = [CodeId(c.guid) for c in book if c.is_codable]
            deep = sorted(codable, key=lambda guid: -book.path(guid).count("/"))
            with project.transaction():
                for number, note in enumerate(notes):
                    span = (0, len(text)) if number % 2 else (1, 1 + len(text) // 2)
                    annotation = Annotation(
                        AnnotationId(f"0000000{number}-0000-4000-8000-00000000000a"),
                        project.documents.all()[0].id,
                        anchor_for_span(layer, *span),
                        note,
                        who.id,
                        START,
                        START,
                        statuses[number],
                    )
                    codes = deep[: number % 3]
                    project.annotations.insert(
                        annotation, [Coding(annotation.id, code, who.id, START) for code in codes]
                    )
            source = read_source(project)
            jsonld.export(source, out)
            records = list(source.records())
            assert _items_written(out) == [_reference(source, record) for record in records]
            # The writer also takes text no store holds (half a UTF-16 pair), as json does:
            items = jsonld._Items(source)
            for record in records:
                odd = record._replace(note=surrogate, exact=surrogate, prefix=surrogate)
                assert items.item(odd) == _reference(source, odd)
        assert json.loads(out.read_text(encoding="utf-8"))["total"] == len(notes)

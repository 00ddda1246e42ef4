"""The one REFI-QDA writer: the ``.qdc`` and the ``.qdpx`` carry one codebook, what is written
is checked against the schema, and the fast path writes ElementTree's bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.codebook.qdc import codebook_to_bytes
from desktop.codebook.xmlsafe import CODEBOOK_NS, PROJECT_NS
from desktop.formats.refi import qdpx, qdpx_write
from desktop.formats.refi.qdpx_write import (
    CodingValues,
    QdpxExportError,
    SelectionValues,
    Templates,
    note_element,
    selection_element,
)
from desktop.formats.source import read_source
from desktop.store import Project
from tests.formats.conftest import Made


def test_the_qdpx_and_the_qdc_carry_the_same_codebook_written_once(
    project: Project, made: Made, tmp_path: Path
) -> None:
    qdpx.export(read_source(project, texts=made[1]), tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        inside = ET.fromstring(archive.read("project.qde")).find(f"{{{PROJECT_NS}}}CodeBook")
    alone = ET.fromstring(codebook_to_bytes(project.codes.codebook()))
    assert inside is not None

    def shape(element: ET.Element) -> list[tuple[str, dict[str, str], str]]:
        return [
            (e.tag.rpartition("}")[2], dict(e.attrib), (e.text or "").strip())
            for e in element.iter()
        ]

    assert shape(inside) == [
        (tag, {k: v for k, v in attributes.items() if k != "origin"}, text)
        for tag, attributes, text in shape(alone)
    ]
    assert alone.tag == f"{{{CODEBOOK_NS}}}CodeBook"


def test_a_project_the_schema_refuses_is_not_written(
    project: Project, made: Made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user guid that is not a GUID: the check against the schema stops the export."""
    monkeypatch.setattr(qdpx_write, "user_guid", lambda name: f"not a guid {name}")
    target = tmp_path / "p.qdpx"
    with pytest.raises(QdpxExportError, match="does not follow the schema"):
        qdpx.export(read_source(project, texts=made[1]), target)
    assert list(tmp_path.iterdir()) == []


_XML_TEXT = st.text(st.sampled_from("a é𝓔\"'&<>\n\r\t]]>日\u2028 "), max_size=10)


@settings(max_examples=80)
@given(
    name=_XML_TEXT,
    note=_XML_TEXT,
    carried=st.sampled_from(["", "\n[accord:status=accepted]", '[accord:status="&<']),
    codings=st.lists(st.tuples(_XML_TEXT, _XML_TEXT), max_size=3),
)
def test_the_refi_qda_fast_path_writes_the_bytes_element_tree_writes_for_the_declaration(
    name: str, note: str, carried: str, codings: list[tuple[str, str]]
) -> None:
    """Quotes, ampersands, line breaks and tabs in attributes and text, notes or none, a
    description carrying a status or not, codings or none (an element without children is
    closed in its tag)."""
    values = SelectionValues(
        "G",
        name,
        "1",
        "22",
        "U\t",
        "2020-05-26T09:00:00Z",
        "2020-05-26T09:00:01Z",
        note + carried,
        note,
        "N" if note else "",
        tuple(CodingValues(f"C{i}", user, "2020", code) for i, (user, code) in enumerate(codings)),
    )
    templates = Templates()
    assert templates.selection(values) == ET.tostring(selection_element(values), "unicode")
    if note:
        assert templates.note(values) == ET.tostring(note_element(values), "unicode")

"""REFI-QDA codebook export and import through the exporter signatures: valid against the
codebook schema, the whole two-facet tree back as ``Incoming`` codes, the reader's warnings in
``dropped``, and broken or hostile files refused with nothing but ``ImportRefused``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.codebook.qdc import codebook_to_bytes
from desktop.formats.incoming import IncomingCode
from desktop.formats.limits import ImportRefused
from desktop.formats.refi import qdc
from desktop.formats.source import Cancelled, read_source
from desktop.store import Project
from tests.needs import needs
from tests.store.helpers import small_project

HERE = Path(__file__).resolve().parent
SPECS = HERE.parents[2] / "shared" / "specs" / "refi-qda"
REPO_XSD = HERE.parents[1] / "resources" / "schemas" / "refi-qda" / "Codebook-mrt2019.xsd"
EXAMPLE = SPECS / "examples" / "minimal-codebook.qdc"
needs_specs = needs(SPECS, "the shared specs")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = small_project(tmp_path / "codes.accord")
    yield made  # type: ignore[misc]
    made.close()


def test_the_codebook_export_is_valid_and_is_the_whole_two_facet_tree(
    project: Project, tmp_path: Path
) -> None:
    target = tmp_path / "codes.qdc"
    calls: list[tuple[int, int]] = []
    qdc.export(read_source(project), target, progress=lambda *call: calls.append(call))
    data = target.read_bytes()
    schema = SPECS / "Codebook-mrt2019.xsd"
    xmlschema.XMLSchema(str(schema if schema.is_file() else REPO_XSD)).validate(io.BytesIO(data))
    book = project.codes.codebook()
    assert data == codebook_to_bytes(book)
    assert calls == [(len(book), len(book))] and len(book) == 52


def test_a_cancelled_codebook_export_leaves_no_file(project: Project, tmp_path: Path) -> None:
    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        qdc.export(read_source(project), tmp_path / "codes.qdc", progress=cancel)
    assert not [p.name for p in tmp_path.iterdir() if "qdc" in p.name]


def test_an_exported_codebook_reads_back_as_the_same_codes(
    project: Project, tmp_path: Path
) -> None:
    target = tmp_path / "codes.qdc"
    qdc.export(read_source(project), target)
    incoming = qdc.read(target)
    assert incoming.file_name == "codes.qdc"
    assert incoming.codes == [
        IncomingCode(c.guid, c.name, c.parent_guid, c.color, c.description, c.is_codable)
        for c in project.codes.codebook()
    ]
    assert (incoming.documents, incoming.annotations, incoming.dropped) == ([], [], [])


@needs_specs
def test_a_foreign_codebook_lands_on_the_facets_with_what_was_left_out_in_dropped() -> None:
    incoming = qdc.read(EXAMPLE)
    by_name = {code.name: code for code in incoming.codes}
    assert [c.name for c in incoming.codes if c.parent_guid is None] == [
        "Thematic areas",
        "Instruments",
    ]
    assert by_name["Water"].parent_guid == by_name["Thematic areas"].guid
    assert by_name["Fiscal incentive"] == IncomingCode(
        "95DA963B-2DD4-57C9-9CD4-E5BF3F342364",
        "Fiscal incentive",
        by_name["Instruments"].guid,
        "#D62728",
        "Tax credits, exemptions, feed-in tariffs",
    )
    assert incoming.dropped == [
        "1 code set(s) (“Priority codes”) were not imported; Accord has no code sets."
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not well-formed XML"),
        (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "x">]><CodeBook/>', "document type"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "REFI-QDA schema"),
        *[
            (
                (
                    f'<?xml version="1.0" encoding="{name}"?>'
                    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'
                ).encode(),
                "declares a text encoding Accord cannot read",
            )
            for name in ("utf-7", "no-such-encoding")
        ],
    ],
)
def test_broken_or_hostile_codebooks_are_refused_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    target = tmp_path / "bad.qdc"
    target.write_bytes(content)
    with pytest.raises(ImportRefused, match=r"“bad\.qdc”") as caught:
        qdc.read(target)
    assert expected in str(caught.value)
    with pytest.raises(ImportRefused, match=r"“gone\.qdc”"):
        qdc.read(tmp_path / "gone.qdc")


@needs_specs
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mangled_codebooks_let_only_refusals_out(tmp_path: Path, data: st.DataObject) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 60)))
    insert = data.draw(
        st.sampled_from(["", "<", '"', "&", "<Code/>", "#GGG", "\x00", text[start:end] * 2])
    )
    target = tmp_path / "mangled.qdc"
    target.write_bytes((text[:start] + insert + text[end:]).encode("utf-8", errors="replace"))
    try:
        qdc.read(target)
    except ImportRefused as error:
        assert "“mangled.qdc”" in str(error)

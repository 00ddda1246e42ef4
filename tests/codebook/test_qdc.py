"""REFI-QDA codebooks: round trips, real exports, foreign trees, hostile files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema
from hypothesis import given, settings

import desktop
from desktop.codebook import xmlsafe
from desktop.codebook.errors import CodebookError
from desktop.codebook.model import Codebook, Facet, stable_guid
from desktop.codebook.qdc import codebook_to_bytes, parse_codebook, read_codebook, write_codebook
from tests.codebook.strategies import codebooks
from tests.needs import needs

ROOT = Path(desktop.__file__).resolve().parent.parent
SPECS = ROOT.parent / "shared" / "specs" / "refi-qda"
CODEBOOK_XSD = ROOT / "resources" / "schemas" / "refi-qda" / "Codebook-mrt2019.xsd"

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
OPEN = '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
GUIDS = [stable_guid(f"test {i}") for i in range(10)]


def qdc(codes: str, *, extra: str = "") -> bytes:
    return f"{HEAD}{OPEN}<Codes>{codes}</Codes>{extra}</CodeBook>\n".encode()


def code(i: int, name: str, *, inner: str = "", attrs: str = 'isCodable="true"') -> str:
    return f'<Code guid="{GUIDS[i]}" name="{name}" {attrs}>{inner}</Code>'


def names(book: Codebook, facet: Facet) -> list[str]:
    return [book.path(c.guid) for c in book.descendants(book.root(facet).guid)]


# --- writing -----------------------------------------------------------------------------------


@settings(max_examples=60)
@given(codebooks())
def test_write_then_read_gives_the_same_codebook(book: Codebook) -> None:
    data = codebook_to_bytes(book)
    imported = parse_codebook(data, source_name="round-trip.qdc")
    assert imported.codebook == book
    assert imported.warnings == ()
    xmlschema.XMLSchema(str(CODEBOOK_XSD)).validate(io.BytesIO(data))


def test_written_files_are_utf8_lf_without_bom_with_origin(tmp_path: Path) -> None:
    book = Codebook.empty()
    target = tmp_path / "codes.qdc"
    write_codebook(book, target)
    data = target.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns=')
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    assert b'origin="Accord 0.1.0"' in data
    assert [p.name for p in tmp_path.iterdir()] == ["codes.qdc"]  # no temporary file left
    assert read_codebook(target).codebook == book


def test_description_comes_before_sub_codes_as_the_schema_requires() -> None:
    data = codebook_to_bytes(Codebook.empty()).decode()
    assert data.index("<Description>Folder: what") < data.index('name="Instruments"')


# --- real exports ------------------------------------------------------------------------------

needs_specs = needs(SPECS, "the shared specs")


@needs_specs
def test_the_minimal_codebook_example_keeps_its_facet_folders_and_reports_the_set() -> None:
    imported = read_codebook(SPECS / "examples" / "minimal-codebook.qdc")
    book = imported.codebook
    assert len(book) == 5
    assert names(book, Facet.THEMATIC) == ["Thematic areas/Water", "Thematic areas/Energy"]
    assert names(book, Facet.INSTRUMENT) == ["Instruments/Fiscal incentive"]
    assert book.root(Facet.THEMATIC).guid == "F8782DC9-EBC8-5290-B294-3E3719237599"
    assert book.lookup("Water").color == "#17BECF"
    assert book.lookup("Fiscal incentive").description == "Tax credits, exemptions, feed-in tariffs"
    assert imported.warnings == (
        "1 code set(s) (“Priority codes”) were not imported; Accord has no code sets.",
    )


@needs_specs
def test_the_nvivo_project_codebook() -> None:
    imported = read_codebook(SPECS / "samples" / "nvivo_project.qdpx")
    book = imported.codebook
    assert len(book) == 262 + 2
    top = [c.name for c in book.children(book.root(Facet.THEMATIC).guid)]
    assert top == ["rq1_definition", "rq2_curriculum_and_instruction", "rq3_process"]
    assert len(book.by_name("programming")) == 2  # same name, different parents
    assert all(c.guid == c.guid.upper() for c in book)
    assert len({c.color for c in book if not c.is_root}) == 262
    assert any("Sources were not imported" in w for w in imported.warnings)
    assert any("262 code(s) had no colour" in w for w in imported.warnings)
    assert any("3 top-level code(s)" in w for w in imported.warnings)


@needs_specs
def test_the_atlas_ti_project_codebooks() -> None:
    target = read_codebook(SPECS / "samples" / "target-atlas-project.qdpx").codebook
    assert names(target, Facet.THEMATIC) == [
        "Thematic areas/Commits",
        "Thematic areas/Commits/2022-05-10T02:05:59Z 19e4dce",
        "Thematic areas/Commits/2022-02-11T10:39:25Z cdbfd92",
    ]
    assert names(target, Facet.INSTRUMENT) == []
    blank = read_codebook(SPECS / "samples" / "blank-atlas-project.qdpx")
    assert blank.codebook == Codebook.empty()
    assert blank.warnings == ("“blank-atlas-project.qdpx” contains no codes.",)


@needs_specs
def test_a_project_xml_file_is_read_like_its_archive() -> None:
    from_qde = read_codebook(SPECS / "examples" / "project.qde")
    from_qdpx = read_codebook(SPECS / "examples" / "minimal-project.qdpx")
    assert from_qde.codebook == from_qdpx.codebook
    assert len(from_qde.codebook) == 5
    assert from_qde.warnings == (
        "Only the codebook was read from this project; its Links, Notes, Sets, Sources were not "
        "imported.",
    )


# --- foreign trees -----------------------------------------------------------------------------


def test_codes_without_facet_folders_go_under_thematic_areas_with_their_sub_trees() -> None:
    data = qdc(
        code(
            0,
            "Water",
            attrs='isCodable="true" color="#abc"',
            inner="<Description> Rivers \n</Description>" + code(1, "Dams"),
        )
        + code(2, "Tools", inner=code(3, "Taxes", attrs='isCodable="false" color="#123456"'))
    )
    imported = parse_codebook(data, source_name="plain.qdc")
    book = imported.codebook
    assert names(book, Facet.THEMATIC) == [
        "Thematic areas/Water",
        "Thematic areas/Water/Dams",
        "Thematic areas/Tools",
        "Thematic areas/Tools/Taxes",
    ]
    assert book.lookup("Water").color == "#AABBCC"
    assert book.lookup("Water").description == "Rivers"
    assert not book.lookup("Taxes").is_codable
    assert book.root(Facet.THEMATIC).guid == stable_guid("Thematic areas")
    assert imported.warnings[0].startswith("2 top-level code(s) were not in")
    assert "2 code(s) had no colour" in imported.warnings[1]


def test_folders_named_like_facets_become_the_facets() -> None:
    data = qdc(
        code(0, "INSTRUMENT", inner=code(1, "Subsidies"))
        + code(2, "Themes", attrs='isCodable="false"', inner=code(3, "Energy"))
        + code(4, "instruments", inner=code(5, "Loans"))
    )
    imported = parse_codebook(data, source_name="facets.qdc")
    book = imported.codebook
    assert book.root(Facet.INSTRUMENT).guid == GUIDS[0]
    assert names(book, Facet.INSTRUMENT) == [
        "Instruments/Subsidies",
        "Instruments/instruments",
        "Instruments/instruments/Loans",
    ]
    assert names(book, Facet.THEMATIC) == ["Thematic areas/Energy"]
    assert any("“INSTRUMENT” could be applied to text" in w for w in imported.warnings)
    assert any("“Themes” → “Thematic areas”" in w for w in imported.warnings)


def test_repeated_names_and_ids_are_repaired_and_reported() -> None:
    data = qdc(
        code(0, "Energy")
        + code(1, "energy")
        + f'<Code guid="{GUIDS[0]}" name="Energy (2)" isCodable="true"/>'
        + code(3, "   ")
    )
    imported = parse_codebook(data, source_name="dupes.qdc")
    book = imported.codebook
    assert [c.name for c in book.children(book.root(Facet.THEMATIC).guid)] == [
        "Energy",
        "energy (3)",
        "Energy (2)",
        "Unnamed code",
    ]
    assert len({c.guid for c in book}) == len(book)
    text = " ".join(imported.warnings)
    assert "“energy” → “energy (3)”" in text
    assert "“Energy (2)” reused another code's id" in text
    assert "1 code(s) had no name" in text


def test_braced_and_lower_case_guids_are_normalised() -> None:
    lower = GUIDS[0].lower()
    book = parse_codebook(
        qdc(f'<Code guid="{{{lower}}}" name="A" isCodable="1"/>'), source_name="g"
    ).codebook
    assert book.lookup("A").guid == GUIDS[0]


# --- hostile or broken input -------------------------------------------------------------------

XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'{OPEN}<Codes><Code guid="{GUIDS[0]}" name="&xxe;" isCodable="true"/></Codes></CodeBook>'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    f'{OPEN}<Codes><Code guid="{GUIDS[0]}" name="&lol3;" isCodable="true"/></Codes></CodeBook>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (XXE, "declares a document type or entities"),
        (LAUGHS, "declares a document type or entities"),
        ("not xml at all", r"not well-formed XML \(line 1, column 1\)"),
        ("", "not well-formed XML"),
        (f"{OPEN}<Codes>", r"not well-formed XML \(line 1"),
        (
            '<CodeBook xmlns="urn:example:other"><Codes/></CodeBook>',
            "not a REFI-QDA codebook or project. Its root is <CodeBook> in namespace "
            "“urn:example:other”",
        ),
        ("<CodeBook><Codes/></CodeBook>", "<CodeBook> without a namespace"),
        (
            qdc(code(0, "A", attrs='isCodable="true" color="#17BECFFF"')).decode(),
            "does not follow the REFI-QDA schema at <Code> on line 2: color=“#17BECFFF” is not a "
            "#RRGGBB or #RGB colour.$",
        ),
        (
            f'{HEAD}{OPEN}\n<Codes>\n  <Code name="No id" isCodable="true"/>\n</Codes></CodeBook>',
            r"at <Code> on line 4: missing required attribute 'guid'",
        ),
        (
            qdc('<Code guid="1234" name="Short id" isCodable="true"/>').decode(),
            r"guid=“1234” is not a GUID \(8-4-4-4-12 hex digits\)\.$",
        ),
        (f"{HEAD}{OPEN}<Codes/></CodeBook>", r"at <Codes> on line 2"),
        (
            qdc(code(0, "A", attrs='isCodable="maybe"')).decode(),
            r"at <Code> on line 2: attribute isCodable='maybe'",
        ),
    ],
)
def test_bad_files_are_refused_with_a_sentence_naming_the_file(data: str, message: str) -> None:
    with pytest.raises(CodebookError, match=r"Can't read “bad\.qdc”: " + ".*" + message):
        parse_codebook(data.encode(), source_name="bad.qdc")


def test_deeply_nested_codes_are_refused() -> None:
    inner = ""
    for i in range(100):
        inner = f'<Code guid="{stable_guid(str(i))}" name="n" isCodable="true">{inner}</Code>'
    with pytest.raises(CodebookError, match="nested more than 64 levels"):
        parse_codebook(qdc(inner), source_name="deep.qdc")


def test_files_over_the_size_cap_are_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.qdc"
    with huge.open("wb") as stream:
        stream.truncate(xmlsafe.MAX_XML_BYTES + 1)  # sparse: nothing is really written
    with pytest.raises(
        CodebookError, match=r"“huge\.qdc”: its XML is 20\.0 MB, more than the 20 MB"
    ):
        read_codebook(huge)
    with pytest.raises(CodebookError, match="more than the 20 MB"):
        parse_codebook(b" " * (xmlsafe.MAX_XML_BYTES + 1), source_name="huge.qdc")


def test_archives_are_checked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b" " * 5000)
    monkeypatch.setattr(xmlsafe, "MAX_XML_BYTES", 1000)
    with pytest.raises(CodebookError, match=r"“bomb\.qdpx”: its XML is"):
        read_codebook(bomb)
    empty = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("sources/x.txt", "x")
    with pytest.raises(CodebookError, match=r"holds no project\.qde"):
        read_codebook(empty)
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CodebookError, match=r"“broken\.qdpx”: the archive is damaged"):
        read_codebook(broken)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"Can't read “absent\.qdc”"):
        read_codebook(tmp_path / "absent.qdc")

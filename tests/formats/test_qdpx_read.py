"""Reading REFI-QDA projects: the three real exports in shared/specs (ATLAS.ti blank and target,
NVivo), the hand-written example, Accord's own export (round trip), and small files that each
hold one thing other tools write: every one is read or listed as left out, never lost."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.core.model import DocumentId
from desktop.formats.ids import derived_guid
from desktop.formats.incoming import Incoming, IncomingCode
from desktop.formats.limits import ImportRefused
from desktop.formats.refi import qdpx
from desktop.formats.source import read_source
from desktop.store import Project
from tests.formats.qdpx_files import ADA, FOLDER, WATER, archive, selection, text_source
from tests.needs import needs

HERE = Path(__file__).resolve().parent
SPECS = HERE.parents[2] / "shared" / "specs" / "refi-qda"
needs_specs = needs(SPECS, "the shared specs")
Q = {"q": "urn:QDA-XML:project:1.0"}

GUIDS = [derived_guid("selection", str(n)) for n in range(6)]


# --- the real samples ------------------------------------------------------------------------


def counts(path: Path) -> dict[str, int | list[str]]:
    """What the file holds, counted straight from its XML (not through the reader)."""
    with zipfile.ZipFile(path) as opened:
        name = next(n for n in opened.namelist() if n.endswith(".qde"))
        root = ET.fromstring(opened.read(name))
    return {
        "sources": len(root.findall("q:Sources/*", Q)),
        "codes": len(root.findall(".//q:CodeBook//q:Code", Q)),
        "selections": len(root.findall(".//q:PlainTextSelection", Q)),
        "users": [u.get("name", "") for u in root.findall("q:Users/q:User", Q)],
    }


def users_of(incoming: Incoming) -> set[str]:
    """Users the import keeps (as reviewers) or says it did not add."""
    kept = {a.reviewer for a in incoming.annotations if a.reviewer}
    idle = {
        name
        for line in incoming.dropped
        if "made no selection" in line
        for name in line.split("“")[1:]
        for name in [name.split("”")[0]]
    }
    return kept | idle


@needs_specs
@pytest.mark.parametrize("sample", ["blank-atlas-project", "target-atlas-project", "nvivo_project"])
def test_each_real_sample_is_read_with_every_source_code_selection_and_user(sample: str) -> None:
    path = SPECS / "samples" / f"{sample}.qdpx"
    expected = counts(path)
    incoming = qdpx.read(path)
    assert len(incoming.documents) == expected["sources"]
    assert len(incoming.codes) == expected["codes"]
    assert len(incoming.annotations) == expected["selections"]
    assert users_of(incoming) == set(expected["users"])  # type: ignore[arg-type]


@needs_specs
def test_the_atlas_samples_by_eye() -> None:
    blank = qdpx.read(SPECS / "samples" / "blank-atlas-project.qdpx")
    assert (blank.documents, blank.codes, blank.annotations) == ([], [], [])
    assert users_of(blank) == {"Enric Llagostera", "ATLAS.ti"}
    target = qdpx.read(SPECS / "samples" / "target-atlas-project.qdpx")
    commits = "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"
    assert target.codes == [
        IncomingCode(commits, "Commits", None),
        IncomingCode(
            "2D2466F0-D77F-4F8C-BDF9-628966B6B74D", "2022-05-10T02:05:59Z 19e4dce", commits
        ),
        IncomingCode(
            "086AC733-7B1C-4749-A138-D7182F63A5C9", "2022-02-11T10:39:25Z cdbfd92", commits
        ),
    ]


@needs_specs
def test_the_nvivo_sample_by_eye() -> None:
    incoming = qdpx.read(SPECS / "samples" / "nvivo_project.qdpx")
    by_guid = {code.guid: code for code in incoming.codes}
    tops = [code.name for code in incoming.codes if code.parent_guid is None]
    assert tops == ["rq1_definition", "rq2_curriculum_and_instruction", "rq3_process"]
    programming = by_guid["36636563-3863-6264-3638-303637613863"]  # lower case in the file
    assert programming.name == "programming" and programming.color is None
    assert by_guid[programming.parent_guid or ""].name == "competencies"
    assert all(code.is_codable for code in incoming.codes)
    first, second = incoming.documents
    assert first.key == "D097E6FD-7671-4D95-A8B6-7795FA4A72E1"
    assert first.name == "66653866-6334-3535-3435-366637306566.txt"
    assert (first.text, first.content) == ("\n", b"\n")
    assert second.key == "E65F5EE2-9A55-47F1-BB0B-4921D8CE15C4"
    assert sum("The .docx version of" in line for line in incoming.dropped) == 2
    assert users_of(incoming) == {"chrisp", "cp"}


@needs_specs
def test_the_minimal_example_with_its_quotes_notes_and_what_is_left_out() -> None:
    incoming = qdpx.read(SPECS / "examples" / "minimal-project.qdpx")
    water, energy_and_tax, feed_in = incoming.annotations
    assert (water.exact, water.start, water.end) == (
        "Water tariffs 💧 shall be reviewed annually",
        11,
        53,
    )
    assert water.prefix == "Article 1. " and water.suffix.startswith(" by the régulateur.")
    assert water.note == (
        "Review cycle is annual\n\nCheck whether the regulator publishes the review."
    )
    assert water.reviewer == "Ana Analyst"
    assert water.created == water.modified == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert water.code_guids == (WATER,)
    assert energy_and_tax.code_guids == (
        "F20D3EF2-077B-5E1E-AD81-736C1B18FCA4",
        "95DA963B-2DD4-57C9-9CD4-E5BF3F342364",
    )
    assert feed_in.exact == "Feed-in tariffs support small hydro plants"
    assert (feed_in.start, feed_in.end) == (76, 118)
    assert feed_in.document_key == "72B559F7-752B-5EA7-9268-C7904E75320C"
    pdf = incoming.documents[1]
    assert pdf.name == "law-7.pdf" and (pdf.content or b"").startswith(b"%PDF-")
    assert pdf.text is not None and pdf.text[76:118] == feed_in.exact
    assert incoming.dropped == [
        "1 area selection(s) without text on “law-7.pdf”: Accord keeps passages of text, not "
        "regions of a page.",
        "1 set(s) (“Priority documents”): Accord has no sets, so they were not imported.",
    ]


# --- Accord's own export, read back ----------------------------------------------------------


def test_an_export_reads_back_as_the_projects_annotations_codes_and_documents(
    project: Project, made: tuple[Path, dict[DocumentId, str]], tmp_path: Path
) -> None:
    target = tmp_path / "round.qdpx"
    qdpx.export(read_source(project, texts=made[1]), target)
    incoming = qdpx.read(target)
    assert incoming.dropped == []
    documents = project.documents.all()
    assert [d.key for d in incoming.documents] == [
        derived_guid("document", d.id) for d in documents
    ]
    for document, read in zip(documents, incoming.documents, strict=True):
        assert read.name == document.file_name
        assert read.content == project.documents.content(document.id)
        assert read.text == made[1][document.id]
    book = project.codes.codebook()
    assert incoming.codes == [
        IncomingCode(c.guid, c.name, c.parent_guid, c.color, c.description, c.is_codable)
        for c in book
    ]
    keys = {derived_guid("document", d.id): d.id for d in documents}
    reviewers = {r.id: r.name for r in project.reviewers.all()}
    expected = {s.annotation.id: s for s in project.annotations.snapshots()}
    assert len(incoming.annotations) == len(expected)
    for read_back in incoming.annotations:
        snapshot = expected[read_back.id]  # type: ignore[index]
        annotation, anchor = snapshot.annotation, snapshot.annotation.anchor
        assert keys[read_back.document_key] == annotation.document_id
        assert (read_back.start, read_back.end, read_back.exact) == (
            anchor.start,
            anchor.end,
            anchor.exact,
        )
        assert (read_back.prefix, read_back.suffix) == (anchor.prefix, anchor.suffix)
        assert read_back.note == annotation.note
        assert read_back.reviewer == reviewers[annotation.reviewer_id]
        assert (read_back.created, read_back.modified) == (annotation.created, annotation.modified)
        assert read_back.code_guids == tuple(c.code_id for c in snapshot.codings)


# --- one thing at a time ---------------------------------------------------------------------


def test_offsets_count_code_points_and_crlf_as_the_writing_tool_did(tmp_path: Path) -> None:
    text = "Line one 💧\r\nWater tariffs rise.\r\n".encode()
    body = text_source(selection(GUIDS[0], 11, 24))  # "Water tariffs" with CRLF as one
    atlas = qdpx.read(archive(tmp_path, body, origin="ATLAS.ti 23", files={"T.txt": text}))
    assert atlas.annotations[0].exact == "Water tariffs"
    assert atlas.documents[0].text == "Line one 💧\nWater tariffs rise.\n"
    other = qdpx.read(archive(tmp_path, body, origin="NVivo 15", files={"T.txt": text}))
    assert other.annotations[0].exact == "\nWater tariff"
    assert other.documents[0].content == text  # the file as it is


def test_a_bom_is_not_counted_and_lower_case_braced_guids_are_read(tmp_path: Path) -> None:
    lower = "{" + GUIDS[1].lower() + "}"
    body = text_source(selection(lower, 0, 5, code=WATER.lower(), user=ADA.lower()))
    incoming = qdpx.read(archive(tmp_path, body, files={"T.txt": "\ufeffWater".encode()}))
    (annotation,) = incoming.annotations
    assert (annotation.exact, annotation.id) == ("Water", GUIDS[1])
    assert annotation.code_guids == (WATER,) and annotation.reviewer == "Ana Analyst"
    assert incoming.codes[1] == IncomingCode(WATER, "Water", FOLDER, "#1177BB")


def test_selections_that_cannot_be_placed_are_counted_and_the_others_kept(tmp_path: Path) -> None:
    body = text_source(
        selection(GUIDS[0], 0, 5) + selection(GUIDS[1], 3, 99) + selection(GUIDS[2], 4, 2)
    )
    body += text_source(selection(GUIDS[3], 0, 2), path="internal://missing.txt", guid=GUIDS[4])
    incoming = qdpx.read(archive(tmp_path, body, files={"T.txt": b"Water and energy"}))
    assert [a.id for a in incoming.annotations] == [GUIDS[0]]
    assert (
        "2 selection(s) on “decree” have positions missing or outside its text of 16 "
        "characters (e.g. 3..99)."
    ) in incoming.dropped
    assert (
        "1 selection(s) on “decree”: its file “missing.txt” is not in the archive, so they "
        "cannot be placed."
    ) in incoming.dropped


def test_an_area_with_its_text_is_kept_with_its_page_and_an_area_without_is_listed(
    tmp_path: Path,
) -> None:
    area = (
        '<PDFSelection guid="{g}" page="2" firstX="1" firstY="2" secondX="3" secondY="4" '
        f'creatingUser="{ADA}">'
        "{inner}"
        f'<Coding guid="{GUIDS[5]}"><CodeRef targetGUID="{WATER}"/></Coding></PDFSelection>'
    )
    body = (
        f'<PDFSource guid="{GUIDS[4]}" name="law-7.pdf" path="relative://law-7.pdf">'
        + area.format(
            g=GUIDS[0],
            inner='<Representation guid="'
            + GUIDS[1]
            + '"><PlainTextContent> Irrigation permits </PlainTextContent>'
            "</Representation>",
        )
        + area.format(g=GUIDS[2], inner="")
        + "</PDFSource>"
    )
    incoming = qdpx.read(archive(tmp_path, body))
    (kept,) = incoming.annotations
    assert (kept.exact, kept.page, kept.start, kept.code_guids) == (
        "Irrigation permits",
        2,
        None,
        (WATER,),
    )
    (pdf,) = incoming.documents
    assert (pdf.name, pdf.content, pdf.text) == ("law-7.pdf", None, None)
    assert incoming.dropped == [
        "1 area selection(s) without text on “law-7.pdf”: Accord keeps "
        "passages of text, not regions of a page."
    ]


def test_everything_accord_cannot_hold_is_listed_once_each(tmp_path: Path) -> None:
    body = text_source(
        selection(GUIDS[0], 0, 5, code=FOLDER)
        + selection(GUIDS[1], 0, 5, code=GUIDS[5])
        + f'<Coding guid="{GUIDS[2]}"><CodeRef targetGUID="{WATER}"/></Coding>'
    )
    body += (
        f'<PictureSource guid="{GUIDS[3]}" name="map.png"><PictureSelection '
        f'guid="{GUIDS[4]}" firstX="0" firstY="0" secondX="1" secondY="1"/></PictureSource>'
    )
    note = (
        '<Note guid="{g}" name="{n}" creationDateTime="2024-05-01T10:00:00Z">'
        "<PlainTextContent>{t}</PlainTextContent></Note>"
    )
    tail = (
        '<Variables><Variable guid="' + GUIDS[0] + '" name="Age" typeOfVariable="Integer"/>'
        '</Variables><Cases><Case guid="' + GUIDS[1] + '" name="Case A"/></Cases>'
        "<Notes>" + note.format(g=GUIDS[2], n="Stray", t="not attached") + "</Notes>"
        '<Sets><Set guid="' + GUIDS[3] + '" name="Priority"/></Sets>'
        '<Graphs><Graph guid="' + GUIDS[4] + '" name="Map"/></Graphs>'
        "<Description>About the project</Description>"
    )
    incoming = qdpx.read(archive(tmp_path, body, tail=tail, files={"T.txt": b"Water"}))
    assert [a.code_guids for a in incoming.annotations] == [(), ()]
    assert incoming.dropped == [
        "1 coding(s) of the whole of “decree”: Accord codes passages, not whole documents.",
        "The picture “map.png” and its 1 selection(s): Accord reads documents with text, not "
        "pictures, audio or video.",
        "1 coding(s) name a code the file does not define, so those codes were not applied.",
        "1 coding(s) apply a folder, which Accord does not apply to text; those codings were "
        "left out.",
        "1 variable(s) (“Age”): Accord has no variables, so they were not imported.",
        "1 case(s) (“Case A”): Accord has no cases, so they were not imported.",
        "1 set(s) (“Priority”): Accord has no sets, so they were not imported.",
        "1 graph(s) (“Map”): Accord has no graphs, so they were not imported.",
        "1 note(s) not attached to a selection (“Stray”) were not imported.",
        "The project's own description and notes were not imported.",
    ]


def test_a_note_linked_to_a_selection_nvivo_style_becomes_its_note(tmp_path: Path) -> None:
    body = text_source(selection(GUIDS[0], 0, 5))
    tail = (
        f'<Notes><Note guid="{GUIDS[1]}" name="Memo" plainTextPath="internal://N.txt"/>'
        "</Notes>"
        f'<Links><Link guid="{GUIDS[2]}" originGUID="{GUIDS[1]}" targetGUID="{GUIDS[0]}"/>'
        f'<Link guid="{GUIDS[3]}" originGUID="{GUIDS[0]}" targetGUID="{GUIDS[4]}"/></Links>'
    )
    incoming = qdpx.read(
        archive(
            tmp_path, body, tail=tail, files={"T.txt": b"Water", "N.txt": b"Check the tariff.\r\n"}
        )
    )
    assert incoming.annotations[0].note == "Check the tariff."
    assert incoming.dropped == ["1 link(s) between items were not imported."]


def test_a_project_xml_named_after_the_project_is_found_as_atlas_writes_it(tmp_path: Path) -> None:
    incoming = qdpx.read(
        archive(
            tmp_path,
            text_source(selection(GUIDS[0], 0, 5)),
            files={"T.txt": b"Water"},
            qde="My project.qde",
        )
    )
    assert [a.exact for a in incoming.annotations] == ["Water"]


def test_an_invalid_codebook_is_refused_naming_the_code(tmp_path: Path) -> None:
    target = archive(tmp_path, text_source(""))
    with zipfile.ZipFile(target) as opened:
        qde = opened.read("project.qde").replace(b'color="#17b"', b'color="teal"')
    with zipfile.ZipFile(target, "w") as rewritten:
        rewritten.writestr("project.qde", qde)
    with pytest.raises(
        ImportRefused,
        match=r"“made\.qdpx”: its codebook does not follow the "
        r"REFI-QDA schema at <Code name=“Water”>",
    ):
        qdpx.read(target)

"""Reading REFI-QDA projects, the details other tools write that the broad tests do not reach:
notes and authors found on codings, text assembled from entities, CDATA and comments, area text
from a file, inline source text, unknown elements, media sources, and the cap on elements held
at once (selections are released as they are read)."""

from __future__ import annotations

import gc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.codebook import xmlsafe
from desktop.formats.ids import derived_guid
from desktop.formats.incoming import IncomingAnnotation
from desktop.formats.limits import ImportRefused
from desktop.formats.refi import qdpx, qdpx_read
from tests.formats.qdpx_files import ADA, SOURCE, WATER, archive, selection, text_source

GUIDS = [derived_guid("detail", str(n)) for n in range(12)]


def test_notes_author_and_time_come_from_the_codings_when_the_selection_has_none(
    tmp_path: Path,
) -> None:
    body = text_source(
        f'<PlainTextSelection guid="{GUIDS[0]}" startPosition="0" endPosition="5">'
        "<Description>  On the tariff  </Description>"
        f'<Coding guid="{GUIDS[1]}" creationDateTime="2024-05-02T08:30:00.250+02:00">'
        f'<CodeRef targetGUID="{WATER}"/><NoteRef targetGUID="{GUIDS[2]}"/></Coding>'
        f'<Coding guid="{GUIDS[3]}" creatingUser="{ADA}" creationDateTime="2030-01-01T00:00:00Z">'
        f'<CodeRef targetGUID="{WATER}"/></Coding>'
        f'<NoteRef targetGUID="{GUIDS[4]}"/>'
        "</PlainTextSelection>"
    )
    note = '<Note guid="{g}" name="{n}"{path}>{inner}</Note>'
    tail = (
        "<Notes>"
        + note.format(
            g=GUIDS[2],
            n="Inline",
            path="",
            inner="<PlainTextContent>See the decree.</PlainTextContent>",
        )
        + note.format(g=GUIDS[4], n="Filed", path=' plainTextPath="internal://N.txt"', inner="")
        + note.format(
            g=GUIDS[5],
            n="Again",
            path="",
            inner="<PlainTextContent>On the tariff</PlainTextContent>",
        )
        + "</Notes>"
        + f'<Links><Link guid="{GUIDS[6]}" originGUID="{GUIDS[5]}" targetGUID="{GUIDS[0]}"/>'
        "</Links>"
    )
    incoming = qdpx.read(
        archive(
            tmp_path,
            body,
            tail=tail,
            files={"T.txt": b"Water", "N.txt": "\ufeffFiled note.\r\nSecond line.\r\n".encode()},
        )
    )
    (annotation,) = incoming.annotations
    assert annotation.note == ("On the tariff\n\nFiled note.\nSecond line.\n\nSee the decree.")
    assert annotation.reviewer == "Ana Analyst"
    assert annotation.created == annotation.modified == datetime(2024, 5, 2, 6, 30, tzinfo=UTC)
    assert annotation.code_guids == (WATER,)
    assert incoming.dropped == []


def test_text_is_assembled_from_entities_cdata_and_comments_up_to_the_first_child(
    tmp_path: Path,
) -> None:
    body = text_source(
        f'<PlainTextSelection guid="{GUIDS[0]}" startPosition="0" endPosition="5">'
        "<Description>Tariffs &amp; <![CDATA[<fees>]]><!-- aside --> rise&#10;again<Extra/>"
        "not this</Description>"
        "<Description>nor this</Description>"
        "</PlainTextSelection>"
    )
    incoming = qdpx.read(archive(tmp_path, body, files={"T.txt": b"Water"}))
    assert incoming.annotations[0].note == "Tariffs & <fees> rise\nagain"


def test_an_area_takes_its_text_from_a_file_and_a_bad_encoding_is_said(tmp_path: Path) -> None:
    area = (
        '<PDFSelection guid="{g}" page="{page}" firstX="1" firstY="2" secondX="3" '
        'secondY="4" creatingUser="' + ADA + '">'
        '<Representation guid="{r}" plainTextPath="internal://{file}">'
        "<PlainTextContent>ignored when the file is there</PlainTextContent>"
        "</Representation></PDFSelection>"
    )
    body = (
        f'<PDFSource guid="{SOURCE}" name="law" path="internal://law.pdf">'
        + area.format(g=GUIDS[0], page=3, r=GUIDS[1], file="A.txt")
        + area.format(g=GUIDS[2], page="x", r=GUIDS[3], file="B.txt")
        + "</PDFSource>"
    )
    incoming = qdpx.read(
        archive(
            tmp_path,
            body,
            files={
                "A.txt": b"  Irrigation permits\n",
                "B.txt": b"caf\xe9 tariffs",
                "law.pdf": b"%PDF-1.4",
            },
        )
    )
    first, second = incoming.annotations
    assert (first.exact, first.page, first.start) == ("Irrigation permits", 3, None)
    assert (second.exact, second.page) == ("caf\ufffd tariffs", None)
    (pdf,) = incoming.documents
    assert (pdf.name, pdf.content, pdf.text) == ("law.pdf", b"%PDF-1.4", None)
    assert incoming.dropped == [
        "A text of “law” is not valid UTF-8; characters that could not "
        "be read were replaced, so quotes near them may not match."
    ]


def test_a_text_source_may_carry_its_text_inline(tmp_path: Path) -> None:
    body = (
        f'<TextSource guid="{SOURCE}" name="memo">'
        "<PlainTextContent>Water &amp; energy</PlainTextContent>"
        + selection(GUIDS[0], 8, 14)
        + "</TextSource>"
    )
    incoming = qdpx.read(archive(tmp_path, body))
    assert [(a.exact, a.prefix) for a in incoming.annotations] == [("energy", "Water & ")]
    (document,) = incoming.documents
    assert (document.name, document.text, document.content) == (
        "memo.txt",
        "Water & energy",
        b"Water & energy",
    )


def test_unknown_elements_are_tallied_where_a_section_or_source_could_be(tmp_path: Path) -> None:
    body = text_source(
        f'<PlainTextSelection guid="{GUIDS[0]}" startPosition="0" endPosition="5" '
        f'creatingUser="{ADA}"><Gadget/><Coding guid="{GUIDS[1]}">'
        f'<CodeRef targetGUID="{WATER}"/><Gizmo/></Coding>'
        "</PlainTextSelection><Widget/>"
    )
    body += '<Spreadsheet name="a"/><Spreadsheet name="b"/>'
    tail = '<Extra><TextSource/></Extra><o:Thing xmlns:o="urn:other"/>'
    incoming = qdpx.read(archive(tmp_path, body, tail=tail, files={"T.txt": b"Water"}))
    assert incoming.annotations[0].code_guids == (WATER,)
    assert len(incoming.documents) == 1
    assert incoming.dropped == [
        "4 element(s) Accord does not know (“<Spreadsheet>”, "
        "“<Extra>”, “<{urn:other}Thing>”) were skipped."
    ]


def test_media_sources_and_what_hangs_on_a_source_as_a_whole_are_listed(tmp_path: Path) -> None:
    body = text_source(
        f'<Coding guid="{GUIDS[0]}"><CodeRef targetGUID="{WATER}"/></Coding>'
        f'<NoteRef targetGUID="{GUIDS[1]}"/>'
        f'<VariableValue><VariableRef targetGUID="{GUIDS[2]}"/>'
        "<IntegerValue>3</IntegerValue></VariableValue>"
    )
    body += (
        f'<AudioSource guid="{GUIDS[3]}" name="interview.mp3">'
        + "".join(f'<AudioSelection guid="{GUIDS[4 + n]}" begin="0" end="9"/>' for n in range(2))
        + f'<Transcript guid="{GUIDS[6]}"><SyncPoint guid="{GUIDS[7]}"/>'
        f'<TranscriptSelection guid="{GUIDS[8]}" fromSyncPoint="{GUIDS[7]}"/></Transcript>'
        "</AudioSource>"
        f'<VideoSource guid="{GUIDS[9]}"/>'
    )
    incoming = qdpx.read(archive(tmp_path, body, files={"T.txt": b"Water"}))
    assert [d.name for d in incoming.documents] == ["decree.txt"]
    assert incoming.dropped == [
        "1 coding(s) of the whole of “decree”: Accord codes passages, not whole documents.",
        "1 note(s) on “decree” as a whole were not imported.",
        "The audio “interview.mp3” and its 3 selection(s): Accord reads documents with text, "
        "not pictures, audio or video.",
        f"The video “{GUIDS[9]}” and its 0 selection(s): Accord reads documents with text, "
        "not pictures, audio or video.",
        "1 user(s) (“Ana Analyst”) made no selection Accord imports, so they were not added "
        "as reviewers.",
        "1 variable value(s) on sources were not imported.",
    ]


def test_selections_read_are_released_so_only_one_at_a_time_counts_against_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qdpx_read, "MAX_HELD_ELEMENTS", 20)
    many = "".join(selection(derived_guid("many", str(n)), 0, 5) for n in range(40))
    incoming = qdpx.read(archive(tmp_path, text_source(many), files={"T.txt": b"Water"}))
    assert len(incoming.annotations) == 40
    codings = "".join(
        f'<Coding guid="{derived_guid("c", str(n))}"><CodeRef targetGUID="{WATER}"/></Coding>'
        for n in range(10)
    )
    one = (
        f'<PlainTextSelection guid="{GUIDS[0]}" startPosition="0" endPosition="5">{codings}'
        "</PlainTextSelection>"
    )
    with pytest.raises(ImportRefused, match="holds more than 20 elements in one part"):
        qdpx.read(archive(tmp_path, text_source(one), files={"T.txt": b"Water"}))


def test_a_date_a_zone_pushes_past_the_calendar_is_read_as_no_date(tmp_path: Path) -> None:
    body = text_source(
        f'<PlainTextSelection guid="{GUIDS[0]}" startPosition="0" endPosition="5" '
        f'creatingUser="{ADA}" creationDateTime="0001-01-01T00:00:00+01:00" '
        'modifiedDateTime="9999-12-31T23:30:00-01:00"/>'
    )
    (annotation,) = qdpx.read(archive(tmp_path, body, files={"T.txt": b"Water"})).annotations
    assert (annotation.exact, annotation.created, annotation.modified) == ("Water", None, None)


def test_garbage_collection_is_left_as_it_was_whether_the_file_is_read_or_refused(
    tmp_path: Path,
) -> None:
    good = archive(tmp_path, text_source(selection(GUIDS[0], 0, 5)), files={"T.txt": b"Water"})
    assert gc.isenabled()
    qdpx.read(good)
    assert gc.isenabled()
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as made:
        made.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0"><Sources>')
    with pytest.raises(ImportRefused, match="not well-formed"):
        qdpx.read(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        qdpx.read(good)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_stray_text_between_sections_is_ignored_wherever_it_stands(tmp_path: Path) -> None:
    target = archive(tmp_path, text_source(selection(GUIDS[0], 0, 5)), files={"T.txt": b"Water"})
    with zipfile.ZipFile(target) as opened:
        qde = opened.read("project.qde")
    for section in (b"</Users>", b"</CodeBook>", b"</Sources>"):
        qde = qde.replace(section, section + b" stray text ")
    with zipfile.ZipFile(target, "w") as rewritten:
        rewritten.writestr("project.qde", qde)
        rewritten.writestr("sources/T.txt", b"Water")
    incoming = qdpx.read(target)
    assert [a.exact for a in incoming.annotations] == ["Water"]
    assert [c.name for c in incoming.codes] == ["Themes", "Water"]


@pytest.mark.parametrize("encoding", ["tf-8", "rot13", "idna"])
def test_an_encoding_python_cannot_decode_is_refused(tmp_path: Path, encoding: str) -> None:
    target = tmp_path / "odd.qdpx"
    with zipfile.ZipFile(target, "w") as made:
        made.writestr(
            "project.qde",
            f'<?xml version="1.0" encoding="{encoding}"?>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>',
        )
    with pytest.raises(
        ImportRefused,
        match=r"“odd\.qdpx”: its project\.qde declares a text "
        r"encoding Accord cannot read",
    ):
        qdpx.read(target)


def test_a_single_byte_encoding_expat_knows_is_read(tmp_path: Path) -> None:
    target = tmp_path / "latin.qdpx"
    with zipfile.ZipFile(target, "w") as made:
        made.writestr(
            "project.qde",
            (
                '<?xml version="1.0" encoding="iso-8859-1"?>'
                '<Project xmlns="urn:QDA-XML:project:1.0" name="p">'
                f'<Users><User guid="{ADA}" name="Jos\xe9"/></Users>'
                "</Project>"
            ).encode("latin-1"),
        )
    assert qdpx.read(target).dropped == [
        "1 user(s) (“José”) made no selection Accord imports, so they were not added as reviewers."
    ]


@pytest.mark.parametrize("first_in_process", [False, True])
def test_what_was_read_is_freed_with_it_without_waiting_for_the_collector(
    tmp_path: Path, first_in_process: bool
) -> None:
    """Kept in a cycle, 100,000 annotations waited for the collector, whose pass over them
    took a fifth of a second of an import; also when the read builds the schema (a process's
    first), which leaves xmlschema holding the reader's frames."""
    many = "".join(selection(derived_guid("many", str(n)), 0, 5) for n in range(50))
    path = archive(tmp_path, text_source(many), files={"T.txt": b"Water"})
    if first_in_process:
        xmlsafe._schema.cache_clear()  # (the schemas are built again, as in a new process)
    gc.collect()
    gc.disable()
    try:
        incoming = qdpx.read(path)
        assert _alive(IncomingAnnotation) == 50
        del incoming
        assert _alive(IncomingAnnotation) == 0
    finally:
        gc.enable()


def _alive(kind: type) -> int:
    return sum(1 for thing in gc.get_objects() if type(thing) is kind)


def test_a_note_is_the_text_of_its_first_plain_text_content_up_to_a_child(tmp_path: Path) -> None:
    body = text_source(
        f'<PlainTextSelection guid="{GUIDS[0]}" startPosition="0" endPosition="5">'
        f'<NoteRef targetGUID="{GUIDS[1]}"/><NoteRef targetGUID="{GUIDS[2]}"/>'
        "</PlainTextSelection>"
    )
    tail = (
        f'<Notes><Note guid="{GUIDS[1]}" name="Nested"><Description>not this</Description>'
        "<PlainTextContent>Kept &amp; <![CDATA[whole]]><Extra>cut</Extra>not this"
        "</PlainTextContent><PlainTextContent>nor this</PlainTextContent></Note>"
        f'<Note guid="{GUIDS[2]}" name="Empty"><PlainTextContent/></Note></Notes>'
    )
    incoming = qdpx.read(archive(tmp_path, body, tail=tail, files={"T.txt": b"Water"}))
    assert incoming.annotations[0].note == "Kept & whole"
    assert not any("note" in line for line in incoming.dropped)

"""Untrusted ``.qdpx`` files: zip tricks, zip bombs, lying headers and hostile XML are refused
with a sentence naming the file; fuzzed archives and XML let nothing but ``ImportRefused`` out,
and reading never writes a file."""

from __future__ import annotations

import builtins
import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import archive as archive_module
from desktop.formats.ids import derived_guid
from desktop.formats.limits import ImportRefused
from desktop.formats.refi import qdpx, qdpx_read
from tests.formats.qdpx_files import ADA, WATER, selection, text_source

QDE = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="t" origin="Tool">'
    f'<Users><User guid="{ADA}" name="Ana"/></Users>'
    f'<CodeBook><Codes><Code guid="{WATER}" name="Water" isCodable="true" color="#17BECF"/>'
    "</Codes></CodeBook><Sources>"
    + text_source(
        selection(derived_guid("s", "1"), 0, 5) + selection(derived_guid("s", "2"), 6, 13)
    )
    + "</Sources></Project>"
)
TEXT = b"Water tariffs rise"


def zipped(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as made:
        for name, data in entries.items():
            made.writestr(name, data)
    return buffer.getvalue()


VALID = zipped({"project.qde": QDE.encode(), "sources/T.txt": TEXT})


def refused(tmp_path: Path, data: bytes, *, name: str = "hostile.qdpx") -> str:
    target = tmp_path / name
    target.write_bytes(data)
    with pytest.raises(ImportRefused) as caught:
        qdpx.read(target)
    message = str(caught.value)
    assert message.startswith(f"Can't import “{name}”: ")
    return message


def test_the_valid_archive_these_tests_start_from_is_read(tmp_path: Path) -> None:
    target = tmp_path / "valid.qdpx"
    target.write_bytes(VALID)
    assert [a.exact for a in qdpx.read(target).annotations] == ["Water", "tariffs"]


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "\\windows\\x.txt", "C:/x.txt", "sources/../../x.txt", "..\\x.txt"]
)
def test_entries_that_point_outside_any_folder_are_refused(tmp_path: Path, name: str) -> None:
    data = zipped({"project.qde": QDE.encode(), name: b"x"})
    assert "path" in refused(tmp_path, data)


def test_an_entry_name_twice_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        made.writestr("project.qde", QDE)
        with pytest.warns(UserWarning):
            made.writestr("project.qde", "<Project/>")
    assert "two entries named “project.qde”" in refused(tmp_path, buffer.getvalue())


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive_module, "MAX_ARCHIVE_ENTRIES", 3)
    data = zipped({"project.qde": QDE.encode(), **{f"sources/{n}.txt": b"" for n in range(3)}})
    assert "4 entries, more than the 3" in refused(tmp_path, data)


def test_headers_claiming_more_than_the_cap_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_module, "MAX_UNCOMPRESSED_BYTES", 1000)
    data = zipped({"project.qde": QDE.encode(), "sources/T.txt": os.urandom(600)})
    assert "more than the 0 GB" in refused(tmp_path, data)


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_inflated(tmp_path: Path) -> None:
    data = zipped({"project.qde": QDE.encode(), "sources/T.txt": bytes(40 * 1024**2)})
    assert len(data) < 100_000
    assert "zip bomb" in refused(tmp_path, data)


def _patch_sizes(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a member's central directory entry claims."""
    where = data.index(b"PK\x01\x02")
    while True:
        (name_length,) = struct.unpack("<H", data[where + 28 : where + 30])
        if data[where + 46 : where + 46 + name_length] == member.encode():
            break
        extra, comment = struct.unpack("<HH", data[where + 30 : where + 34])
        where += 46 + name_length + extra + comment
    return data[: where + 24] + struct.pack("<I", size) + data[where + 28 :]


@pytest.mark.parametrize("claimed", [5, 50_000])
def test_a_member_that_inflates_to_other_than_its_header_says_is_refused(
    tmp_path: Path, claimed: int
) -> None:
    data = _patch_sizes(VALID, "project.qde", claimed)
    message = refused(tmp_path, data)
    assert "damaged" in message or "header" in message


def test_a_missing_project_qde_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, zipped({"sources/T.txt": TEXT}))
    assert "holds no project.qde, so it is not a REFI-QDA project" in message


def test_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(zipped({"project.qde": QDE.encode()}, compression=zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 1  # general purpose flag bit 0: encrypted
    assert "password" in refused(tmp_path, bytes(data))


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>',
            "declares a document type",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>',
            "declares a document type",
        ),
        ("this is not XML", "not well-formed XML (line 1, column 1)"),
        *[
            (QDE.replace('"utf-8"', f'"{name}"'), "declares a text encoding Accord cannot read")
            for name in ("utf-7", "no-such-encoding")
        ],
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "its root is <{urn:QDA-XML:codebook:1.0}"),
        ('<Project name="no namespace"/>', "root is <Project>, not <Project> in"),
        (
            '<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
            + "<Sources>" * 80
            + "</Sources>" * 80
            + "</Project>",
            "more than 64 levels deep",
        ),
    ],
)
def test_hostile_or_broken_xml_is_refused(tmp_path: Path, xml: str, expected: str) -> None:
    assert expected in refused(tmp_path, zipped({"project.qde": xml.encode()}))


def test_too_many_elements_held_at_once_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qdpx_read, "MAX_HELD_ELEMENTS", 50)
    codes = "".join(
        f'<Code guid="{derived_guid("c", str(n))}" name="c{n}" isCodable="true"/>'
        for n in range(100)
    )
    xml = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>{codes}'
        "</Codes></CodeBook></Project>"
    )
    assert "more than 50 elements" in refused(tmp_path, zipped({"project.qde": xml.encode()}))


@pytest.mark.parametrize(
    "data", [b"", b"PK\x05\x06" + bytes(18), b"%PDF-1.4 not a zip", VALID[: len(VALID) // 2]]
)
def test_files_that_are_not_zip_archives_are_refused(tmp_path: Path, data: bytes) -> None:
    refused(tmp_path, data)


def test_a_file_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match=r"“gone\.qdpx”: there is no such file"):
        qdpx.read(tmp_path / "gone.qdpx")


# --- fuzzing ---------------------------------------------------------------------------------


def _read_only_refusals(folder: Path, data: bytes) -> None:
    """Read ``data`` as a ``.qdpx`` while any attempt to open a file for writing fails the
    test; only ``ImportRefused`` may come out, and the folder is left as it was."""
    target = folder / "fuzzed.qdpx"
    target.write_bytes(data)
    before = sorted(p.name for p in folder.iterdir())
    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        assert not any(flag in mode for flag in "wax+"), f"tried to write {file}"
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        assert not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT), f"tried to write {path}"
        return real_os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "open", guarded_open)
        patch.setattr(io, "open", guarded_open)
        patch.setattr(os, "open", guarded_os_open)
        try:
            qdpx.read(target)
        except ImportRefused as error:
            assert "“fuzzed.qdpx”" in str(error)
    assert sorted(p.name for p in folder.iterdir()) == before


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_fuzzed_archive_bytes_let_only_refusals_out_and_write_nothing(
    tmp_path: Path, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(VALID)
    for position, value in flips:
        data[position] = value
    _read_only_refusals(tmp_path, bytes(data))


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """The valid project XML cut, repeated, spliced or with values replaced."""
    xml = QDE
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(xml)))
        end = draw(st.integers(start, min(len(xml), start + 80)))
        insert = draw(
            st.one_of(
                st.just(""),
                st.just(xml[start:end] * 2),
                st.sampled_from(
                    [
                        '"',
                        "<",
                        ">",
                        "&",
                        "&amp;",
                        "-1",
                        "99999999999999999999",
                        "{",
                        "x" * 50,
                        "<Code/>",
                        "</Sources>",
                        "<Sources>",
                        ' startPosition="3"',
                        "\x00",
                        "💧",
                        '<Coding guid="x"><CodeRef targetGUID="y"/></Coding>',
                    ]
                ),
                st.text(max_size=20),
            )
        )
        xml = xml[:start] + insert + xml[end:]
    return xml


def test_a_code_attribute_named_with_a_non_ascii_letter_is_refused_not_a_parse_error(
    tmp_path: Path,
) -> None:
    """``Àname`` is a well-formed XML name, so the reader takes the codebook; it must cross
    to the importing process still well-formed (it once went as ASCII, ``&#192;name``, which
    no parser accepts) and be refused there by the schema."""
    xml = QDE.replace('<Code guid="', '<Code Àname="x" guid="', 1).replace(' name="Water"', "", 1)
    data = zipped({"project.qde": xml.encode(), "sources/T.txt": TEXT})
    assert "“hostile.qdpx”" in refused(tmp_path, data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mangled(), st.sampled_from([TEXT, b"", b"\xff\xfe bad utf-8", "💧".encode() * 9]))
def test_mangled_xml_lets_only_refusals_out_and_write_nothing(
    tmp_path: Path, xml: str, text: bytes
) -> None:
    data = zipped({"project.qde": xml.encode("utf-8", errors="replace"), "sources/T.txt": text})
    _read_only_refusals(tmp_path, data)

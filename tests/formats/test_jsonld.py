"""W3C Web Annotation JSON-LD export: checked by the W3C test suite, against a golden file and
the project's own text, and read back into exactly the annotations the project holds.

Reading other tools' files (Hypothesis, hostile input) is in ``test_jsonld_read.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop.core.filtering import CHOICES
from desktop.core.model import DocumentId, ReviewerId, format_time
from desktop.formats.jsonld import web_annotation as jsonld
from desktop.formats.source import Cancelled, ExportOptions, read_source
from desktop.store import Project
from tests.formats.interop_project import ALL
from tests.needs import needs

HERE = Path(__file__).resolve().parent
SPECS = HERE.parents[2] / "shared" / "specs" / "web-annotation"
GOLDEN = HERE / "golden" / "interop.jsonld"
UPDATE_GOLDEN = "ACCORD_UPDATE_GOLDEN"
needs_specs = needs(SPECS, "the shared specs")


def _export(project: Project, out: Path, options: ExportOptions | None = None) -> dict:
    jsonld.export(read_source(project, options=options or ExportOptions()), out)
    return json.loads(out.read_text(encoding="utf-8"))


def _check(*files: Path, test: str | None = None) -> subprocess.CompletedProcess[str]:
    """The W3C suite's runner, in this environment (jsonschema and rfc3987 from the dev group)."""
    command = [sys.executable, str(SPECS / "check_annotation.py"), *map(str, files)]
    if test:
        command += ["--test", test]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def _standalone(exported: dict) -> list[dict]:
    """Each item as another tool receives it alone: with the collection's ``@context``."""
    return [{"@context": exported["@context"], **item} for item in exported["first"]["items"]]


@needs_specs
def test_every_exported_annotation_and_the_collection_pass_the_w3c_must_tests(
    project: Project, tmp_path: Path
) -> None:
    exported = _export(project, tmp_path / "all.jsonld")
    items = _standalone(exported)
    assert len(items) == exported["total"] == len(ALL)
    (tmp_path / "items.json").write_text(json.dumps(items, ensure_ascii=False), "utf-8")

    checked = _check(tmp_path / "items.json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"x {len(ALL)} annotation(s), 0 failure(s)" in checked.stdout
    collection = _check(tmp_path / "all.jsonld", test="collections/collectionMusts.test")
    assert collection.returncode == 0, collection.stdout + collection.stderr
    page = {"@context": exported["@context"], **exported["first"]}
    (tmp_path / "page.json").write_text(json.dumps(page, ensure_ascii=False), "utf-8")
    pages = _check(tmp_path / "page.json", test="collections/pages/pageMusts.test")
    assert pages.returncode == 0, pages.stdout + pages.stderr


@needs_specs
def test_the_checker_run_here_does_reject_a_broken_annotation(
    project: Project, tmp_path: Path
) -> None:
    """A control: the same items, one without a target and one whose id is not an IRI, fail,
    so a pass above means something (the runner refuses to run where ``format: uri`` would
    go unchecked)."""
    items = _standalone(_export(project, tmp_path / "all.jsonld"))
    del items[0]["target"]
    items[1]["id"] = "not an iri"
    (tmp_path / "broken.json").write_text(json.dumps(items), "utf-8")
    checked = _check(tmp_path / "broken.json")
    assert checked.returncode == 1
    failed = {
        line.split("] ", 1)[1].split(" (", 1)[0]
        for line in checked.stdout.splitlines()
        if line.strip().startswith("FAIL")
    }
    assert failed == {items[0]["id"], "not an iri"}


@needs_specs
def test_an_export_of_nothing_is_an_empty_collection_that_passes(
    project: Project, tmp_path: Path
) -> None:
    nobody = ExportOptions(reviewer_ids=frozenset({ReviewerId(999)}))
    exported = _export(project, tmp_path / "none.jsonld", nobody)
    assert exported["total"] == 0
    assert "first" not in exported
    checked = _check(tmp_path / "none.jsonld", test="collections/collectionMusts.test")
    assert checked.returncode == 0, checked.stdout
    assert jsonld.read(tmp_path / "none.jsonld").annotations == []


def test_every_time_is_utc_with_seconds(project: Project, tmp_path: Path) -> None:
    """The suite's ``format: date-time`` is only checked where rfc3339-validator is installed
    (it is not in Accord's dev group), so the times are checked here."""
    exported = _export(project, tmp_path / "all.jsonld")
    stored = {s.annotation.id: s for s in project.annotations.snapshots()}
    for item in exported["first"]["items"]:
        snapshot = stored[item["id"].removeprefix("urn:uuid:").upper()]
        assert (item["created"], item["modified"]) == (
            format_time(snapshot.annotation.created),
            format_time(snapshot.annotation.modified),
        )
        coded = [b["created"] for b in item.get("body", []) if b["purpose"] == "classifying"]
        assert coded == [format_time(c.created) for c in snapshot.codings]
        for moment in (item["created"], item["modified"], *coded):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", moment)


def test_the_export_of_a_fixed_project_matches_the_golden_file(
    project: Project, tmp_path: Path
) -> None:
    """Byte for byte: ids, times, order and layout are stable. After an intended change, run
    with ACCORD_UPDATE_GOLDEN=1 and review the diff of ``golden/interop.jsonld``."""
    out = tmp_path / "interop.jsonld"
    jsonld.export(read_source(project), out)
    if os.environ.get(UPDATE_GOLDEN):
        GOLDEN.write_bytes(out.read_bytes())
    assert GOLDEN.is_file(), f"no golden file yet: run with {UPDATE_GOLDEN}=1"
    assert out.read_bytes() == GOLDEN.read_bytes()


def test_selectors_agree_with_the_canonical_text_and_pdf_targets_name_their_page(
    project: Project, made: tuple[Path, dict[DocumentId, str]], tmp_path: Path
) -> None:
    texts = made[1]
    stored = {s.annotation.id: s.annotation for s in project.annotations.snapshots()}
    kinds = {d.id: d.kind for d in project.documents.all()}
    for item in _export(project, tmp_path / "all.jsonld")["first"]["items"]:
        annotation = stored[item["id"].removeprefix("urn:uuid:").upper()]
        fingerprint = item["target"]["source"]["id"].removeprefix("urn:sha256:")
        assert fingerprint == annotation.document_id
        text = texts[DocumentId(fingerprint)]
        by_type = {s["type"]: s for s in item["target"]["selector"]}
        position, quote = by_type["TextPositionSelector"], by_type["TextQuoteSelector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote.get("prefix", ""))
        assert text[position["end"] :].startswith(quote.get("suffix", ""))
        if kinds[annotation.document_id] == "pdf":
            fragment = by_type["FragmentSelector"]
            assert fragment["value"] == f"page={annotation.anchor.page + 1}"
            assert fragment["refinedBy"] == quote
        else:
            assert "FragmentSelector" not in by_type


def test_reading_the_export_gives_back_every_annotation_as_stored(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "all.jsonld"
    jsonld.export(read_source(project), out)
    incoming = jsonld.read(out)
    book = project.codes.codebook()
    documents = {d.id: d for d in project.documents.all()}
    names = {r.id: r.name for r in project.reviewers.all()}
    assert incoming.dropped == []
    assert {(d.key, d.fingerprint, d.name) for d in incoming.documents} == {
        (f"urn:sha256:{d.id}", d.id, d.title) for d in documents.values()
    }
    snapshots = list(project.annotations.snapshots())
    assert len(incoming.annotations) == len(snapshots)
    # Quotes and notes beyond ASCII come back from a file of ASCII alone (\u escapes).
    assert out.read_bytes().isascii()
    assert any(not (s.annotation.note + s.annotation.anchor.exact).isascii() for s in snapshots)
    for snapshot, read_back in zip(snapshots, incoming.annotations, strict=True):
        annotation, anchor = snapshot.annotation, snapshot.annotation.anchor
        pdf = documents[annotation.document_id].kind == "pdf"
        assert read_back.document_key == f"urn:sha256:{annotation.document_id}"
        assert (
            read_back.id,
            read_back.exact,
            read_back.prefix,
            read_back.suffix,
            read_back.start,
            read_back.end,
            read_back.page,
        ) == (
            annotation.id,
            anchor.exact,
            anchor.prefix,
            anchor.suffix,
            anchor.start,
            anchor.end,
            anchor.page if pdf else None,
        )
        assert (read_back.note, read_back.reviewer, read_back.created, read_back.modified) == (
            annotation.note,
            names[annotation.reviewer_id],
            annotation.created,
            annotation.modified,
        )
        assert read_back.code_guids == tuple(c.code_id for c in snapshot.codings)
        assert read_back.code_paths == ()
    codes = {code.guid: code for code in incoming.codes}
    used = {c.code_id for s in snapshots for c in s.codings}
    for guid in used:  # each used code and its ancestors, with the project's ids and colours
        chain = [guid, *(a.guid for a in reversed(book.ancestors(guid)))]
        for below, above in zip(chain, [*chain[1:], None], strict=True):
            assert (
                codes[below].name,
                codes[below].parent_guid,
                codes[below].color,
                codes[below].is_codable,
            ) == (book[below].name, above, book[below].color, book[below].is_codable)


@needs_specs
def test_every_key_is_a_term_of_the_web_annotation_context_or_one_of_its_prefixes(
    project: Project, tmp_path: Path
) -> None:
    """JSON-LD drops keys its context does not define: a misspelt key would vanish silently
    for every JSON-LD consumer, and JSON Schema cannot see that."""
    context = json.loads((SPECS / "context" / "anno.jsonld").read_text("utf-8"))["@context"]
    keys: set[str] = set()
    stack: list[object] = [_export(project, tmp_path / "all.jsonld")]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            keys.update(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    unknown = {
        key
        for key in keys - {"@context"}
        if key not in context and key.partition(":")[0] not in context
    }
    assert unknown == set()
    assert {"schema:color", "skos:broader", "dcterms:title"} <= keys


def test_filters_narrow_the_export_and_give_it_its_own_stable_id(
    project: Project, tmp_path: Path
) -> None:
    letter = next(d for d in project.documents.all() if d.kind == "pdf")
    only_letter = ExportOptions(document_ids=frozenset({letter.id}))
    everything = _export(project, tmp_path / "all.jsonld")
    narrowed = _export(project, tmp_path / "letter.jsonld", only_letter)
    again = _export(project, tmp_path / "letter-again.jsonld", only_letter)
    expected = sum(1 for planned in ALL if planned.document == 0)
    assert narrowed["total"] == len(narrowed["first"]["items"]) == expected
    assert {i["target"]["source"]["id"] for i in narrowed["first"]["items"]} == {
        f"urn:sha256:{letter.id}"
    }
    assert narrowed["id"] == again["id"] != everything["id"]


def test_each_choice_of_the_filter_gives_the_export_an_id_of_its_own() -> None:
    """Every choice ``filtering.CHOICES`` declares is in the collection's id: a choice added
    there needs no edit of the JSON-LD writer for two differently filtered exports to differ."""

    def collection_id(options: ExportOptions) -> str:
        source = SimpleNamespace(name="p", options=options)
        return jsonld._collection_ids(source)[0]  # type: ignore[arg-type]  # (name, options)

    ids = [collection_id(ExportOptions())]
    for choice in CHOICES:
        ids.append(collection_id(ExportOptions(**{choice.field: frozenset({"x"})})))
        ids.append(collection_id(ExportOptions(**{choice.field: frozenset({"x", "y"})})))
    assert len(set(ids)) == len(ids)


def test_a_cancelled_export_leaves_no_file(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "cancelled.jsonld"

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        jsonld.export(read_source(project), out, progress=cancel)
    assert list(tmp_path.iterdir()) == []

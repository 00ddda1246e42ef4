"""A review in the W3C JSON-LD export: every decision an ``assessing`` annotation targeting
the decided annotation, every reply a ``replying`` one, both passing the W3C suite's MUST
tests, and read back without being taken for annotations."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.review import Verdict
from desktop.formats.jsonld import web_annotation as jsonld
from desktop.formats.source import read_source
from desktop.store import Project
from tests.formats.test_jsonld import _check, _export, _standalone, needs_specs
from tests.formats.test_minutes import reviewed  # noqa: F401  (the fixture)


@needs_specs
def test_decisions_and_replies_are_w3c_annotations(reviewed: Project, tmp_path: Path) -> None:  # noqa: F811
    exported = _export(reviewed, tmp_path / "all.jsonld")
    items = _standalone(exported)
    assessing = [i for i in items if i["motivation"] == "assessing"]
    replying = [i for i in items if i["motivation"] == "replying"]
    decisions = reviewed.review.all_decisions()
    assert len(assessing) == len(decisions) == 8
    assert {(i["target"], i["body"][0]["value"]) for i in assessing} == {
        (f"urn:uuid:{d.annotation_id.lower()}", d.verdict.past) for d in decisions
    }
    withdrawn = next(i for i in assessing if i["body"][0]["value"] == "withdrawn")
    assert withdrawn["creator"]["name"] == "Bea"
    annotation_ids = {i["id"] for i in items if i["motivation"] not in ("assessing", "replying")}
    assert {i["target"] for i in assessing + replying} <= annotation_ids
    assert [(i["body"]["value"], i["creator"]["name"]) for i in replying] == [("Split it?", "Ada")]
    assert exported["total"] == len(items)
    review = assessing + replying
    (tmp_path / "review.json").write_text(json.dumps(review, ensure_ascii=False), "utf-8")
    checked = _check(tmp_path / "review.json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"x {len(review)} annotation(s), 0 failure(s)" in checked.stdout
    collection = _check(tmp_path / "all.jsonld", test="collections/collectionMusts.test")
    assert collection.returncode == 0, collection.stdout + collection.stderr


def test_a_reviewed_export_reads_back_as_its_annotations(reviewed: Project, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "all.jsonld"
    jsonld.export(read_source(reviewed), path)
    incoming = jsonld.read(path)
    assert len(incoming.annotations) == reviewed.annotations.count()
    statuses = {a.id: (a.listed or {}).get("status") for a in incoming.annotations}
    withdrawn = next(d for d in reviewed.review.all_decisions() if d.verdict is Verdict.WITHDRAW)
    assert statuses[withdrawn.annotation_id] == "rejected"

"""``accord note|tag|untag|delete|decide|reply``, ``accord session`` and ``accord list``'s status
in real subprocesses: a whole review scripted from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import cli_reviewing
from desktop.core.review import Verdict
from desktop.store import open_project
from tests.cli.test_subcommands import _accord


def _ok(*args: str, data: Path) -> str:
    done = _accord(*args, data=data)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_verdicts_offered_are_the_core_s() -> None:
    assert tuple(kind.value for kind in Verdict) == cli_reviewing.VERDICTS


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    data = tmp_path_factory.mktemp("data")
    path = data / "review.accord"
    ids = {}
    for name, quote in (("covid", "In relation to the COVID-19 outbreak"), ("rights", "rights")):
        ids[name] = _ok(
            "annotate", "--project", str(path), "--document", "Letter", "--quote", quote, data=data
        ).strip()
    return data, path, ids


def test_a_review_is_scripted_from_the_command_line(
    scripted: tuple[Path, Path, dict[str, str]],
) -> None:
    data, path, ids = scripted
    project = ("--project", str(path))
    covid, rights = ids["covid"][:8].lower(), ids["rights"]
    _ok("note", *project, covid, "Pandemic response", data=data)
    _ok("tag", *project, covid, "--code", "Pandemics/COVID-19", data=data)
    _ok("tag", *project, covid, "--code", "Climate change", data=data)
    _ok("untag", *project, covid, "--code", "Climate change", data=data)
    session = _ok(
        "session",
        "start",
        *project,
        "--title",
        "First pass",
        "--attendee",
        "Ada",
        "--chair",
        "Ada",
        data=data,
    ).strip()
    said = _ok("decide", *project, covid, "dispute", "--note", "Too broad", data=data)
    assert said.strip().endswith("(status: disputed)")
    _ok("reply", *project, covid, "Narrow it to the outbreak", "--reviewer", "Kenji", data=data)
    _ok("decide", *project, covid, "accept", "--reviewer", "Kenji", data=data)
    _ok("session", "end", *project, data=data)
    _ok(
        "decide",
        *project,
        rights,
        "reject",
        "--note",
        "Not a clause",
        "--session",
        session[:8],
        data=data,
    )
    listed = json.loads(_ok("list", *project, "--format", "json", data=data))
    assert {row["id"]: row["status"] for row in listed} == {
        ids["covid"]: "accepted",
        ids["rights"]: "rejected",
    }
    assert "STATUS" in _ok("list", *project, data=data).splitlines()[0]
    sessions = json.loads(_ok("session", "list", *project, "--format", "json", data=data))
    assert [(s["id"], s["title"], s["attendees"], s["decisions"]) for s in sessions] == [
        (session, "First pass", ["Ada"], 3)
    ]
    with open_project(path) as opened:
        annotation = opened.annotations.require(ids["covid"])
        assert annotation.note == "Pandemic response"
        assert [c.code_id for c in opened.annotations.codings(annotation.id)] == [
            opened.codes.codebook().lookup("Pandemics/COVID-19").guid
        ]
        history = opened.review.history(annotation.id)
        assert [(d.verdict, d.session_id) for d in history] == [
            (Verdict.DISPUTE, session),
            (Verdict.ACCEPT, session),
        ]
        assert [r.text for r in opened.review.thread(annotation.id)] == [
            "Narrow it to the outbreak"
        ]
    _ok("delete", *project, rights, data=data)
    assert len(json.loads(_ok("list", *project, "--format", "json", data=data))) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("decide", "{id}", "reject"), "To reject an annotation, say why in a decision note."),
        (("decide", "FFFFFFFF", "accept"), "no annotation “FFFFFFFF”"),
        (("tag", "{id}", "--code", "Nothing such"), "Nothing such"),
        (("session", "start", "--title", "T", "--attendee", "Zed"), "no reviewer “Zed”"),
        (("decide", "{id}", "accept", "--session", "NOPE"), "no review session “NOPE”"),
        (("reply", "{id}", "   "), "A reply needs some text."),
    ],
)
def test_a_refused_edit_says_why_and_changes_nothing(
    scripted: tuple[Path, Path, dict[str, str]], args: tuple[str, ...], message: str
) -> None:
    data, path, ids = scripted
    before = path.read_bytes()
    filled = [a.replace("{id}", ids["covid"]) for a in args]
    if filled[0] == "session":
        filled[2:2] = ["--project", str(path)]
    else:
        filled[1:1] = ["--project", str(path)]
    done = _accord(*filled, data=data)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert path.read_bytes() == before

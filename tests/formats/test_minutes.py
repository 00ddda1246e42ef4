"""The minutes of a review session: a golden file of each format for a fixed session, every
decision of the session listed (and none of another), hostile text escaped, and the command
line writing them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import markdown_it
import pytest

from desktop.app.editor import Editor
from desktop.app.reviewing import Decide, EndSession, ReplyTo, StartSession
from desktop.core.model import DocumentId
from desktop.core.review import DecisionId, SessionId, Verdict
from desktop.formats.report.minutes import write_minutes
from desktop.store import Project, open_project
from tests.formats.report_project import PLAN, START

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = "ACCORD_UPDATE_GOLDEN"
SESSION = SessionId("5E55104E-0000-4000-8000-000000000001")
HOSTILE = "Too broad | *not* <b>bold</b> & [a](b)\n# no heading"


def _clock(minutes: int) -> Iterator:
    moment = START + timedelta(days=1, hours=5, minutes=minutes)
    while True:
        yield moment
        moment += timedelta(seconds=30)


@pytest.fixture
def reviewed(annotated: tuple[Path, dict[DocumentId, str]], tmp_path: Path) -> Iterator[Project]:
    """The report's project after one decision before the session, a session of six
    decisions (one withdrawn, one disputed then accepted, one left disputed) and a decision
    after it."""
    path = tmp_path / "reviewed.accord"
    shutil.copy(annotated[0], path)
    with open_project(path) as project:
        ticks = _clock(0)
        ada = Editor.start(project, "Ada")
        ada._clock = lambda: next(ticks)
        bea = Editor.start(project, "Bea")
        bea._clock = ada._clock
        ids = [plan.id for plan in PLAN]
        reviewers = {r.name: r.id for r in project.reviewers.all()}

        def decision(number: int) -> DecisionId:
            return DecisionId(f"DEC1510E-0000-4000-8000-{number:012d}")

        ada.execute(Decide(ids[0], Verdict.ACCEPT, decision_id=decision(1)))
        ada.execute(
            StartSession(
                "Letter: first pass",
                "Settle the letter's coding\nbefore the *summit*",
                (reviewers["Ada"], reviewers["Bea"]),
                reviewers["Ada"],
                session_id=SESSION,
            )
        )
        bea.execute(Decide(ids[1], Verdict.DISPUTE, "Two clauses in one", decision_id=decision(2)))
        ada.execute(ReplyTo(ids[1], "Split it?"))
        ada.execute(Decide(ids[1], Verdict.ACCEPT, "Kept whole", decision_id=decision(3)))
        ada.execute(Decide(ids[2], Verdict.REJECT, "Not about climate", decision_id=decision(4)))
        bea.execute(Decide(ids[7], Verdict.WITHDRAW, decision_id=decision(5)))
        ada.execute(Decide(ids[3], Verdict.DISPUTE, HOSTILE, decision_id=decision(6)))
        bea.execute(Decide(ids[4], Verdict.ACCEPT, decision_id=decision(7)))
        ada.execute(EndSession())
        ada.execute(Decide(ids[5], Verdict.ACCEPT, decision_id=decision(8)))
        yield project


@pytest.mark.parametrize("kind", ["md", "html"])
def test_the_minutes_match_the_golden_file(reviewed: Project, tmp_path: Path, kind: str) -> None:
    """Regenerate with ACCORD_UPDATE_GOLDEN=1 and review the diff of ``golden/minutes.*``."""
    target = tmp_path / f"minutes.{kind}"
    write_minutes(reviewed, reviewed.review.require_session(SESSION), target, kind=kind)
    golden = GOLDEN / f"minutes.{kind}"
    if os.environ.get(UPDATE_GOLDEN):
        golden.write_bytes(target.read_bytes())
    assert target.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def test_the_minutes_list_every_decision_of_the_session_and_no_other(
    reviewed: Project, tmp_path: Path
) -> None:
    target = tmp_path / "minutes.md"
    write_minutes(reviewed, reviewed.review.require_session(SESSION), target, kind="md")
    tokens = markdown_it.MarkdownIt("commonmark").parse(target.read_text(encoding="utf-8"))
    quotes = [
        tokens[i + 2].content for i, token in enumerate(tokens) if token.type == "blockquote_open"
    ]
    decided = reviewed.review.in_session(SESSION)
    assert len(decided) == 6
    assert quotes == [
        " ".join(reviewed.annotations.require(d.annotation_id).anchor.exact.split())
        for d in decided
    ]
    text = target.read_text(encoding="utf-8")
    before, after = PLAN[0].quote, PLAN[5].quote  # decided outside the session
    assert before not in text and after not in text
    still = text.split("## Still disputed", 1)[1]
    assert PLAN[3].quote in still and PLAN[1].quote not in still  # accepted after its dispute


def test_hostile_text_stays_text_in_both_formats(reviewed: Project, tmp_path: Path) -> None:
    session = reviewed.review.require_session(SESSION)
    write_minutes(reviewed, session, tmp_path / "m.html", kind="html")
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    write_minutes(reviewed, session, tmp_path / "m.md", kind="md")
    html = markdown_it.MarkdownIt("commonmark").render((tmp_path / "m.md").read_text())
    assert "<b>" not in html and "<h1>no heading" not in html and "<a href" not in html


def test_accord_minutes_writes_the_file(reviewed: Project, tmp_path: Path) -> None:
    from desktop.cli import main

    path = reviewed.path
    out = tmp_path / "minutes.html"
    assert main(["minutes", "--project", str(path), "--session", SESSION[:8], "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = main(["minutes", "--project", str(path), "--session", "NOPE", "-o", str(out)])
    assert missing == 2

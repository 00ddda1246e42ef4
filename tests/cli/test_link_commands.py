"""``accord link``, ``links``, ``align`` and ``coverage`` in real subprocesses, on a project of
the bundled pair."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from desktop import cli_comparing
from desktop.core.links import LinkType
from tests.cli.test_subcommands import _accord


def _ok(*args: str, data: Path) -> str:
    done = _accord(*args, data=data)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A project with a clause of the letter linked to the article's report of it, and
    another clause the article omits."""
    data = tmp_path_factory.mktemp("data")
    path = data / "links.accord"
    ids = {}
    for name, document, quote in (
        ("covid", "Letter of Intent", "In relation to the COVID-19 outbreak"),
        ("underlines", "step up", "The letter underlines the paramount importance"),
        ("no rights", "Letter of Intent", "This Letter of Intent is not intended"),
    ):
        out = _ok(
            "annotate", "--project", str(path), "--document", document, "--quote", quote, data=data
        )
        ids[name] = out.strip()
    ids["reports"] = _ok(
        "link",
        "--project",
        str(path),
        "--from",
        ids["covid"][:8].lower(),
        "--to",
        ids["underlines"],
        "--type",
        "reports",
        "--note",
        "same point",
        data=data,
    ).strip()
    ids["omits"] = _ok(
        "link",
        "--project",
        str(path),
        "--from",
        ids["no rights"],
        "--to-document",
        "step up",
        "--type",
        "omits",
        data=data,
    ).strip()
    return data, path, ids


def test_links_are_listed_in_every_format(linked: tuple[Path, Path, dict[str, str]]) -> None:
    data, path, ids = linked
    rows = json.loads(_ok("links", "--project", str(path), "--format", "json", data=data))
    assert [(r["id"], r["type"]) for r in rows] == [
        (ids["reports"], "reports"),
        (ids["omits"], "omits"),
    ]
    reports, omits = rows
    assert (reports["source_id"], reports["target_id"], reports["note"]) == (
        ids["covid"],
        ids["underlines"],
        "same point",
    )
    assert reports["target_quote"] == "The letter underlines the paramount importance"
    assert (omits["target_id"], omits["target_quote"]) == ("", "")
    assert omits["target_document"].startswith("EU and Japan step up")
    table = csv.DictReader(
        io.StringIO(_ok("links", "--project", str(path), "--format", "csv", data=data))
    )
    assert [row["type"] for row in table] == ["reports", "omits"]
    shown = _ok("links", "--project", str(path), data=data)
    assert shown.splitlines()[-1] == "2 links"


def test_a_wrong_link_is_refused_with_a_sentence(linked: tuple[Path, Path, dict[str, str]]) -> None:
    data, path, ids = linked
    same = _accord(
        "link",
        "--project",
        str(path),
        "--from",
        ids["covid"],
        "--to",
        ids["no rights"],
        "--type",
        "changes",
        data=data,
    )
    assert same.returncode == 2
    assert "same document" in same.stderr
    unknown = _accord(
        "link",
        "--project",
        str(path),
        "--from",
        "FFFFFFFF",
        "--to",
        ids["covid"],
        "--type",
        "changes",
        data=data,
    )
    assert (unknown.returncode, "no annotation “FFFFFFFF”" in unknown.stderr) == (2, True)


def test_align_gives_each_article_clause_its_ranked_candidates(
    linked: tuple[Path, Path, dict[str, str]],
) -> None:
    data, path, _ = linked
    clauses = json.loads(_ok("align", "--project", str(path), "--format", "json", data=data))
    assert all(set(c) == {"quote", "start", "end", "counterpart", "candidates"} for c in clauses)
    underlines = next(c for c in clauses if c["quote"].startswith("The letter underlines"))
    assert underlines["counterpart"] is True
    best = underlines["candidates"][0]
    assert set(best) == {"quote", "start", "end", "score"}
    assert best["quote"].startswith("In relation to the COVID-19 outbreak")
    assert best["end"] - best["start"] == len(best["quote"])
    scores = [c["score"] for c in underlines["candidates"]]
    assert scores == sorted(scores, reverse=True)
    named = json.loads(
        _ok(
            "align",
            "--project",
            str(path),
            "--source",
            "Letter of Intent",
            "--report",
            "step up",
            "--format",
            "json",
            data=data,
        )
    )
    assert named == clauses


def test_coverage_says_what_became_of_each_clause(
    linked: tuple[Path, Path, dict[str, str]],
) -> None:
    data, path, _ = linked
    found = json.loads(_ok("coverage", "--project", str(path), "--format", "json", data=data))
    fates = {c["quote"][:30]: c["fate"] for c in found["clauses"]}
    assert fates["In relation to the COVID-19 ou"] == "reported"
    assert fates["This Letter of Intent is not i"] == "omitted"
    assert fates["Letter of Intent"] == "not yet reviewed"
    reported = next(c for c in found["clauses"] if c["fate"] == "reported")
    assert found["overall"]["reported"] == reported["end"] - reported["start"]
    assert [s["name"][:2] for s in found["sections"]] == ["(b", "1.", "2.", "3."]


def test_the_cli_offers_exactly_the_link_types() -> None:
    assert tuple(kind.value for kind in LinkType) == cli_comparing.TYPES

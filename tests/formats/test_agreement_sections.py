"""The Markdown and HTML reports and the XLSX workbook gain an agreement section when two
reviewers or more coded the exported documents (the report project's Ada and Bea), and have
none for one reviewer's export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from desktop.core.filtering import AnnotationFilter
from desktop.core.model import DocumentId
from desktop.formats.report.export import export_html, export_markdown
from desktop.formats.source import read_source
from desktop.formats.tables.xlsx import export as export_xlsx
from desktop.store import Project, open_project


@pytest.fixture
def project(annotated: tuple[Path, dict[DocumentId, str]]) -> Iterator[Project]:
    with open_project(annotated[0]) as project:
        yield project


@pytest.fixture
def texts(annotated: tuple[Path, dict[DocumentId, str]]) -> dict[DocumentId, str]:
    return annotated[1]


def test_reports_and_workbook_show_the_agreement(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    source = read_source(project, texts=texts)
    export_markdown(source, tmp_path / "r.md")
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## Agreement between reviewers" in markdown
    assert "2 reviewers (Ada, Bea)" in markdown
    assert "| overall | All codes | 0.000 | 0.000 | -0.500 | MASI | 2 | 4 |" in markdown
    export_html(source, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<section id="agreement">' in page and '<a href="#agreement">' in page
    export_xlsx(source, tmp_path / "w.xlsx")
    rows = list(
        openpyxl.load_workbook(tmp_path / "w.xlsx")["Agreement"].iter_rows(values_only=True)
    )
    assert rows[0][0].startswith("Agreement on clause units of 2 reviewers (Ada, Bea)")
    assert rows[2][:3] == ("Scope", "Name", "percent agreement")
    assert rows[3][:5] == ("overall", "All codes", 0.0, 0.0, -0.5)
    assert rows[4][2] == "not computable"


def test_one_reviewers_export_has_no_agreement_section(
    project: Project, texts: dict[DocumentId, str], tmp_path: Path
) -> None:
    ada = project.reviewers.find("Ada")
    assert ada is not None
    source = read_source(
        project, texts=texts, options=AnnotationFilter(reviewer_ids=frozenset({ada.id}))
    )
    export_markdown(source, tmp_path / "r.md")
    assert "Agreement between reviewers" not in (tmp_path / "r.md").read_text(encoding="utf-8")
    export_xlsx(source, tmp_path / "w.xlsx")
    assert "Agreement" not in openpyxl.load_workbook(tmp_path / "w.xlsx").sheetnames

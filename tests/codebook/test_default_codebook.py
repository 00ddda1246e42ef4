"""The shipped EU–Japan STI codebook: valid, complete, grounded, reproducible."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import xmlschema

import desktop
from desktop.codebook.default import load_default_codebook
from desktop.codebook.model import COLOR_PATTERN, Codebook, Facet, stable_guid
from desktop.codebook.qdc import ORIGIN, codebook_to_bytes, read_codebook
from tests.needs import SEEDS, SPECS, require

ROOT = Path(desktop.__file__).resolve().parent.parent
SHIPPED = ROOT / "resources" / "codebooks" / "eu-japan-sti.qdc"
SCHEMAS = ROOT / "resources" / "schemas" / "refi-qda"

REQUIRED = {
    Facet.THEMATIC: [
        "Pandemics",
        "COVID-19",
        "Health countermeasures",
        "Diagnostics",
        "Treatments",
        "Vaccines",
        "Climate change",
        "Climate neutrality",
        "Digital transition",
        "Ageing societies",
        "Artificial intelligence",
        "Quantum technology",
        "Smart cities",
        "Open science",
        "Open access to research data and results",
        "Societal, environmental and economic challenges",
        "Societal challenges",
        "Environmental challenges",
        "Economic challenges",
    ],
    Facet.INSTRUMENT: [
        "Cooperation frameworks",
        "2011 S&T Cooperation Agreement",
        "Economic Partnership Agreement",
        "Strategic Partnership Agreement",
        "Partnership on Sustainable Connectivity and Quality Infrastructure",
        "Programmes",
        "Horizon 2020",
        "Horizon Europe",
        "Global challenges pillar",
        "Missions",
        "Moonshot R&D Program",
        "Target areas and goals",
        "Funding modalities",
        "Co-funding mechanisms",
        "Joint calls",
        "Coordinated calls",
        "Twinning",
        "Reciprocal participation",
        "Dialogue",
        "Regular exchange of views",
        "Higher-level consultations",
        "Multilateral and policy frameworks",
        "UNFCCC COP",
        "Paris Agreement",
        "Nationally Determined Contributions",
        "European Green Deal",
        "Japan's Long-term Strategy",
        "Pledging",
        "Global Response pledging marathon",
    ],
}

EXTRAS = {
    Facet.INSTRUMENT: [
        "Synergies between Horizon Europe and Moonshot",
        "Japan-EU Leaders Videoconference Meeting",
    ]
}
"""Codes beyond the issue's list, both named by the documents."""

NESTING = {
    "Thematic areas/Pandemics/Health countermeasures/Vaccines",
    "Thematic areas/Climate change/Climate neutrality",
    "Instruments/Programmes/Horizon Europe/Missions",
    "Instruments/Programmes/Moonshot R&D Program/Target areas and goals",
    "Instruments/Multilateral and policy frameworks/Paris Agreement/"
    "Nationally Determined Contributions",
    "Instruments/Pledging/Global Response pledging marathon",
}


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_default_codebook()


def test_the_shipped_file_validates_against_the_refi_qda_codebook_schema() -> None:
    xmlschema.XMLSchema(str(SCHEMAS / "Codebook-mrt2019.xsd")).validate(str(SHIPPED))


def test_the_shipped_schemas_are_the_published_ones() -> None:
    specs = require(SPECS / "refi-qda", "the shared REFI-QDA specs")
    for name in ("Codebook-mrt2019.xsd", "Project-mrt2019.xsd"):
        assert (SCHEMAS / name).read_bytes() == (specs / name).read_bytes()


def test_the_file_is_utf8_without_bom_with_lf_line_ends_and_our_origin() -> None:
    data = SHIPPED.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    data.decode("utf-8")
    assert f'origin="{ORIGIN}"'.encode() in data
    assert f"Accord {desktop.__version__}" == ORIGIN


def test_it_reads_without_warnings(book: Codebook) -> None:
    assert read_codebook(SHIPPED).warnings == ()
    expected = [*REQUIRED[Facet.THEMATIC], *REQUIRED[Facet.INSTRUMENT], *EXTRAS[Facet.INSTRUMENT]]
    assert sorted(c.name for c in book if not c.is_root) == sorted(expected)


@pytest.mark.parametrize("facet", list(Facet))
def test_it_has_every_required_code_under_the_right_facet(book: Codebook, facet: Facet) -> None:
    for name in REQUIRED[facet]:
        (code,) = book.by_name(name)
        assert code.facet is facet, name
        assert code.is_codable, name


def test_nesting(book: Codebook) -> None:
    for path in NESTING:
        assert book.by_path(path) is not None, path


def test_facet_roots_are_non_codable_folders(book: Codebook) -> None:
    for facet in Facet:
        root = book.root(facet)
        assert root.name == facet.value
        assert not root.is_codable


def test_names_are_unique_per_parent(book: Codebook) -> None:
    for code in book:
        names = [c.name.casefold() for c in book.children(code.guid)]
        assert len(names) == len(set(names))


def test_colours_are_distinct_and_rrggbb(book: Codebook) -> None:
    colors = [code.color for code in book]
    assert all(COLOR_PATTERN.fullmatch(c) for c in colors)
    assert len(set(colors)) == len(colors)


def test_descriptions_are_one_non_empty_line_citing_a_document(book: Codebook) -> None:
    for code in book:
        assert code.description.strip(), code.name
        assert "\n" not in code.description, code.name
        if not code.is_root:
            assert re.search(r"\((Letter|article)[^)]*\)\.$", code.description), code.name


def test_names_are_grounded_in_the_documents(book: Codebook) -> None:
    """Each code's key words appear in the letter or the article (ignoring case and hyphens)."""
    require(SEEDS, "the source texts")
    corpus = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    words = set(re.findall(r"\w+", corpus.casefold().replace("’", "'")))
    # the category labels, the adjective of the letter's “environment challenges”, and
    # the abbreviations S&T, R&D and UNFCCC (spelt out in the descriptions)
    allowed = {"countermeasures", "dialogue", "multilateral", "environmental", "t", "r", "d"}
    allowed |= {"unfccc"}
    for code in book:
        if code.is_root:
            continue
        for word in re.findall(r"\w+", code.name.casefold()):
            assert word in words or word in allowed or word.rstrip("s") in words, (code.name, word)


def test_ids_are_uuid5_of_the_path_so_every_project_shares_them(book: Codebook) -> None:
    for code in book:
        assert code.guid == stable_guid(book.path(code.guid))


def test_the_generator_reproduces_the_shipped_file_byte_for_byte() -> None:
    script = ROOT / "resources" / "codebooks" / "make_default_codebook.py"
    spec = importlib.util.spec_from_file_location("make_default_codebook", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert codebook_to_bytes(module.build()) == SHIPPED.read_bytes()


def test_a_first_launch_reads_the_shipped_codebook_without_building_the_schema(monkeypatch) -> None:
    """Its schema check is the test above; at run time it cost every first launch the build
    of the REFI-QDA schema (about half a second)."""
    import desktop.codebook.qdc as qdc

    def no_schema(*_args, **_kwargs) -> None:
        raise AssertionError("the shipped codebook was checked against the schema at run time")

    monkeypatch.setattr(qdc, "validate", no_schema)
    book = load_default_codebook.__wrapped__()
    assert book.by_path("Thematic areas/Pandemics") is not None

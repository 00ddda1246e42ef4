"""Reading annotation JSON from other tools: Hypothesis (its client's export file, API search
results), the W3C examples, and files that are broken or hostile (only ``ImportRefused`` may
come out of ``read``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.codebook.model import Facet, stable_guid
from desktop.formats.ids import derived_guid
from desktop.formats.jsonld import load as jsonload
from desktop.formats.jsonld.items import account_name
from desktop.formats.jsonld.web_annotation import read
from desktop.formats.limits import MAX_JSON_DEPTH, ImportRefused
from tests.needs import needs

HERE = Path(__file__).resolve().parent
HYPOTHESIS_EXPORT = HERE / "fixtures" / "hypothesis-export.json"
GOLDEN = HERE / "golden" / "interop.jsonld"
W3C_EXAMPLES = HERE.parents[2] / "shared" / "specs" / "web-annotation" / "examples"
ARTICLE_URL = (
    "https://ec.europa.eu/info/news/eu-and-japan-step-cooperation-science-technology-"
    "and-innovation-2020-may-26_en"
)
PDF_URN = "urn:x-pdf:4ae3c2d1e0f9b8a7c6d5e4f3a2b1c0d9"


def _write(folder: Path, data: object, name: str = "file.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_hypothesis_export_gives_quotes_positions_pages_tags_notes_people_and_times() -> None:
    incoming = read(HYPOTHESIS_EXPORT)
    article, letter = incoming.annotations
    assert (
        article.document_key,
        article.exact,
        article.prefix,
        article.suffix,
        article.start,
        article.end,
        article.page,
    ) == (
        ARTICLE_URL,
        "contributed by pledging over €760 million",
        "Japan co-chaired the event and ",
        ".\n\nThe Letter of Intent on Scien",
        1893,
        1934,
        None,
    )
    assert article.code_paths == ("Pledging", "Pandemics/COVID-19")
    assert article.code_guids == ()
    assert article.note == "Pledge amount: check against the **Council** figures."
    assert article.reviewer == "Ana Analyst"  # user_info.display_name wins over the account
    assert article.created == datetime(2024, 3, 8, 14, 2, 11, tzinfo=UTC)
    assert article.modified == datetime(2024, 3, 8, 14, 5, 40, tzinfo=UTC)
    assert article.id == derived_guid("imported-annotation", "w6fNigSgEfCOTdupAyRrPQ")
    assert (
        letter.document_key,
        letter.page,
        letter.start,
        letter.end,
        letter.reviewer,
        letter.note,
        letter.code_paths,
    ) == (PDF_URN, 1, 3998, 4084, "kenji.sato", "", ())
    assert [(d.key, d.name, d.fingerprint) for d in incoming.documents] == [
        (
            ARTICLE_URL,
            "EU and Japan step up cooperation in science, technology and innovation",
            None,
        ),
        (
            PDF_URN,
            "Letter of Intent on Strengthening Cooperation in Science, Technology and Innovation",
            None,
        ),
    ]
    assert incoming.codes == []
    assert sorted(incoming.dropped) == sorted(
        [
            "replies to other annotations (not kept): 1 annotation",
            "annotations without a quoted passage (page notes, whole documents; not kept): "
            "1 annotation",
            "Hypothesis groups (Accord has none): 2 annotations",
            "Hypothesis sharing permissions: 2 annotations",
            "RangeSelector (XPath ranges into a web page; the quote places these): 1 annotation",
        ]
    )


@pytest.mark.parametrize(
    "wrap",
    [
        lambda rows: {"total": len(rows), "rows": rows},  # GET /api/search
        lambda rows: rows,  # a list of API annotations
    ],
)
def test_api_search_results_and_bare_lists_read_like_the_client_export(
    wrap: Callable[[list], object], tmp_path: Path
) -> None:
    rows = json.loads(HYPOTHESIS_EXPORT.read_text("utf-8"))["annotations"]
    wrapped = read(_write(tmp_path, wrap(rows)))
    assert wrapped.annotations == read(HYPOTHESIS_EXPORT).annotations


def test_reading_the_same_hypothesis_file_twice_gives_the_same_ids() -> None:
    """Hypothesis ids are not uuids; they become uuid5s of themselves, so a second import
    of the same file merges instead of copying."""
    assert [a.id for a in read(HYPOTHESIS_EXPORT).annotations] == [
        a.id for a in read(HYPOTHESIS_EXPORT).annotations
    ]


@needs(W3C_EXAMPLES, "the shared W3C examples")
def test_the_w3c_collection_example_gives_its_codes_with_ids_page_and_note() -> None:
    """Another tool's shape: a classifying body naming the code by id, and the tagging body
    after it naming it by path; a PDF page as a FragmentSelector refined by the quote."""
    incoming = read(W3C_EXAMPLES / "collection.json")
    text, pdf = incoming.annotations
    assert text.code_guids == ("82EF4726-5D26-5E2F-B76E-0843461B6798",)
    assert (text.note, text.reviewer, text.page) == ("Review cycle is annual", "Ana Analyst", None)
    assert (text.exact, text.start, text.end) == (
        "Water tariffs 💧 shall be reviewed annually",
        11,
        53,
    )
    assert pdf.code_guids == ("95DA963B-2DD4-57C9-9CD4-E5BF3F342364",)
    assert (pdf.page, pdf.start, pdf.end, pdf.prefix) == (
        0,
        76,
        118,
        "basin authority.\nArticle 4. ",
    )
    codes = {code.guid: code for code in incoming.codes}
    water = codes["82EF4726-5D26-5E2F-B76E-0843461B6798"]
    assert (water.name, water.parent_guid) == ("Water", stable_guid(Facet.THEMATIC.value))
    assert [c.name for c in incoming.codes[:2]] == [f.value for f in Facet]


def test_a_tree_from_another_tool_is_filed_under_a_facet(tmp_path: Path) -> None:
    """A top-level code named like a facet ("themes") becomes that facet; any other top-level
    code goes under Thematic areas, as in a REFI-QDA import."""

    def annotation(number: int, path: str) -> dict:
        return {
            "type": "Annotation",
            "id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
            "body": {
                "type": "SpecificResource",
                "purpose": "classifying",
                "source": {"id": f"urn:uuid:10000000-0000-4000-8000-{number:012d}", "label": path},
            },
            "target": {
                "source": "http://example.org/doc",
                "selector": {"type": "TextQuoteSelector", "exact": "quote"},
            },
        }

    incoming = read(
        _write(
            tmp_path, [annotation(1, "Themes/Water"), annotation(2, "Legal form/Letter of intent")]
        )
    )
    by_name = {code.name: code for code in incoming.codes}
    thematic = stable_guid(Facet.THEMATIC.value)
    assert by_name["Water"].parent_guid == thematic
    assert by_name["Legal form"].parent_guid == thematic
    assert by_name["Letter of intent"].parent_guid == by_name["Legal form"].guid
    assert by_name["Legal form"].guid == stable_guid("Thematic areas/Legal form")


def test_what_accord_cannot_keep_is_listed_and_the_rest_is_read(tmp_path: Path) -> None:
    questioning = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "http://example.org/anno/7",
        "motivation": "questioning",
        "bodyValue": "Is this binding?",
        "audience": {"type": "schema:Audience"},
        "creator": [{"name": "Ana"}, {"name": "Kenji"}],
        "target": {
            "source": "http://example.org/letter.pdf",
            "selector": [
                {"type": "CssSelector", "value": "#clause-4"},
                {"type": "FragmentSelector", "value": "t=10,20"},
                {"type": "TextQuoteSelector", "exact": "not intended to create any rights"},
            ],
        },
    }
    reply = {
        "type": "Annotation",
        "motivation": "replying",
        "bodyValue": "Yes.",
        "target": "http://example.org/anno/7",
    }
    incoming = read(_write(tmp_path, [questioning, reply]))
    (annotation,) = incoming.annotations
    assert (annotation.exact, annotation.note, annotation.reviewer, annotation.page) == (
        "not intended to create any rights",
        "Is this binding?",
        "Ana",
        None,
    )
    assert annotation.id == derived_guid("imported-annotation", "http://example.org/anno/7")
    assert sorted(incoming.dropped) == sorted(
        [
            "motivation “questioning” (the annotation is kept without it): 1 annotation",
            "field “audience” (not kept): 1 annotation",
            "creators after the first: 1 annotation",
            "selectors of type “CssSelector”: 1 annotation",
            "fragment selectors other than a PDF page: 1 annotation",
            "replies to other annotations (not kept): 1 annotation",
        ]
    )


def test_a_highlight_of_spaces_is_kept_and_one_of_nothing_is_not(tmp_path: Path) -> None:
    def quoting(exact: str) -> dict:
        return {
            "type": "Annotation",
            "target": {
                "source": "http://example.org/doc",
                "selector": [
                    {"type": "TextQuoteSelector", "exact": exact},
                    {"type": "TextPositionSelector", "start": 5, "end": 5 + len(exact)},
                ],
            },
        }

    incoming = read(_write(tmp_path, [quoting("\n "), quoting("")]))
    assert [(a.exact, a.start, a.end) for a in incoming.annotations] == [("\n ", 5, 7)]
    assert incoming.dropped == [
        "annotations without a quoted passage (page notes, whole documents; not kept): 1 annotation"
    ]


@pytest.mark.parametrize(
    ("user", "name"),
    [
        ("acct:ana_analyst@hypothes.is", "ana_analyst"),
        ("acct:dean@lms.hypothes.is", "dean@lms.hypothes.is"),
        ("acct:kenji@example.org", "kenji@example.org"),
        ("Ana Analyst", "Ana Analyst"),
    ],
)
def test_accounts_become_reviewer_names(user: str, name: str) -> None:
    assert account_name(user) == name


def _hypothesis_row(**changes: object) -> dict:
    row = json.loads(HYPOTHESIS_EXPORT.read_text("utf-8"))["annotations"][0]
    row.update(changes)
    return row


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "is not valid JSON"),
        (b"\xff\xfe\x00\xd8", "not UTF-8"),
        (b"42", "holds a number, not annotations"),
        (b'{"type": "Book"}', "neither W3C Web Annotation JSON"),
        (b"[1, 2]", "annotation 1 is a number, not a JSON object"),
        (
            json.dumps(
                [
                    _hypothesis_row(
                        target=[
                            {
                                "source": ARTICLE_URL,
                                "selector": [{"type": "TextQuoteSelector", "exact": 7}],
                            }
                        ]
                    )
                ]
            ).encode(),
            "annotation 1 (“w6fNigSgEfCOTdupAyRrPQ”): “exact” must be text, not a number",
        ),
        (
            json.dumps(
                [
                    _hypothesis_row(
                        target=[
                            {
                                "source": ARTICLE_URL,
                                "selector": [
                                    {"type": "TextPositionSelector", "start": -3, "end": 4},
                                    {"type": "TextQuoteSelector", "exact": "abc"},
                                ],
                            }
                        ]
                    )
                ]
            ).encode(),
            "“start” must be a non-negative integer",
        ),
        (json.dumps([_hypothesis_row(target=12)]).encode(), "“target” must hold objects or IRIs"),
        (
            json.dumps([_hypothesis_row(created="yesterday")]).encode(),
            "“created” is not an ISO-8601 time",
        ),
        (
            json.dumps(
                {
                    "type": "Annotation",
                    "body": [],
                    "target": {"selector": {"type": "TextQuoteSelector", "exact": "x"}},
                }
            ).encode(),
            "its target names no document",
        ),
    ],
)
def test_malformed_files_are_refused_naming_the_file_and_the_problem(
    content: bytes, problem: str, tmp_path: Path
) -> None:
    path = tmp_path / "colleague.json"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as refused:
        read(path)
    assert "colleague.json" in str(refused.value)
    assert problem in str(refused.value)


def test_nesting_deeper_than_the_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    just_over = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    hostile = "[" * 100_000  # would overflow a recursive parser's stack
    for name, text, depth in (
        ("deep.json", just_over, MAX_JSON_DEPTH + 1),
        ("hostile.json", hostile, 100_000),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ImportRefused) as refused:
            read(path)
        assert f"“{name}” nests {depth} levels deep" in str(refused.value)


def test_brackets_inside_texts_do_not_count_as_nesting(tmp_path: Path) -> None:
    note = "[{" * 200 + ' "quoted \\" [ ' + "}]" * 3
    row = _hypothesis_row(text=note)
    incoming = read(_write(tmp_path, {"rows": [row]}))
    assert incoming.annotations[0].note == note
    assert jsonload.nesting_depth(json.dumps({"rows": [row]})) < 10


def test_text_with_half_a_surrogate_pair_is_refused_and_a_whole_pair_is_read(
    tmp_path: Path,
) -> None:
    """JSON escapes can spell a lone UTF-16 surrogate, which no project can store."""
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([_hypothesis_row(text="\ud83d alone")]), "ascii")
    with pytest.raises(ImportRefused) as refused:
        read(broken)
    assert "“text” holds a broken character" in str(refused.value)
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps([_hypothesis_row(text="\ud83d\ude00 pair")]), "ascii")
    assert read(whole).annotations[0].note == "😀 pair"


def _depth(value: object) -> int:
    if isinstance(value, dict | list):
        children = value.values() if isinstance(value, dict) else value
        return 1 + max((_depth(child) for child in children), default=0)
    return 0


@given(
    value=st.recursive(
        st.text(st.sampled_from('ab"\\[]{}/ \n'), max_size=8) | st.integers(),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(st.sampled_from('k"\\[{'), max_size=3), inner, max_size=3)
        ),
        max_leaves=20,
    )
)
def test_the_depth_scan_counts_only_brackets_outside_strings(value: object) -> None:
    """Quotes, backslashes and brackets inside texts and keys, escaped every way JSON can."""
    assert jsonload.nesting_depth(json.dumps(value)) == _depth(value)
    assert jsonload.nesting_depth(json.dumps(value, indent=1)) == _depth(value)


def test_a_file_over_the_size_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonload, "MAX_JSON_BYTES", 1024)
    path = _write(tmp_path, {"rows": [_hypothesis_row(text="x" * 2000)]}, "big.json")
    with pytest.raises(ImportRefused) as refused:
        read(path)
    assert "“big.json” is larger than" in str(refused.value)


def test_a_collection_whose_pages_are_elsewhere_says_so(tmp_path: Path) -> None:
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "id": "http://example.org/c",
        "total": 40,
        "first": "http://example.org/c/1",
    }
    incoming = read(_write(tmp_path, collection))
    assert incoming.annotations == []
    assert any("another address" in line for line in incoming.dropped)
    assert any("holds 40 annotations; the file has 0" in line for line in incoming.dropped)


_WORDS = st.sampled_from(
    [
        "Annotation",
        "AnnotationCollection",
        "AnnotationPage",
        "SpecificResource",
        "TextualBody",
        "TextQuoteSelector",
        "TextPositionSelector",
        "FragmentSelector",
        "PageSelector",
        "RangeSelector",
        "classifying",
        "tagging",
        "commenting",
        "replying",
        "page=3",
        "http://tools.ietf.org/rfc/rfc3778",
        "urn:uuid:82ef4726-5d26-5e2f-b76e-0843461b6798",
        "urn:sha256:" + "ab" * 32,
        "2020-05-26T09:00:00Z",
        "Thematic areas/Pandemics",
        "Themes",
        "a/b/c",
        "/",
        "acct:ana@hypothes.is",
        "\ud800",
        "x\udfff",
        "\ud83d\ude00",
        '[{"',
    ]
)
"""Values the reader branches on, and broken text (unpaired surrogates): random text alone
would rarely reach past the first check."""

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | _WORDS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "id",
                    "target",
                    "selector",
                    "source",
                    "exact",
                    "start",
                    "end",
                    "body",
                    "purpose",
                    "value",
                    "creator",
                    "created",
                    "rows",
                    "first",
                    "items",
                    "refinedBy",
                    "tags",
                    "text",
                    "user",
                    "label",
                    "uri",
                    "skos:broader",
                    "motivation",
                    "annotations",
                    "index",
                    "next",
                ]
            )
            | st.text(max_size=6)
            | _WORDS,
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a parsed JSON value, as the keys and indexes that lead to it."""
    found = [prefix]
    stack = [(node, prefix)]
    while stack:
        value, at = stack.pop()
        children = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for key, child in children:
            found.append((*at, key))
            stack.append((child, (*at, key)))
    return found


def _replace(node: object, path: tuple, value: object) -> object:
    if not path:
        return value
    parent = node
    for key in path[:-1]:
        parent = parent[key]  # type: ignore[index]
    parent[path[-1]] = value  # type: ignore[index]
    return node


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_only_import_refused_escapes_from_mutated_files(
    data: st.DataObject, tmp_path: Path
) -> None:
    """Take Accord's golden export or the Hypothesis export, replace one value anywhere with
    arbitrary JSON, and read it: the answer is annotations or a refusal, never a crash."""
    source = data.draw(st.sampled_from([GOLDEN, HYPOTHESIS_EXPORT]))
    parsed = json.loads(source.read_text("utf-8"))
    where = data.draw(st.sampled_from(_paths(parsed)))
    mutated = _replace(parsed, where, data.draw(_JSON))
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(mutated), encoding="utf-8")
    try:
        read(path)
    except ImportRefused as refused:
        assert "mutated.json" in str(refused)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_JSON)
def test_only_import_refused_escapes_from_arbitrary_json(value: object, tmp_path: Path) -> None:
    path = tmp_path / "arbitrary.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        read(path)
    except ImportRefused as refused:
        assert "arbitrary.json" in str(refused)


def test_a_file_cut_inside_a_string_is_refused_naming_where_the_string_starts(
    tmp_path: Path,
) -> None:
    """An interrupted download ends anywhere, often inside a quote or a note."""
    whole = json.dumps([_hypothesis_row(text="a note [with {brackets")])
    cut = tmp_path / "download.json"
    cut.write_text(whole[: whole.index("[with")], encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        read(cut)
    message = str(refused.value)
    assert message.startswith(
        "“download.json” is not valid JSON: Unterminated string starting at line 1, column "
    )
    assert message.endswith("(the file ends too soon: was its download interrupted?).")
    assert jsonload.nesting_depth('{"a": ["b", "c [[[[') == 2

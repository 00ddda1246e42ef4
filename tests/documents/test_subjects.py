"""Code names in /Subj: a person reads them as a line, and Accord reads back the same names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.documents.subjects import join_codes, split_codes

NAME = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
"""What a code name can be: one trimmed, non-empty line (``check_code_name``)."""


def test_a_name_holding_the_separator_reads_back_whole() -> None:
    names = ["Research; development", "Pandemics", 'The "Moonshot"; goals']
    subject = join_codes(names)
    assert subject == '"Research; development"; Pandemics; "The ""Moonshot""; goals"'
    assert split_codes(subject) == names


def test_plain_names_are_written_as_a_person_reads_them() -> None:
    assert join_codes(["Climate change", "Joint calls"]) == "Climate change; Joint calls"
    assert join_codes(['"Smart" cities']) == '"""Smart"" cities"'
    assert join_codes(['Smart "cities"']) == 'Smart "cities"'


def test_subjects_other_tools_write_split_as_before() -> None:
    assert split_codes("Highlight") == ["Highlight"]
    assert split_codes("Water | Tariff") == ["Water | Tariff"]
    assert split_codes(" Water ;Energy;; ") == ["Water", "Energy"]
    assert split_codes("") == []
    assert split_codes('"Smart cities; Water') == ['"Smart cities', "Water"]  # never closed
    assert split_codes('"Smart" cities; Water') == ['"Smart" cities', "Water"]


@given(st.lists(NAME, max_size=6))
def test_any_code_names_survive_the_subject(names: list[str]) -> None:
    assert split_codes(join_codes(names)) == names

"""The checks a UI and the command line run before changing a codebook.

Each check either returns the cleaned value to store or raises ``CodebookError`` with a sentence
the analyst can act on, so a dialog can show it next to the field and ``accord`` can print it.
The edits in ``desktop.codebook.edits`` call these first; a store applying a change made
elsewhere can call them too.

Choices made here, and why:

* **Moving between facets needs a confirmation** (``across_facets=True``). A drag that lands in
  the other tree is an easy slip, and it silently turns every annotation of the code (and of its
  sub-codes) into a coding on the other axis, changing both facets' counts and agreement figures.
  But a code filed in the wrong facet is a real mistake to fix, so the move is possible when
  asked for explicitly.
* **Merging stays within a facet.** A merge re-tags the source's annotations with the target and
  cannot be told apart afterwards; doing that across axes would mix two questions in one step. To
  merge across facets, move first (confirmed), then merge.
* **A merge target must be applicable**: merging into a folder would leave annotations tagged
  with something that cannot be applied.
* **Facet folders** can be recoloured, but not renamed, moved, merged, deleted or pinned.
"""

from __future__ import annotations

from desktop.codebook.errors import CodebookError
from desktop.codebook.model import COLOR_PATTERN, Code, Codebook, check_code_name

PIN_KEYS = range(1, 10)


def require(book: Codebook, guid: str) -> Code:
    """The code with ``guid``, or an error that says it is gone."""
    code = book.get(guid)
    if code is None:
        raise CodebookError(f"No code has the id {guid}; it may have been deleted meanwhile.")
    return code


def clean_name(name: str) -> str:
    """The name as it will be stored (trimmed), or why it cannot be one."""
    cleaned = name.strip()
    check_code_name(cleaned)
    return cleaned


def clean_description(description: str) -> str:
    """Trimmed, with Windows and old Mac line ends turned into plain line breaks."""
    return description.replace("\r\n", "\n").replace("\r", "\n").strip()


def check_color(color: str) -> str:
    """``#RRGGBB`` in any case, returned upper case as stored and exported."""
    cleaned = color.strip().upper()
    if not COLOR_PATTERN.fullmatch(cleaned):
        raise CodebookError(
            f"“{color}” is not a colour; write it as # and six hex digits, e.g. #0072B2."
        )
    return cleaned


def _check_unique(book: Codebook, parent_guid: str, name: str, *, ignore: str | None) -> None:
    parent = book[parent_guid]
    for sibling in book.children(parent_guid):
        if sibling.guid != ignore and sibling.name.casefold() == name.casefold():
            raise CodebookError(
                f"“{parent.name}” already has a code named “{sibling.name}”; choose another name "
                "or merge the two codes."
            )


def _check_not_root(code: Code, action: str) -> None:
    if code.is_root:
        raise CodebookError(
            f"“{code.name}” is a facet folder; it cannot be {action}. Work on the codes inside it."
        )


def check_new_code(book: Codebook, *, parent_guid: str, name: str) -> str:
    """A new code's cleaned name, after checking its parent exists and the name is free there."""
    require(book, parent_guid)
    cleaned = clean_name(name)
    _check_unique(book, parent_guid, cleaned, ignore=None)
    return cleaned


def check_rename(book: Codebook, guid: str, name: str) -> str:
    code = require(book, guid)
    _check_not_root(code, "renamed")
    cleaned = clean_name(name)
    assert code.parent_guid is not None
    _check_unique(book, code.parent_guid, cleaned, ignore=guid)
    return cleaned


def check_recolor(book: Codebook, guid: str, color: str) -> str:
    require(book, guid)
    return check_color(color)


def check_move(book: Codebook, guid: str, parent_guid: str, *, across_facets: bool = False) -> None:
    """Refuse moves that would break the tree, collide with a sibling's name, or (unless
    confirmed) carry a code and its annotations into the other facet."""
    code = require(book, guid)
    parent = require(book, parent_guid)
    _check_not_root(code, "moved")
    if parent_guid == guid or any(d.guid == parent_guid for d in book.descendants(guid)):
        raise CodebookError(
            f"“{code.name}” cannot move under itself or one of its own sub-codes; "
            "choose a code outside it."
        )
    if parent.facet != code.facet and not across_facets:
        raise CodebookError(
            f"“{code.name}” is filed under {code.facet.value}; moving it under "
            f"{parent.facet.value} makes each of its annotations count there instead. "
            "Confirm the move across facets to do it anyway."
        )
    _check_unique(book, parent_guid, code.name, ignore=guid)


def check_merge(book: Codebook, source_guid: str, target_guid: str) -> None:
    """Refuse merges that cross facets, lose annotations or collide sub-code names."""
    source = require(book, source_guid)
    target = require(book, target_guid)
    _check_not_root(source, "merged")
    _check_not_root(target, "merged into")
    if source_guid == target_guid:
        raise CodebookError(f"Choose two different codes to merge; both are “{source.name}”.")
    if source.facet != target.facet:
        raise CodebookError(
            f"“{source.name}” ({source.facet.value}) and “{target.name}” "
            f"({target.facet.value}) are in different facets; move one first, then merge."
        )
    if not target.is_codable:
        raise CodebookError(
            f"“{target.name}” is a folder that is not applied to text; merge into a code that is."
        )
    if any(d.guid == target_guid for d in book.descendants(source_guid)):
        raise CodebookError(
            f"“{target.name}” is inside “{source.name}”; merge “{source.name}” into a code "
            f"outside it, or “{target.name}” into “{source.name}”."
        )
    staying = {c.name.casefold(): c for c in book.children(target_guid) if c.guid != source_guid}
    for child in book.children(source_guid):
        clash = staying.get(child.name.casefold())
        if clash is not None:
            raise CodebookError(
                f"Both “{source.name}” and “{target.name}” have a sub-code named “{clash.name}”; "
                "rename or merge those first."
            )


def check_delete(book: Codebook, guid: str) -> None:
    _check_not_root(require(book, guid), "deleted")


def check_pin(book: Codebook, key: int, guid: str) -> None:
    """Keys 1–9 apply a code with one keystroke, so only applicable codes can be pinned."""
    if key not in PIN_KEYS:
        raise CodebookError(f"Codes can be pinned to keys 1 to 9, not {key}.")
    code = require(book, guid)
    _check_not_root(code, "pinned")
    if not code.is_codable:
        raise CodebookError(f"“{code.name}” is a folder that is not applied to text; pin a code.")

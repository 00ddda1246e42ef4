"""What a ``.qdpx`` import leaves out, said in sentences a user reads (REFI-QDA §7: an importer
tells what it drops): one sentence per kind of thing, per source where it belongs to one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

UNSUPPORTED = {"Variables": "variable", "Cases": "case", "Sets": "set", "Graphs": "graph"}
"""Sections of a project Accord has nothing for, and the noun for one of their items."""


def some(names: Iterable[str], *, limit: int = 5) -> str:
    """A few quoted names, and how many more: enough to recognise, short enough to read."""
    listed = [f"“{name}”" for name in names if name]
    more = "" if len(listed) <= limit else f" and {len(listed) - limit} more"
    return ", ".join(listed[:limit]) + more


def source_lines(
    name: str, counts: Counter[str], *, text_problem: str, text_length: int, example: str
) -> list[str]:
    """What was left out of one source, from the counts its reader kept."""
    where = f"“{name}”"
    lines = []
    if counts["no text"]:
        lines.append(
            f"{counts['no text']} selection(s) on {where}: {text_problem}, so they "
            "cannot be placed."
        )
    if counts["outside"]:
        lines.append(
            f"{counts['outside']} selection(s) on {where} have positions missing or "
            f"outside its text of {text_length:,} characters (e.g. {example})."
        )
    if counts["area"]:
        lines.append(
            f"{counts['area']} area selection(s) without text on {where}: Accord keeps "
            "passages of text, not regions of a page."
        )
    if counts["whole"]:
        lines.append(
            f"{counts['whole']} coding(s) of the whole of {where}: Accord codes "
            "passages, not whole documents."
        )
    if counts["source notes"]:
        lines.append(f"{counts['source notes']} note(s) on {where} as a whole were not imported.")
    if counts["not utf-8"]:
        lines.append(
            f"A text of {where} is not valid UTF-8; characters that could not be read "
            "were replaced, so quotes near them may not match."
        )
    lines.extend(
        f"The {what[5:]} version of {where} was left out (Accord cannot open it); its "
        "plain text was kept."
        for what in counts
        if what.startswith("rich ")
    )
    return lines


@dataclass(slots=True)
class ProjectTally:
    """What the project as a whole held that Accord did not take, counted while reading."""

    counts: Counter[str] = field(default_factory=Counter)
    names: dict[str, list[str]] = field(default_factory=dict)
    """The names of the items of each ``UNSUPPORTED`` section."""
    unknown: Counter[str] = field(default_factory=Counter)
    """Elements the reader does not know, by tag."""
    idle_users: list[str] = field(default_factory=list)
    unused_notes: list[str] = field(default_factory=list)
    other_links: int = 0

    def lines(self) -> list[str]:
        counts = self.counts
        lines = []
        if self.idle_users:
            lines.append(
                f"{len(self.idle_users)} user(s) ({some(self.idle_users)}) made no "
                "selection Accord imports, so they were not added as reviewers."
            )
        if counts["unknown coding"]:
            lines.append(
                f"{counts['unknown coding']} coding(s) name a code the file does not "
                "define, so those codes were not applied."
            )
        if counts["folder coding"]:
            lines.append(
                f"{counts['folder coding']} coding(s) apply a folder, which Accord "
                "does not apply to text; those codings were left out."
            )
        for kind, noun in UNSUPPORTED.items():
            if counts[kind]:
                lines.append(
                    f"{counts[kind]} {noun}(s) ({some(self.names[kind])}): Accord "
                    f"has no {noun}s, so they were not imported."
                )
        if counts["value"]:
            lines.append(f"{counts['value']} variable value(s) on sources were not imported.")
        if self.unused_notes:
            lines.append(
                f"{len(self.unused_notes)} note(s) not attached to a selection "
                f"({some(self.unused_notes)}) were not imported."
            )
        if counts["note on no passage"]:
            lines.append(
                f"{counts['note on no passage']} note(s) on a passage were not "
                "imported: no source of the file names them, or their positions fall "
                "outside its text."
            )
        if self.other_links:
            lines.append(f"{self.other_links} link(s) between items were not imported.")
        if counts["project description"] or counts["project note"]:
            lines.append("The project's own description and notes were not imported.")
        if self.unknown:
            lines.append(
                f"{sum(self.unknown.values())} element(s) Accord does not know "
                f"({some(f'<{n}>' for n in self.unknown)}) were skipped."
            )
        return lines

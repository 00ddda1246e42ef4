"""What an import did, in numbers and in sentences a person can check line by line.

Nothing an import leaves out is silent: orphans (annotations whose quote was not found),
highlights no code could be chosen for, conflicts and the file's own dropped content are each
listed, as REFI-QDA §7 asks of importers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.app.code_merge import ConflictPolicy


@dataclass(slots=True)
class ImportReport:
    file_name: str
    format_name: str
    on_conflict: ConflictPolicy
    documents_added: list[str] = field(default_factory=list)
    """Titles of the documents the file brought."""
    documents_matched: int = 0
    """Documents of the file the project already had."""
    codes_added: list[str] = field(default_factory=list)
    codes_described: list[str] = field(default_factory=list)
    """Codes of ours that had no description and took the file's."""
    code_conflicts: list[str] = field(default_factory=list)
    annotations_added: int = 0
    annotations_unchanged: int = 0
    annotation_conflicts: list[str] = field(default_factory=list)
    links_added: int = 0
    links_unchanged: int = 0
    orphans: list[str] = field(default_factory=list)
    """Annotations not imported because they found no place, each with the reason."""
    uncoded: list[str] = field(default_factory=list)
    """Highlights imported without a code: nothing named one and no code has their colour."""
    dropped: list[str] = field(default_factory=list)
    backup: Path | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.documents_added
            or self.codes_added
            or self.codes_described
            or self.annotations_added
            or self.links_added
            or (self.on_conflict == "theirs" and (self.code_conflicts or self.annotation_conflicts))
        )

    def lines(self) -> list[str]:
        """The report as text: a summary, then each list under its heading."""
        lines = [
            f"Imported “{self.file_name}” ({self.format_name}).",
            f"Documents: {len(self.documents_added)} added, {self.documents_matched} already "
            "in the project.",
            f"Codes: {len(self.codes_added)} added, {len(self.code_conflicts)} in conflict.",
            f"Annotations: {self.annotations_added} added, {self.annotations_unchanged} "
            f"unchanged, {len(self.annotation_conflicts)} in conflict, {len(self.orphans)} "
            "not placed.",
        ]
        if self.links_added or self.links_unchanged:
            lines.append(f"Links: {self.links_added} added, {self.links_unchanged} unchanged.")
        keep = "the file's version taken" if self.on_conflict == "theirs" else "ours kept"
        for heading, items in (
            ("Documents added", [f"“{title}”" for title in self.documents_added]),
            ("Codes added", self.codes_added),
            ("Descriptions added to codes that had none", self.codes_described),
            (f"Code conflicts ({keep})", self.code_conflicts),
            (f"Annotation conflicts ({keep})", self.annotation_conflicts),
            ("Not placed (their quote is not in the document)", self.orphans),
            ("Imported without a code", self.uncoded),
            ("Not imported from the file", self.dropped),
        ):
            if items:
                lines.append(f"{heading}:")
                lines.extend(f"  {item}" for item in items)
        if self.backup is not None:
            lines.append(f"A copy of the project before the import: {self.backup}")
        if not self.changed_anything:
            lines.append("Nothing changed: the project already had everything in the file.")
        return lines

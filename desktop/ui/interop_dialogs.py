"""File > Export… and File > Import…: choose, run in the background with progress and Cancel,
then say what happened.

The work runs as a ``BackgroundJob`` (its own thread and connection). A cancelled export
leaves no file (exporters write through ``atomic_output``); an import is one transaction, so
a cancelled or failed one leaves the project as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import ChangeSet
from desktop.formats import registry
from desktop.ui.dialog_buttons import ok_cancel
from desktop.ui.plain_text import message_box, tooltip

if TYPE_CHECKING:
    from desktop.app.code_merge import ConflictPolicy
    from desktop.app.import_report import ImportReport
    from desktop.store import Project
    from desktop.ui.background_jobs import BackgroundJob, Progress
    from desktop.ui.project_host import ProjectHost

EXPORTS = {f.name: (f.export.label, f.patterns.split()[0]) for f in registry.EXPORTS if f.export}
"""Each export format's label and the pattern its file is named by (``formats.registry``)."""
IMPORT_FILTER = registry.import_filter()
ALL = "(all)"
COMBO_CHARACTERS = 48
"""The export dialog's lists, in characters of an average width."""


class ExportDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        reviewers: list[str],
        documents: list[str],
        codes: list[str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format = QComboBox()
        for key, (label, _pattern) in EXPORTS.items():
            self.format.addItem(label, key)
        self.reviewer, self.document, self.code = QComboBox(), QComboBox(), QComboBox()
        for combo, values in (
            (self.reviewer, reviewers),
            (self.document, documents),
            (self.code, codes),
        ):
            combo.addItem(ALL)
            combo.addItems(values)
        for combo in (self.format, self.reviewer, self.document, self.code):
            # As wide as a usual entry, not the longest: a document's full title or a deep
            # code path made the dialog wider than a 1280-pixel screen. Long entries are
            # elided; each one's tooltip says it in full.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(COMBO_CHARACTERS)
            for row in range(combo.count()):
                combo.setItemData(row, tooltip(combo.itemText(row)), Qt.ItemDataRole.ToolTipRole)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Reviewer", self.reviewer)
        form.addRow("Document", self.document)
        form.addRow("Code (and its sub-codes)", self.code)
        buttons = ok_cancel(self, ok_text="Export…")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, reviewers: list[str], documents: list[str], codes: list[str]
    ) -> tuple[str, str | None, str | None, str | None] | None:
        """(format, reviewer, document, code) — None where not filtered — or None."""
        dialog = cls(parent, reviewers=reviewers, documents=documents, codes=codes)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None

        def chosen(combo: QComboBox) -> str | None:
            return None if combo.currentText() == ALL else combo.currentText()

        return (
            dialog.format.currentData(),
            chosen(dialog.reviewer),
            chosen(dialog.document),
            chosen(dialog.code),
        )


class ConflictChoice(QDialog):
    """How to treat codes and annotations the file has differently from the project."""

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import “{name}”")
        self.keep = QRadioButton("Keep the project's version (the differences are listed)")
        self.theirs = QRadioButton("Take the file's version")
        self.keep.setChecked(True)
        buttons = ok_cancel(self, ok_text="Import")
        layout = QVBoxLayout(self)
        layout.addWidget(self.keep)
        layout.addWidget(self.theirs)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, name: str) -> ConflictPolicy | None:
        """``"keep"``, ``"theirs"``, or None to cancel."""
        dialog = cls(parent, name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return "theirs" if dialog.theirs.isChecked() else "keep"


class ExportFiles:
    @classmethod
    def ask_target(
        cls, parent: QWidget | None, format: str, start: Path, *, folder: bool
    ) -> Path | None:
        if folder:
            name = QFileDialog.getExistingDirectory(
                parent, "Export Annotated PDFs to Folder", str(start.parent)
            )
            return Path(name) if name else None
        label, pattern = EXPORTS[format]
        name, _ = QFileDialog.getSaveFileName(parent, "Export", str(start), f"{label} ({pattern})")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(pattern[1:])

    @classmethod
    def ask_import(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Import", str(start), IMPORT_FILTER)
        return Path(name) if name else None


def run_export(host: ProjectHost) -> BackgroundJob | None:
    project = host.project
    if project is None:
        return None
    book = project.codes.codebook()
    documents = project.documents.all()
    chosen = ExportDialog.ask(
        host.window,
        reviewers=[r.name for r in project.reviewers.all()],
        documents=[d.title for d in documents],
        codes=[book.path(c.guid) for c in book if not c.is_root],
    )
    if chosen is None:
        return None
    format, reviewer, document, code = chosen
    document_key = next((d.id for d in documents if d.title == document), None)
    folder = format == "pdf" and document_key is None
    start = host.start_folder() / f"{project.path.stem}{EXPORTS[format][1][1:]}"
    target = ExportFiles.ask_target(host.window, format, start, folder=folder)
    if target is None:
        return None
    host.remember_folder(target)

    def work(job_project: Project, progress: Progress) -> list[Path]:
        from desktop.app.exporting import export_project, resolve_options

        options = resolve_options(
            job_project, reviewer=reviewer, codes=[code] if code else [], document=document_key
        )
        return export_project(
            job_project, format=format, out=target, options=options, progress=progress
        )

    def done(files: list[Path]) -> None:
        where = files[0] if len(files) == 1 else target
        host.window.statusBar().showMessage(f"Exported to “{where}”.", 10000)

    return host.jobs.run("Export", project.path, work, done)


def run_import(host: ProjectHost) -> BackgroundJob | None:
    project = host.project
    if project is None or host.bridge is None:
        return None
    path = ExportFiles.ask_import(host.window, host.start_folder())
    if path is None:
        return None
    host.remember_folder(path)
    policy = ConflictChoice.ask(host.window, path.name)
    if policy is None:
        return None
    reviewer = host.reviewer.ask_once()
    if not reviewer:
        return None
    bridge = host.bridge

    def work(job_project: Project, progress: Progress) -> ImportReport:
        from desktop.app.importing import import_file

        return import_file(
            job_project, path, reviewer_name=reviewer, on_conflict=policy, progress=progress
        )

    def done(report: ImportReport) -> None:
        bridge.announce(ChangeSet.of_whole_project("Import"))
        ImportReportDialog.show_report(host.window, report)

    return host.jobs.run("Import", project.path, work, done)


class ImportReportDialog:
    @classmethod
    def show_report(cls, parent: QWidget | None, report: ImportReport) -> None:
        lines = report.lines()
        box = message_box(
            parent, icon=QMessageBox.Icon.NoIcon, title="Import", text="\n".join(lines[:4])
        )
        if len(lines) > 4:
            box.setDetailedText("\n".join(lines))
        box.exec()

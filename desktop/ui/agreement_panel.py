"""Review > Agreement…: how far the reviewers agree, kept up to date while they code.

A window of its own (not modal): the figures are read beside the panes, and they follow every
edit. The person chooses two reviewers or more, the documents and the design (clause units or
free spans); the study runs on a thread with its own connection to the project
(``BackgroundJob``), its progress shown with a Cancel button, and any change of choice or
coding cancels a run under way and starts another. A table gives each row (all codes, each
facet, each code) with its figures coloured from red (no better than chance) to green (full
agreement), the sample in each cell's tip; a chart shows alpha per code; the list of
disagreements opens the Curation panel on the place chosen.

Texts are read once (a document worker per run would cost more than the figures) and kept
while the project is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.agreement.figures import Figure
from desktop.agreement.study import Design, Scope
from desktop.core.model import DocumentId, ReviewerId
from desktop.ui.background_jobs import BackgroundJob, Progress

if TYPE_CHECKING:
    from desktop.app.agreement import StudyRun
    from desktop.store import Project
    from desktop.ui.editor_bridge import EditorBridge

DESIGNS = {Design.CLAUSE: "Clause units", Design.SPAN: "Free spans (alpha_U)"}
_SETTLE_MS = 400
"""How long after the last edit or choice the figures are computed again."""


def figure_color(figure: Figure) -> QColor:
    """Red at 0 or below (agreement no better than chance), green at 1; grey: not computable."""
    if figure.value is None:
        return QColor("#DDDDDD")
    share = max(0.0, min(1.0, figure.value))
    return QColor.fromHsv(int(120 * share), 110, 245)


def figure_tip(figure: Figure) -> str:
    sample = figure.sample
    lines = [f"{figure.measure.value}: {figure.shown()}"]
    if figure.reason:
        lines.append(f"Not computable: {figure.reason}.")
    if figure.metric:
        lines.append(f"Distance: {figure.metric}")
    lines.append(f"Units {sample.units}, reviewers {sample.reviewers}, pairable {sample.pairable}")
    if sample.observed is not None:
        lines.append(f"Observed disagreement D_o {sample.observed_shown}")
    if sample.expected is not None:
        lines.append(f"Expected disagreement D_e {sample.expected_shown}")
    return "\n".join(lines)


class AlphaChart(QWidget):
    """Alpha (or alpha_U) per code as horizontal bars, red to green as in the table."""

    ROW = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, Figure]] = []
        self.setMinimumWidth(260)

    def set_bars(self, bars: list[tuple[str, Figure]]) -> None:
        self._bars = bars
        self.setMinimumHeight(self.ROW * max(1, len(bars)) + 8)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        label_width = min(180, self.width() // 2)
        scale = self.width() - label_width - 50
        for row, (name, figure) in enumerate(self._bars):
            top = 4 + row * self.ROW
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, top, label_width - 6, self.ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name.rsplit("/", 1)[-1],
            )
            width = 0 if figure.value is None else max(2.0, scale * max(0.0, figure.value))
            painter.fillRect(
                QRectF(label_width, top + 3, width, self.ROW - 6), QBrush(figure_color(figure))
            )
            painter.drawText(
                QRectF(label_width + width + 4, top, 60, self.ROW),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                figure.shown(2) if figure.value is not None else "n/c",
            )
        painter.end()


class AgreementPanel(QDialog):
    place_chosen = Signal(str, int, int)
    """The person chose a disagreement: its document id, start and end."""

    def __init__(self, bridge: EditorBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement")
        self.setObjectName("agreementPanel")
        self.setModal(False)
        self.resize(1100, 720)
        self._bridge = bridge
        self._texts: dict[DocumentId, str] = {}
        self._job: BackgroundJob | None = None
        self._alive: set[BackgroundJob] = set()
        """Every job whose thread may still run: a QThread must outlive its thread (Qt aborts
        the process otherwise), and ``succeeded`` comes just before the thread ends."""
        self._run: StudyRun | None = None
        self._settle = QTimer(self, singleShot=True, interval=_SETTLE_MS)
        self._settle.timeout.connect(self.recompute)

        self.reviewers = QListWidget()
        self.documents = QListWidget()
        self.design = QComboBox()
        for design, label in DESIGNS.items():
            self.design.addItem(label, design.value)
        self.session = QComboBox()
        self.session.setToolTip(
            "Show beside each figure what it became once the session's decisions took out "
            "the highlights it rejected or withdrew"
        )
        self.progress = QProgressBar()
        self.cancel = QPushButton("Cancel")
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.chart = AlphaChart()
        self.disagreements = QListWidget()
        self._lay_out()
        self._list_choices()

        self.reviewers.itemChanged.connect(self._on_choice_changed)
        self.documents.itemChanged.connect(self._on_choice_changed)
        self.design.currentIndexChanged.connect(self._on_choice_changed)
        self.session.currentIndexChanged.connect(self._on_choice_changed)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.disagreements.itemActivated.connect(self._on_disagreement_activated)
        self.disagreements.itemClicked.connect(self._on_disagreement_activated)
        bridge.changed.connect(self._on_bridge_changed)
        self.recompute()

    def _lay_out(self) -> None:
        choices = QVBoxLayout()
        choices.addWidget(QLabel("Reviewers (two or more)"))
        choices.addWidget(self.reviewers)
        choices.addWidget(QLabel("Documents"))
        choices.addWidget(self.documents)
        choices.addWidget(QLabel("Design"))
        choices.addWidget(self.design)
        choices.addWidget(QLabel("Before and after a review session"))
        choices.addWidget(self.session)
        side = QWidget()
        side.setLayout(choices)
        side.setMaximumWidth(260)

        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel)
        figures = QSplitter(Qt.Orientation.Vertical)
        figures.addWidget(self.table)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.chart)
        listed = QWidget()
        listed_layout = QVBoxLayout(listed)
        listed_layout.setContentsMargins(0, 0, 0, 0)
        listed_layout.addWidget(QLabel("Disagreements (click one to curate it)"))
        listed_layout.addWidget(self.disagreements)
        lower.addWidget(listed)
        figures.addWidget(lower)
        main = QVBoxLayout()
        main.addWidget(self.headline)
        main.addLayout(running)
        main.addWidget(figures, 1)
        body = QWidget()
        body.setLayout(main)

        outer = QHBoxLayout(self)
        outer.addWidget(side)
        outer.addWidget(body, 1)

    @property
    def project(self) -> Project:
        return self._bridge.project

    def _list_choices(self) -> None:
        from desktop.app.agreement import coding_reviewers

        coding = set(coding_reviewers(self.project))
        for reviewer in sorted(self.project.reviewers.all(), key=lambda r: r.name.casefold()):
            item = QListWidgetItem(reviewer.name)
            item.setData(Qt.ItemDataRole.UserRole, int(reviewer.id))
            item.setCheckState(
                Qt.CheckState.Checked if reviewer.id in coding else Qt.CheckState.Unchecked
            )
            self.reviewers.addItem(item)
        self.session.addItem("No session", None)
        for session in self.project.review.sessions():
            self.session.addItem(f"{session.title} ({session.started:%Y-%m-%d})", session.id)
        for document in self.project.documents.all():
            item = QListWidgetItem(document.title)
            item.setData(Qt.ItemDataRole.UserRole, document.id)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(document.title)
            self.documents.addItem(item)

    def chosen_reviewers(self) -> list[ReviewerId]:
        return [
            ReviewerId(int(item.data(Qt.ItemDataRole.UserRole)))
            for item in map(self.reviewers.item, range(self.reviewers.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def chosen_documents(self) -> list[DocumentId]:
        return [
            DocumentId(item.data(Qt.ItemDataRole.UserRole))
            for item in map(self.documents.item, range(self.documents.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    @property
    def running(self) -> bool:
        return self._job is not None

    @property
    def result(self) -> StudyRun | None:
        return self._run

    # -- computing -------------------------------------------------------------------------

    def recompute(self) -> None:
        """Cancel a run under way and compute the chosen study afresh."""
        self._settle.stop()
        self._stop_job()
        reviewers, documents = self.chosen_reviewers(), self.chosen_documents()
        if len(reviewers) < 2 or not documents:
            self._show_waiting("Choose two reviewers or more and at least one document.")
            return
        design = Design(self.design.currentData())
        session = self.session.currentData()
        texts = dict(self._texts)

        def work(project: Project, progress: Progress) -> StudyRun:
            from desktop.app.agreement import study_project

            return study_project(
                project,
                reviewers=reviewers,
                documents=documents,
                design=design,
                texts=texts,
                progress=progress,
                session=session,
            )

        job = BackgroundJob(self.project.path, work)
        job.progressed.connect(self._on_job_progressed)
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)
        self._alive.add(job)
        job.finished.connect(lambda: self._on_job_finished(job))
        self._job = job
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel.setEnabled(True)
        self.headline.setText("Computing…")
        job.start()

    def _stop_job(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.progressed.disconnect(self._on_job_progressed)
            job.succeeded.disconnect(self._on_job_succeeded)
            job.failed.disconnect(self._on_job_failed)
            job.cancel()
            job.wait()

    def _on_job_finished(self, job: BackgroundJob) -> None:
        self._alive.discard(job)
        job.deleteLater()

    def _show_waiting(self, text: str) -> None:
        self.headline.setText(text)
        self.progress.hide()
        self.cancel.setEnabled(False)

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_job_succeeded(self, run: StudyRun) -> None:
        self._job = None
        self._run = run
        self._texts = run.texts
        self._show_waiting("")
        self._show(run)

    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self._show_waiting(message or "Cancelled: change a choice to compute again.")

    def _on_cancel_clicked(self) -> None:
        self._stop_job()
        self._show_waiting("Cancelled: change a choice to compute again.")

    # -- showing ---------------------------------------------------------------------------

    def _show(self, run: StudyRun) -> None:
        from desktop.app.agreement import headline

        study, labels = run.study, run.labels
        self.headline.setText(headline(study, labels))
        measures = [f.measure.value for f in study.rows[0].figures] if study.rows else []
        header = ["Scope", "Name", *measures, "Units", "Pairable", "D_o", "D_e"]
        after = _after_figures(run)
        if after is not None:
            header += [f"After “{run.session}”", "Change"]
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(study.rows))
        for row_number, row in enumerate(study.rows):
            last = row.figures[-1]
            cells: list[QTableWidgetItem] = [
                QTableWidgetItem(row.scope.value),
                QTableWidgetItem(labels.row_name(row)),
            ]
            for figure in row.figures:
                cell = QTableWidgetItem(figure.shown())
                cell.setBackground(figure_color(figure))
                cell.setForeground(QColor("#000000"))
                cell.setToolTip(figure_tip(figure))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cells.append(cell)
            sample = last.sample
            for text in (
                str(sample.units),
                str(sample.pairable),
                sample.observed_shown,
                sample.expected_shown,
            ):
                cells.append(QTableWidgetItem(text))
            if after is not None:
                cells.extend(_change_cells(last, after.get((row.scope, row.facet, row.code))))
            for column, cell in enumerate(cells):
                self.table.setItem(row_number, column, cell)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.chart.set_bars(
            [
                (labels.row_name(row), row.figures[-1])
                for row in study.rows
                if row.scope is Scope.CODE
            ]
        )
        self.disagreements.clear()
        for place in study.disagreements:
            said = "; ".join(
                f"{labels.reviewers[r]}: {_short_codes(labels.codes_of(c))}"
                for r, c in place.codes.items()
            )
            text = run.texts.get(place.document, "")[place.start : place.end]
            item = QListWidgetItem(
                f"{labels.documents[place.document][:30]} · “{text[:60]}” · {said}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (place.document, place.start, place.end))
            item.setToolTip(text)
            self.disagreements.addItem(item)

    # -- following the project and the person ---------------------------------------------

    def _on_choice_changed(self, *_: object) -> None:
        self._settle.start()

    def _on_bridge_changed(self, _change_set: object) -> None:
        if self.isVisible():
            self._settle.start()

    def _on_disagreement_activated(self, item: QListWidgetItem) -> None:
        document, start, end = item.data(Qt.ItemDataRole.UserRole)
        self.place_chosen.emit(document, start, end)

    def done(self, result: int) -> None:
        self._stop_job()
        for job in self._alive:  # ending, past their last signal: let their threads end
            job.wait()
        super().done(result)


def _short_codes(paths: list[str]) -> str:
    return ", ".join(path.rsplit("/", 1)[-1] for path in paths) or "—"


def _after_figures(run: StudyRun) -> dict[tuple[Scope, str, str | None], Figure] | None:
    """The after-session study's last figure of each row, by the row's scope, facet and code."""
    if run.after is None:
        return None
    return {(row.scope, row.facet, row.code): row.figures[-1] for row in run.after.rows}


def _change_cells(before: Figure, after: Figure | None) -> list[QTableWidgetItem]:
    if after is None:
        return [QTableWidgetItem("—"), QTableWidgetItem("")]
    cell = QTableWidgetItem(after.shown())
    cell.setBackground(figure_color(after))
    cell.setForeground(QColor("#000000"))
    cell.setToolTip(figure_tip(after))
    change = ""
    if before.value is not None and after.value is not None:
        change = f"{after.value - before.value:+.3f}"
    return [cell, QTableWidgetItem(change)]

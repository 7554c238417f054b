"""Bulk fixes: one operation over many records, previewed as diffs, applied as one undo
step. Apply saves the files of the records without unsaved edits at once (on the window's
operation runner: progress, Stop), with exactly the previewed bytes; the records with
unsaved edits get the edit in memory (Save All writes them). Undo puts the old bytes back
into the files that still hold ours. The undo step is ``bulk_command``; the message
naming the files not written is ``bulk_failures``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QButtonGroup, QDialog, QDialogButtonBox, QGroupBox, \
    QHBoxLayout, QLabel, QListView, QProgressDialog, QRadioButton, QSplitter, QVBoxLayout

from curator.core.edits import bulk
from curator.core.errors import RecordError
from curator.core.checks.fixes import fix_codes
from curator.core.heap import give_back_memory
from curator.core.edits.open_records import plan_open_record
from curator.core.edits.operations import for_schema
from curator.core.edits.planned import unified_diff
from curator.core.files.record import Record

from curator.gui.bulk.bulk_command import BulkEditCommand
from curator.gui.bulk.bulk_failures import plural_count
from curator.gui.bulk.bulk_operation_form import BulkOperationForm
from curator.gui.bulk.bulk_preview import DiffHighlighter, PlanThread
from curator.gui.form.field_editors import code_view
from curator.gui.records.record_session import RecordSession

PathRole = Qt.ItemDataRole.UserRole + 1


class BulkEditDialog(QDialog):
    """Choose records and an operation, preview the diffs, apply as one undo step: the
    files of records without unsaved edits are saved at once, the records with unsaved
    edits are changed in memory. ``model`` is the window's record list (its rows follow
    the files written; None: no list to follow); ``runner`` the window's
    ``OperationRunner``, which writes the files.

    Signals:
        preview_finished(): a preview is shown (or was cancelled).
        applied(int): the edit was applied (and pushed on the undo stack when it changed
            anything): how many records changed.
    """

    preview_finished = Signal()
    applied = Signal(int)

    def __init__(self, session: RecordSession, undo_stack, selected, shown,
                 codes_of=None, parent=None, *, model=None, runner=None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkEditDialog")
        self.setWindowTitle("Bulk Edit — Curator")
        self.session = session
        self.undo_stack = undo_stack
        self.runner = runner
        self.selected = [str(p) for p in selected]
        self.shown = [str(p) for p in shown]
        self._codes_of = codes_of or (lambda path: set(
            p.code for p in session.problems(path)))
        self.plan: bulk.Plan | None = None
        self._thread: PlanThread | None = None
        self._progress: QProgressDialog | None = None
        self.model = model
        self.command: BulkEditCommand | None = None     # the last one applied
        self._open_plan = bulk.Plan()
        self._memory_paths: set[str] = set()    # planned from the records in memory
        self._applying = False
        self._data_cache: dict[str, dict | None] = {}
        self._count_timer = QTimer(self, singleShot=True, interval=250)
        self._build()
        self._connect()
        self._on_scope_changed()
        self.resize(1100, 720)

    # -- building -----------------------------------------------------------------------
    def _build(self) -> None:
        scope_box = QGroupBox("Records", self)
        self.scope_selected = QRadioButton(self)
        self.scope_selected.setObjectName("scopeSelected")
        self.scope_shown = QRadioButton(self)
        self.scope_shown.setObjectName("scopeShown")
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.scope_selected)
        self.scope_group.addButton(self.scope_shown)
        self.scope_selected.setText(f"The selected records ({len(self.selected):,})")
        self.scope_shown.setText(f"Every record the list shows ({len(self.shown):,})")
        self.scope_selected.setEnabled(bool(self.selected))
        (self.scope_selected if len(self.selected) > 1 else self.scope_shown).setChecked(True)
        scope_layout = QVBoxLayout(scope_box)
        scope_layout.addWidget(self.scope_selected)
        scope_layout.addWidget(self.scope_shown)
        scope_layout.addStretch(1)

        op_box = self.form = BulkOperationForm(self.session.schema.fields, self,
                                                title_field=self.session.profile.title_field)
        for name in ("operation", "set_field", "set_value", "set_yaml", "clear_field",
                     "fix_code", "replace_field", "find_text", "replace_text",
                     "replace_regex", "match_count"):
            setattr(self, name, getattr(self.form, name))   # the dialog's own parts

        self.summary = QLabel("Preview the edit to see what it changes.", self)
        self.summary.setObjectName("bulkSummary")
        self.summary.setWordWrap(True)
        self.changed_model = QStandardItemModel(self)
        self.changed_list = QListView(self)
        self.changed_list.setObjectName("changedList")
        self.changed_list.setModel(self.changed_model)
        self.changed_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.diff_view = code_view(self, "diffView")
        self._highlighter = DiffHighlighter(self.diff_view.document())
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.changed_list)
        split.addWidget(self.diff_view)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 740])

        self.buttons = QDialogButtonBox(self)
        self.preview_button = self.buttons.addButton(
            "&Preview", QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.setObjectName("previewButton")
        self.preview_button.setDefault(True)     # Enter previews; saving takes a click
        self.apply_button = self.buttons.addButton(
            "&Apply and save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setAutoDefault(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        top = QHBoxLayout()
        top.addWidget(op_box, 3)
        top.addWidget(scope_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.scope_group.buttonToggled.connect(self._on_scope_changed)
        self.form.parameters_changed.connect(self._on_parameters_changed)
        self._count_timer.timeout.connect(self._on_count_timer_timeout)
        self.changed_list.selectionModel().currentChanged.connect(
            self._on_changed_list_current_changed)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

    # -- scope and parameters -----------------------------------------------------------
    def paths(self) -> list[str]:
        return self.selected if self.scope_selected.isChecked() else self.shown

    def set_operation(self, key: str) -> None:
        self.form.set_operation(key)

    def _on_scope_changed(self, *args) -> None:
        counts = {code: 0 for code in fix_codes(self.session.schema)}
        for path in self.paths():
            for code in self._codes_of(path) & counts.keys():
                counts[code] += 1
        self.form.set_fix_counts(counts)
        self._on_parameters_changed()

    def _on_parameters_changed(self, *args) -> None:
        self._invalidate()
        if self.form.key == "replace":
            self._count_timer.start()

    def _invalidate(self) -> None:
        self.plan = None
        self.apply_button.setEnabled(False)
        self.apply_button.setText("&Apply and save")
        self.changed_model.clear()
        self.diff_view.clear()
        self.summary.setText("Preview the edit to see what it changes.")

    def operations(self) -> list:
        """The operation the dialog describes (bound to the collection's schema); ValueError
        when it is incomplete."""
        return for_schema(self.form.operations(), self.session.schema)

    def _data(self, path: str) -> dict | None:
        if self.session.is_modified(path):
            return self.session.record(path).data
        if path not in self._data_cache:
            try:
                self._data_cache[path] = Record.open(path, fast=True).data
            except RecordError:
                self._data_cache[path] = None
        return self._data_cache[path]

    def _on_count_timer_timeout(self) -> None:
        try:
            op = self.operations()[0]
        except ValueError as exc:
            self.match_count.setText(str(exc) if self.find_text.text() else "")
            return
        matches = records = 0
        for path in self.paths():
            data = self._data(path)
            n = op.count(data) if data is not None else 0
            matches += n
            records += n > 0
        self.match_count.setText(f"{matches:,} match{'es' if matches != 1 else ''} in "
                                 f"{records:,} record{'s' if records != 1 else ''}")

    # -- preview ------------------------------------------------------------------------
    def preview(self) -> None:
        """Plan the edit (files not open, in worker processes) and show its diffs."""
        self._invalidate()
        try:
            operations = self.operations()
        except ValueError as exc:
            self.summary.setText(f"<span style='color:#b71c1c'>Cannot preview: {exc}"
                                 "</span>")
            self.preview_finished.emit()
            return
        paths = self.paths()
        opened = [p for p in paths if self.session.is_modified(p)]
        others = [p for p in paths if not self.session.is_modified(p)]
        self._open_plan = bulk.Plan()
        self._memory_paths = set(opened)
        for path in opened:
            self._open_plan.extend(plan_open_record(self.session.record(path), operations))
        self._thread = PlanThread(others, operations, self, self.session.profile, self.model)
        self._progress = QProgressDialog("Planning the edit…", "Cancel", 0, len(others),
                                         self)
        self._progress.setObjectName("bulkProgress")
        self._progress.setWindowTitle("Bulk Edit")
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(400)
        self._progress.canceled.connect(self._thread.cancel)
        self._thread.progress_changed.connect(self._on_thread_progress_changed)
        self._thread.planned.connect(self._on_thread_planned)
        self.preview_button.setEnabled(False)
        self._thread.start()

    def _on_thread_progress_changed(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(max(total, 1))
            self._progress.setValue(done)

    def _on_thread_planned(self, result) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.wait()
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        self.preview_button.setEnabled(True)
        if thread is not None and thread.was_cancelled:
            self.summary.setText("Preview cancelled: nothing to apply.")
            self.preview_finished.emit()
            return
        plan = bulk.Plan()
        plan.extend(self._open_plan)
        plan.extend(result)
        plan.changes.sort(key=lambda c: Path(c.path).name)
        self.plan = plan
        self._show_plan(plan)
        self.apply_button.setEnabled(bool(plan.changes))
        self.preview_finished.emit()

    def _split(self, plan: bulk.Plan) -> tuple[list[bulk.Change], list[str]]:
        """The changes to write to disk, and the records changed in memory."""
        memory = self._memory_paths
        return ([c for c in plan.changes if c.path not in memory],
                [c.path for c in plan.changes if c.path in memory])

    def _show_plan(self, plan: bulk.Plan) -> None:
        n, k = len(plan.changes), len(plan.skipped)
        disk, memory = self._split(plan)
        parts = [f"<b>{plural_count(n, 'record')} change</b>", f"{plan.unchanged:,} unchanged"]
        if k:
            parts.append(f"<span style='color:#b71c1c'>{k:,} skipped (cannot be read)"
                         "</span>")
        what = []
        if disk:
            what.append(f"Apply saves {plural_count(len(disk), 'file')} to disk right away; "
                        "Undo puts the old contents back")
        if memory:
            one = len(memory) == 1
            what.append(f"{plural_count(len(memory), 'record')} with unsaved edits "
                        f"{'is' if one else 'are'} changed in memory only: Save All "
                        f"writes {'it' if one else 'them'}")
        text = " · ".join(parts)
        if what:
            text += "<br>" + ". ".join(what) + "."
        self.summary.setText(text)
        if disk and memory:
            label = f"&Apply: save {plural_count(len(disk), 'file')}, change " \
                    f"{len(memory):,} in memory"
        elif disk:
            label = f"&Apply and save {plural_count(len(disk), 'file')}"
        elif memory:
            label = f"&Apply to {plural_count(len(memory), 'record')} in memory"
        else:
            label = "&Apply and save"
        self.apply_button.setText(label)
        self.changed_model.clear()
        memory = set(memory)
        for change in plan.changes:
            item = QStandardItem(Path(change.path).name)
            item.setData(change.path, PathRole)
            if change.path in memory:
                item.setText(f"{item.text()} — in memory")
                item.setToolTip(f"{change.path}\nHas unsaved edits: changed in memory, "
                                "written by Save All")
                item.setForeground(Qt.GlobalColor.darkBlue)
            else:
                item.setToolTip(change.path)
            self.changed_model.appendRow(item)
        if plan.skipped:
            head = QStandardItem("Skipped: cannot be read")
            head.setEnabled(False)
            self.changed_model.appendRow(head)
            for err in plan.skipped:
                item = QStandardItem(f"✗ {Path(str(err.path)).name}")
                item.setData(str(err.path), PathRole)
                item.setToolTip(str(err))
                item.setForeground(Qt.GlobalColor.darkRed)
                self.changed_model.appendRow(item)
        if self.changed_model.rowCount():
            self.changed_list.setCurrentIndex(self.changed_model.index(0, 0))

    def skipped_paths(self) -> list[str]:
        return [str(e.path) for e in self.plan.skipped] if self.plan else []

    def _on_changed_list_current_changed(self, current, previous) -> None:
        path = current.data(PathRole) if current.isValid() else None
        if not path or self.plan is None:
            self.diff_view.clear()
            return
        change = next((c for c in self.plan.changes if c.path == path), None)
        if change is not None:   # named as in the folder: a/NAME, b/NAME
            self.diff_view.setPlainText(
                unified_diff(Path(change.path).name, change.old, change.new))
        else:
            err = next((e for e in self.plan.skipped if str(e.path) == path), None)
            self.diff_view.setPlainText(f"Skipped, never written:\n{err}")

    # -- applying -----------------------------------------------------------------------
    def apply(self) -> None:
        """Write the files on the runner (progress, Stop); once written, push the edit as
        one undo step (the records with unsaved edits are changed in memory then)."""
        if self.plan is None or not self.plan.changes or self._applying:
            return
        operations = self.operations()
        disk, memory = self._split(self.plan)
        text = f"Bulk: {operations[0].describe()} ({len(self.plan.changes):,} records)"
        command = BulkEditCommand(self.session, self.runner, disk, memory, operations,
                                  text, model=self.model)
        self._applying = True
        self.apply_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        command.apply(self.undo_stack, self._on_command_applied)

    def _on_command_applied(self, command: BulkEditCommand) -> None:
        """The files are written and the step pushed (unless nothing changed)."""
        self._applying = False
        self.command = command
        self.applied.emit(len(command.changed_paths))
        self.accept()

    def reject(self) -> None:
        if self._applying:     # being written: the progress has the Stop button
            return
        if self._thread is not None:
            self._thread.cancel()
            self._thread.wait()
        super().reject()

    def done(self, result: int) -> None:
        """Closed: its preview is let go at once, and the C heap's free pages with it (a
        plan of 5,000 records left 30 MB of free heap, counted in the window's memory
        until the dialog was deleted and beyond: issue 20). Applied, its changes are the
        undo step's."""
        super().done(result)
        self.plan, self._open_plan = None, bulk.Plan()
        give_back_memory()

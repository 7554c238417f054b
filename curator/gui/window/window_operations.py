"""How the window's views follow each operation's change set: the open records read again
from the files written, the record list's rows replaced (the facets follow the list), the
outcome in the status bar, the records not changed named in a message (the runner itself,
``operation_runner.py``, is the window's ``runner``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from curator.core.edits.changes import OpChanges
from curator.core.errors import RecordError

from curator.gui.bulk import bulk_failures
from curator.gui.records.record_session import RecordSession
from curator.gui.records.record_table_model import RecordTableModel
from curator.gui.window.operation_runner import OperationRunner

NOTE_MS = 15000     # how long the status bar shows an operation's outcome


class WindowOperations(QObject):
    """Refreshes the views from ``runner.changed``: the open records (``session``), the
    list's rows (``model``) and its counts (``update_status``), the status bar; failures
    are shown over ``parent``."""

    def __init__(self, parent: QWidget, runner: OperationRunner, session: RecordSession,
                 model: RecordTableModel, status_bar: QStatusBar,
                 update_status: Callable[[], None]) -> None:
        super().__init__(parent)
        self.runner = runner
        self.session = session
        self.model = model
        self.status_bar = status_bar
        self.update_status = update_status
        runner.changed.connect(self._on_runner_changed)
        runner.failed.connect(self._on_runner_failed)

    def _on_runner_failed(self, label: str, error: str) -> None:
        parent = self.parent()
        what = label.rstrip("…. ")
        QTimer.singleShot(0, parent, lambda: QMessageBox.warning(
            parent, "Curator — an operation failed",
            f"{what} stopped with an error:\n\n{error}\n\nWhat it wrote before is on disk; "
            "the records it did not reach are as they were."))

    def _on_runner_changed(self, changes: OpChanges) -> None:
        session = self.session
        with session.staying_put():        # the window stays on its record
            for path in sorted(changes.written):
                if session.is_open(path) and not session.is_modified(path):
                    try:
                        session.reload(path)
                    except RecordError:
                        session.release(path)     # read again when next shown
        model = self.model
        rows = [r for r in changes.rows.values()
                if changes.lists_new or model.row_for_path(r.path) >= 0]
        if rows:        # after the records: their rows are the files' as written
            model.put_rows(rows)
            self.update_status()
        if changes.note:
            self.status_bar.showMessage(changes.note, NOTE_MS)
        if changes.failures:
            failures = list(changes.failures)
            title = f"Curator — {changes.origin.lower()}"
            parent = self.parent()
            QTimer.singleShot(0, parent, lambda: bulk_failures.show_failures(
                parent, title, changes.failure_text, failures))

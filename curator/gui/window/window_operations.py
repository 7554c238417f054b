"""The window's operation runner (``operation_runner.py``, kept as ``window.runner``) and
how the window's views follow each operation's change set: the open records read again
from the files written, the record list's rows replaced (the facets follow the list), the
outcome in the status bar, the records not changed named in a message."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from curator.core.edits.changes import OpChanges
from curator.core.errors import RecordError

from curator.gui.bulk import bulk_failures
from curator.gui.window.operation_runner import OperationRunner

NOTE_MS = 15000     # how long the status bar shows an operation's outcome


class WindowOperations(QObject):
    """Refreshes a window's views from ``runner.changed``."""

    def __init__(self, window, runner: OperationRunner) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        runner.changed.connect(self._on_runner_changed)

    def _on_runner_changed(self, changes: OpChanges) -> None:
        w = self.window
        session = w.session
        with session.staying_put():        # the window stays on its record
            for path in sorted(changes.written):
                if session.is_open(path) and not session.is_modified(path):
                    try:
                        session.reload(path)
                    except RecordError:
                        session.release(path)     # read again when next shown
        model = w.model
        rows = [r for r in changes.rows.values() if model.row_for_path(r.path) >= 0]
        if rows:        # after the records: their rows are the files' as written
            model.put_rows(rows)
        if changes.note:
            w.statusBar().showMessage(changes.note, NOTE_MS)
        if changes.failures:
            failures = list(changes.failures)
            title = f"Curator — {changes.origin.lower()}"
            QTimer.singleShot(0, w, lambda: bulk_failures.show_failures(
                w, title, changes.failure_text, failures))


def install_operations(window) -> OperationRunner:
    window.runner = OperationRunner(window)
    window.operations_views = WindowOperations(window, window.runner)
    return window.runner

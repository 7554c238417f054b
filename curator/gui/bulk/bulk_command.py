"""The undo step of a bulk edit (``BulkEditCommand``): it writes the planned files (and
changes the records with unsaved edits in memory), and undo writes the old bytes back."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QProgressDialog

from curator.core.edits import bulk
from curator.core.errors import RecordError
from curator.core.collection.index import file_key, index_file
from curator.core.edits.open_records import edit_open_record

from curator.gui.bulk import bulk_failures
from curator.gui.bulk.bulk_failures import plural_count as _plural, why_not_written as _why
from curator.gui.records.record_session import RecordSession

PROGRESS_EVERY_S = 0.1    # while files are written: the progress moves this often,
ROWS_EVERY_S = 0.5        # and the list shows the rows of the files written this often


class _WriteProgress(QProgressDialog):
    """The progress of files being written; without a Stop button it cannot be closed
    (an undo or redo runs to its end)."""

    def __init__(self, label: str, total: int, cancellable: bool, parent) -> None:
        super().__init__(label, "Stop", 0, max(total, 1), parent)
        self.setObjectName("bulkWriteProgress")
        self.setWindowTitle("Bulk Edit")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoReset(False)
        self.setAutoClose(False)
        self.cancellable = cancellable
        self._stopped = False
        if not cancellable:
            self.setCancelButton(None)
        self.canceled.connect(self._on_canceled)

    def _on_canceled(self) -> None:
        self._stopped = self.cancellable

    @property
    def stopped(self) -> bool:
        """Stop was pressed (once pressed, stays so)."""
        self._stopped = self._stopped or (self.cancellable and self.wasCanceled())
        return self._stopped

    def reject(self) -> None:      # Escape
        if self.cancellable:
            super().reject()

    def closeEvent(self, event) -> None:
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


class BulkEditCommand(QUndoCommand):
    """One bulk edit, one undo step.

    ``changes`` (``bulk.Change``, planned from the files) are written at once, each file
    atomically with exactly the planned bytes, and only while it still holds the bytes
    they were planned from; ``memory_paths`` are records with unsaved edits: the
    ``operations`` change them in memory and they stay modified until saved. Undo writes
    the old bytes back into every file that still holds the ones written (a file changed
    since is reported, never overwritten) and restores the values in memory; redo writes
    again. The list rows of written files are replaced (the new rows come with the
    changes, the old ones are kept from ``model``), with the written file's size and time
    so the window's disk watch sees nothing to re-read; an open record without unsaved
    edits (the one shown) is read again from the bytes written.

    The first redo can be stopped (Stop in the progress): what was written stays written
    and is what undo restores. ``failures`` holds the files the last redo or undo could
    not write, ``stopped`` whether the first one was stopped.
    """

    def __init__(self, session: RecordSession, changes, memory_paths, operations,
                 text: str = "", *, model=None, parent=None) -> None:
        self._base = text or "Bulk edit"
        super().__init__(self._base)
        self.session = session
        self.model = model
        self.parent_widget = parent
        self.changes: list[bulk.Change] = list(changes)       # to write; after the first
        self.memory_paths = [str(p) for p in memory_paths]    # redo, those written
        self.operations = list(operations)
        self._planned = len(self.changes) + len(self.memory_paths)
        self._old: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        self._old_rows: dict = {}
        self._computed = False
        self._first = True
        self.failures: list[RecordError] = []
        self.stopped = False

    # -- in memory ----------------------------------------------------------------------
    def _compute(self) -> None:
        for path in self.memory_paths:
            try:
                edit = edit_open_record(path, self.session.record(path).data,
                                        self.operations)
            except RecordError as err:
                self.failures.append(err)
                continue
            if edit is not None:
                self._new[path] = edit.new
                self._old[path] = edit.old
        self._computed = True

    def _set(self, values_by_path: dict) -> None:
        with self.session.staying_put():
            for path, values in values_by_path.items():
                self.session.set_values(path, values)

    # -- the summary --------------------------------------------------------------------
    @property
    def changed_paths(self) -> list[str]:
        """The records this step changes: files written, and records changed in memory."""
        return [c.path for c in self.changes] + list(self._new)

    @property
    def written_count(self) -> int:
        return len(self.changes)

    @property
    def memory_count(self) -> int:
        return len(self._new)

    # -- undo and redo ------------------------------------------------------------------
    def redo(self) -> None:
        self.failures = []
        if not self._computed:
            self._compute()
        self._set(self._new)
        first, self._first = self._first, False
        if first:
            self._old_rows = self._rows_now(self.changes)
        outcomes = self._write(self.changes, forward=True, cancellable=first)
        done = [o.change for o in outcomes if o.done]
        if first:       # from now on, undo and redo concern the files written
            self.changes = done
            self._retitle()
        if not self.changes and not self._new:
            self.setObsolete(True)         # nothing was done: no undo step
        self._tell("Bulk edit", len(done), "saved", "not written", first and self.stopped)

    def undo(self) -> None:
        self.failures = []
        outcomes = self._write([c.reverse() for c in self.changes], forward=False,
                               cancellable=False)
        self._set(self._old)
        self._tell("Undo of the bulk edit", sum(o.done for o in outcomes), "restored",
                   "not restored")

    def _retitle(self) -> None:
        done = len(self.changes) + len(self._new)
        if self.stopped:
            self.setText(f"{self._base.rsplit(' (', 1)[0]} ({done:,} of "
                         f"{self._planned:,} records; stopped)")
        elif done != self._planned:
            self.setText(f"{self._base.rsplit(' (', 1)[0]} ({done:,} records)")

    # -- writing ------------------------------------------------------------------------
    def _rows_now(self, changes) -> dict:
        model = self.model
        if model is None:
            return {}
        out = {}
        for change in changes:
            i = model.row_for_path(change.path)
            if i >= 0:
                out[change.path] = model.record_row(i)
        return out

    def _write(self, changes, *, forward: bool, cancellable: bool) -> list[bulk.Outcome]:
        """Write ``changes`` (forward: the planned bytes; else the old ones back): the
        files of open records first, on this thread, each read again at once; then the
        others on writer threads while the window keeps painting, under a progress."""
        session = self.session
        todo = []
        for change in changes:
            if session.is_modified(change.path):    # edited here since: left alone
                self.failures.append(RecordError(
                    change.path, "has unsaved edits here; its file was left alone",
                    code="io.conflict"))
            else:
                todo.append(change)
        open_ = set(session.open_paths())
        first = [c for c in todo if c.path in open_]
        rest = [c for c in todo if c.path not in open_]
        outcomes: list[bulk.Outcome] = []
        pending: list = []          # list rows not yet replaced
        flushed = [time.monotonic()]

        def take(batch, rows_now: bool) -> None:
            outcomes.extend(batch)
            pending.extend(self._took(batch, forward))
            if rows_now or time.monotonic() - flushed[0] >= ROWS_EVERY_S:
                self._put_rows(pending)
                pending.clear()
                flushed[0] = time.monotonic()

        try:
            if first:
                bulk.write_many(first, report=lambda batch, done, total: take(batch, True))
            if rest:
                self._write_rest(rest, forward, cancellable, take)
        finally:
            self._put_rows(pending)
        return outcomes

    def _put_rows(self, rows) -> None:
        """Replace list rows in one go (``put_rows`` tells views once per run of rows)."""
        if self.model is not None:
            self.model.put_rows(rows)

    def _write_rest(self, rest, forward: bool, cancellable: bool, take) -> None:
        verb = "Writing" if forward else "Restoring"
        host = QApplication.activeModalWidget() or self.parent_widget
        progress = _WriteProgress(f"{verb} {_plural(len(rest), 'file')}…", len(rest),
                                  cancellable, host)

        def report(batch, done, total) -> None:
            take(batch, False)
            if not progress.stopped:
                progress.setValue(done)
            # the window repaints; while no progress is up, nothing the curator does
            # reaches it (an undo in the middle of this one, say)
            QCoreApplication.processEvents(
                QEventLoop.ProcessEventsFlag.AllEvents if progress.isVisible()
                else QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

        try:
            bulk.write_many(rest, report=report, cancelled=lambda: progress.stopped,
                            interval=PROGRESS_EVERY_S)
        finally:
            self.stopped = self.stopped or progress.stopped
            progress.hide()
            progress.deleteLater()

    def _took(self, batch, forward: bool) -> list:
        """Outcomes of written files: open records read again; their new list rows."""
        session, model = self.session, self.model
        open_ = set(session.open_paths())
        rows = []
        for outcome in batch:
            change = outcome.change
            if not outcome.done:
                self.failures.append(_why(outcome.error, forward))
                continue
            path = change.path
            if path in open_ and not session.is_modified(path):
                self._reread(path, change.new)
            if model is None or model.row_for_path(path) < 0:
                continue
            row = change.row if forward else self._old_rows.get(path)
            st = outcome.stat
            if row is None:
                row = index_file(path, *file_key(st), profile=session.profile)
            else:
                row = row.with_key(file_key(st))
            rows.append(row)
        return rows

    def _reread(self, path: str, raw: bytes) -> None:
        with self.session.staying_put():
            try:
                self.session.reload(path, raw)
            except RecordError:
                self.session.release(path)     # read again when next shown

    # -- telling ------------------------------------------------------------------------
    def _tell(self, what: str, done: int, did: str, failed: str,
              stopped: bool = False) -> None:
        """The outcome in the status bar; the files not written in a message, shown once
        the undo stack is done with this step."""
        window = self.parent_widget
        failures = list(self.failures)
        parts = []
        if done:
            parts.append(f"{_plural(done, 'file')} {did}")
        if self._new:
            parts.append(f"{_plural(len(self._new), 'record')} with unsaved edits "
                         + ("changed in memory (Save All writes them)" if did == "saved"
                            else "put back in memory"))
        if failures:
            parts.append(f"{len(failures):,} {failed}")
        if stopped:
            parts.append("stopped")
        status = getattr(window, "statusBar", None)
        if status is not None and parts:
            status().showMessage(f"{what}: " + ", ".join(parts), 15000)
        if failures:
            text = f"{what}: {_plural(len(failures), 'file')} {failed}" + \
                (f"; {_plural(done, 'other file')} {did}." if done else ".")

            def show() -> None:
                bulk_failures.show_failures(window, f"Curator — {what.lower()}", text, failures)
            if window is not None:
                QTimer.singleShot(0, window, show)
            else:
                QTimer.singleShot(0, show)

"""Saving in the main window: one record, all of them, and the questions asked about
unsaved edits, conflicts on disk and crash recovery (tests replace the questions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from curator.core.edits.changes import OpChanges
from curator.core.edits.workspace import write_saves
from curator.core.errors import RecordError

from curator.gui.window.conflict_dialog import ask_conflict as _ask_conflict
from curator.gui.window.recovery import ask_restore as _ask_restore
from curator.gui.records.undo_commands import RevertCommand

SAVED_ALL = "Saved every modified record"


class SavingMixin:
    """MainWindow's saving and the save / discard / cancel questions."""

    # -- saving -------------------------------------------------------------------------
    def save_record(self, path: str) -> bool:
        """Save one record; a failure is shown and the record stays modified."""
        try:
            self.session.save(path)
        except RecordError as err:
            if err.code == "io.conflict":   # changed or deleted on disk: ask (disk_watch.py)
                return self.disk_watch.resolve(path)
            self.show_save_error([(path, err)])
            return False
        return True

    def save_all(self) -> bool:
        """Save every modified record now, on this thread (before the open records are
        dropped: the window closes or opens another folder); False when one could not
        be (shown, and it stays modified)."""
        failed = self.session.save_all()
        if failed:
            self.show_save_error(failed)
        else:
            self.statusBar().showMessage(SAVED_ALL, 4000)
        return not failed

    def start_save_all(self) -> None:
        """Save every modified record through the operation runner (Save All): rendered
        here, written on its thread under one progress with Stop, told as one change
        set; the records not saved are shown and stay modified. Asked while another
        operation runs, it starts once the runner is idle (its requests are made from
        the records as they are then)."""
        if self.runner.busy:
            self.runner.stop_quiet()         # a look at the disk gives way
            self.runner.idle.connect(self._on_runner_idle_save_all,
                                     Qt.ConnectionType.SingleShotConnection)
            return
        workspace = self.session.workspace
        requests, failed = workspace.save_requests()
        if not requests:
            if failed:
                self.show_save_error(failed)
            return

        def finish(result) -> OpChanges:
            written, not_written = result
            saved = [str(r.path) for r in written if workspace.saved_as(r)]
            if failed or not_written:
                self.show_save_error(failed + not_written)
            stopped = len(written) + len(not_written) < len(requests)
            note = (SAVED_ALL if len(saved) == len(requests) else
                    f"Saved {len(saved)} of {len(requests)} modified records"
                    + (" (stopped)" if stopped else ""))
            return OpChanges("Save All", frozenset(saved), frozenset(), note=note,
                             stopped=stopped)

        count = len(requests)
        self.runner.run(f"Saving {count} record{'s' if count != 1 else ''}…",
                        lambda progress, cancelled: write_saves(requests, progress,
                                                                cancelled),
                        finish, total=count)

    def show_save_error(self, failures) -> None:
        """Tell the curator which files could not be saved (tests replace this)."""
        text = "\n".join(f"{Path(p).name}: {err.message}" for p, err in failures)
        QMessageBox.warning(self, "Curator — not saved",
                            f"{len(failures)} record(s) could not be saved and keep their "
                            f"edits:\n\n{text}")

    def ask_save_changes(self, count: int) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel for ``count`` records with unsaved edits (tests
        replace this)."""
        return QMessageBox.question(
            self, "Curator — unsaved edits",
            f"{count} record{'s have' if count != 1 else ' has'} unsaved edits. "
            "Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def ask_conflict(self, path: str, diff: str, deleted: bool) -> str:
        """``reload``, ``overwrite``, ``merge`` (when ``disk_watch.merge`` is offered; its
        conflicts settled) or ``cancel`` for a record changed (or deleted) on disk that
        has unsaved edits (tests replace this)."""
        return _ask_conflict(self, path, diff, deleted, self.disk_watch.merge)

    def ask_restore(self, entries) -> bool:
        """Whether to restore the journaled unsaved edits of a crashed session (tests
        replace this)."""
        return _ask_restore(self, entries)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the open records (saved or discarded)."""
        modified = self.session.modified_paths()
        if not modified:
            return True
        answer = self.ask_save_changes(len(modified))
        if answer == QMessageBox.StandardButton.Save:
            return self.save_all()
        if answer == QMessageBox.StandardButton.Discard:
            self.edits_discarded.emit(modified)
            return True
        return False

    def _on_save_triggered(self) -> None:
        if self._current and self.save_record(self._current):
            self.statusBar().showMessage(f"Saved {Path(self._current).name}", 4000)

    def _on_runner_idle_save_all(self) -> None:
        self.start_save_all()

    def _on_save_all_triggered(self) -> None:
        self.start_save_all()

    def _on_revert_triggered(self) -> None:
        if self._current and self.session.is_modified(self._current):
            self.undo_stack.push(RevertCommand(self.session, self._current))

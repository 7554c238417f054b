"""Saving in the main window: one record, all of them, and the questions asked about
unsaved edits, conflicts on disk and crash recovery (tests replace the questions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from curator.core.errors import RecordError

from curator.gui.window.conflict_dialog import ask_conflict as _ask_conflict
from curator.gui.window.recovery import ask_restore as _ask_restore
from curator.gui.records.undo_commands import RevertCommand


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
        failed = self.session.save_all()
        if failed:
            self.show_save_error(failed)
        else:
            self.statusBar().showMessage("Saved every modified record", 4000)
        return not failed

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

    def _on_save_all_triggered(self) -> None:
        self.save_all()

    def _on_revert_triggered(self) -> None:
        if self._current and self.session.is_modified(self._current):
            self.undo_stack.push(RevertCommand(self.session, self._current))

"""Listing a folder in the main window: opening it, the rows arriving from the folder
loader in batches a few times a second, and the end of the listing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer

from curator.core.collection.profile_choice import chosen_profile
from curator.core.fields.schema import SchemaError

from curator.gui.widgets import gc_pin
from curator.gui.window import window_settings

APPEND_INTERVAL_MS = 150   # while a folder loads, rows and progress reach the list this often
LONG_LIST = 10_000         # ... and a third as often past this many rows
LONG_INTERVAL_MS = 500


def append_interval_ms(listed: int) -> int:
    """How long rows that arrive wait to be listed, with ``listed`` rows in the list."""
    return 0 if not listed else APPEND_INTERVAL_MS if listed < LONG_LIST else LONG_INTERVAL_MS


class FolderListingMixin:
    """MainWindow's folder opening and listing (its state is set up in MainWindow)."""

    # -- folders ------------------------------------------------------------------------
    def open_folder(self, path) -> bool:
        """Start listing a folder (asking first about unsaved edits); False if the
        curator cancelled or the folder does not exist."""
        folder = Path(path)
        if not folder.is_dir():
            self.statusBar().showMessage(f"Not a folder: {folder}", 8000)
            return False
        if not self.maybe_save():
            return False
        try:
            profile = chosen_profile(folder)
        except SchemaError as exc:     # the folder's profile file (or schema) is wrong
            self.statusBar().showMessage(f"Cannot open {folder.name}: {exc}", 30000)
            return False
        if self.folder is not None:
            window_settings.save_collection_layout(self, self.settings, self.folder)
        restored = window_settings.restore_collection_layout(self, self.settings, folder)
        if restored:
            self.layout_follower.active = False
            self.screen_fit.request()       # a layout saved on a wider screen
        self.loader.cancel()
        self.runner.stop_quiet()        # a look at the old folder's files
        self._append_timer.stop()
        self._pending_rows = []
        self._pending_progress = None
        self._scan_done = None
        self.undo_stack.clear()
        self.session.clear()
        self.recovery.folder_closed()   # the old folder's edits were saved or dropped
        self._show_record("")
        self.model.clear()
        fresh = not restored and self.session.profile.name != profile.name
        self.use_profile(profile)
        if fresh:                       # no layout of its own yet: the profile's columns
            self.columns.show_profile_columns(profile)
        self.folder = folder
        self.settings.setValue("lastFolder", str(folder))
        window_settings.add_recent(self.settings, folder)
        self.setWindowFilePath(str(folder))
        self.setWindowTitle(f"{folder.name} — Curator[*]")
        self._loading = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop_loading.show()
        self._update_status()
        self.resume.start(folder)
        self.loader.start(folder, self.session.profile)
        return True

    def recent_folders(self) -> list[str]:
        return window_settings.recent_folders(self.settings)

    def _on_loader_rows_loaded(self, rows) -> None:
        self._pending_rows.extend(rows)
        self._schedule_append()

    def _on_loader_progress_changed(self, done: int, total: int) -> None:
        self._pending_progress = (done, total)
        self._schedule_append()

    def _schedule_append(self) -> None:
        # The first rows are listed at once; later ones are gathered and listed a few
        # times a second: each listing repaints the view, the progress bar and the
        # status, which on every 128-row batch took a core's worth of a 2-core machine
        # from the workers parsing the folder. Past LONG_LIST rows, twice a second: at
        # 150 ms, a cold open of 70,000 records listed 240 times, whose repaints asked
        # the list's model for 141,709 cells (1.2 s of the GUI thread's 2.9 s).
        if not self._append_timer.isActive():
            self._append_timer.start(append_interval_ms(self.model.rowCount()))

    def _on_append_timer_timeout(self) -> None:
        self._flush_pending()

    def _flush_pending(self) -> None:
        rows, self._pending_rows = self._pending_rows, []
        if rows:
            self.model.append_rows(rows)
            if self._loading:
                gc_pin.hold()     # the rows listed so far: not walked again until settled
            # a record opened before its row arrived keeps its edits (the few modified
            # paths looked up: asking of each of a warm reopen's 12,000 rows was 1.4 ms)
            for path in self.session.modified_paths():
                if self.model.row_for_path(path) >= 0:
                    self.model.set_modified(path, True)
            self.resume.rows_arrived()   # window_resume.py: the record last worked on
        if self._pending_progress is not None and self._loading:
            done, total = self._pending_progress
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.progress.setFormat("Loading %v of %m")
        self._pending_progress = None
        self._update_status()

    def _on_stop_loading_clicked(self) -> None:
        self.loader.cancel()
        self._on_loader_finished(False, "")
        self.statusBar().showMessage("Listing stopped: the list is incomplete", 8000)

    def _on_loader_noted(self, note: str) -> None:
        self.statusBar().showMessage(note, 15000)   # the index cache is rebuilt: why

    def _on_loader_finished(self, completed: bool, error: str) -> None:
        self._scan_done = (completed, error)
        self._append_timer.stop()
        self._pending_progress = None   # the bar is hidden now: no repaint of it (ms)
        self._flush_pending()
        self._finish_loading()

    def _finish_loading(self) -> None:
        (completed, error), self._scan_done = self._scan_done, None
        self.first_paint.settle()   # the record the list starts on, if not yet opened
        self._loading = False
        self.progress.hide()
        self.stop_loading.hide()
        self._update_status()
        if error:
            self.statusBar().showMessage(f"Listing the folder failed: {error}", 15000)
        # the rows exempted from collection once the listing's own turn is over (what
        # gc_pin.hold exempted collected first, a listing stopped too): a full
        # collection (50 ms at 12,000 rows) is nothing the list waits for
        QTimer.singleShot(0, gc_pin.settle)
        if completed:
            self.proxy.resort()   # rows were listed as they arrived
            self.folder_loaded.emit()

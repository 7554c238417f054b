"""Records changed outside Curator: re-read the unmodified ones, mark the conflicts.

The files open in the session (the record shown and those with unsaved edits) and the
folder are watched with ``QFileSystemWatcher``; the rest of the list (thousands of files
cannot all be watched) is checked by size and time when the folder changes or the window
is activated. A record changed on disk and not edited here is re-read silently; one
edited in both places, or deleted on disk, is marked, and saving it asks (``resolve``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from curator.core.edits.planned import unified_diff
from curator.core.errors import RecordError
from curator.core.files.fastload import read_record_bytes
from curator.core.edits.field_merge import FieldMerge, merge_fields
from curator.core.collection.index import FolderIndex, index_file, stat_key
from curator.core.edits.changes import OpChanges
from curator.core.files.record import Record

from curator.gui.records.record_session import RecordSession
from curator.gui.window.conflict_dialog import MERGE, OVERWRITE, RELOAD
from curator.gui.window.folder_loader import FolderLoader
from curator.gui.window.operation_runner import OperationRunner
from curator.gui.window.window_layout import WindowLayout
from curator.gui.window.window_parts import Listing, Prompts

CHANGED, DELETED = "changed", "deleted"
CHECK_DELAY_MS = 150
ROWS_EVERY_S = 2.0      # the whole list is stat-checked at most this often


class DiskWatch(QObject):
    """Notices record files changed or deleted outside Curator (kept as
    ``window.disk_watch``). Given the window only as its parent, whose activation starts a
    check; what it reads and changes is passed in: the session, the layout (the form, the
    problems, the status bar), the list, the folder's loader, the window's prompts, and
    how to refresh the record header and the status counts.

    Signals:
        conflicts_changed(): a record gained or lost its changed-on-disk mark.
    """

    conflicts_changed = Signal()

    def __init__(self, parent: QWidget, session: RecordSession, ui: WindowLayout,
                 listing: Listing, loader: FolderLoader, prompts: Prompts,
                 runner: OperationRunner, *, update_header: Callable[[], None],
                 update_status: Callable[[], None]) -> None:
        super().__init__(parent)
        self.session = session
        self.ui = ui
        self.listing = listing
        self.loader = loader
        self.prompts = prompts
        self.runner = runner          # while it writes, our own writes are not looked at
        self.update_header = update_header
        self.update_status = update_status
        self.conflicts: dict[str, str] = {}      # path -> CHANGED or DELETED
        self.merge: FieldMerge | None = None     # offered while the conflict dialog asks
        self.watcher = QFileSystemWatcher(self)
        self._rows_due = False
        self._deferred = False       # a look put off while an operation ran
        self._rows_checked = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)   # let a writer finish first
        self._connect()

    def _connect(self) -> None:
        self.watcher.fileChanged.connect(self._on_watcher_file_changed)
        self.watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.listing.current_record_changed.connect(self._on_window_current_record_changed)
        self.listing.folder_loaded.connect(self._on_window_folder_loaded)
        self.session.modified_changed.connect(self._on_session_modified_changed)
        self.session.record_saved.connect(self._on_session_record_saved)
        self.runner.idle.connect(self._on_runner_idle)
        self.parent().installEventFilter(self)

    # -- what is watched ----------------------------------------------------------------
    def sync_watches(self) -> None:
        """Watch exactly the open records that exist, and the folder."""
        wanted = {p for p in self.session.open_paths() if os.path.exists(p)}
        folder = self.listing.folder()
        if folder is not None and folder.is_dir():
            wanted.add(str(folder))
        current = set(self.watcher.files()) | set(self.watcher.directories())
        if current - wanted:
            self.watcher.removePaths(sorted(current - wanted))
        if wanted - current:
            self.watcher.addPaths(sorted(wanted - current))
        for path in [p for p in self.conflicts if p not in self.session.open_paths()]:
            self._unmark(path)

    def _on_window_current_record_changed(self, path: str) -> None:
        self.sync_watches()

    def _on_window_folder_loaded(self) -> None:
        self.sync_watches()

    def _on_session_modified_changed(self, path: str, modified: bool) -> None:
        self.sync_watches()

    def _on_session_record_saved(self, path: str) -> None:
        self._unmark(path)
        self._refresh_row_from_disk(path)
        self.sync_watches()       # an atomic save replaced the watched file

    def _on_watcher_file_changed(self, path: str) -> None:
        self._timer.start(CHECK_DELAY_MS)

    def _on_watcher_directory_changed(self, path: str) -> None:
        self._rows_due = True
        self._timer.start(CHECK_DELAY_MS)

    def eventFilter(self, obj, event) -> bool:
        # Only the event type and the C++ parent are read before it is known to be an
        # activation: the window is destroyed after the collector cleared the Python
        # attributes of this cycle (window -> disk_watch -> the window's callables), and its destruction
        # still sends events through this filter.
        if event.type() == QEvent.Type.WindowActivate and obj is self.parent():
            self._rows_due = True
            self._timer.start(CHECK_DELAY_MS)
        return False

    def _on_timer_timeout(self) -> None:
        if self.runner.busy:     # our own writes: looked at once they are told
            self._deferred = True
            return
        self.check()

    def _on_runner_idle(self) -> None:
        if self._deferred:
            self._deferred = False
            self._timer.start(CHECK_DELAY_MS)

    # -- checking -----------------------------------------------------------------------
    def check(self) -> None:
        """Compare every open record, and (when due) every listed row, with its file."""
        rows_due, self._rows_due = self._rows_due, False
        for path in self.session.open_paths():
            self.check_record(path)
        if rows_due:
            wait = self._rows_checked + ROWS_EVERY_S - time.monotonic()
            if wait > 0:            # a save or a burst of changes: check once, later
                self._rows_due = True
                self._timer.start(int(wait * 1000) + CHECK_DELAY_MS)
            elif self.check_rows():
                self._rows_checked = time.monotonic()
            else:                   # busy listing: look again once it is done
                self._rows_due = True
                self._timer.start(int(ROWS_EVERY_S * 1000))
        self.sync_watches()

    def check_record(self, path: str) -> None:
        try:
            rec = self.session.record(path)
            disk = rec.changed_on_disk()
        except RecordError:
            return
        if disk is None:
            if self.conflicts.get(path) == CHANGED or (
                    self.conflicts.get(path) == DELETED and os.path.exists(path)):
                self._unmark(path)       # the file holds what was read again
            return
        if disk == b"" and not os.path.exists(path):
            if self.session.is_modified(path):
                self._mark(path, DELETED)    # the edits here are all that is left
            else:
                self.drop_deleted([path])
        elif self.session.is_modified(path):
            self._mark(path, CHANGED)
        else:
            self.reload(path, disk)

    def check_rows(self) -> bool:
        """Refresh the rows of unopened files whose size or time changed, list new files
        and drop deleted ones: stat and parse off the GUI thread, as a quiet operation of
        the runner, told as one change set (``rescanned``). False when the folder is
        still loading or an operation runs (try again later)."""
        folder = self.listing.folder()
        if folder is None:
            return True
        if self.runner.closed:
            return True                 # quitting: nothing more to look at
        if self.loader.running or self.runner.busy:
            return False
        # every row, open records too (else they would look new and be parsed each time);
        # ``rescanned`` leaves the rows of open records to check_record
        known = {row.path: row.key for row in self.listing.model.records}
        index = FolderIndex(folder, tidy=False, profile=self.session.profile)

        def work(progress, cancelled) -> tuple[list, str]:
            rows = []
            try:
                for batch in index.rescan(known, cancelled=cancelled):
                    rows.extend(batch)
            except Exception as exc:    # told in the status bar, never raised into Qt
                return rows, f"{type(exc).__name__}: {exc}"
            return rows, ""

        self.runner.run("Looking for files changed on disk", work,
                        partial(self.rescanned, folder), quiet=True)
        return True

    def rescanned(self, folder: Path, found: tuple[list, str]) -> OpChanges | None:
        """What ``check_rows`` found (rows, and why the look stopped short, or ""), as
        the change set the views refresh from: the rows of files changed or new on disk
        (not of open records: ``check_record``'s), the deleted ones dropped here. None
        when nothing changed or another folder was opened meanwhile."""
        if self.listing.folder() != folder:
            return None
        rows, error = found
        if error:
            self.ui.status_bar.showMessage(
                f"Looking for files changed on disk failed: {error}", 15000)
        rows = [row for row in rows if not self.session.is_open(row.path)]
        self.drop_deleted([row.path for row in rows if row.size < 0])
        rows = [row for row in rows if row.size >= 0]
        if not rows:
            return None
        return OpChanges("Changed on disk", frozenset(row.path for row in rows), None,
                         rows={row.path: row for row in rows}, lists_new=True)

    # -- acting -------------------------------------------------------------------------
    def reload(self, path: str, raw: bytes | None = None) -> bool:
        """Take the file's content (dropping any edits) and show it; False when the file
        cannot be read or parsed and the record has edits (they are kept)."""
        try:
            with self.session.staying_put():
                self.session.reload(path, raw)
        except (RecordError, OSError) as err:
            if self.session.is_modified(path):
                if not isinstance(err, RecordError):
                    err = RecordError(path, f"cannot read: {err}", code="io.read")
                self.prompts.show_save_error([(path, err)])
                return False
            # the new content cannot be parsed: show the file as the list shows it
            if path == self.listing.current_path():
                self.listing.select_record("")
                self.session.release(path)
                self.listing.select_record(path)
            else:
                self.session.release(path)
        else:
            if path == self.listing.current_path():
                self.ui.form.set_record(self.session.record(path),
                                        self.session.problems(path))
                self.ui.problems.set_problems(self.session.problems(path))
        self._unmark(path)
        self._refresh_row_from_disk(path)
        self.ui.status_bar.showMessage(
            f"{Path(path).name} changed on disk: re-read", 6000)
        return True

    def resolve(self, path: str) -> bool:
        """Saving a record whose file changed or went: show the diff and ask. True when
        the record was written or reloaded, False when the curator cancelled."""
        try:
            rec = self.session.record(path)
            new = rec.render()
        except RecordError as err:
            self.prompts.show_save_error([(path, err)])
            return False
        try:
            disk, deleted = read_record_bytes(path), False   # a FIFO never blocks
        except RecordError as err:
            if os.path.lexists(path):      # there, but unreadable or not a regular file
                self.prompts.show_save_error([(path, err)])
                return False
            disk, deleted = b"", True
        self._mark(path, DELETED if deleted else CHANGED)
        self.merge = None if deleted else self.merge_for(rec, disk)
        try:
            choice = self.prompts.ask_conflict(path, unified_diff(Path(path).name, disk, new),
                                               deleted)
        finally:
            merge, self.merge = self.merge, None
        if choice == MERGE and merge is not None and merge.resolved:
            return self.apply_merge(path, disk, merge)
        if choice == RELOAD:
            if deleted:
                with self.session.staying_put():
                    self.session.revert(path)   # nothing to read: the edits go
                return True
            return self.reload(path, disk)
        if choice == OVERWRITE:
            try:
                self.session.save(path, overwrite=True)
            except RecordError as err:
                self.prompts.show_save_error([(path, err)])
                return False
            return True
        return False

    def drop_deleted(self, paths) -> None:
        """Files deleted outside Curator with no edits here leave the list (and the
        counts); the shown one makes way for its neighbour. A file that is back by now
        (deleted and written again) stays."""
        listing, proxy = self.listing, self.listing.proxy
        paths = [p for p in paths if not os.path.exists(p)
                 and not self.session.is_modified(p)]
        if not paths:
            return
        if listing.current_path() in paths:
            row = proxy.row_of(listing.current_path())
            gone = set(paths)
            after = range(row + 1, proxy.rowCount())
            nearby = (proxy.path_at(r) for r in (*after, *range(row - 1, -1, -1)))
            listing.select_record(next((p for p in nearby if p not in gone), ""))
        for path in paths:
            if self.session.is_open(path):
                self.session.release(path)
            self._unmark(path)
        listing.model.remove_paths(paths)
        self.update_status()
        names = Path(paths[0]).name if len(paths) == 1 else f"{len(paths):,} records"
        self.ui.status_bar.showMessage(f"{names} deleted outside Curator: removed from "
                                       "the list", 6000)

    @staticmethod
    def merge_for(rec, disk: bytes) -> FieldMerge | None:
        """The field merge of the curator's edits with the file as it is on disk (None
        when the disk's version cannot be parsed: then only Overwrite or Reload)."""
        try:
            theirs = Record(disk, rec.path, fast=True).data
        except RecordError:
            return None
        return merge_fields(rec.original, rec.data, theirs)

    def apply_merge(self, path: str, disk: bytes, merge: FieldMerge) -> bool:
        """Take the disk's version, put the curator's kept edits (and the conflicts
        settled for them) on top, and save. False when it could not be written (the
        merged edits stay, unsaved)."""
        values = merge.our_values()
        try:
            with self.session.staying_put():
                self.session.reload(path, disk)
                if values:
                    self.session.set_values(path, values)
            if self.session.is_modified(path):
                self.session.save(path)
        except RecordError as err:
            self.prompts.show_save_error([(path, err)])
            return False
        self._unmark(path)
        self._refresh_row_from_disk(path)
        self.ui.status_bar.showMessage(
            f"{Path(path).name}: your edits and the changes on disk merged, and saved", 8000)
        return True

    def _refresh_row_from_disk(self, path: str) -> None:
        model = self.listing.model
        if model.row_for_path(path) < 0 or self.session.is_modified(path):
            return
        model.update_row(index_file(path, *stat_key(path), profile=self.session.profile))

    # -- marks --------------------------------------------------------------------------
    def _mark(self, path: str, kind: str) -> None:
        if self.conflicts.get(path) == kind:
            return
        self.conflicts[path] = kind
        what = "was deleted" if kind == DELETED else "changed"
        self.ui.status_bar.showMessage(
            f"{Path(path).name} {what} outside Curator"
            + (" and has unsaved edits here" if self.session.is_modified(path) else ""),
            10000)
        self._changed()

    def _unmark(self, path: str) -> None:
        if self.conflicts.pop(path, None) is not None:
            self._changed()

    def _changed(self) -> None:
        self.update_header()
        self.conflicts_changed.emit()

    def header_note(self, path: str) -> str:
        """The marker shown after the record's name in the form header."""
        kind = self.conflicts.get(path)
        if kind is None:
            return ""
        text = "deleted on disk" if kind == DELETED else "changed on disk"
        return f" <span style='color:#b71c1c'>⚠ {text}</span>"


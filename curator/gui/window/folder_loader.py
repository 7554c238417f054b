"""Loading a folder's record list off the GUI thread, in batches, cancellably."""

from __future__ import annotations

import faulthandler
import threading
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from curator.core.collection.index import FolderIndex

QUIT_DEADLINE_S = 15.0    # the longest a quit waits for the scans to stop


class _ScanThread(QThread):
    rows_loaded = Signal(object)          # list[IndexRow]
    progress_changed = Signal(int, int)   # done, total
    scan_finished = Signal(bool, str)     # completed (not cancelled), error text
    noted = Signal(str)                   # why the index cache was not (all) used

    def __init__(self, folder: Path, parent=None, profile=None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._profile = profile          # the collection's (None: chosen by the index)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        error = ""
        try:
            # the scan also removes what writes interrupted by a crash left behind
            index = FolderIndex(self._folder, tidy=True, profile=self._profile)
            batches = index.scan(progress=self.progress_changed.emit,
                                 cancelled=self._cancel.is_set, save=False)
            for batch in batches:
                self.rows_loaded.emit(batch)
            if index.cache_note:
                self.noted.emit(index.cache_note)
        except Exception as exc:   # reported, never raised into Qt's event loop
            error = f"{type(exc).__name__}: {exc}"
        self.scan_finished.emit(not self._cancel.is_set() and not error, error)
        if not error:
            # after the list is whole; not cancelled by a quit or another folder (the
            # loader waits for this thread): without it the next open parses again
            index.save()


class FolderLoader(QObject):
    """Lists a folder with the core's ``FolderIndex`` in a thread of its own.

    Signals:
        rows_loaded(list): a batch of ``IndexRow``, in the GUI thread.
        progress_changed(int, int): records listed so far, and in all.
        finished(bool, str): the scan ended: whether it completed, and an error (or "").
        noted(str): why the folder's index cache was not used, or not all of it (damaged,
            foreign): it is rebuilt.
    """

    rows_loaded = Signal(object)
    progress_changed = Signal(int, int)
    finished = Signal(bool, str)
    noted = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._thread: _ScanThread | None = None
        self._threads: list[_ScanThread] = []
        self._closed = False             # shut down (quitting): nothing starts again

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, folder: Path | str, profile=None) -> None:
        self.cancel()
        if self._closed:
            return
        thread = _ScanThread(Path(folder), self, profile=profile)
        thread.rows_loaded.connect(partial(self._on_thread_rows_loaded, thread))
        thread.progress_changed.connect(partial(self._on_thread_progress_changed, thread))
        thread.scan_finished.connect(partial(self._on_thread_scan_finished, thread))
        thread.noted.connect(partial(self._on_thread_noted, thread))
        thread.finished.connect(partial(self._on_thread_finished, thread))
        self._threads.append(thread)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Stop the running scan; its late batches are dropped."""
        if self._thread is not None:
            self._thread.cancel()
        self._thread = None

    def wait(self) -> None:
        """Cancel, and block until every scan and refresh thread has stopped (and with
        them their worker processes: the scan leaves its pool only once it is shut)."""
        self.cancel()
        for thread in list(self._threads):
            thread.cancel()
            thread.wait()

    def shutdown(self) -> None:
        """Stop for good (the window closes, the application quits): cancel, join every
        thread, and start no scan or refresh afterwards (a refresh started by the window's
        last events would outlive it: "QThread: Destroyed while thread is still
        running", SIGABRT)."""
        self._closed = True
        # A scan that does not stop must not hang the quit: after QUIT_DEADLINE_S every
        # thread's stack goes to stderr and the process ends (status 1). Only reading
        # stops: edits were saved or kept in the journal before this.
        faulthandler.dump_traceback_later(QUIT_DEADLINE_S, exit=True)
        try:
            self.wait()
        finally:
            faulthandler.cancel_dump_traceback_later()

    def _on_thread_rows_loaded(self, thread, rows) -> None:
        if thread is self._thread:
            self.rows_loaded.emit(rows)

    def _on_thread_progress_changed(self, thread, done: int, total: int) -> None:
        if thread is self._thread:
            self.progress_changed.emit(done, total)

    def _on_thread_noted(self, thread, note: str) -> None:
        if thread is self._thread:
            self.noted.emit(note)

    def _on_thread_scan_finished(self, thread, completed: bool, error: str) -> None:
        if thread is self._thread:
            self._thread = None
            self.finished.emit(completed, error)

    def _on_thread_finished(self, thread) -> None:
        if thread is not self._thread and thread in self._threads:
            self._threads.remove(thread)
            thread.deleteLater()

"""Loading a folder's record list off the GUI thread, in batches, cancellably."""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from curator.core.index import FolderIndex


class _ScanThread(QThread):
    rows_loaded = Signal(object)          # list[IndexRow]
    progress_changed = Signal(int, int)   # done, total
    scan_finished = Signal(bool, str)     # completed (not cancelled), error text

    def __init__(self, folder: Path, parent=None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        error = ""
        try:
            index = FolderIndex(self._folder)
            for batch in index.scan(progress=self.progress_changed.emit,
                                    cancelled=self._cancel.is_set):
                self.rows_loaded.emit(batch)
        except Exception as exc:   # reported, never raised into Qt's event loop
            error = f"{type(exc).__name__}: {exc}"
        self.scan_finished.emit(not self._cancel.is_set() and not error, error)


class FolderLoader(QObject):
    """Lists a folder with the core's ``FolderIndex`` in a thread of its own.

    Signals:
        rows_loaded(list): a batch of ``IndexRow``, in the GUI thread.
        progress_changed(int, int): records listed so far, and in all.
        finished(bool, str): the scan ended: whether it completed, and an error (or "").
    """

    rows_loaded = Signal(object)
    progress_changed = Signal(int, int)
    finished = Signal(bool, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._thread: _ScanThread | None = None
        self._threads: list[_ScanThread] = []

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, folder: Path | str) -> None:
        self.cancel()
        thread = _ScanThread(Path(folder), self)
        thread.rows_loaded.connect(partial(self._on_thread_rows_loaded, thread))
        thread.progress_changed.connect(partial(self._on_thread_progress_changed, thread))
        thread.scan_finished.connect(partial(self._on_thread_scan_finished, thread))
        thread.finished.connect(partial(self._on_thread_finished, thread))
        self._threads.append(thread)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Stop the running scan; its late batches are dropped."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.cancel()

    def wait(self, msecs: int = 10000) -> None:
        """Cancel and block until every scan thread has stopped (on quit)."""
        self.cancel()
        for thread in list(self._threads):
            thread.cancel()
            thread.wait(msecs)

    def _on_thread_rows_loaded(self, thread, rows) -> None:
        if thread is self._thread:
            self.rows_loaded.emit(rows)

    def _on_thread_progress_changed(self, thread, done: int, total: int) -> None:
        if thread is self._thread:
            self.progress_changed.emit(done, total)

    def _on_thread_scan_finished(self, thread, completed: bool, error: str) -> None:
        if thread is self._thread:
            self._thread = None
            self.finished.emit(completed, error)

    def _on_thread_finished(self, thread) -> None:
        if thread is not self._thread and thread in self._threads:
            self._threads.remove(thread)
            thread.deleteLater()

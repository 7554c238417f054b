"""Long work (writing a bulk edit, its undo and redo) off the GUI thread, one operation at
a time, under one progress dialog with Stop; when an operation is done the runner tells
its change set (``OpChanges``) once, and the window's views refresh from it (as Anki's
``CollectionOp`` and ``OpChanges``). Nothing here processes events: the work runs on a
thread, and what it did comes back by a queued signal."""

from __future__ import annotations

import threading
import traceback
from collections import deque
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

from curator.core.edits.changes import OpChanges

SHOW_AFTER_MS = 300      # a quick operation shows no progress


@dataclass
class _Job:
    label: str
    work: Callable      # (progress(done, total), cancelled()) -> result, off the GUI thread
    finish: Callable    # (result) -> OpChanges | None, on the GUI thread
    total: int
    cancellable: bool
    then: Callable | None = None    # (OpChanges | None), once the views are told
    quiet: bool = False             # no progress dialog (a look at the disk)


class _WorkThread(QThread):
    progressed = Signal(int, int)
    done = Signal(object, object, object)   # the thread, result, exception (or None)

    def __init__(self, job: _Job, stop: threading.Event, parent=None) -> None:
        super().__init__(parent)
        self._job = job
        self._stop = stop

    def run(self) -> None:
        result, error = None, None
        try:
            result = self._job.work(self.progressed.emit, self._stop.is_set)
        except BaseException as exc:     # told on the GUI thread, never lost in Qt's loop
            error = exc
        self.outcome = (result, error)   # read by ``OperationRunner.settle`` too
        self.done.emit(self, result, error)


class OperationProgress(QProgressDialog):
    """The progress of the operation running; without a Stop button (an undo or redo
    runs to its end) it cannot be closed either."""

    def __init__(self, label: str, total: int, cancellable: bool, parent) -> None:
        super().__init__(label, "Stop", 0, max(total, 1), parent)
        self.setObjectName("operationProgress")
        self.setWindowTitle("Curator")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setAutoReset(False)
        self.setAutoClose(False)
        self.cancellable = cancellable
        if not cancellable:
            self.setCancelButton(None)

    def reject(self) -> None:      # Escape
        if self.cancellable:
            super().reject()

    def closeEvent(self, event) -> None:
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


class OperationRunner(QObject):
    """Runs operations one after the other, each off the GUI thread.

    ``run(label, work, finish)``: ``work(progress, cancelled)`` runs on a thread (it must
    not touch widgets or the open records: it gets what it needs beforehand), calling
    ``progress(done, total)`` now and then and asking ``cancelled()``; then, on the GUI
    thread, ``finish(result)`` returns the operation's change set, which ``changed``
    tells; then ``then(changes)``, if given. An operation asked for while another runs
    waits for it (an undo right after an apply writes after the apply is done).

    Signals:
        changed(object): an operation is done: its ``OpChanges`` (once per operation).
        failed(str, str): an operation's work or finish raised: its label, and the error
            (its traceback goes to stderr; ``then`` is still called, with None).
        idle(): nothing runs or waits any more.
    """

    changed = Signal(object)
    failed = Signal(str, str)
    idle = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._queue: deque[_Job] = deque()
        self._job: _Job | None = None
        self._thread: _WorkThread | None = None
        self._stop = threading.Event()
        self.progress: OperationProgress | None = None    # of the operation running
        self._closed = False

    @property
    def closed(self) -> bool:
        """The window is closing: no operation starts any more."""
        return self._closed

    @property
    def busy(self) -> bool:
        """An operation runs or waits."""
        return self._job is not None or bool(self._queue)

    def run(self, label: str, work: Callable, finish: Callable, *, total: int = 0,
            cancellable: bool = True, then: Callable | None = None,
            quiet: bool = False) -> None:
        """Queue an operation (see the class); it starts at once when none runs.
        ``quiet``: no progress dialog, however long it takes (the window's own look for
        files changed on disk: it must not take the keyboard from the curator)."""
        if self._closed:
            raise RuntimeError("the window is closing: no operation starts")
        self._queue.append(_Job(label, work, finish, total, cancellable, then, quiet))
        if not quiet and self._job is not None and self._job.quiet:
            self.stop()              # the curator's operation does not wait for a look
        if self._job is None:
            self._start_next()

    def stop(self) -> None:
        """Stop the operation running, if it can be stopped (as its Stop button does)."""
        if self._job is not None and self._job.cancellable:
            self._stop.set()

    def stop_quiet(self) -> None:
        """Stop a quiet operation (a look at the disk) running, and drop the ones waiting:
        the folder they look at is being closed."""
        self._queue = deque(job for job in self._queue if not job.quiet)
        if self._job is not None and self._job.quiet:
            self.stop()

    def settle(self) -> None:
        """Finish every operation now: wait for each one's thread in turn and tell its
        change set at once (before the window drops its open records: a Save All's
        records are saved ones then, not modified ones to save again); a quiet one is
        stopped first (what it found so far is told)."""
        self.stop_quiet()
        while self._thread is not None:
            thread = self._thread
            thread.wait()
            self._on_thread_done(thread, *thread.outcome)

    def shutdown(self) -> None:
        """The window closes: stop what can be stopped, wait for the operation running
        (its files are finished), start no other."""
        self._closed = True
        self._queue.clear()
        self.stop()
        if self._thread is not None:
            self._thread.wait()

    # -- running ------------------------------------------------------------------------
    def _start_next(self) -> None:
        if not self._queue:
            self.idle.emit()
            return
        job = self._job = self._queue.popleft()
        self._stop = threading.Event()
        if not job.quiet:
            host = QApplication.activeModalWidget() or self.window
            self.progress = OperationProgress(job.label, job.total, job.cancellable, host)
            self.progress.canceled.connect(self.stop)
        thread = self._thread = _WorkThread(job, self._stop, self)
        thread.progressed.connect(self._on_thread_progressed)
        thread.done.connect(self._on_thread_done)
        thread.start()

    def _on_thread_progressed(self, done: int, total: int) -> None:
        progress = self.progress
        if progress is not None and not self._stop.is_set():
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))

    def _on_thread_done(self, thread: _WorkThread, result, error) -> None:
        if thread is not self._thread:     # told already, by ``settle``
            return
        job = self._job
        thread.wait()
        thread.deleteLater()
        self._thread = None
        if self.progress is not None:
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None
        if self._closed:         # the window closed: what was done is on disk, untold
            self._job = None
            return
        try:
            changes = None
            try:
                if error is not None:
                    raise error
                changes = job.finish(result)
            except Exception as exc:   # a fault of the operation: told, never raised into Qt
                traceback.print_exception(exc)
                self.failed.emit(job.label, f"{type(exc).__name__}: {exc}")
            if isinstance(changes, OpChanges):
                self.changed.emit(changes)     # the views refresh, then the next starts
            if job.then is not None:
                job.then(changes)
        finally:
            self._job = None
            self._start_next()

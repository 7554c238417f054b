"""Reading a big record off the GUI thread.

The round-trip parse of a record takes about 0.1 ms a line and 0.6 s a megabyte: nothing
for a PFOCR record (under 10 KB), but 30 s for a 50 MB caption or 10 s for 100,000 lines
of front matter, during which a window parsing on its GUI thread is frozen. A record file
of ``BACKGROUND_FROM`` bytes or more is read and checked by ``RecordSession.read`` in a
worker thread; the window shows that it is loading, stays responsive, and shows the record
when it arrives, unless the curator went to another record meanwhile (the late result is
dropped).

The worker touches no Qt object: it fills a ``concurrent.futures.Future`` that a timer on
the GUI thread polls, so a result that arrives while the window closes has nobody to
call. The parse cannot be interrupted; the worker is a daemon thread and a window that
quits while one runs does not wait for it (it holds only its own parse).
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future

from PySide6.QtCore import QObject, QTimer, Signal

from curator.core.errors import RecordError
from curator.core.checks.problems import from_record_error

from curator.gui.records.record_session import Opened, RecordSession

BACKGROUND_FROM = 32 * 1024     # bytes: 3.5 times the biggest PFOCR record
POLL_MS = 30


class RecordLoader(QObject):
    """Reads one record at a time in a worker thread for ``session``.

    Signals:
        loaded(object): an ``Opened`` for the path last ``start``-ed (never a stale one).
    """

    loaded = Signal(object)

    def __init__(self, session: RecordSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.background_from = BACKGROUND_FROM
        self._future: Future | None = None
        self._path = ""
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def wants(self, path: str) -> bool:
        """Whether ``path`` is to be read in the background (big, and not open)."""
        if self.session.is_open(path):
            return False
        try:
            return os.stat(path).st_size >= self.background_from
        except OSError:
            return False            # the session reports why it cannot be read

    @property
    def path(self) -> str:
        """The record being read ("" when none)."""
        return self._path

    @property
    def seconds(self) -> float:
        """How long the record being read has taken so far."""
        return time.monotonic() - self._started if self._path else 0.0

    def start(self, path: str) -> None:
        """Read ``path`` in a worker; ``loaded`` follows (any earlier read is dropped)."""
        self.cancel()
        future: Future = Future()
        self._future, self._path, self._started = future, path, time.monotonic()
        threading.Thread(target=_read, args=(self.session, path, future),
                         name="curator-record-loader", daemon=True).start()
        self._timer.start()

    def cancel(self) -> None:
        """Drop the read under way (its result is never delivered)."""
        self._future, self._path = None, ""
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self.cancel()
        self.loaded.emit(future.result())


def _read(session: RecordSession, path: str, future: Future) -> None:
    """The worker: the session's own read (no Qt object is touched here)."""
    try:
        # the round-trip loader, as before issue 20: libyaml's composer alone reads a big
        # record 15 times faster but holds the GIL throughout (the window does not turn
        # meanwhile), where ruamel.yaml's pure-Python composer lets it turn
        # (tests/gui/test_big_records.py); a shown PFOCR record is read the fast way
        future.set_result(session.read(path, fast=False))
    except Exception as exc:   # reported as the record's error, never lost
        error = RecordError(path, f"cannot be read: {type(exc).__name__}: {exc}",
                            code="io.read")
        future.set_result(Opened(path, None, [from_record_error(error)], error))

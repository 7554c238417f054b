"""Quitting the application cleanly, however it is asked to: the window's close, Ctrl+Q,
``QApplication.quit`` (the packaged app's smoke test), SIGTERM and SIGINT.

Every path ends in ``FolderLoader.shutdown``: the folder scan and any refresh are
cancelled and joined with their worker processes, and none starts afterwards (a refresh
started by the window's last events outlived it: "QThread: Destroyed while thread is
still running", SIGABRT). A signal is noticed by the event loop through Python's wakeup
file descriptor (``signal.set_wakeup_fd``) and a ``QSocketNotifier``: Python runs signal
handlers only between bytecodes, which the idle event loop never executes.

On SIGTERM the curator cannot be asked about unsaved edits: they stay in the recovery
journal (``recovery.py``) and are offered on the next start.
"""

from __future__ import annotations

import os
import signal
import sys

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class QuitOnSignal(QObject):
    """Turns SIGTERM and SIGINT into a clean quit of ``window``."""

    def __init__(self, window, app) -> None:
        super().__init__(window)
        self.window = window
        self.app = app
        self.received: int | None = None
        self._read, self._write = os.pipe()
        for fd in (self._read, self._write):
            os.set_blocking(fd, False)
        self._previous_fd = signal.set_wakeup_fd(self._write)
        self.notifier = QSocketNotifier(self._read, QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._on_notifier_activated)
        for sig in SIGNALS:
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        # runs in the main thread, from the notifier's callback: only note it here
        if self.received is None:
            self.received = signum
            QTimer.singleShot(0, self.quit)

    def _on_notifier_activated(self, *args) -> None:
        try:
            while os.read(self._read, 512):
                pass
        except BlockingIOError:
            pass

    def quit(self) -> None:
        """Close the window without asking: edits not saved stay in the journal."""
        window = self.window
        modified = window.session.modified_paths()
        if modified:
            print(f"curator: {signal.Signals(self.received).name}: {len(modified)} "
                  "record(s) with unsaved edits kept for recovery", file=sys.stderr)
            window.recovery.flush()      # the latest edits too (it writes on a timer)
            window.save_settings()
            window.loader.shutdown()
            self.app.exit(0)
        else:
            window.close()       # nothing to ask: the ordinary close
            self.app.quit()


def install_quit(window, app) -> QuitOnSignal:
    """Join every thread whenever the application quits, and quit cleanly on SIGTERM
    and SIGINT (the application's start only: tests keep their own signal handlers)."""
    app.aboutToQuit.connect(window.loader.shutdown)
    window.quit_on_signal = QuitOnSignal(window, app)
    return window.quit_on_signal

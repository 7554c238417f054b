"""The record list's word index (core/collection/search_index.py) is built in a thread only while
this thread's event loop waits for events: a record switch or a keystroke never shares
the interpreter lock with it (issue 20: built at load, it made the record switches of the
next seconds 2.4 times slower at 70,000 rows, p95)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractEventDispatcher, QObject, QTimer


class IdleBuild(QObject):
    """While ``search`` (a ``LiveSearch``) builds, clear its ``idle`` event whenever the
    event loop wakes up and set it when the loop is about to wait."""

    def __init__(self, search, parent=None) -> None:
        super().__init__(parent)
        self._search = search
        self._dispatcher = None
        self._timer = QTimer(self, interval=250)   # notices the end of the build
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        if self._dispatcher is not None or not self._search.building:
            return
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is None:
            return
        dispatcher.awake.connect(self._on_dispatcher_awake)
        dispatcher.aboutToBlock.connect(self._on_dispatcher_about_to_block)
        self._dispatcher = dispatcher
        self._search.idle.clear()   # this turn is busy
        self._timer.start()

    def stop(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.awake.disconnect(self._on_dispatcher_awake)
            self._dispatcher.aboutToBlock.disconnect(self._on_dispatcher_about_to_block)
            self._dispatcher = None
        self._timer.stop()
        self._search.idle.set()

    def _on_dispatcher_awake(self) -> None:
        self._search.idle.clear()

    def _on_dispatcher_about_to_block(self) -> None:
        self._search.idle.set()

    def _on_timer_timeout(self) -> None:
        if not self._search.building:
            self.stop()

"""Work that waits until the window has nothing left to do (issue 20).

After a record switch, some work is for later: the form's tabs not shown, the next
records read ahead. A timer of a few milliseconds was not later enough: on a busy
machine the switch itself took longer, so the timer came due while the switch was being
painted and its work went into the same frame. Here the work runs once the event loop is
about to wait for events, that is, after everything the switch asked for (its layout, its
paint) was done; a held key's queued repeats come first. While a key is held (Alt+Down
through the list) it waits for the release: between two repeats the loop is idle too, and
work done there made each step longer than the repeat, so the window went on moving after
the key was let go.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractEventDispatcher, QObject, QTimer

from curator.gui.widgets.key_repeat import key_held

HELD_RETRY_MS = 50     # a key held: looked at again this much later (repeats: ~33 ms)


class WhenIdle(QObject):
    """``start()``: call ``work()`` once, the next time the event loop goes idle;
    ``stop()``: not (a newer ``start`` also stands for the older)."""

    def __init__(self, work, parent=None) -> None:
        super().__init__(parent)
        self._dispatcher = None
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(work)
        self._held = QTimer(self, singleShot=True, interval=HELD_RETRY_MS)
        self._held.timeout.connect(self.start)

    @property
    def pending(self) -> bool:
        return self._dispatcher is not None or self._timer.isActive() or \
            self._held.isActive()

    def start(self) -> None:
        if self._dispatcher is not None:
            return
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is None:        # no event loop (a script): as soon as there is one
            self._timer.start()
            return
        dispatcher.aboutToBlock.connect(self._on_dispatcher_about_to_block)
        self._dispatcher = dispatcher

    def stop(self) -> None:
        self._disarm()
        self._timer.stop()
        self._held.stop()

    def _disarm(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.aboutToBlock.disconnect(self._on_dispatcher_about_to_block)
            self._dispatcher = None

    def _on_dispatcher_about_to_block(self) -> None:
        # the work runs in the next turn (the timer wakes the loop), not inside the
        # dispatcher's own signal
        self._disarm()
        if key_held():
            self._held.start()
        else:
            self._timer.start()

"""Holding a navigation key lands where the curator let go (issue 20).

A held Alt+Down repeats about 30 times a second. When a record takes longer than a repeat
to show, the presses queue up in the window system, and after the key is released the
window went on showing one record per queued press: about ten records past the one shown
at release. Here an auto-repeated press (a key held down) only adds its step to a pending
move, made once the event loop has handled the presses queued behind it: one form is
built for the record they all lead to, however many were queued. A press that is not a
repeat (a key pressed once, a menu item, a test's key click) moves at once, as before.
When the key was let go while repeats still waited in the queue (a window starved of
the processor: seen at a load of 10 on two cores, 12 records past), the move they add up
to goes one record, no further: the curator let go of the record on the screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


HELD_FOR_S = 0.1     # an auto-repeat this recent, and no release since: a key is held
_last_repeat = None  # time.monotonic() of the last auto-repeated press


def key_held() -> bool:
    """Whether a key is held down now: its auto-repeats are arriving (when_idle.py waits
    for its release). A release that went to another window (the focus moved) does not
    leave it held: repeats stop coming."""
    return _last_repeat is not None and time.monotonic() - _last_repeat < HELD_FOR_S


class RepeatWatch(QObject):
    """Whether the key press being handled is an auto-repeat. Every key press sends a
    ShortcutOverride event (carrying ``isAutoRepeat``) to the focus widget before any
    shortcut runs, so the shortcut's slot can ask ``repeating``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.repeating = False
        self.let_go = False     # the key was released since its last press
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)   # removed by Qt when this object is deleted

    def eventFilter(self, obj, event) -> bool:
        global _last_repeat
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            self.repeating = event.isAutoRepeat()
            self.let_go = False
            _last_repeat = time.monotonic() if self.repeating else None
        elif kind == QEvent.Type.KeyRelease and not event.isAutoRepeat():
            self.let_go = True
            _last_repeat = None
        return False


class HeldSteps(QObject):
    """Steps through the records: ``request(step)`` calls ``go(step)`` now, or, for an
    auto-repeated press, once with the sum of the repeated steps queued meanwhile."""

    def __init__(self, go, parent=None) -> None:
        super().__init__(parent)
        self._go = go
        self._pending = 0
        self.watch = RepeatWatch(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)      # runs after the key events already queued
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def pending(self) -> int:
        """The steps requested by repeated presses and not made yet."""
        return self._pending

    def request(self, step: int) -> None:
        self._pending += step
        if self.watch.repeating:
            self._timer.start()
            return
        self._flush()

    def _on_timer_timeout(self) -> None:
        self._flush()

    def _flush(self) -> None:
        self._timer.stop()
        step, self._pending = self._pending, 0
        if self.watch.let_go:     # released while the repeats waited: one record on
            step = max(-1, min(1, step))
        if step:
            self._go(step)

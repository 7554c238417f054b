"""Work the window puts off until its record list has first painted rows (issue 20: window
start to the first rows painted, 12,000 records, within 0.8 s).

What the first look at the window does not need waits here: opening the record the list
starts on (0.1 s: reading it, filling the form), loading the system's TLS certificates for
the figures (0.2 s, holding the interpreter's lock: a thread did not spare the GUI thread).
It runs in the event-loop turn after the list's viewport painted with rows in it, or
sooner when asked: a key that moves in the list or a folder's listing ending first
``settle()`` it, so nothing done before it ran is lost or done on a half-started window.
A window that shows no rows (no folder, an empty one) runs it ``FALLBACK_MS`` after
it was built.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView

FALLBACK_MS = 1500


class FirstPaint(QObject):
    """The list's first paint with rows, and what waits for it (kept as
    ``window.first_paint``)."""

    def __init__(self, view: QAbstractItemView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._due: list[Callable[[], None]] = []
        self.painted = False        # the list has painted rows (or gave up waiting)
        view.viewport().installEventFilter(self)
        self._fallback = QTimer(self, singleShot=True, interval=FALLBACK_MS)
        self._fallback.timeout.connect(self._on_fallback_timeout)
        self._fallback.start()

    @property
    def pending(self) -> bool:
        """Work waits for the first paint."""
        return bool(self._due)

    def later(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the list has painted rows (now when it has)."""
        if self.painted:
            work()
        else:
            self._due.append(work)

    def settle(self) -> None:
        """Run what waits now (a key moved in the list, the listing ended)."""
        due, self._due = self._due, []
        for work in due:
            work()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted \
                and self._view.model() is not None and self._view.model().rowCount():
            self._painted()
        return False

    def _painted(self) -> None:
        self.painted = True
        self._view.viewport().removeEventFilter(self)
        self._fallback.stop()
        QTimer.singleShot(0, self.settle)     # after this paint is on the screen

    def _on_fallback_timeout(self) -> None:
        if not self.painted:
            self._painted()

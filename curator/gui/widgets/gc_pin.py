"""Python's cyclic garbage collection, run on the GUI thread only.

CPython collects cycles in whichever thread crosses the allocation threshold. The window
runs Python threads (the folder scan, its refreshes, bulk writes): a collection there may
destroy Qt objects caught in reference cycles from the wrong thread, which crashes the
process (seen here: segfaults in the GUI tests while a folder refresh ran). So automatic
collection is turned off and a GUI-thread timer collects with the thresholds the collector
would use (the pattern of calibre, pyqtgraph and nexpy)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Collects garbage from a timer in the thread it lives in (the GUI thread)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = self.threshold
        if c0 > t0:
            generation = 2 if c1 > t1 and c2 > t2 else 1 if c1 > t1 else 0
            gc.collect(generation)


def hold() -> None:
    """While a folder is listed: exempt what is alive now from the collections until
    ``settle()`` (``gc.freeze``, which takes no time). The rows listed so far were walked
    by every collection of the timer: 106 of them, 0.63 s of the GUI thread, over a cold
    open of 70,000 records. Garbage among them waits for ``settle``."""
    gc.freeze()


def settle() -> None:
    """Exempt every object alive now from later collections (``gc.freeze``): called
    when a folder is listed, so that its rows (a few hundred thousand objects at 70,000
    records, 60 ms for a full collection) are not walked again and again while the
    curator types. They are still freed by reference counting when the folder closes
    (rows hold no cycles). Everything is collected first, what ``hold`` exempted too, so
    no garbage is kept for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def pin_gc_to_gui_thread() -> MainThreadCollector | None:
    """Install the collector on the application once (None without an application)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    found = app.findChild(MainThreadCollector)
    return found if found is not None else MainThreadCollector(app)

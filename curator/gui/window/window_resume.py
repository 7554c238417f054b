"""Reopening a folder goes back to the record last worked on in it (issue 15 item 6).

The record shown is remembered per collection folder in the settings
(``lastRecord/<folder key>``: its file name). When the folder is opened again the list
starts on it as soon as its row arrives (the cached rows come first), scrolled into view;
until then, and when it is gone, the list starts on its first row as before. A record the
curator picks while the folder loads wins over the remembered one.

The record is opened once the list has painted its first rows (``first_paint.py``: reading
it and filling the form took 0.1 s of the window's start); a key that moves in the list
before then, or the listing's end, opens it first.

The record is written to the settings once the curator rests on it (``WRITE_AFTER_MS``)
or the window closes: QSettings writes its file in the event-loop turn after each
change, a millisecond of every record switch (issue 20).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QAbstractItemView

from curator.gui.window.window_parts import Listing

WRITE_AFTER_MS = 1000


def _key(folder: Path) -> str:
    digest = hashlib.sha1(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return f"lastRecord/{digest}"


class Resume:
    """Which record a folder starts on (kept as ``window.resume``): the settings it is
    remembered in, the record list and how to put work off until the list has painted
    (``FirstPaint.later``; by default at once) are passed in."""

    def __init__(self, settings: QSettings, listing: Listing,
                 later: Callable[[Callable[[], None]], None] | None = None) -> None:
        self.settings = settings
        self.listing = listing
        self._later = later or (lambda work: work())
        self._waiting = False     # rows_arrived's choice waits for the first paint
        self.wanted = ""      # the remembered record, until it is shown or given up
        self.auto = ""        # the record shown only because it came first
        self._unwritten: tuple[Path, str] | None = None   # (folder, file name)
        self._write_timer = QTimer()
        self._write_timer.setSingleShot(True)
        self._write_timer.setInterval(WRITE_AFTER_MS)
        self._write_timer.timeout.connect(self.write)
        listing.current_record_changed.connect(self._on_window_current_record_changed)
        listing.folder_loaded.connect(self._on_window_folder_loaded)

    def start(self, folder: Path) -> None:
        """A folder is being opened: look up the record it was left on."""
        self.write()          # the folder left: its record first
        name = str(self.settings.value(_key(folder), "") or "")
        self.wanted = str(Path(folder) / name) if name else ""
        self.auto = ""

    def rows_arrived(self) -> None:
        """Rows were listed: show the remembered record once it is there, else the first
        row while nothing is shown (once the list has painted them)."""
        if not self._waiting:
            self._waiting = True
            self._later(self._choose)

    def _choose(self) -> None:
        self._waiting = False
        listing = self.listing
        if self.wanted and listing.model.row_for_path(self.wanted) >= 0 \
                and listing.current_path() in ("", self.auto):
            path, self.wanted, self.auto = self.wanted, "", ""
            listing.select_record(path)
        elif not listing.current_path() and listing.proxy.rowCount():
            self.auto = listing.proxy.path_at(0)
            listing.select_record(self.auto)

    def _on_window_current_record_changed(self, path: str) -> None:
        folder = self.listing.folder()
        if not path or path == self.auto or folder is None:
            return
        self.auto = ""
        if path != self.wanted:
            self.wanted = ""              # the curator moved on: that is the one now
        try:
            name = str(Path(path).relative_to(folder))
        except ValueError:
            return
        self._unwritten = (folder, name)
        self._write_timer.start()

    def write(self) -> None:
        """Put the record shown last into the settings now (the window is closing)."""
        self._write_timer.stop()
        if self._unwritten is not None:
            folder, name = self._unwritten
            self._unwritten = None
            self.settings.setValue(_key(folder), name)

    def _on_window_folder_loaded(self) -> None:
        """The list is complete and sorted: the shown record's row into view."""
        listing = self.listing
        self.wanted = ""
        current = listing.current_path()
        row = listing.proxy.row_of(current) if current else -1
        if row >= 0:
            listing.scroll_to_row(row, QAbstractItemView.ScrollHint.PositionAtCenter)

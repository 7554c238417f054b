"""Showing a record in the main window: selecting its row, reading it (off the GUI
thread when big) and presenting it in the form, problems, header and figure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView

from curator.core.errors import RecordError
from curator.core.files.fastload import read_record_bytes

from curator.gui.records.record_session import Opened
from curator.gui.records.record_table_model import RecordTableModel
from curator.gui.widgets.layout_settle import settle_layouts

_SELECT_ROW = (QItemSelectionModel.SelectionFlag.ClearAndSelect
               | QItemSelectionModel.SelectionFlag.Rows)


class RecordDisplayMixin:
    """MainWindow's current record: which one it is and how it is shown."""

    # -- showing a record ---------------------------------------------------------------
    @property
    def current_path(self) -> str:
        return self._current

    def select_record(self, path) -> None:
        """Show the record at ``path`` and select its row (shown even if filtered out)."""
        path = str(path or "")
        if path and self.proxy.row_of(path) < 0:
            self.proxy.set_pinned(path)
            if self.proxy.row_of(path) < 0:
                self.search.clear()     # the search hides it
        row = self.proxy.row_of(path) if path else -1
        if row >= 0:
            index = self.proxy.index(row, RecordTableModel.ID)
            # replace the selection whatever modifier is held (setCurrentIndex alone
            # toggles the row in while Ctrl is down: Ctrl+Down, Ctrl+Return, Ctrl+Z)
            self.table.selectionModel().setCurrentIndex(index, _SELECT_ROW)
            self.scroll_to_row(row)
        self._show_record(path)

    def scroll_to_row(self, row: int, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Bring the list's ``row`` into view, even when rows were listed or sorted in
        this same turn of the event loop: the view lays them out (and so sets its scroll
        range) only later, and until then a scroll past the old end stops there. Laid
        out only then: the layout repaints the whole list (4 ms of a record switch,
        issue 20), where a switch repaints just the two rows whose selection changed."""
        self.lay_out_list()
        self.table.scrollTo(self.proxy.index(row, RecordTableModel.ID), hint)

    def lay_out_list(self) -> None:
        """Lay the list out now if rows came, went or moved since it last was (the view
        would at its next timer, after painting the rows once more in the old layout)."""
        if self._list_layout_due:
            self._list_layout_due = False
            self.table.doItemsLayout()

    def _show_record(self, path: str) -> None:
        if path == self._current:
            return
        previous, self._current = self._current, path
        if previous:
            self.session.release(previous)
        self.proxy.set_pinned(path)
        self.figure.show_early(path)      # a prefetched figure first (window_figure.py)
        self.record_loader.cancel()         # a big record still being read: dropped
        if path and self.record_loader.wants(path):
            self.record_loader.start(path)  # read off the GUI thread: _on_record_loader_loaded
            self._show_loading(path)
        elif path and not self.session.is_open(path):
            self._present(self.session.read_ahead.read(path))
        else:
            self._present(Opened(path, self.session.record(path) if path else None,
                                 self.session.problems(path) if path else []))

    def _show_loading(self, path: str) -> None:
        self.form.set_record(None)
        self.problems.set_problems([])
        self._update_preview()
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0
        self.record_header.show_loading(path, size)
        self._update_actions()
        self.current_record_changed.emit(path)

    def _on_record_loader_loaded(self, opened: Opened) -> None:
        if opened.path == self._current:    # the curator may have moved on: dropped
            self._present(opened)

    def _present(self, opened: Opened) -> None:
        """Show a record (``Opened`` by the session now, or by the record loader)."""
        path, raw = opened.path, ""
        record = self.session.adopt(opened) if opened.record is not None else None
        if opened.error is not None:
            try:
                raw = read_record_bytes(path).decode("utf-8", "replace")
            except RecordError:   # a FIFO or device in the record's place must not block
                raw = ""
        if opened.row is not None:
            self._put_read_row(opened.row)  # the list shows what was just read
        problems = self.session.problems(path) if record is not None else opened.problems
        self.form.set_record(record, problems, opened.error, raw)
        self.problems.set_problems(problems)
        self._update_preview()
        self._update_header()
        self._update_actions()
        self.current_record_changed.emit(path)
        settle_layouts(self.form.fill_pages)    # one paint of it all: layout_settle.py
        self.read_ahead_later.start()

    def _read_ahead(self) -> None:
        """The list's neighbours of the shown record, read once the window is idle
        (when_idle.py, core/edits/read_ahead.py); a big one is left to the record loader."""
        row = self.proxy.row_of(self._current) if self._current else -1
        if row < 0:
            return
        paths = [self.proxy.path_at(r) for r in (row + 1, row - 1)
                 if 0 <= r < self.proxy.rowCount()]
        self.session.read_ahead.prepare(
            [p for p in paths if p and not self.record_loader.wants(p)])

    def _put_read_row(self, row) -> None:
        i = self.model.row_for_path(row.path)
        if i >= 0 and not self.session.is_modified(row.path) \
                and row != self.model.record_row(i):
            self.model.update_row(row)
            self._update_status()

    def _on_table_current_changed(self, current, previous) -> None:
        if current.isValid():
            self._show_record(self.proxy.path_at(current.row()) or "")

    def _update_header(self) -> None:
        path = self._current
        star = " <span style='color:#1a237e'>● unsaved edits</span>" \
            if path and self.session.is_modified(path) else ""
        note = self.disk_watch.header_note(path) if path else ""
        self.record_header.setToolTip(path)
        self.record_header.show_record(path, star + note)

    def _update_preview(self) -> None:
        self.figure.show_record(self.form.record if self.folder is not None else None)

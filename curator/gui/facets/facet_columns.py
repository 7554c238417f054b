"""The facet counts' columns, kept in step with the record list.

Counts come from the index rows (``IndexRow.facets``): ``FacetColumns`` keeps one
``FacetColumn`` per field in step with the record list (rows appended while a folder
loads, rows replaced by edits and bulk edits) so a filter change re-counts in one pass,
a few milliseconds at 70,000 rows, and nothing is parsed. A column not built yet is built
in a thread (``_ColumnBuild``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal

from curator.core.collection.facets import FacetColumn


class _ColumnBuild(QThread):
    """Builds a ``FacetColumn`` (its codes and value order too) from a snapshot of the
    rows, off the GUI thread."""

    def __init__(self, name: str, rows: list, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self.rows = rows
        self.column: FacetColumn | None = None
        self.changed: set[int] = set()     # rows replaced while it ran

    def run(self) -> None:
        column = FacetColumn(self.name, self.rows)
        column.sorted_pairs()             # codes and value order, ready to count
        self.column = column


class FacetColumns(QObject):
    """A ``FacetColumn`` per field asked for, following the record model's rows.
    ``request`` builds one in a thread (``ready`` says when); ``column`` builds it at
    once when it is not there yet.

    Signals:
        changed(): rows were added or replaced (counts may differ).
        ready(str): the column of this field was built.
    """

    changed = Signal()
    ready = Signal(str)

    def __init__(self, model, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self._columns: dict[str, FacetColumn] = {}
        self._builds: dict[str, _ColumnBuild] = {}
        model.modelReset.connect(self._on_model_reset)
        model.rowsRemoved.connect(self._on_model_reset)
        model.rowsInserted.connect(self._on_model_rows_inserted)
        model.dataChanged.connect(self._on_model_data_changed)

    def column(self, name: str) -> FacetColumn:
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = FacetColumn(name, self.model.records)
        return column

    def built(self, name: str) -> FacetColumn | None:
        return self._columns.get(name)

    def request(self, name: str) -> FacetColumn | None:
        """The column of ``name`` if built; else None, and ``ready(name)`` once it is."""
        if name in self._columns:
            return self._columns[name]
        if name not in self._builds:
            build = self._builds[name] = _ColumnBuild(name, list(self.model.records), self)
            build.finished.connect(lambda: self._on_build_finished(build))
            build.start()
        return None

    def _on_build_finished(self, build: _ColumnBuild) -> None:
        if self._builds.get(build.name) is not build:
            build.deleteLater()
            return                         # the rows were reset while it ran
        del self._builds[build.name]
        column, records = build.column, self.model.records
        if build.name not in self._columns and column is not None:
            column.extend(records[len(column):])     # rows listed while it ran
            for i in build.changed:
                if i < len(column):
                    column.put(i, records[i])
            self._columns[build.name] = column
        build.deleteLater()
        self.ready.emit(build.name)

    def wait(self) -> None:
        """Wait for the builds running (the window is closing)."""
        for build in list(self._builds.values()):
            build.wait()

    def _on_model_reset(self, *args) -> None:
        self._columns.clear()
        self._builds.clear()               # their columns are dropped when they finish
        self.changed.emit()

    def _on_model_rows_inserted(self, parent, first: int, last: int) -> None:
        records = self.model.records
        for name, column in list(self._columns.items()):
            if first == len(column):
                column.extend(records[first:last + 1])
            else:
                del self._columns[name]
        self.changed.emit()

    def _on_model_data_changed(self, top_left, bottom_right, roles=()) -> None:
        records = self.model.records
        rows = range(top_left.row(), bottom_right.row() + 1)
        for column in self._columns.values():
            for i in rows:
                column.put(i, records[i])
        for build in self._builds.values():
            build.changed.update(rows)
        self.changed.emit()

"""Search and quick filters over the record list."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel

from .record_table_model import RecordTableModel as M

QUICK_FILTERS = {
    "all": "All records",
    "errors": "With errors",
    "missing": "With missing fields",
    "modified": "Modified",
    "unparsed": "Unparseable",
    "uncurated": "Not yet curated",
}


class RecordFilterModel(QSortFilterProxyModel):
    """Rows whose figid, title, caption or organisms contain every word of the search,
    and that pass the quick filter. The ``pinned`` record (the one being edited) passes
    any quick filter, so fixing its last error does not make it vanish under the
    curator; the search still applies to it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._quick = "all"
        self._pinned = ""
        self._changing = False
        self._pending: list = []
        self.setSortRole(M.SortRole)
        self.setDynamicSortFilter(True)

    @property
    def quick_filter(self) -> str:
        return self._quick

    def set_search(self, text: str) -> None:
        words = tuple(text.lower().split())
        if words != self._words:
            self._change("_words", words)

    def set_quick_filter(self, key: str) -> None:
        if key not in QUICK_FILTERS:
            raise ValueError(f"unknown quick filter {key!r}")
        if key != self._quick:
            self._change("_quick", key)

    def set_pinned(self, path: str) -> None:
        path = str(path or "")
        if path != self._pinned:
            self._change("_pinned", path)

    def _change(self, attribute: str, value) -> None:
        """Change a filter setting. A change asked for while rows are being filtered (a
        view reacting to its current row going away) is applied right after."""
        self._pending.append((attribute, value))
        if self._changing:
            return
        self._changing = True
        try:
            while self._pending:
                attribute, value = self._pending.pop(0)
                self.beginFilterChange()
                setattr(self, attribute, value)
                self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        finally:
            self._changing = False

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._words:
            text = model.data(index, M.SearchRole) or ""
            if not all(w in text for w in self._words):
                return False
        if self._pinned and model.data(index, M.PathRole) == self._pinned:
            return True
        q = self._quick
        if q == "errors":
            return model.data(index, M.WorstRole) == "error"
        if q == "missing":
            return bool(model.data(index, M.MissingRole))
        if q == "modified":
            return bool(model.data(index, M.ModifiedRole))
        if q == "unparsed":
            return not model.data(index, M.ParsedRole)
        if q == "uncurated":
            return not model.data(index, M.CurationRole)
        return True

    def path_at(self, row: int) -> str | None:
        if not 0 <= row < self.rowCount():
            return None
        return self.data(self.index(row, 0), M.PathRole)

    def row_of(self, path: str) -> int:
        source = self.sourceModel()
        i = source.row_for_path(path)
        if i < 0:
            return -1
        return self.mapFromSource(source.index(i, 0)).row()

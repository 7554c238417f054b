"""Search, quick filters and sorting over the record list, fast at 70,000 rows.

``RecordFilterModel`` is a proxy whose mapping is a Python list of source rows. A filter or
sort change computes that list in one pass over the rows (a search asks a word index,
core/collection/search_index.py, once it is built; a scan of the rows until then, in
which a search that extends the previous one only looks at the rows that matched it) and
tells the view with one layout change, keeping the selection. ``QSortFilterProxyModel``
would instead call back into Python for every row on every keystroke and for every comparison of a sort, which is
seconds at this size.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QModelIndex, Qt

from curator.core.collection.index import search_key
from curator.core.collection.search_index import LiveSearch
from curator.core.checks.problems import SEVERITIES

from curator.gui.records.ident_order import ident_keys
from curator.gui.records.record_table_model import RecordTableModel as M
from curator.gui.records.row_positions import RowPositions
from curator.gui.widgets.idle_build import IdleBuild

QUICK_FILTERS = {
    "all": "All records",
    "errors": "With errors",
    "warnings": "With warnings",
    "missing": "With missing fields",
    "modified": "Modified",
    "unparsed": "Unparseable",
    "uncurated": "Not yet curated",
    "changed": "Changed since last commit",
}
_RANK = {s: i for i, s in enumerate(SEVERITIES)}

_LAYOUT_HINTED = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")
_ROWS_ONLY = QAbstractItemModel.LayoutChangeHint.VerticalSortHint   # the columns stay
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | \
    Qt.ItemFlag.ItemNeverHasChildren


class RecordFilterModel(QAbstractProxyModel):
    """Rows whose search fields (the profile's) contain every word of the search,
    and that pass the quick filter, in the order of the sort column. The ``pinned``
    record (the one being edited) passes any quick filter, so fixing its last error does
    not make it vanish under the curator; the search still applies to it. Rows appended
    to the source while a folder loads are added at the end; ``resort()`` orders them.

    A facet filter (``set_facet_filter``, the Facets dock's) narrows the rows the search
    and the quick filter pass, which stay known as ``base_rows()`` (the facet counts
    them); the pinned record passes it too."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: tuple[bytes, ...] = ()   # search_key of each word
        self._quick = "all"
        self._pinned = ""
        self._rows: list[int] = []        # proxy row -> source row
        self._base: list[int] = []        # rows the search and quick filter pass
        self._facet = None                # rows -> the rows the facet filter keeps
        self._pos_cache: RowPositions | None = None   # source row -> proxy row
        self._order: list[int] = []       # every source row, in sort order
        self._sort_column = M.ID
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.search_index = LiveSearch()   # a word index, built once enough rows are in
        self._idle_build = IdleBuild(self.search_index, self)   # only while idle

    # -- settings -----------------------------------------------------------------------
    @property
    def quick_filter(self) -> str:
        return self._quick

    def set_search(self, text: str) -> None:
        words = tuple(search_key(w) for w in text.lower().split())
        if words == self._words:
            return
        old = self._words
        narrower = len(words) >= len(old) and all(n.find(o) >= 0 for o, n in zip(old, words))
        self._words = words
        self._refilter(only_shown=narrower)

    def set_quick_filter(self, key: str) -> None:
        if key not in QUICK_FILTERS:
            raise ValueError(f"unknown quick filter {key!r}")
        if key != self._quick:
            self._quick = key
            self._refilter()

    def set_facet_filter(self, keep) -> None:
        """``keep(rows)``: the source rows (of a list of them, in its order) the facets
        let through; None: no facet filter."""
        self._facet = keep
        self._refilter(only_shown=False)

    @property
    def facet_filter(self):
        return self._facet

    def base_rows(self) -> list[int]:
        """The source rows the search and the quick filter pass, in order, before any
        facet filter (not a copy: read, never change)."""
        return self._base

    def set_pinned(self, path: str) -> None:
        path = str(path or "")
        if path != self._pinned:
            self._pinned = path
            # it passes the quick filter and the facets only: without them nothing to
            # filter again (every record switch pins; at 70,000 rows a refilter and
            # the view's relayout were most of a switch, issue 20)
            if self._quick != "all" or self._facet is not None:
                self._refilter()

    # -- filtering and sorting ---------------------------------------------------------
    def accepts(self, source_row: int) -> bool:
        if not self._passes(source_row):
            return False
        return self._facet is None or self._faceted([source_row]) == [source_row]

    def _faceted(self, rows: list[int]) -> list[int]:
        """``rows`` the facet filter keeps (it keeps their order), and the pinned row."""
        kept = self._facet(rows)
        pinned = self.sourceModel().row_for_path(self._pinned) if self._pinned else -1
        if pinned < 0 or pinned in kept or pinned not in rows:   # C scans: cheap
            return kept
        keep = set(kept)
        keep.add(pinned)
        return [i for i in rows if i in keep]

    def _quick_test(self):
        """A test of one source row against the quick filter (the pinned row passes)."""
        model = self.sourceModel()
        record_row, q, pinned = model.record_row, self._quick, self._pinned

        def test(i: int) -> bool:
            row = record_row(i)
            if pinned and row.path == pinned:
                return True
            if q == "errors":
                return row.worst == "error"
            if q == "warnings":
                return row.warnings > 0
            if q == "missing":
                return row.missing
            if q == "modified":
                return model.is_modified(row.path)
            if q == "unparsed":
                return not row.parsed
            if q == "changed":
                return model.git_state(row.path) is not None
            if q == "uncurated":
                return not (model.curation_of(row.ident) if model.curation_of else None)
            return True
        return test

    def _sort_key(self, column: int):
        model = self.sourceModel()
        if column == M.STATUS:
            def key(i):
                r = model.record_row(i)
                rank = _RANK.get(r.worst, len(SEVERITIES)) if r.parsed else -1
                return rank * 2 + (0 if model.is_modified(r.path) else 1)
            return key
        if column == M.PROBLEMS:
            return lambda i: (lambda r: r.errors * 10000 + r.warnings)(model.record_row(i))
        index = model.index
        return lambda i: str(model.data(index(i, column)) or "").lower()

    def _ordered(self, rows: list[int]) -> list[int]:
        if self._sort_column < 0:
            return rows
        if self._sort_column in (M.ID, M.TITLE, M.FIELD1, M.FIELD2):
            attr = {M.ID: "ident", M.TITLE: "title", M.FIELD1: "field1",
                    M.FIELD2: "field2"}[self._sort_column]
            record_row = self.sourceModel().record_row
            if attr == "ident":
                keys = dict(zip(rows, ident_keys([record_row(i).ident for i in rows])))
            else:
                keys = {i: getattr(record_row(i), attr).lower() for i in rows}
            key = keys.__getitem__
        else:
            key = self._sort_key(self._sort_column)
        return sorted(rows, key=key,
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def _refilter(self, only_shown: bool = False) -> None:
        """Filter again: every row (in sort order), or only the rows shown now when the
        change can only hide rows (a search that grew). The search runs first, inlined
        (a keystroke at 70,000 rows is one pass of ``bytes in bytes``)."""
        model = self.sourceModel()
        if model is None:
            return
        rows = self._base if only_shown else self._order
        if self._quick == "all" and self.search_index.ready:
            rows = self._order   # as fast from every row, and no list to convert
        if self._words:
            rows = self.search_index.filter(rows, self._order, self._words, model.records)
            self._idle_build.start()   # when the search began a build
        if self._quick != "all":
            test = self._quick_test()
            rows = [i for i in rows if test(i)]
        if rows is self._base or rows is self._order:
            rows = list(rows)
        self._base = rows
        self._relayout(self._faceted(rows) if self._facet is not None else list(rows))

    def _relayout(self, rows: list[int]) -> None:
        """Replace the mapping, keeping persistent indexes (selection, current row).
        Told as a change of the rows only (``VerticalSortHint``): without the hint the
        list's horizontal header hid its hidden columns again on every keystroke, and
        the view repainted the whole list a second time for it (issue 20)."""
        self.layoutAboutToBeChanged[_LAYOUT_HINTED].emit([], _ROWS_ONLY)
        persistent = self.persistentIndexList()
        sources = [(self._rows[p.row()] if 0 <= p.row() < len(self._rows) else -1, p.column())
                   for p in persistent]
        self._rows = rows
        self._pos_cache = None   # built when first asked for: most keystrokes never do
        found = {}
        for s in {s for s, _ in sources if s >= 0}:   # a few rows: a C scan each
            try:
                found[s] = rows.index(s)
            except ValueError:
                pass
        new = [self.createIndex(found[s], c) if s in found else QModelIndex()
               for s, c in sources]
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged[_LAYOUT_HINTED].emit([], _ROWS_ONLY)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.resort()

    def resort(self) -> None:
        """Order every row by the sort column (rows appended while a folder loads are
        listed at the end until then)."""
        self._order = self._ordered(list(range(self.sourceModel().rowCount())))
        self.search_index.prepare(self.sourceModel().records)   # a folder is listed
        self._idle_build.start()
        shown, base = set(self._rows), set(self._base)
        self._base = [i for i in self._order if i in base]
        self._relayout([i for i in self._order if i in shown])

    # -- the source's changes -----------------------------------------------------------
    def setSourceModel(self, model) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self.beginResetModel()
        self.search_index.clear()
        super().setSourceModel(model)
        self._rows = []
        self._base = []
        self._pos_cache = None
        if model is not None:
            for signal, slot in self._connections(model):
                signal.connect(slot)
            self._order = self._ordered(list(range(model.rowCount())))
            self._set_rows()
        self.endResetModel()

    def _set_rows(self) -> None:
        """Filter every row again (inside a reset)."""
        self._base = [i for i in self._order if self._passes(i)]
        self._rows = self._faceted(self._base) if self._facet is not None else \
            list(self._base)
        self._pos_cache = None

    def _passes(self, source_row: int) -> bool:
        """The search and the quick filter let the row through."""
        row = self.sourceModel().record_row(source_row)
        words = self._words
        if words and not all(w in row.search for w in words):
            return False
        return self._quick == "all" or self._quick_test()(source_row)

    def _connections(self, model):
        return ((model.modelReset, self._on_source_reset),
                (model.rowsInserted, self._on_source_rows_inserted),
                (model.rowsRemoved, self._on_source_reset),
                (model.layoutChanged, self._on_source_reset),
                (model.dataChanged, self._on_source_data_changed))

    def _on_source_reset(self, *args) -> None:
        self.search_index.clear()
        self.beginResetModel()
        self._order = self._ordered(list(range(self.sourceModel().rowCount())))
        self._set_rows()
        self.endResetModel()

    def _on_source_rows_inserted(self, parent, first: int, last: int) -> None:
        if first < len(self._order):   # not an append: map everything again
            self._on_source_reset()
            return
        self._order.extend(range(first, last + 1))   # appended; resort() orders them
        if self._words or self._quick != "all":
            passed = [i for i in range(first, last + 1) if self._passes(i)]
        else:             # no search, no quick filter: every row (a folder's first listing)
            passed = list(range(first, last + 1))
        self._base.extend(passed)
        added = self._faceted(passed) if self._facet is not None else passed
        if not added:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(added) - 1)
        self._pos.extend(added, start)
        self._rows.extend(added)
        self.endInsertRows()

    def _on_source_data_changed(self, top_left, bottom_right, roles=()) -> None:
        self.search_index.changed(range(top_left.row(), bottom_right.row() + 1))
        changed = False
        for i in range(top_left.row(), bottom_right.row() + 1):
            if (i in self._pos) != self.accepts(i):
                changed = True
                break
        if changed:  # a row entered or left the quick filter (say, it was saved)
            self._refilter()
            return
        rows = [self._pos[i] for i in range(top_left.row(), bottom_right.row() + 1)
                if i in self._pos]
        if rows:
            self.dataChanged.emit(self.index(min(rows), top_left.column()),
                                  self.index(max(rows), bottom_right.column()), roles)

    @property
    def _pos(self) -> RowPositions:
        """Source row -> proxy row of the rows shown."""
        if self._pos_cache is None:
            self._pos_cache = RowPositions(self._rows)
        return self._pos_cache

    # -- QAbstractProxyModel ------------------------------------------------------------
    def mapToSource(self, proxy_index):
        if not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index):
        if not source_index.isValid():
            return QModelIndex()
        row = self._pos.get(source_index.row())
        return QModelIndex() if row is None else self.createIndex(row, source_index.column())

    def index(self, row: int, column: int, parent=QModelIndex()):
        if parent.isValid() or not (0 <= row < len(self._rows)
                                    and 0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=QModelIndex()):
        return QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else model.columnCount()

    def hasChildren(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and bool(self._rows)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return self.sourceModel().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        return self.sourceModel().cell(self._rows[row], index.column(), role)

    def flags(self, index):
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def source_rows(self) -> list[int]:
        """The source row of each row shown, in order (not a copy: read, never change)."""
        return self._rows

    # -- by path ------------------------------------------------------------------------
    def path_at(self, row: int) -> str | None:
        if not 0 <= row < len(self._rows):
            return None
        return self.sourceModel().record_row(self._rows[row]).path

    def row_of(self, path: str) -> int:
        i = self.sourceModel().row_for_path(path)
        return self._pos.get(i, -1) if i >= 0 else -1


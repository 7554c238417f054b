"""The Facets dock: a field's values with their counts over the records the search and
the quick filter pass; checking values (or dragging a range over a number field's
histogram) shows only the records holding them.

Counts come from the index rows, through the per-field columns of facet_columns.py
(``FacetColumns``), so a filter change re-counts in one pass and nothing is parsed.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, \
    QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from curator.core.collection.facets import (
    MISSING, MISSING_LABEL, FacetColumn, facet_fields, histogram,
)

from curator.gui.facets.facet_columns import FacetColumns
from curator.gui.facets.facet_histogram import FacetHistogram

RECOUNT_MS = 40         # filter changes arriving closer than this are counted once
_GREY = QColor("#777")


class FacetValuesModel(QAbstractTableModel):
    """(value, records) rows; checked values are the facet's selection."""

    VALUE, COUNT = range(2)
    ValueRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pairs: list[tuple] = []
        self.checked: set = set()
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_pairs(self, pairs: list[tuple]) -> None:
        self.beginResetModel()
        self.pairs = pairs
        self.endResetModel()

    def set_checked(self, values) -> None:
        self.checked = set(values)
        if self.pairs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.pairs) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Value", "Records")[section]
        return None

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == self.VALUE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.pairs):
            return None
        value, count = self.pairs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COUNT:
                return f"{count:,}"
            if value is MISSING:
                return MISSING_LABEL
            return repr(value) if value != value.strip() or not value else value
        if role == self.ValueRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and col == self.VALUE:
            return Qt.CheckState.Checked if value in self.checked else \
                Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if value is MISSING and col == self.VALUE:
            if role == Qt.ItemDataRole.FontRole:
                return self._italic
            if role == Qt.ItemDataRole.ForegroundRole:
                return _GREY
        if role == Qt.ItemDataRole.ToolTipRole and col == self.VALUE:
            return "Records without a value (absent, empty or a missing marker)" \
                if value is MISSING else value
        return None


class FacetPanel(QWidget):
    """A field's values and counts over ``proxy.base_rows()``; the checked values (any
    or all of them) or the histogram's range become the proxy's facet filter.

    Signals:
        counted(): the counts shown were computed again.
        filter_changed(): the facet filter was set or cleared.
    """

    counted = Signal()
    filter_changed = Signal()

    def __init__(self, model, proxy, parent=None, schema=None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.model = model
        self.proxy = proxy
        self.columns = FacetColumns(model, self)
        self.fields = facet_fields(schema)
        self.counts = None
        self._counted = None               # the field ``counts`` are of
        self.selected: set = set()
        self.range: tuple[float, float] | None = None
        self._timer = QTimer(self, singleShot=True, interval=RECOUNT_MS)
        self._recount_due = False          # counted when next shown
        self._build()
        self._connect()
        self._on_field_changed()

    def set_schema(self, schema) -> None:
        """Offer the facet fields of another collection's schema."""
        self.fields = facet_fields(schema)
        self.field_box.blockSignals(True)
        self.field_box.clear()
        for name in self.fields:
            self.field_box.addItem(name, name)
        self.field_box.blockSignals(False)
        self._on_field_changed()

    # -- building -----------------------------------------------------------------------
    def _build(self) -> None:
        self.field_box = QComboBox(self)
        self.field_box.setObjectName("facetField")
        for name in self.fields:
            self.field_box.addItem(name, name)
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("facetSort")
        self.sort_box.addItem("By count", "count")
        self.sort_box.addItem("By value", "value")
        self.mode_box = QComboBox(self)
        self.mode_box.setObjectName("facetMode")
        self.mode_box.addItem("Any checked", "any")
        self.mode_box.addItem("All checked", "all")
        self.mode_box.setToolTip("Show records holding any of the checked values, or all "
                                 "of them")
        self.value_filter = QLineEdit(self)
        self.value_filter.setObjectName("facetValueFilter")
        self.value_filter.setPlaceholderText("Filter values")
        self.value_filter.setClearButtonEnabled(True)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setObjectName("facetClear")
        self.clear_button.setToolTip("Show every record again")
        self.histogram = FacetHistogram(self)
        self.values = FacetValuesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("facetValues")
        self.table.setModel(self.values)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = self.table.verticalHeader()     # fixed sizes: 10,000 values are never
        rows.hide()                             # measured one by one
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        metrics = self.table.fontMetrics()     # as wide as its header or "000,000": the
        header.resizeSection(1, max(metrics.horizontalAdvance(w) for w in   # values
                                    ("Records", "000,000")) + 16)         # keep the rest
        self.summary = QLabel(self)
        self.summary.setObjectName("facetSummary")
        self.summary.setWordWrap(True)
        row1 = QHBoxLayout()
        row1.addWidget(self.field_box, 1)
        row1.addWidget(self.sort_box)
        row2 = QHBoxLayout()
        row2.addWidget(self.value_filter, 1)
        row2.addWidget(self.mode_box)
        row2.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.histogram)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def _connect(self) -> None:
        self.field_box.currentIndexChanged.connect(self._on_field_changed)
        self.sort_box.currentIndexChanged.connect(self._on_sort_changed)
        self.mode_box.currentIndexChanged.connect(self._on_mode_changed)
        self.value_filter.textChanged.connect(self._on_value_filter_changed)
        self.clear_button.clicked.connect(self.clear_filter)
        self.table.clicked.connect(self._on_table_clicked)
        self.histogram.range_selected.connect(self._on_histogram_range_selected)
        self.histogram.range_cleared.connect(self._on_histogram_range_cleared)
        self._timer.timeout.connect(self.recount)
        self.columns.changed.connect(self.schedule_recount)
        self.columns.ready.connect(self._on_columns_ready)
        for signal in (self.proxy.layoutChanged, self.proxy.modelReset,
                       self.proxy.rowsInserted):
            signal.connect(self.schedule_recount)

    # -- the field ----------------------------------------------------------------------
    @property
    def field(self) -> str:
        return self.field_box.currentData()

    def set_field(self, name: str) -> None:
        self.field_box.setCurrentIndex(self.field_box.findData(name))

    def column(self) -> FacetColumn:
        return self.columns.column(self.field)

    def _on_field_changed(self, *args) -> None:
        self.counts = None                 # the old field's
        self.values.set_pairs([])
        if self.field is None:             # a collection whose schema has no facet field
            self.histogram.setVisible(False)
            self.summary.setText("This collection has no fields to count")
            return
        self.histogram.setVisible(self.fields[self.field].numeric)
        self.histogram.set_bins([])
        self.clear_filter()
        self.schedule_recount(now=True)

    def _on_sort_changed(self, *args) -> None:
        self._show()

    def _on_mode_changed(self, *args) -> None:
        if len(self.selected) > 1:
            self._apply_filter()

    def _on_value_filter_changed(self, text: str) -> None:
        self._show()

    # -- counting -----------------------------------------------------------------------
    def _on_columns_ready(self, name: str) -> None:
        if name == self.field:
            self.recount()

    @property
    def counting(self) -> bool:
        """The field's column is being built: counts are not shown yet."""
        return self.columns.built(self.field) is None

    def schedule_recount(self, *args, now: bool = False) -> None:
        """Count again soon (``now``: at once), or once shown: a hidden panel counts
        nothing (the dock starts hidden; building a column imported numpy, 0.04-0.1 s
        of the window's start, in a thread competing with the first rows, and its
        recounts were 3 ms of every third or fourth search keystroke: issue 20)."""
        if not self.isVisible():
            self._recount_due = True
        elif now:
            self.recount()
        elif not self._timer.isActive():
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._recount_due:
            self._recount_due = False
            self.recount()

    def recount(self) -> None:
        """Count the field's values over the rows the search and quick filter pass."""
        self._timer.stop()
        if self.field is None:
            return
        column = self.columns.request(self.field)
        if column is None:                 # built in a thread: counted when ready
            self.summary.setText("Counting…")
            return
        base = self.proxy.base_rows()
        everything = len(base) == len(column)
        rows = None if everything else list(base)
        by = self.sort_box.currentData()
        pairs = column.sorted_pairs(rows, by)       # one count, sorted in numpy
        self.counts = Counter(dict(pairs))
        self._counted = self.field
        self._sorted = {by: pairs}        # sort key -> pairs of these counts
        self._rows = rows
        self._base_count = len(base)
        if self.fields[self.field].numeric:
            bins, _ = histogram(self.counts)
            integers = bool(bins) and all(b.high - b.low == 1 and float(b.low).is_integer()
                                          for b in bins)
            self.histogram.set_bins(bins, integers)
        self._show()
        self.counted.emit()

    def _show(self) -> None:
        if self.counts is None or self._counted != self.field:
            return
        by = self.sort_box.currentData()
        pairs = self._sorted.get(by)
        if pairs is None:
            pairs = self._sorted[by] = self.columns.column(self.field).sorted_pairs(
                self._rows, by)
        words = self.value_filter.text().casefold().split()
        if words:
            pairs = [(v, n) for v, n in pairs
                     if all(w in (MISSING_LABEL if v is MISSING else v).casefold()
                            for w in words)]
        pairs = pairs + [(v, 0) for v in self.selected if v not in self.counts]
        self.values.set_pairs(pairs)
        self.values.set_checked(self.selected)
        distinct = len(self.counts) - (MISSING in self.counts)
        text = f"{distinct:,} values in {self._base_count:,} records"
        if self._base_count != self.model.rowCount():
            text += " (the search and quick filter's)"
        shown = self.proxy.rowCount()
        if self.proxy.facet_filter is not None:
            text += f" · <b>{shown:,} shown</b>"
        self.summary.setText(text)

    # -- filtering ----------------------------------------------------------------------
    def _on_table_clicked(self, index) -> None:
        value = index.data(FacetValuesModel.ValueRole)
        if value is None and index.data() != MISSING_LABEL:
            return
        self.toggle_value(value)

    def toggle_value(self, value) -> None:
        """Check or uncheck a value (``MISSING``: records without one)."""
        (self.selected.discard if value in self.selected else self.selected.add)(value)
        self.range = None
        self.histogram.picked = None
        self.histogram.update()
        self._apply_filter()

    def set_values(self, values) -> None:
        self.selected = set(values)
        self.range = None
        self._apply_filter()

    def _on_histogram_range_selected(self, low: float, high: float) -> None:
        self.selected = set()
        self.range = (low, high)
        self._apply_filter()

    def _on_histogram_range_cleared(self) -> None:
        self.range = None
        self._apply_filter()

    def clear_filter(self) -> None:
        self.selected = set()
        self.range = None
        self.histogram.picked = None
        self.histogram.update()
        self._apply_filter()

    def _apply_filter(self) -> None:
        field, columns = self.field, self.columns
        selected, mode = set(self.selected), self.mode_box.currentData()
        if self.range is not None:
            low, high = self.range
            keep = lambda rows: columns.column(field).in_range(low, high, rows)  # noqa
        elif selected:
            keep = lambda rows: columns.column(field).matching(selected, mode, rows)  # noqa
        else:
            keep = None
        if keep is None and self.proxy.facet_filter is None:
            self.values.set_checked(self.selected)
            return
        self.proxy.set_facet_filter(keep)
        self.values.set_checked(self.selected)
        self._show()
        self.filter_changed.emit()

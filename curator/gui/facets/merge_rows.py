"""The rows of Cluster and Edit: groups of values (a cluster, or one rare value), each with
a check box and the value written instead, as a Qt model.

A thousand clusters arrive at once; filling a ``QStandardItemModel`` made four items per
row, set their texts, tips and flags, and re-checked every row on each item changed (a
Check All was quadratic): 80 ms of GUI-thread time per 500 clusters. This model keeps the
found rows as they came and formats a cell only when the view paints it (the rows on
screen), so a fill is one reset and the rows' heights; checking all rows is one
``dataChanged``."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

CHECK, VALUES, RECORDS, MERGED = range(4)
ValuesRole = Qt.ItemDataRole.UserRole + 1
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def shown(value: str) -> str:
    """A value as the dialog writes it (quoted when its spaces would not show)."""
    return repr(value) if value != value.strip() or not value else value


class MergeRowsModel(QAbstractTableModel):
    """One row per found group: ``values_of(found)`` the values merged, ``records_of``
    how many records hold them, ``text_of`` the cell that lists them (its lines: one a
    value), ``tip_of`` its tooltip (``text_of`` when None), ``lines_of`` its lines (one
    per value when None), ``merged_of`` the value suggested instead. The merged value is edited in
    place; a row is merged when checked and its merged value is not blank."""

    MERGED_TIP = "The value written instead (edit it: double click or F2)"

    def __init__(self, headers: Sequence[str], *, values_of: Callable, records_of: Callable,
                 text_of: Callable, merged_of: Callable, tip_of: Callable | None = None,
                 lines_of: Callable | None = None, parent=None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self._values_of, self._records_of = values_of, records_of
        self._text_of, self._merged_of = text_of, merged_of
        self._tip_of = tip_of or text_of
        self._lines_of = lines_of or (lambda found: len(values_of(found)))
        self.found: list = []
        self.merged: list[str] = []
        self.checks: list[bool] = []
        self._texts: dict[int, str] = {}          # row -> its formatted cell

    def set_found(self, found: list) -> None:
        self.beginResetModel()
        self.found = list(found)
        self.merged = [self._merged_of(f) for f in self.found]
        self.checks = [False] * len(self.found)
        self._texts = {}
        self.endResetModel()

    def lines(self, row: int) -> int:
        """The lines of the row's values cell (for its height)."""
        return self._lines_of(self.found[row])

    # -- the merge ----------------------------------------------------------------------
    def values(self, row: int) -> list[str]:
        return list(self._values_of(self.found[row]))

    def set_checks(self, checked: bool) -> None:
        """Check every row with a merged value (or uncheck every row)."""
        self.checks = [checked and bool(m.strip()) for m in self.merged]
        if self.found:
            self.dataChanged.emit(self.index(0, CHECK), self.index(len(self.found) - 1,
                                                                  CHECK),
                                  [Qt.ItemDataRole.CheckStateRole])

    def checked(self) -> list[tuple[list[str], str]]:
        """(values, merged value) of every checked row with a merged value."""
        return [(self.values(row), merged) for row, (on, merged) in
                enumerate(zip(self.checks, self.merged)) if on and merged.strip()]

    # -- the model ----------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.found)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == CHECK:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == MERGED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _text(self, row: int) -> str:
        text = self._texts.get(row)
        if text is None:
            text = self._texts[row] = self._text_of(self.found[row])
        return text

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.found):
            return None
        row, col = index.row(), index.column()
        if role == ValuesRole:
            return self.values(row)
        if col == CHECK:
            if role == Qt.ItemDataRole.CheckStateRole:
                return _CHECKED if self.checks[row] else _UNCHECKED
            return None
        if col == VALUES:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._text(row)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tip_of(self.found[row])
        elif col == RECORDS:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self._records_of(self.found[row]):,}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif col == MERGED:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return self.merged[row]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.MERGED_TIP
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.found):
            return False
        row, col = index.row(), index.column()
        if col == CHECK and role == Qt.ItemDataRole.CheckStateRole:
            self.checks[row] = Qt.CheckState(value) == _CHECKED
        elif col == MERGED and role == Qt.ItemDataRole.EditRole:
            self.merged[row] = str(value)
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

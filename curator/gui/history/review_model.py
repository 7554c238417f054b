"""The Review Changes list as a Qt model: one row per changed record (name, state, what is
staged). Showing a review of thousands of changes is one model reset; the view asks only
for the rows it paints (a QTreeWidget built an item per record on the GUI thread: 200 to
400 ms for 1,000)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

PathRole = Qt.ItemDataRole.UserRole + 1
UNSAVED = "unsaved edits"


class ReviewListModel(QAbstractTableModel):
    HEADERS = ("Record", "State", "Staged")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list = []      # core.review.ReviewEntry, paths as the list writes them
        self._unsaved: set[str] = set()
        self._rows: dict[str, int] = {}

    def set_entries(self, entries: list, unsaved: set[str]) -> None:
        self.beginResetModel()
        self._entries, self._unsaved = list(entries), set(unsaved)
        self._rows = {str(e.path): i for i, e in enumerate(self._entries)}
        self.endResetModel()

    def entry_at(self, row: int):
        return self._entries[row]

    def row_of(self, path: str) -> int | None:
        return self._rows.get(path)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self._entries[index.row()]
        key = str(e.path)
        if role == PathRole:
            return key
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return key if e.old_path is None else f"{e.old_path}\n→ {key}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            name = e.path.name if e.old_path is None else f"{e.old_path.name} → {e.path.name}"
            return name + ("  ● unsaved edits" if key in self._unsaved else "")
        if index.column() == 1:
            return e.state
        return "all" if e.staged and not e.unstaged else "part" if e.staged else ""

"""The record list: one light row per record file (never the full record)."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from curator.core.collection.index import IndexRow, row_for
from curator.core.checks.problems import SEVERITIES
from curator.core.fields.profile import LIST_COLUMNS, Profile, default_profile

from curator.core.edits.curation import LABELS as CURATION_LABELS

from curator.gui.widgets.icons import status_icon

_worst, _path = attrgetter("worst"), attrgetter("path")

_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_BOLD = None   # the font of modified rows, made with the first (QFont needs the app)


def row_from_data(old: IndexRow, data: dict | None, problems: list,
                  profile: Profile | None = None) -> IndexRow:
    """``old`` updated from a record's current data and problems (as the index builds it,
    with ``profile``'s columns)."""
    return row_for(old.path, old.size, old.mtime_ns, data, problems, old.inode, old.ctime_ns,
                   profile)


class RecordTableModel(QAbstractTableModel):
    """Rows of ``IndexRow``; ``set_modified`` marks records with unsaved edits. The id,
    title and the field columns are named by the profile (``set_profile``): its list
    columns in ``FIELDS`` order (the third and fourth come after Git in the model, and
    the header shows them after the second: table_columns.py)."""

    STATUS, ID, TITLE, FIELD1, FIELD2, PROBLEMS, CURATION, GIT, FIELD3, FIELD4 = range(10)
    FIELDS = (FIELD1, FIELD2, FIELD3, FIELD4)     # the profile's list columns, in order
    HEADERS = ("", "Name", "Title", "", "", "Problems", "Curation", "Git", "", "")

    PathRole = Qt.ItemDataRole.UserRole + 1
    WorstRole = Qt.ItemDataRole.UserRole + 3
    MissingRole = Qt.ItemDataRole.UserRole + 4
    ModifiedRole = Qt.ItemDataRole.UserRole + 5
    ParsedRole = Qt.ItemDataRole.UserRole + 6
    SortRole = Qt.ItemDataRole.UserRole + 7
    CurationRole = Qt.ItemDataRole.UserRole + 8   # decision of curation.py, or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        global _BOLD
        if _BOLD is None:
            _BOLD = QFont()
            _BOLD.setBold(True)
        self._rows: list[IndexRow] = []
        self._where: dict[str, int] = {}
        self._modified: set[str] = set()
        self._errors = 0
        self.curation_of = None    # record id -> decision or None (set by curation_workflow.py)
        self.headers = list(self.HEADERS)
        self.set_profile(default_profile())
        self._git: dict[str, str] = {}   # path -> state against HEAD (git_status.py)

    def set_profile(self, profile: Profile) -> None:
        """Name the id, title and field columns as ``profile`` does."""
        self.headers[self.ID] = profile.id_label
        self.headers[self.TITLE] = profile.title_label
        for i, col in enumerate(self.FIELDS):
            column = profile.column(i)
            self.headers[col] = column.label if column else ""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)

    # -- changing rows ------------------------------------------------------------------
    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._where, self._modified = [], {}, set()
        self._errors = 0
        self._git = {}
        self.endResetModel()

    def append_rows(self, rows) -> None:
        rows = [r for r in rows if r.path not in self._where]
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)       # C loops: 12,000 rows of a warm reopen at once
        self._errors += list(map(_worst, rows)).count("error")
        self._where.update(zip(map(_path, rows), range(first, first + len(rows))))
        self.endInsertRows()

    def put_rows(self, rows) -> None:
        """Replace the rows of known paths and append the others, telling views once per
        run of neighbouring rows (not once a row: 12,000 rows changed outside at once)."""
        changed = []
        for row in rows:
            i = self._where.get(row.path)
            if i is not None:
                self._errors += (row.worst == "error") - (self._rows[i].worst == "error")
                self._rows[i] = row
                changed.append(i)
        changed.sort()
        start = 0
        for k in range(1, len(changed) + 1):
            if k == len(changed) or changed[k] != changed[k - 1] + 1:
                self.dataChanged.emit(self.index(changed[start], 0),
                                      self.index(changed[k - 1], len(self.HEADERS) - 1))
                start = k
        self.append_rows([row for row in rows if row.path not in self._where])

    def remove_paths(self, paths) -> None:
        """Drop the rows of ``paths`` (files deleted outside Curator), telling views once
        per run of neighbouring rows; unknown paths are ignored."""
        doomed = sorted({self._where[p] for p in paths if p in self._where}, reverse=True)
        runs: list[list[int]] = []
        for i in doomed:
            if runs and runs[-1][0] == i + 1:
                runs[-1][0] = i
            else:
                runs.append([i, i])
        for first, last in runs:          # the last run first: earlier indexes hold
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in self._rows[first:last + 1]:
                self._errors -= row.worst == "error"
                self._modified.discard(row.path)
                del self._where[row.path]
            del self._rows[first:last + 1]
            for i in range(first, len(self._rows)):
                self._where[self._rows[i].path] = i
            self.endRemoveRows()

    def update_row(self, row: IndexRow) -> None:
        """Replace the row of a listed path (a path not listed is ignored)."""
        if row.path in self._where:
            self.put_rows([row])

    def set_modified(self, path: str, modified: bool) -> None:
        if (path in self._modified) == modified:
            return
        (self._modified.add if modified else self._modified.discard)(path)
        i = self._where.get(path)
        if i is not None:
            self._changed(i)

    def set_git_states(self, states: dict[str, str]) -> None:
        """Each path's state against HEAD (absent: unchanged), as git_status.py reads it."""
        old, self._git = self._git, dict(states)
        for path in {*old, *states}:
            if old.get(path) != states.get(path):
                i = self._where.get(path)
                if i is not None:
                    self.dataChanged.emit(self.index(i, self.GIT), self.index(i, self.GIT))

    def git_state(self, path: str) -> str | None:
        """The record's state against HEAD (None: unchanged, or not under git)."""
        return self._git.get(str(path))

    def _changed(self, i: int) -> None:
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.HEADERS) - 1))

    # -- reading ------------------------------------------------------------------------
    def row_for_path(self, path: str) -> int:
        return self._where.get(str(path), -1)

    def record_row(self, row: int) -> IndexRow:
        return self._rows[row]

    def rows(self) -> list[IndexRow]:
        return list(self._rows)

    @property
    def records(self) -> list[IndexRow]:
        """The rows themselves, by source row (not a copy: read, never change)."""
        return self._rows

    def is_modified(self, path: str) -> bool:
        return str(path) in self._modified

    def error_count(self) -> int:
        return self._errors

    def modified_count(self) -> int:
        return len(self._modified)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == self.STATUS:
                return "Status: worst problem, and unsaved edits"
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, i: int, col: int, role):
        """``data()`` of row ``i`` (the filter proxy calls this directly: a repaint asks
        for a thousand cells and each round trip through Qt costs)."""
        if role not in _ROLES:
            return None
        row = self._rows[i]
        modified = row.path in self._modified
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(row.worst, modified, row.parsed) if col == self.STATUS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, modified)
        if role == Qt.ItemDataRole.FontRole:
            return _BOLD if modified else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in (self.FIELD1, self.PROBLEMS) else None
        if role == self.SortRole:
            return self._sort_key(row, col, modified)
        if role == self.PathRole:
            return row.path
        if role == self.WorstRole:
            return row.worst or ""
        if role == self.MissingRole:
            return row.missing
        if role == self.ModifiedRole:
            return modified
        if role == self.CurationRole:
            return self.curation_of(row.ident) if self.curation_of else None
        if role == self.ParsedRole:
            return row.parsed
        return None

    def _display(self, row: IndexRow, col: int):
        if col == self.ID:
            return row.ident
        if col == self.TITLE:
            return row.title if row.parsed else "(cannot be read)"
        at = _FIELD_AT.get(col)
        if at is not None:
            return row.fields[at] if at < len(row.fields) else ""
        if col == self.CURATION:   # the label of the curation decision (curation_workflow.py)
            decision = self.curation_of(row.ident) if self.curation_of else None
            return CURATION_LABELS[decision] if decision else ""
        if col == self.PROBLEMS:
            count = row.errors + row.warnings
            return str(count) if count else ""
        if col == self.GIT:
            return self._git.get(row.path, "")
        return None

    def _tooltip(self, row: IndexRow, col: int, modified: bool):
        if col == self.STATUS or col == self.PROBLEMS:
            lines = [f"{p.severity}: {p.message}" for p in row.problems[:12]]
            if len(row.problems) > 12:
                lines.append(f"… {len(row.problems) - 12} more")
            if modified:
                lines.insert(0, "Unsaved edits")
            return "\n".join(lines) or "No problems"
        if col == self.TITLE:
            return row.title or None
        return None

    def _sort_key(self, row: IndexRow, col: int, modified: bool):
        if col == self.STATUS:
            rank = _SEVERITY_RANK.get(row.worst, len(SEVERITIES)) if row.parsed else -1
            return rank * 2 + (0 if modified else 1)
        if col == self.PROBLEMS:
            return row.errors * 10000 + row.warnings
        return (self._display(row, col) or "").lower()


assert len(RecordTableModel.FIELDS) == LIST_COLUMNS
_FIELD_AT = {col: i for i, col in enumerate(RecordTableModel.FIELDS)}
_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
                    Qt.ItemDataRole.TextAlignmentRole, *range(
                        RecordTableModel.PathRole, RecordTableModel.CurationRole + 1)))

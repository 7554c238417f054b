"""How a field differs across the selected records ("12 records: 3 different values"),
like Picard's TagDiff."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, \
    QVBoxLayout, QWidget

from curator.core.errors import RecordError
from curator.core.fields.values import ABSENT, get, parse_path

from curator.gui.records.record_session import RecordSession
from curator.gui.window.window_parts import Listing

TITLE = -1          # row_fields: the field is the row's title


def row_fields(profile) -> dict[str, int]:
    """Fields the record list already holds (no file is read for them): field name ->
    where its text is in the ``IndexRow``: ``TITLE``, or its place in ``row.fields`` (the
    profile's list columns, all of them: up to LIST_COLUMNS)."""
    out = {profile.title_field: TITLE} if profile.title_field else {}
    for i, column in enumerate(profile.columns):
        out.setdefault(column.field, i)
    return out


def row_text(row, where: int) -> str:
    """The text ``row_fields`` says a row holds for a field."""
    if where == TITLE:
        return row.title
    return row.fields[where] if where < len(row.fields) else ""


MAX_READ = 2000     # other fields are read from the files: not for a huge selection


def value_text(value) -> str:
    if value is ABSENT:
        return "(absent)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(empty list)"
    if value is None:
        return "(null)"
    text = str(value)
    return text if text else "(empty)"


def summarize(values) -> tuple[str, Counter]:
    """The headline and the value counts of ``values`` (texts)."""
    counts = Counter(values)
    n, k = sum(counts.values()), len(counts)
    if k == 1:
        head = f"{n:,} records: the same value"
    else:
        head = f"{n:,} records: {k:,} different values"
    return head, counts


class FieldSummary(QWidget):
    """A field chooser, a headline and a value/count table for the selection of the
    list's ``table`` (the session's records, the ``listing``'s rows)."""

    def __init__(self, session: RecordSession, table: QTableView, listing: Listing,
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldSummary")
        self.session, self.table, self.listing = session, table, listing
        self.field = QComboBox(self)
        self.field.setObjectName("summaryField")
        self.set_profile(session.profile)
        self.headline = QLabel(self)
        self.headline.setObjectName("summaryHeadline")
        self.headline.setWordWrap(True)
        self.values = QStandardItemModel(0, 2, self)
        self.values.setHorizontalHeaderLabels(["Value", "Records"])
        self.view = QTableView(self)
        self.view.setObjectName("summaryValues")
        self.view.setModel(self.values)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(QLabel("Field:", self))
        top.addWidget(self.field, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self.refresh)
        self.field.currentTextChanged.connect(self._on_field_current_text_changed)
        table.selectionModel().selectionChanged.connect(
            self._on_table_selection_changed)
        session.record_edited.connect(self._on_session_record_edited)
        self.refresh()

    def set_profile(self, profile) -> None:
        """Offer ``profile``'s fields, starting on its title field."""
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItems(list(profile.schema.fields))
        if profile.title_field:
            self.field.setCurrentText(profile.title_field)
        self.field.blockSignals(False)

    def selected_paths(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        proxy, model = self.listing.proxy, self.listing.model
        return [p for p in (proxy.data(i, model.PathRole) for i in rows) if p]

    def _on_field_current_text_changed(self, text: str) -> None:
        self._timer.start()

    def _on_table_selection_changed(self, *args) -> None:
        self._timer.start()

    def _on_session_record_edited(self, path: str, names: list) -> None:
        self._timer.start()

    def field_values(self, paths, name: str) -> list[str]:
        session, model = self.session, self.listing.model
        where = row_fields(session.profile).get(name)
        path_key = parse_path(name)
        out = []
        for path in paths:
            i = model.row_for_path(path)
            if where is not None and i >= 0 and model.record_row(i).parsed:
                text = row_text(model.record_row(i), where)
                out.append(text if text else "(empty)")
                continue
            try:
                data = session.record(path).data
            except RecordError:
                out.append("(cannot be read)")
                continue
            out.append(value_text(get(data, path_key, ABSENT)))
            if not session.is_modified(path) and path != self.listing.current_path():
                session.release(path)
        return out

    def refresh(self) -> None:
        paths = self.selected_paths()
        self.values.removeRows(0, self.values.rowCount())
        if len(paths) < 2:
            self.headline.setText("Select several records to compare a field.")
            return
        name = self.field.currentText()
        held = row_fields(self.session.profile)
        if name not in held and len(paths) > MAX_READ:
            self.headline.setText(f"{len(paths):,} records: too many to read for this "
                                  f"field ({', '.join(held) or 'the list'}: always shown).")
            return
        head, counts = summarize(self.field_values(paths, name))
        self.headline.setText(f"<b>{head}</b>")
        for value, n in counts.most_common():
            item = QStandardItem(value)
            item.setToolTip(value)
            count = QStandardItem(f"{n:,}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.values.appendRow([item, count])

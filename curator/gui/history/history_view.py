"""The history of one record: the commits that touched its file, newest first, each with
author, date, message and its field-level changes; a field chooser narrows the list to the
commits that changed that field ("who changed the caption, when")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, \
    QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout

ALL_FIELDS = "All fields"


class HistoryView(QDialog):
    """A non-modal window over one record's history. ``field_chosen(path, field or "")``
    asks the controller for the history again, narrowed to a field."""

    field_chosen = Signal(str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.setWindowTitle("History — Curator")
        self.resize(900, 560)
        self._path = ""
        self._entries = []
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.field = QComboBox(self)
        self.field.setObjectName("historyField")
        self.commits = QTreeWidget(self)
        self.commits.setObjectName("historyCommits")
        self.commits.setHeaderLabels(["Date", "Author", "Fields", "Message"])
        self.commits.setRootIsDecorated(False)   # the message, last, gets the room left
        self.commits.setColumnWidth(0, 150)
        self.commits.setColumnWidth(1, 140)
        self.commits.setColumnWidth(2, 180)
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("historyDetail")
        self.detail.setReadOnly(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("Show commits changing:", self))
        top.addWidget(self.field)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.commits)
        split.addWidget(self.detail)
        split.setSizes([300, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.commits.currentItemChanged.connect(self._on_commits_current_item_changed)
        self.field.activated.connect(self._on_field_activated)

    def show_loading(self, path: str, fields: list[str]) -> None:
        self._path = path
        self.title.setText(f"{path.rsplit('/', 1)[-1]}: reading its history…")
        chosen = self.chosen_field()
        self.field.clear()
        self.field.addItem(ALL_FIELDS, "")
        for name in fields:
            self.field.addItem(name, name)
        self.field.setCurrentIndex(max(self.field.findData(chosen), 0))
        self.commits.clear()
        self.detail.clear()

    def chosen_field(self) -> str:
        return self.field.currentData() or ""

    def set_history(self, path: str, entries, field_name: str = "") -> None:
        if path != self._path:
            return
        self._entries = entries
        self.commits.clear()
        for e in entries:
            c = e.commit
            names = "record added" if c.status == "A" else ", ".join(
                dict.fromkeys(ch.field.split(".")[0] for ch in e.changes))
            names = names or ("renamed" if c.old_path else "")
            item = QTreeWidgetItem([c.date.replace("T", " ")[:16], c.author, names,
                                    c.subject])
            item.setToolTip(2, names)
            item.setToolTip(3, f"{c.subject}\n{c.sha}\n{c.author} <{c.email}>")
            self.commits.addTopLevelItem(item)
        which = f" changing {field_name}" if field_name else ""
        self.title.setText(f"{path.rsplit('/', 1)[-1]}: {len(entries)} commit"
                           f"{'s' if len(entries) != 1 else ''}{which}")
        if entries:
            self.commits.setCurrentItem(self.commits.topLevelItem(0))

    def show_error(self, text: str) -> None:
        self.title.setText(text)

    def _on_commits_current_item_changed(self, current, previous) -> None:
        i = self.commits.indexOfTopLevelItem(current) if current else -1
        if not 0 <= i < len(self._entries):
            self.detail.clear()
            return
        e = self._entries[i]
        c = e.commit
        lines = [f"commit {c.sha}", f"Author: {c.author} <{c.email}>", f"Date:   {c.date}",
                 "", f"    {c.subject}", ""]
        if c.old_path:
            lines.append(f"renamed from {c.old_path}")
        if e.error:
            lines.append(f"Fields cannot be compared: {e.error}")
        lines += [ch.detail() for ch in e.changes]
        self.detail.setPlainText("\n".join(lines))

    def _on_field_activated(self, index: int) -> None:
        self.field_chosen.emit(self._path, self.chosen_field())

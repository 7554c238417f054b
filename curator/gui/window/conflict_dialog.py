"""The dialog shown when a record with unsaved edits also changed (or went) on disk:
Reload, Overwrite, Cancel, and, when the two sides can be merged field by field, Merge
(keep both) with the field-level result shown before it is applied; a field changed
differently on both sides asks which value to keep."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, \
    QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, \
    QVBoxLayout

from curator.core.edits.field_merge import (
    BOTH, CONFLICT, KEPT, OURS, TAKEN, THEIRS, FieldMerge,
)
from curator.core.fields.values import ABSENT

from curator.gui.form.field_editors import code_view, display_text

RELOAD, OVERWRITE, MERGE, CANCEL = "reload", "overwrite", "merge", "cancel"
_KIND_TEXT = {KEPT: "yours kept", TAKEN: "disk's taken", BOTH: "same on both",
              CONFLICT: "changed on both: choose"}
_CHOOSE = "Choose which to keep…"


SHOWN_CHARS = 160


def _show(value, other=ABSENT) -> str:
    """A value as a table cell; a long text is cut around where it differs from
    ``other`` (the other side), so two long captions that differ at the end do not
    read the same."""
    if value is ABSENT:
        return "(none)"
    text = display_text(value)
    if len(text) <= SHOWN_CHARS:
        return text
    start = 0
    if other is not ABSENT:
        theirs = display_text(other)
        common = next((i for i, (a, b) in enumerate(zip(text, theirs)) if a != b),
                      min(len(text), len(theirs)))
        start = max(0, min(common - SHOWN_CHARS // 3, len(text) - SHOWN_CHARS))
    cut = text[start:start + SHOWN_CHARS]
    return ("…" if start else "") + cut + ("…" if start + SHOWN_CHARS < len(text) else "")


def _tip(value) -> str:
    return "" if value is ABSENT else display_text(value)[:2000]


class ConflictDialog(QDialog):
    """Reload (take the file on disk, drop the edits), Overwrite (write Curator's version
    over it), Merge (both sides' changes; ``merge`` given) or Cancel; shows the diff from
    the disk version to Curator's, and the merge field by field."""

    def __init__(self, path: str, diff: str, deleted: bool, parent=None,
                 merge: FieldMerge | None = None) -> None:
        super().__init__(parent)
        self.choice = CANCEL
        self.merge = merge
        self._choosers: dict[tuple, QComboBox] = {}
        name = Path(path).name
        self.setWindowTitle(f"Curator — {name} changed on disk")
        self.setObjectName("conflictDialog")
        if deleted:
            text = (f"<b>{name}</b> was deleted outside Curator, and it has unsaved edits "
                    "here. Overwrite writes it again with Curator's version; Reload drops "
                    "the edits.")
        else:
            text = (f"<b>{name}</b> was changed outside Curator since it was opened, and it "
                    "has unsaved edits here.")
            if merge is not None:
                text += (" <b>Merge</b> keeps your edits and the changes made on disk "
                         "(below, field by field)"
                         + (", once you choose for each field changed on both sides."
                            if merge.conflicts else "."))
        label = QLabel(text, self)
        label.setWordWrap(True)
        self.tabs = QTabWidget(self)
        if merge is not None:
            self.table = self._merge_table(merge)
            self.tabs.addTab(self.table, "Merge, field by field")
        view = code_view(self, "conflictDiff")
        view.setPlainText(diff or "(no difference)")
        self.tabs.addTab(view, "Overwrite: what it would change on disk")
        buttons = QDialogButtonBox(self)
        reload_ = QPushButton("&Reload from disk", self)
        overwrite = QPushButton("&Overwrite", self)
        buttons.addButton(reload_, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(overwrite, QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button = None
        if merge is not None:
            self.merge_button = QPushButton("&Merge (keep both)", self)
            self.merge_button.setObjectName("mergeButton")
            buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.merge_button.clicked.connect(lambda: self._choose(MERGE))
            self.merge_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        reload_.clicked.connect(lambda: self._choose(RELOAD))
        overwrite.clicked.connect(lambda: self._choose(OVERWRITE))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self._update_merge()
        self.resize(900, 560)

    def _merge_table(self, merge: FieldMerge) -> QTableWidget:
        table = QTableWidget(len(merge.outcomes), 5, self)
        table.setObjectName("mergeTable")
        table.setHorizontalHeaderLabels(["Field", "Yours", "On disk", "How", "Result"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for row, outcome in enumerate(merge.outcomes):
            cells = (outcome.name, _show(outcome.ours, outcome.theirs),
                     _show(outcome.theirs, outcome.ours), _KIND_TEXT[outcome.kind])
            tips = (outcome.name, _tip(outcome.ours), _tip(outcome.theirs), "")
            for col, (text, tip) in enumerate(zip(cells, tips)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                table.setItem(row, col, item)
            if outcome.kind == CONFLICT:
                chooser = QComboBox(table)
                chooser.setObjectName(f"choose_{outcome.name}")
                chooser.addItem(_CHOOSE, None)
                chooser.addItem(f"Yours: {_show(outcome.ours, outcome.theirs)}", OURS)
                chooser.addItem(f"On disk: {_show(outcome.theirs, outcome.ours)}", THEIRS)
                chooser.currentIndexChanged.connect(
                    lambda i, p=outcome.path, c=chooser: self._on_chooser_changed(p, c))
                table.setCellWidget(row, 4, chooser)
                self._choosers[outcome.path] = chooser
            else:
                other = outcome.theirs if outcome.kind == KEPT else outcome.ours
                table.setItem(row, 4, QTableWidgetItem(_show(merge.value(outcome), other)))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 140), (1, 200), (2, 200), (3, 150)):
            header.resizeSection(col, width)
        table.resizeRowsToContents()
        return table

    def choose(self, path: tuple, side: str) -> None:
        """Settle a conflict as the curator would with its chooser."""
        chooser = self._choosers[path]
        chooser.setCurrentIndex(chooser.findData(side))

    def _on_chooser_changed(self, path: tuple, chooser: QComboBox) -> None:
        side = chooser.currentData()
        if side is None:
            self.merge.choices.pop(path, None)
        else:
            self.merge.choose(path, side)
        self._update_merge()

    def _update_merge(self) -> None:
        if self.merge_button is not None:
            ready = self.merge.resolved
            self.merge_button.setEnabled(ready)
            self.merge_button.setToolTip("" if ready else
                                         "Choose a value for each field changed on both "
                                         "sides first")

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def ask_conflict(parent, path: str, diff: str, deleted: bool,
                 merge: FieldMerge | None = None) -> str:
    """RELOAD, OVERWRITE, MERGE (``merge.choices`` settled) or CANCEL (the window's
    ``ask_conflict``)."""
    dialog = ConflictDialog(path, diff, deleted, parent, merge)
    dialog.exec()
    return dialog.choice

"""The dialog shown when a record with unsaved edits also changed (or went) on disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, \
    QPushButton, QVBoxLayout

from .field_editors import code_view

RELOAD, OVERWRITE, CANCEL = "reload", "overwrite", "cancel"


class ConflictDialog(QDialog):
    """Reload (take the file on disk, drop the edits), Overwrite (write Curator's version
    over it) or Cancel; shows the diff from the disk version to Curator's."""

    def __init__(self, path: str, diff: str, deleted: bool, parent=None) -> None:
        super().__init__(parent)
        self.choice = CANCEL
        name = Path(path).name
        self.setWindowTitle(f"Curator — {name} changed on disk")
        self.setObjectName("conflictDialog")
        if deleted:
            text = (f"<b>{name}</b> was deleted outside Curator, and it has unsaved edits "
                    "here. Overwrite writes it again with Curator's version; Reload drops "
                    "the edits.")
        else:
            text = (f"<b>{name}</b> was changed outside Curator since it was opened, and it "
                    "has unsaved edits here. Below: what saving Curator's version would "
                    "change in the file as it is on disk now.")
        label = QLabel(text, self)
        label.setWordWrap(True)
        view = code_view(self, "conflictDiff")
        view.setPlainText(diff or "(no difference)")
        buttons = QDialogButtonBox(self)
        reload_ = QPushButton("&Reload from disk", self)
        overwrite = QPushButton("&Overwrite", self)
        buttons.addButton(reload_, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(overwrite, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        reload_.clicked.connect(lambda: self._choose(RELOAD))
        overwrite.clicked.connect(lambda: self._choose(OVERWRITE))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
        self.resize(820, 520)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def ask_conflict(parent, path: str, diff: str, deleted: bool) -> str:
    """RELOAD, OVERWRITE or CANCEL (the window's ``ask_conflict``)."""
    dialog = ConflictDialog(path, diff, deleted, parent)
    dialog.exec()
    return dialog.choice

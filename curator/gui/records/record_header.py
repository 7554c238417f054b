"""The line above the record form: the record's name, its file, and its state.

A file name is text from the disk, never markup: the name and the file are plain-text
labels (a file called ``<b>x</b>.md`` shows those characters). Only the state markers,
which Curator writes itself, are rich text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


def _label(parent, name: str, fmt: Qt.TextFormat) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(fmt)
    label.setTextInteractionFlags(_SELECTABLE)
    return label


class RecordHeader(QWidget):
    """The record's stem in bold, its file name in grey, then the state markers."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("recordHeader")
        self.name = _label(self, "recordHeaderName", Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setBold(True)
        font.setPointSize(13)
        self.name.setFont(font)
        self.file = _label(self, "recordHeaderFile", Qt.TextFormat.PlainText)
        self.file.setStyleSheet("color: #777")
        self.state = _label(self, "recordHeaderState", Qt.TextFormat.RichText)
        self.busy = QProgressBar(self)       # a big record is being read
        self.busy.setObjectName("recordLoading")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.name)
        layout.addWidget(self.file)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.busy)
        self.show_record("", "")

    def show_record(self, path: str, state_html: str) -> None:
        """Show the record at ``path`` ("" for none) with Curator's own ``state_html``."""
        self.busy.hide()
        if not path:
            self.name.setText("")
            self.file.setText("No record selected")
            self.state.setText("")
            return
        self.name.setText(Path(path).stem)
        self.file.setText(Path(path).name)
        self.state.setText(state_html)

    def show_loading(self, path: str, size: int) -> None:
        """The record at ``path`` (``size`` bytes) is being read: a moving bar."""
        self.show_record(path, f"<span style='color:#777'>loading {size / 1e6:.1f} MB"
                               "…</span>")
        self.busy.show()

    @property
    def loading(self) -> bool:
        return not self.busy.isHidden()

    def text(self) -> str:
        """Everything the header shows, as plain text."""
        parts = [self.name.text(), self.file.text(), self.state.text()]
        return "  ".join(p for p in parts if p)

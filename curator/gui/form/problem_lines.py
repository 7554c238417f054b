"""A field's problems under its editor: a line each, in its severity's colour.

The lines were a rich-text ``QLabel`` (a coloured span a line), which Qt lays out through
a ``QTextDocument``: 0.58 ms for each new text, set, sized and asked its height for a
width, against 0.19 ms as plain text, and a record switch changes several (issue 20).
Here Qt sizes the lines as the plain text they are, and each is painted in its colour,
wrapped the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel

_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class ProblemLines(QLabel):
    """``set_lines([(colour, text), ...])``; ``text()`` is the lines, one a line."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._lines: list[tuple[QColor, str]] = []

    def set_lines(self, lines) -> None:
        self._lines = [(QColor(colour), text) for colour, text in lines]
        self.setText("\n".join(text for _, text in self._lines))

    def lines(self) -> list[tuple[str, str]]:
        """The lines shown: (colour as #rrggbb, text)."""
        return [(colour.name(), text) for colour, text in self._lines]

    def paintEvent(self, event) -> None:
        if not self._lines:
            return
        painter = QPainter(self)
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        top = rect.top()
        for colour, text in self._lines:
            height = metrics.boundingRect(QRect(rect.left(), top, rect.width(), 1 << 20),
                                          _FLAGS, text).height()
            painter.setPen(colour)
            painter.drawText(QRect(rect.left(), top, rect.width(), height), _FLAGS, text)
            top += height
        painter.end()

"""Colours for front matter shown as text: keys, quoted strings, comments, markers."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class YamlHighlighter(QSyntaxHighlighter):
    """A line-at-a-time YAML highlighter (good enough for front matter)."""

    _RULES = [
        (re.compile(r"^\s*(?:-\s+)?((?:'[^']*'|\"[^\"]*\"|[^\s:#'\"][^:#]*?))\s*:(?=\s|$)"),
         _format("#0b5394", bold=True), 1),
        (re.compile(r"^\s*(-)(?=\s|$)"), _format("#7a7a7a", bold=True), 1),
        (re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\""), _format("#2e7d32"), 0),
        (re.compile(r"(?<=:\s)(?:true|false|null|~|-?\d+(?:\.\d+)?)\s*$"),
         _format("#8e24aa"), 0),
        (re.compile(r"(?:^|\s)(NA|\.na\.character)\s*$"), _format("#c62828", italic=True), 1),
        (re.compile(r"^(?:---|\.\.\.)\s*$"), _format("#7a7a7a", bold=True), 0),
        (re.compile(r"(?:^|\s)(#.*)$"), _format("#8a8a8a", italic=True), 1),
    ]

    def highlightBlock(self, text: str) -> None:
        for pattern, fmt, group in self._RULES:
            for m in pattern.finditer(text):
                start, end = m.span(group)
                if start >= 0 and end > start:
                    self.setFormat(start, end - start, fmt)

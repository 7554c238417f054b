"""Small helpers for the window tests."""

from __future__ import annotations

import difflib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from curator.core.files.record import Record

RECORD = "PMC3092522__nihms289124f2.md"     # a tidy record: infos only, no errors


def editor(window, name: str):
    w = window.findChild(QLineEdit, f"field_{name}") or \
        window.findChild(QPlainTextEdit, f"field_{name}")
    assert w is not None, f"no editor field_{name}"
    return w


def text_of(widget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def select(window, qtbot, path: Path) -> None:
    """Show the record at ``path``, every tab of its form filled (the tabs not shown are
    filled once the event loop is free: record_form.py)."""
    window.select_record(str(path))
    qtbot.waitUntil(lambda: window.current_path == str(path) and window.form.filled)


def type_at_end(qtbot, widget, text: str) -> None:
    widget.setFocus()
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        widget.setTextCursor(cursor)
    else:
        widget.end(False)
    qtbot.keyClicks(widget, text)


def clear(qtbot, widget) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)


def block_lines(path: Path, *keys: tuple) -> set[int]:
    """The 1-based lines of the file that hold the fields ``keys`` (each to the line
    before the next field begins)."""
    rec = Record.open(path)
    starts = sorted(set(rec.lines.values()))
    total = len(rec.raw.decode("utf-8").splitlines())
    out: set[int] = set()
    for key in keys:
        first = rec.lines[key]
        later = [n for n in starts if n > first]
        last = (later[0] - 1) if later else total
        out.update(range(first, last + 1))
    return out


def changed_lines(before: bytes, after: bytes) -> set[int]:
    """1-based lines of ``before`` that ``after`` replaced or deleted; an insertion counts
    as a change of the line it follows (a value that grew a line)."""
    a = before.decode("utf-8").splitlines()
    b = after.decode("utf-8").splitlines()
    out: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "insert":
            out.add(max(i1, 1))
        elif tag != "equal":
            out.update(range(i1 + 1, i2 + 1))
    return out


def settle(window, qtbot, timeout: int = 20000) -> None:
    """Wait until the window's operation runner has done everything asked of it (a bulk
    apply, undo or redo writes its files off the GUI thread)."""
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=timeout)


def click_and_settle(window, qtbot, button) -> None:
    """Click ``button`` (an Apply) and wait for the operation it starts."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)

"""The record header shows file names as the characters they are, never as markup."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from gui_helpers import RECORD, select


def test_html_in_a_file_name_is_shown_as_plain_text(window, qtbot, tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    name = "PMC1__<b>bold<i>&amp;.md"
    shutil.copy2(_seed(), folder / name)
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(folder)
    select(window, qtbot, folder / name)
    showing = [label for label in window.findChildren(QLabel)
               if "<b>bold<i>&amp;" in label.text()]
    assert showing, "the header does not show the file name"
    for label in showing:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert window.record_header.name.text() == "PMC1__<b>bold<i>&amp;"
    assert window.record_header.file.text() == name


def _seed():
    from recordfiles import record_paths
    return next(p for p in record_paths() if p.name == RECORD)

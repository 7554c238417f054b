"""The curator's loop from the keyboard: search -> Enter/Down -> the list, Escape back
to the list, Help -> Keyboard Shortcuts listing every shortcut, Fix All in This Record as
one undo step, the "With warnings" filter, and organism names completed."""

from __future__ import annotations

import re

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from curator.core.files.record import Record
from curator.gui.widgets.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from gui_helpers import editor, select

MIXED = "PMC2221774__nihms34078f1.md"    # organisms "Homo sapiens, C. elegans"


def test_enter_in_the_search_box_goes_to_the_first_result(loaded, qtbot):
    w = loaded
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is w.search
    qtbot.keyClicks(w.search, "leptin")
    assert w.proxy.rowCount() >= 1
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is w.table
    assert w.current_path == w.proxy.path_at(0)
    assert w.table.currentIndex().row() == 0
    qtbot.keyClick(w.table, Qt.Key.Key_Down)           # and the list keys work on from it
    assert w.current_path == w.proxy.path_at(min(1, w.proxy.rowCount() - 1))


def test_down_in_the_search_box_goes_to_the_results(loaded, qtbot):
    w = loaded
    w.search.setFocus()
    qtbot.keyClicks(w.search, "pathway")
    qtbot.keyClick(w.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is w.table
    assert w.current_path == w.proxy.path_at(0)


def test_escape_returns_to_the_list_from_the_search_box_and_the_form(loaded, qtbot):
    w = loaded
    w.search.setFocus()
    qtbot.keyClick(w.search, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is w.table
    title = editor(w, "figtitle")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is w.table


def test_keyboard_shortcuts_lists_every_shortcut_of_the_window(loaded, qtbot):
    w = loaded
    rows = shortcut_rows(w)
    listed = {(text, keys) for _, text, keys in rows}
    for action in w.findChildren(QAction):
        if action.shortcuts() and not action.isSeparator():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in action.shortcuts())
            assert (action.text().replace("&", "").rstrip("…"), keys) in listed, \
                action.text()
    texts = {t for _, t, _ in rows}
    assert {"Save", "Next Record", "Zoom In", "Fix All in This Record", "Curated, next",
            "Go to the List"} <= texts
    extra = QAction("Brand New Thing", w)            # generated: a new action appears
    extra.setShortcut(QKeySequence("Ctrl+Alt+Shift+N"))
    w.addAction(extra)
    assert any(t == "Brand New Thing" for _, t, _ in shortcut_rows(w))
    w.keys.shortcuts.trigger()
    dialog = w.findChild(ShortcutsDialog)
    qtbot.waitUntil(lambda: dialog.isVisible())
    shown = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert shown[:3] == ["File", "Edit", "View"]
    dialog.close()


def test_fix_all_applies_every_fix_of_the_record_as_one_undo_step(window, qtbot,
                                                                  seeds_copy):
    path = seeds_copy / MIXED
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^figtitle: .*$", "figtitle: wnt signaling pathway.", text, count=1,
                  flags=re.M)
    path.write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    select(window, qtbot, path)
    codes = {p.code for p in window.keys.fixes()}
    assert {"title.capital", "title.period", "organisms.old_style"} <= codes
    assert window.keys.fix_all.isEnabled()
    assert window.keys.fix_all_button.isEnabled()          # beside Fix in the problems
    before = window.undo_stack.count()
    qtbot.keyClick(window.table, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    rec = window.session.record(str(path))
    assert rec.data["figtitle"] == "Wnt signaling pathway"
    assert rec.data["organisms"] == ["Homo sapiens", "Caenorhabditis elegans"]
    assert window.keys.fixes() == [] and not window.keys.fix_all.isEnabled()
    assert window.undo_stack.count() == before + 1          # one step
    window.undo_stack.undo()
    assert rec.data == Record.open(path).data               # all of it undone
    window.undo_stack.redo()
    assert rec.data["figtitle"] == "Wnt signaling pathway"


def test_with_warnings_filter_shows_the_records_with_warnings(loaded, qtbot):
    w = loaded
    w.quick.setCurrentIndex(w.quick.findData("warnings"))
    assert w.quick.currentText() == "With warnings"
    assert w.actions_.quick["warnings"].isChecked()
    shown = {w.proxy.path_at(r) for r in range(w.proxy.rowCount())}
    expected = {r.path for r in w.model.records if r.warnings}
    pinned = w.current_path
    assert shown - {pinned} == expected - {pinned} and expected


# the offscreen platform cannot raise the popup or grab the keyboard for it
@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           "This plugin does not support grabbing the keyboard",
                           "This plugin does not support propagateSizeHints")
def test_organism_names_complete_from_the_known_list(loaded, qtbot, seeds_copy):
    w = loaded
    select(w, qtbot, seeds_copy / MIXED)
    box = editor(w, "organisms")
    completer = w.keys.completers[0]
    assert completer.editor is box
    box.setFocus()
    cursor = box.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    box.setTextCursor(cursor)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "Mus musc")
    popup = completer.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert completer.completer.currentCompletion() == "Mus musculus"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert box.toPlainText().splitlines()[-1] == "Mus musculus"
    rec = w.session.record(str(seeds_copy / MIXED))
    assert rec.data["organisms"][-1] == "Mus musculus"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "Danio re")
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)               # Escape: keep what was typed
    assert not popup.isVisible() and box.toPlainText().endswith("Mus musculus\nDanio re")

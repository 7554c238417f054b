"""A search keystroke changes the list's rows and nothing else, and the list is laid out
for them at once, so the first paint after the key shows them (issue 20: at 70,000 rows
each extra paint of the list was a third of a keystroke)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from curator.gui.records.record_table_model import RecordTableModel as M


def test_a_search_leaves_the_lists_columns_as_they_are(loaded, qtbot):
    """The header used to hide its hidden columns again on every keystroke (each one a
    sectionResized, and a repaint of the whole list after it)."""
    table = loaded.table
    table.setColumnHidden(M.FIELD1, True)
    widths = [table.columnWidth(c) for c in range(loaded.proxy.columnCount())]
    qtbot.wait(50)
    resized = []
    table.horizontalHeader().sectionResized.connect(lambda *args: resized.append(args))
    search = loaded.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(search, "her")
    qtbot.wait(50)
    assert 0 < loaded.proxy.rowCount() < loaded.model.rowCount()
    search.clear()
    qtbot.wait(50)
    assert resized == []
    assert table.isColumnHidden(M.FIELD1)
    assert [table.columnWidth(c) for c in range(loaded.proxy.columnCount())] == widths


def test_a_search_keystroke_lays_the_list_out_before_any_event_is_handled(loaded, qtbot):
    """The scroll range fits the rows found as soon as the key has been handled, not at
    the view's next timer (after a paint of the old layout)."""
    loaded.resize(1400, 300)          # the 29 records overflow the list
    qtbot.wait(50)
    bar = loaded.table.verticalScrollBar()
    assert bar.maximum() > 0
    search = loaded.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(search, "trastuzumab")     # key events sent, no event loop turn
    assert loaded.proxy.rowCount() == 1
    assert bar.maximum() == 0
    search.clear()
    assert bar.maximum() > 0

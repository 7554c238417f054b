"""The window's layout as a curator sees it: the figure in the largest pane, the title
whole and the short fields without scrolling, the list readable at any width and stable
from record to record (issue 15 item 5), columns on demand, layouts kept per
collection, figure ids in PMC order."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from curator.gui.records.record_table_model import RecordTableModel as M
from curator.gui.records.table_columns import ALWAYS
from gui_helpers import editor, select, settle

LONG_TITLE = "PMC10017456__fpls-14-1084358-g002.md"   # the longest header and title


@pytest.fixture
def fresh(qtbot, window_factory, seeds_copy):
    """A window of a given size on fresh settings (the default layout), folder loaded."""

    def make(width, height):
        w = window_factory()
        w.resize(width, height)
        w.show()
        qtbot.waitExposed(w)
        with qtbot.waitSignal(w.folder_loaded, timeout=20000):
            w.open_folder(seeds_copy)
        qtbot.waitUntil(lambda: w.width() == width)
        return w
    return make


def _visible_in_page(widget) -> bool:
    """The widget is shown whole in its form page's viewport (no scrolling needed)."""
    page = widget.parentWidget()
    while page is not None and not hasattr(page, "viewport"):
        page = page.parentWidget()
    top_left = widget.mapTo(page.viewport(), QPoint(0, 0))
    return top_left.y() >= 0 and top_left.y() + widget.height() <= page.viewport().height()


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768), (1920, 1080)])
def test_the_figure_is_the_largest_pane_and_the_list_shows_id_title_status(fresh, size):
    w = fresh(*size)
    assert w.width() == size[0]          # the window fits the screen it is made for
    area = {name: widget.width() * widget.height() for name, widget in (
        ("figure", w.preview), ("form", w.form), ("list", w.table), ("problems", w.problems))}
    assert max(area, key=area.get) == "figure", area
    header = w.table.horizontalHeader()
    for column in ALWAYS:
        assert not header.isSectionHidden(column)
    assert header.sectionSize(M.ID) >= 100
    assert header.sectionSize(M.TITLE) >= 60, "the title column collapsed"
    assert header.sectionViewportPosition(M.TITLE) + header.sectionSize(M.TITLE) <= \
        w.table.viewport().width() + 1, "the title column runs off the list"
    search = w.search
    assert search.width() >= search.fontMetrics().horizontalAdvance("Search figure ID, ")


def test_at_1366_by_768_title_and_organisms_read_without_scrolling(fresh, qtbot, seeds_copy):
    w = fresh(1366, 768)
    select(w, qtbot, seeds_copy / LONG_TITLE)
    title = editor(w, "figtitle")
    assert title.toPlainText().startswith("California poppy")
    assert not title.verticalScrollBar().isVisible()      # the whole title is shown
    assert title.height() >= title.lines_needed() * title.fontMetrics().lineSpacing()
    assert title.lines_needed() >= 2                       # it wrapped, not cut off
    assert _visible_in_page(title)
    assert _visible_in_page(editor(w, "organisms"))
    caption = editor(w, "caption")
    top = caption.mapTo(w, QPoint(0, 0)).y()
    assert top + 5 * caption.fontMetrics().lineSpacing() < w.height()   # caption starts on screen


def test_a_long_title_wraps_in_the_title_editor_and_stays_one_line_of_text(loaded, qtbot,
                                                                            seeds_copy):
    select(loaded, qtbot, seeds_copy / LONG_TITLE)
    title = editor(loaded, "figtitle")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(title, Qt.Key.Key_Return)               # Enter never breaks a title
    qtbot.keyClicks(title, " X")
    assert "\n" not in title.toPlainText()
    rec = loaded.session.record(str(seeds_copy / LONG_TITLE))
    assert rec.data["figtitle"].endswith("metabolism X")


def test_the_list_pane_keeps_its_width_from_record_to_record(loaded, qtbot):
    w = loaded
    handle = w.main_splitter.handle(1)
    before = w.main_splitter.sizes()[0]
    centre = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(handle, centre + QPoint(30, 0))
    qtbot.mouseMove(handle, centre + QPoint(70, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=centre + QPoint(70, 0))
    dragged = w.main_splitter.sizes()[0]
    assert dragged >= before + 40          # the curator widened the list
    widths = set()
    for row in range(w.proxy.rowCount()):                  # headers long and short
        w.select_record(w.proxy.path_at(row))
        QApplication.processEvents()
        widths.add(w.main_splitter.sizes()[0])
    assert widths == {dragged}


def test_the_title_column_survives_a_bulk_apply(loaded, qtbot, seeds_copy):
    w = loaded
    before = w.table.horizontalHeader().sectionSize(M.TITLE)
    dialog = w.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("journal_title")
    qtbot.keyClicks(dialog.set_value, "Curated Journal")
    dialog.show()
    with qtbot.waitSignal(dialog.preview_finished, timeout=20000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(w, qtbot)
    qtbot.waitUntil(lambda: not w.session.modified_paths())
    dialog.close()
    QApplication.processEvents()
    assert w.table.horizontalHeader().sectionSize(M.TITLE) == before
    assert w.main_splitter.sizes()[0] >= 220


def test_more_columns_from_the_header_context_menu(loaded):
    chooser = loaded.columns
    menu = chooser.menu()
    entries = {a.text(): a for a in menu.actions()}
    assert set(entries) == {"Status", "Figure ID", "Title", "Year", "Organisms",
                            "Problems", "Curation", "Git"}
    for name in ("Status", "Figure ID", "Title"):
        assert entries[name].isChecked() and not entries[name].isEnabled()
    header = loaded.table.horizontalHeader()
    assert header.isSectionHidden(M.FIELD1)
    entries["Year"].setChecked(True)
    assert not header.isSectionHidden(M.FIELD1) and header.sectionSize(M.FIELD1) >= 24
    chooser.set_shown(M.TITLE, False)                      # never hidden
    assert not header.isSectionHidden(M.TITLE)


def test_figure_ids_sort_by_their_pmc_number(loaded):
    ids = [loaded.proxy.data(loaded.proxy.index(r, M.ID))
           for r in range(loaded.proxy.rowCount())]
    numbers = [int(i[3:].split("__")[0]) for i in ids]
    assert numbers == sorted(numbers)
    assert ids.index("PMC1193534__pgen.0010027.g001") < ids.index("PMC10017456__fpls-14-1084358-g002")
    loaded.table.sortByColumn(M.ID, Qt.SortOrder.DescendingOrder)
    ids = [loaded.proxy.data(loaded.proxy.index(r, M.ID))
           for r in range(loaded.proxy.rowCount())]
    assert [int(i[3:].split("__")[0]) for i in ids] == sorted(numbers, reverse=True)


def test_splitters_and_columns_are_remembered_per_collection(window, qtbot, seeds_copy,
                                                             tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for p in sorted(seeds_copy.glob("*.md"))[:3]:
        shutil.copy2(p, other / p.name)

    def open_(folder):
        with qtbot.waitSignal(window.folder_loaded, timeout=20000):
            assert window.open_folder(folder)

    open_(seeds_copy)
    window.main_splitter.setSizes([300, 1000])
    window.columns.set_shown(M.FIELD1, True)
    first = (window.main_splitter.sizes()[0], window.work_splitter.sizes())
    open_(other)
    window.main_splitter.setSizes([450, 850])
    window.columns.set_shown(M.FIELD1, False)
    open_(seeds_copy)
    assert (window.main_splitter.sizes()[0], window.work_splitter.sizes()) == first
    assert not window.table.horizontalHeader().isSectionHidden(M.FIELD1)
    open_(other)
    assert window.main_splitter.sizes()[0] == 450
    assert window.table.horizontalHeader().isSectionHidden(M.FIELD1)

"""The window's start: the record the list starts on is opened once the list has painted
its first rows (first_paint.py, issue 20), and nothing done before that is lost."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from curator.core.collection.index import FolderIndex
from curator.gui.window import first_paint
from curator.gui.window.first_paint import FirstPaint


def test_work_waits_for_the_first_paint_with_rows_then_runs_once(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    model = QStandardItemModel(0, 1)
    view.setModel(model)
    paint = FirstPaint(view)
    done = []
    paint.later(lambda: done.append("first"))
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    assert done == [] and paint.pending      # painted, but no rows yet
    model.appendRow(QStandardItem("a row"))
    qtbot.waitUntil(lambda: done == ["first"])
    assert paint.painted and not paint.pending
    paint.later(lambda: done.append("after"))    # once painted: at once
    assert done == ["first", "after"]


def test_settle_runs_what_waits_at_once(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    paint = FirstPaint(view)
    done = []
    paint.later(lambda: done.append(1))
    paint.settle()
    assert done == [1] and not paint.pending
    paint.settle()
    assert done == [1]


def _remember(window_factory, folder, qtbot, row: int) -> str:
    """Open ``folder`` in a window, rest on the list's ``row``, close: remembered."""
    a = window_factory()
    a.show()
    with qtbot.waitSignal(a.folder_loaded, timeout=20000):
        a.open_folder(folder)
    path = a.proxy.path_at(row)
    a.select_record(path)
    a.close()
    return path


def _rows_shown_not_painted(window_factory, folder, qtbot, monkeypatch):
    """A window (not shown: its list paints nothing) listing ``folder``'s rows as a scan
    in progress gives them, the scan not finished: the start is still put off."""
    monkeypatch.setattr(first_paint, "FALLBACK_MS", 600_000)
    b = window_factory()
    assert b.open_folder(folder)
    b.loader.cancel()                     # its batches are dropped: these come instead
    rows = [row for batch in FolderIndex(folder, cache=False).scan() for row in batch]
    b.loader.rows_loaded.emit(rows)
    qtbot.waitUntil(lambda: b.model.rowCount() == len(rows))
    return b


def test_the_remembered_record_is_opened_after_the_rows_are_painted(
        window_factory, seeds_copy, qtbot, monkeypatch):
    remembered = _remember(window_factory, seeds_copy, qtbot, 3)
    b = _rows_shown_not_painted(window_factory, seeds_copy, qtbot, monkeypatch)
    assert b.current_path == "" and b.first_paint.pending
    b.resize(1024, 700)
    b.show()
    qtbot.waitUntil(lambda: b.current_path == remembered)
    assert b.form.record is not None and str(b.form.record.path) == remembered


def test_a_key_pressed_before_the_remembered_record_is_opened_moves_on_from_it(
        window_factory, seeds_copy, qtbot, monkeypatch):
    remembered = _remember(window_factory, seeds_copy, qtbot, 3)
    b = _rows_shown_not_painted(window_factory, seeds_copy, qtbot, monkeypatch)
    assert b.current_path == ""
    b.actions_.next_record.trigger()        # Alt+Down before the start record is open
    expected = b.proxy.path_at(b.proxy.row_of(remembered) + 1)
    qtbot.waitUntil(lambda: b.current_path == expected)
    assert not b.first_paint.pending


def test_typing_into_the_filter_before_the_start_keeps_what_was_typed(
        window_factory, seeds_copy, qtbot, monkeypatch):
    b = _rows_shown_not_painted(window_factory, seeds_copy, qtbot, monkeypatch)
    b.search.setText("zzz-no-record-says-this")     # the list shows no row: not painted
    assert b.first_paint.pending
    b.actions_.next_record.trigger()                # then Alt+Down: the start is opened
    qtbot.waitUntil(lambda: not b.first_paint.pending)
    assert b.search.text() == "zzz-no-record-says-this"


def test_the_listing_ending_opens_the_start_record_before_folder_loaded(
        window_factory, seeds_copy, qtbot, monkeypatch):
    monkeypatch.setattr(first_paint, "FALLBACK_MS", 600_000)
    remembered = _remember(window_factory, seeds_copy, qtbot, 5)
    b = window_factory()                  # never shown: never painted
    seen = []
    b.folder_loaded.connect(lambda: seen.append(b.current_path))
    with qtbot.waitSignal(b.folder_loaded, timeout=20000):
        b.open_folder(seeds_copy)
    assert seen == [remembered]


def test_a_cold_open_in_worker_processes_starts_on_the_first_record(window, qtbot,
                                                                     tmp_path):
    """The scan's own thread parses the first chunk while the workers start (they are
    handed the chunks from the last): the rows painted first, and the record opened
    then, are the top of the list, not a record from the end of the folder that the
    rest of the rows then sort above."""
    from curator.core.collection.index import CHUNK, PARALLEL_FROM
    folder = tmp_path / "many"
    folder.mkdir()
    count = max(PARALLEL_FROM, 3 * CHUNK) + 1
    for n in range(count):
        name = f"PMC{n:06d}__f{n}"
        (folder / f"{name}.md").write_text(
            f"---\nfigid: {name}\npmcid: PMC{n:06d}\nfigtitle: Figure {n}\n---\n")
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.folder_loaded, timeout=60000):
        assert window.open_folder(folder)
    assert window.model.rowCount() == count
    first = str(folder / "PMC000000__f0.md")
    assert window.proxy.path_at(0) == first
    assert window.current_path == first

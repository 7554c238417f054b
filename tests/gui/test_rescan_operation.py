"""The disk watch's look at every file runs as a quiet operation of the window's runner
and is told as one change set ("Changed on disk"): new files listed, changed rows
replaced, deleted files dropped; a Save All does not wait behind it; opening another
folder stops it and what it found for the old folder is not listed."""

from __future__ import annotations

import shutil
import time

from curator.core.files.record import Record
from gui_helpers import RECORD, editor, select, settle, type_at_end

OTHER = "PMC10545120__pcbi.1011499.g004.md"


def test_one_change_set_tells_what_changed_on_disk(loaded, qtbot, seeds_copy):
    told = []
    loaded.runner.changed.connect(told.append)
    added = seeds_copy / "PMC99999998__added.md"
    added.write_bytes((seeds_copy / OTHER).read_bytes())
    changed = seeds_copy / OTHER
    changed.write_bytes(changed.read_bytes().replace(b"\n---", b"\nyear: 1999\n---", 1)
                        if b"\nyear:" not in changed.read_bytes()
                        else changed.read_bytes() + b"\nMore text.\n")
    qtbot.waitUntil(loaded.disk_watch.check_rows, timeout=10000)   # once no other runs
    assert loaded.runner.progress is None          # quiet: no dialog takes the keyboard
    settle(loaded, qtbot)
    # one change set a look; on a busy machine a look may come between the two writes
    looks = [c for c in told if c.origin == "Changed on disk"]
    assert 1 <= len(looks) <= 2 and all(c.fields is None for c in looks)
    assert {str(added), str(changed)} <= set().union(*(c.paths for c in looks))
    assert loaded.model.row_for_path(str(added)) >= 0
    row = loaded.model.record_row(loaded.model.row_for_path(str(changed)))
    assert row.size == changed.stat().st_size
    assert loaded.status_label.text().startswith("30 records")
    told.clear()
    qtbot.waitUntil(loaded.disk_watch.check_rows, timeout=10000)   # nothing new: untold
    settle(loaded, qtbot)
    assert [c for c in told if c.origin == "Changed on disk"] == []


def test_save_all_does_not_wait_for_a_look_at_the_disk(loaded, qtbot, seeds_copy,
                                                        monkeypatch):
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    type_at_end(qtbot, editor(loaded, "figtitle"), " (saved)")
    looked = []

    def endless(known, cancelled=None):
        looked.append("started")
        while not cancelled():
            time.sleep(0.005)
        looked.append("stopped")
        return
        yield

    from curator.core.collection import index as index_module
    monkeypatch.setattr(index_module.FolderIndex, "rescan",
                        lambda self, known, cancelled=None: endless(known, cancelled))
    qtbot.waitUntil(loaded.disk_watch.check_rows, timeout=10000)   # once no other runs
    qtbot.waitUntil(lambda: looked == ["started"], timeout=10000)
    loaded.actions_.save_all.trigger()
    settle(loaded, qtbot)
    qtbot.waitUntil(lambda: not loaded.session.is_modified(str(path)), timeout=10000)
    assert looked == ["started", "stopped"]
    assert Record.open(path).data["figtitle"].endswith(" (saved)")


def test_opening_another_folder_stops_the_look_and_drops_what_it_found(
        loaded, qtbot, seeds_copy, tmp_path_factory, monkeypatch):
    other = tmp_path_factory.mktemp("other")
    shutil.copy(seeds_copy / OTHER, other / OTHER)
    added = seeds_copy / "PMC99999997__added.md"
    added.write_bytes((seeds_copy / OTHER).read_bytes())
    qtbot.waitUntil(loaded.disk_watch.check_rows, timeout=10000)   # once no other runs
    with qtbot.waitSignal(loaded.folder_loaded, timeout=20000):
        assert loaded.open_folder(other)
    settle(loaded, qtbot)
    assert loaded.model.rowCount() == 1
    assert loaded.model.row_for_path(str(added)) < 0


def test_a_look_that_fails_is_told_in_the_status_bar_not_raised(loaded, qtbot, seeds_copy,
                                                                 monkeypatch):
    """A failure of the look (a worker pool that cannot start, a folder gone unreadable)
    keeps what it found before, and says why in the status bar; nothing is raised into
    Qt's event loop (it was: the runner re-raised the work's exception)."""
    from curator.core.collection import index as index_module
    added = seeds_copy / "PMC99999996__added.md"
    added.write_bytes((seeds_copy / OTHER).read_bytes())
    real_rescan = index_module.FolderIndex.rescan

    def failing(self, known, cancelled=None):
        yield from real_rescan(self, known, cancelled)
        raise RuntimeError("the worker pool could not start")

    monkeypatch.setattr(index_module.FolderIndex, "rescan", failing)
    qtbot.waitUntil(loaded.disk_watch.check_rows, timeout=10000)
    settle(loaded, qtbot)
    assert "the worker pool could not start" in loaded.statusBar().currentMessage()
    assert loaded.model.row_for_path(str(added)) >= 0

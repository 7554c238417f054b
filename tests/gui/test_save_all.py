"""Save All writes through the operation runner: the records are rendered on the GUI
thread, written on the runner's thread, and told as one change set; Stop leaves the
rest modified; a Save All asked while another operation runs waits for it; closing the
window while one is in flight tells it first (its records are not saved twice)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from curator.core.files.record import Record, SaveRequest
from gui_helpers import editor, select, settle, type_at_end

NAMES = ["PMC3092522__nihms289124f2.md", "PMC10545120__pcbi.1011499.g004.md"]


def edit_records(window, qtbot, folder, count):
    paths = sorted(folder.glob("*.md"))
    paths = [folder / n for n in NAMES] + [p for p in paths if p.name not in NAMES]
    edited = []
    for path in paths:
        if len(edited) == count:
            break
        select(window, qtbot, path)
        if window.session.problems(str(path)) and any(
                p.severity == "error" for p in window.session.problems(str(path))):
            continue
        type_at_end(qtbot, editor(window, "figtitle"), " (saved)")
        edited.append(path)
    assert len(edited) == count
    return edited


def test_save_all_writes_off_the_gui_thread_and_tells_one_change_set(
        loaded, qtbot, seeds_copy, monkeypatch):
    edited = edit_records(loaded, qtbot, seeds_copy, 2)
    threads, told = [], []
    real_write = SaveRequest.write

    def write(self, **kwargs):
        threads.append(QThread.currentThread())
        return real_write(self, **kwargs)

    monkeypatch.setattr(SaveRequest, "write", write)
    loaded.runner.changed.connect(told.append)
    loaded.actions_.save_all.trigger()
    settle(loaded, qtbot)
    gui = loaded.thread()
    assert len(threads) == 2 and all(t is not gui for t in threads)
    [changes] = told
    assert changes.origin == "Save All" and changes.paths == {str(p) for p in edited}
    assert changes.note == "Saved every modified record"
    assert loaded.status_label.text().endswith(" 0 modified")
    for path in edited:
        assert Record.open(path).data["figtitle"].endswith(" (saved)")
        assert not loaded.model.is_modified(str(path))
    assert not loaded.isWindowModified()


def test_stop_leaves_the_records_not_yet_written_modified(
        loaded, qtbot, seeds_copy, monkeypatch):
    edited = edit_records(loaded, qtbot, seeds_copy, 3)
    first_written, go_on = threading.Event(), threading.Event()
    real_write = SaveRequest.write
    calls = []

    def write(self, **kwargs):
        real_write(self, **kwargs)
        calls.append(self.path)
        if len(calls) == 1:
            first_written.set()
            go_on.wait(20)

    monkeypatch.setattr(SaveRequest, "write", write)
    loaded.actions_.save_all.trigger()
    qtbot.waitUntil(first_written.is_set, timeout=20000)
    loaded.runner.stop()             # as the progress dialog's Stop button does
    go_on.set()
    settle(loaded, qtbot)
    order = sorted(str(p) for p in edited)
    assert [str(p) for p in calls] == order[:1]
    assert not loaded.session.is_modified(order[0])
    assert all(loaded.session.is_modified(p) for p in order[1:])
    assert loaded.isWindowModified()
    assert "Saved 1 of 3 modified records (stopped)" in loaded.statusBar().currentMessage()


def test_save_all_asked_while_an_operation_runs_starts_when_it_is_done(
        loaded, qtbot, seeds_copy):
    [path] = edit_records(loaded, qtbot, seeds_copy, 1)
    release = threading.Event()
    order = []
    loaded.runner.run("Something long", lambda progress, cancelled: release.wait(20),
                      lambda result: order.append("other"))
    loaded.actions_.save_all.trigger()
    assert loaded.session.is_modified(str(path))     # not yet: the other one runs
    loaded.runner.changed.connect(lambda changes: order.append(changes.origin))
    release.set()
    settle(loaded, qtbot)
    qtbot.waitUntil(lambda: not loaded.session.is_modified(str(path)))
    assert order == ["other", "Save All"]
    assert Record.open(path).data["figtitle"].endswith(" (saved)")


def test_closing_during_a_save_all_tells_it_and_asks_nothing(
        loaded, qtbot, seeds_copy, monkeypatch):
    edited = edit_records(loaded, qtbot, seeds_copy, 2)
    started, release = threading.Event(), threading.Event()
    real_write = SaveRequest.write

    def write(self, **kwargs):
        started.set()
        release.wait(20)
        return real_write(self, **kwargs)

    monkeypatch.setattr(SaveRequest, "write", write)
    asked = []
    monkeypatch.setattr(loaded, "ask_save_changes", asked.append)
    loaded.actions_.save_all.trigger()
    qtbot.waitUntil(started.is_set, timeout=20000)
    threading.Timer(0.2, release.set).start()     # the writes go on while close waits
    assert loaded.close()
    assert asked == []
    for path in edited:
        assert Record.open(path).data["figtitle"].endswith(" (saved)")
    assert not loaded.session.modified_paths()


def test_a_fault_in_the_writing_is_shown_and_the_records_stay_modified(
        loaded, qtbot, seeds_copy, monkeypatch):
    from curator.gui.window import window_operations
    edited = edit_records(loaded, qtbot, seeds_copy, 2)
    shown = []
    monkeypatch.setattr(window_operations.QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))

    def write(self, **kwargs):
        raise RuntimeError("a fault no save expects")

    monkeypatch.setattr(SaveRequest, "write", write)
    loaded.actions_.save_all.trigger()
    settle(loaded, qtbot)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    [(title, text)] = shown
    assert "Saving 2 records stopped with an error" in text
    assert "RuntimeError: a fault no save expects" in text
    assert all(loaded.session.is_modified(str(p)) for p in edited)
    assert loaded.isWindowModified()

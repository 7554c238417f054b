"""The operation runner: work runs off the GUI thread under one progress with Stop, one
operation after the other, and each one's change set is told once when it is done."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMainWindow, QPushButton

from curator.core.edits.changes import OpChanges
from curator.gui.window.operation_runner import OperationRunner


def _runner(qtbot) -> OperationRunner:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return OperationRunner(window)


def _wait_until_stopped(cancelled) -> bool:
    for _ in range(4000):
        if cancelled():
            return True
        threading.Event().wait(0.005)
    return False


def test_work_runs_off_the_gui_thread_and_its_changes_are_told_once(qtbot):
    runner = _runner(qtbot)
    told, threads = [], []
    runner.changed.connect(told.append)

    def work(progress, cancelled):
        threads.append(threading.get_ident())
        progress(1, 2)
        progress(2, 2)
        return "result"

    def finish(result):
        threads.append(threading.get_ident())
        return OpChanges("Test", paths=frozenset({result}))

    with qtbot.waitSignal(runner.idle, timeout=10000):
        runner.run("Working…", work, finish, total=2)
        assert runner.busy
    assert not runner.busy and runner.progress is None
    (changes,) = told
    assert changes.origin == "Test" and changes.paths == {"result"}
    assert threads[0] != threading.get_ident() and threads[1] == threading.get_ident()


def test_stop_is_seen_by_the_work_and_the_operation_still_tells_what_it_did(qtbot):
    runner = _runner(qtbot)
    started = threading.Event()
    told = []
    runner.changed.connect(told.append)

    def work(progress, cancelled):
        started.set()
        return _wait_until_stopped(cancelled)

    runner.run("Working…", work,
               lambda stopped: OpChanges("Test", stopped=stopped, note="stopped"))
    qtbot.waitUntil(started.is_set, timeout=10000)
    runner.progress.findChild(QPushButton).click()      # the curator presses Stop
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert [c.stopped for c in told] == [True]


def test_an_operation_without_stop_runs_to_its_end(qtbot):
    runner = _runner(qtbot)
    release = threading.Event()
    seen = []

    def work(progress, cancelled):
        release.wait(10)
        return cancelled()

    runner.run("Restoring…", work, seen.append, cancellable=False)
    assert runner.progress.findChild(QPushButton) is None     # no Stop button
    runner.stop()
    runner.progress.reject()                                  # Escape: stays
    assert runner.busy
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert seen == [False]


def test_operations_run_one_after_the_other_in_the_order_asked(qtbot):
    runner = _runner(qtbot)
    order = []
    release = threading.Event()

    def first(progress, cancelled):
        release.wait(10)
        order.append("first work")

    def second(progress, cancelled):
        order.append("second work")

    runner.changed.connect(lambda c: order.append(f"told {c.origin}"))
    runner.run("1", first, lambda r: OpChanges("first", note="1"))
    runner.run("2", second, lambda r: OpChanges("second", note="2"),
               then=lambda c: order.append("then second"))
    assert order == []
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert order == ["first work", "told first", "second work", "told second",
                     "then second"]


def test_shutdown_waits_for_the_operation_running_and_starts_no_other(qtbot):
    runner = _runner(qtbot)
    done = []

    def work(progress, cancelled):
        _wait_until_stopped(cancelled)
        done.append("first")

    runner.run("1", work, lambda r: None)
    runner.run("2", lambda p, c: done.append("second"), lambda r: None)
    runner.shutdown()
    assert done == ["first"]


def test_a_quiet_operation_shows_no_progress_and_gives_way_to_the_curators(qtbot):
    """A look at the disk (quiet) never opens the progress dialog, however long it takes;
    an operation the curator asks for meanwhile stops it (what it found is still told)
    and then runs."""
    runner = _runner(qtbot)
    told, seen_stop = [], threading.Event()
    runner.changed.connect(lambda changes: told.append(changes.origin))

    def look(progress, cancelled):
        if _wait_until_stopped(cancelled):
            seen_stop.set()
        return "partial"

    runner.run("Looking", look, lambda r: OpChanges("Look", paths=frozenset({r})),
               quiet=True)
    assert runner.busy and runner.progress is None
    qtbot.wait(400)                      # past the dialog's SHOW_AFTER_MS
    assert runner.progress is None and not seen_stop.is_set()
    with qtbot.waitSignal(runner.idle, timeout=20000):
        runner.run("Writing", lambda progress, cancelled: "w",
                   lambda r: OpChanges("Write", paths=frozenset({r})))
    assert seen_stop.is_set() and told == ["Look", "Write"]


def test_settle_tells_what_runs_at_once_and_stops_a_quiet_look(qtbot):
    runner = _runner(qtbot)
    told = []
    runner.changed.connect(lambda changes: told.append(changes.origin))
    release = threading.Event()
    runner.run("Looking", lambda p, cancelled: _wait_until_stopped(cancelled),
               lambda r: OpChanges("Look", paths=frozenset({"x"})), quiet=True)
    runner.run("Writing", lambda p, c: release.wait(20),
               lambda r: OpChanges("Write", paths=frozenset({"y"})))
    threading.Timer(0.2, release.set).start()
    runner.settle()                      # blocks: both are told before it returns
    assert told == ["Look", "Write"] and not runner.busy


def test_a_failing_operation_is_told_and_the_next_one_still_runs(qtbot, capsys):
    """An exception of the work (or of finish) is not raised into Qt's event loop: the
    runner tells ``failed`` (label, error), calls ``then`` with None (a dialog waiting on
    it leaves its 'applying' state), prints the traceback, and starts the next one."""
    runner = _runner(qtbot)
    failed, thens, told = [], [], []
    runner.failed.connect(lambda label, error: failed.append((label, error)))
    runner.changed.connect(lambda changes: told.append(changes.origin))

    def broken(progress, cancelled):
        raise ValueError("a bug in the work")

    runner.run("Writing 3 files…", broken, lambda r: OpChanges("never"),
               then=thens.append)
    with qtbot.waitSignal(runner.idle, timeout=10000):
        runner.run("Next", lambda p, c: 1, lambda r: OpChanges("Next", paths=frozenset("x")))
    assert failed == [("Writing 3 files…", "ValueError: a bug in the work")]
    assert thens == [None] and told == ["Next"]
    assert "ValueError: a bug in the work" in capsys.readouterr().err

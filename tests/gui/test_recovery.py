"""Crash recovery: unsaved edits survive a killed Curator and come back as one undo step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator.core.files.journal import Journal, entry_for
from curator.core.files.record import Record
from curator.gui.window.recovery import DELAY_SETTING, describe_entries, entry_is_stale
from gui_helpers import RECORD, block_lines, changed_lines, editor, select, text_of, \
    type_at_end

# Runs Curator's window in another process, types into the figure title, and waits to
# be killed (the guard matters: the folder index may start worker processes).
APP_SCRIPT = r"""
import sys
if __name__ == "__main__":
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication, QPlainTextEdit
    app = QApplication([])
    folder, settings_dir, record = sys.argv[1:4]
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    from curator.gui import MainWindow
    w = MainWindow(QSettings(settings_dir + "/curator.ini", QSettings.Format.IniFormat))
    w.show()
    def edit():
        w.select_record(record)
        field = w.findChild(QPlainTextEdit, "field_figtitle")   # the wrapping title
        field.setFocus()
        field.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(field, " RESTORED")
        print("edited", w.session.modified_paths(), flush=True)
    w.folder_loaded.connect(edit)
    w.open_folder(folder)
    sys.exit(app.exec())
"""


def _wait_for(predicate, timeout: float, proc=None) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the app exited early: {proc.communicate()}")
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_edits_of_a_killed_app_are_offered_restored_undoable_and_saved_alone(
        window, qtbot, seeds_copy, tmp_path_factory, monkeypatch):
    folder = str(seeds_copy)
    record = os.path.join(folder, RECORD)
    before = Path(record).read_bytes()
    journal = Journal(folder)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-c", APP_SCRIPT, folder,
         str(tmp_path_factory.mktemp("app-settings")), record],
        env=env, cwd=str(Path(__file__).parents[2]), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(journal.path.exists, 60, proc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert "edited" in out
    assert Path(record).read_bytes() == before       # the killed app saved nothing

    offered = []

    def ask_restore(entries):
        offered.append(entries)
        return True

    monkeypatch.setattr(window, "ask_restore", ask_restore)
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(folder)
    assert len(offered) == 1
    [entry] = offered[0]
    assert entry.path == record and list(entry.fields) == ["figtitle"]
    assert entry.fields["figtitle"].endswith(" RESTORED") and not entry_is_stale(entry)

    assert window.session.is_modified(record) and window.isWindowModified()
    qtbot.waitUntil(lambda: window.current_path == record)
    assert text_of(editor(window, "figtitle")).endswith(" RESTORED")
    assert window.undo_stack.undoText() == "Restore unsaved edits"
    window.undo_stack.undo()
    assert not window.session.is_modified(record)
    assert not text_of(editor(window, "figtitle")).endswith(" RESTORED")
    assert not journal.path.exists()                  # nothing unsaved: no journal
    window.undo_stack.redo()
    assert window.session.is_modified(record)

    title_lines = block_lines(Path(record), ("figtitle",))    # of the file as it was
    window.actions_.save.trigger()
    after = Path(record).read_bytes()
    assert Record.open(record).data["figtitle"].endswith(" RESTORED")
    assert changed_lines(before, after)
    assert changed_lines(before, after) <= title_lines        # only the title's lines
    assert not journal.path.exists()


def test_the_journal_follows_the_edits(loaded, qtbot, seeds_copy):
    path = str(seeds_copy / RECORD)
    journal = Journal(seeds_copy)
    select(loaded, qtbot, seeds_copy / RECORD)
    type_at_end(qtbot, editor(loaded, "figtitle"), " z")
    assert not journal.path.exists()                  # not at once: ~2 s after the edit
    qtbot.waitUntil(journal.path.exists, timeout=5000)
    [entry] = journal.read()
    assert entry.path == path and entry.fields["figtitle"].endswith(" z")
    loaded.undo_stack.undo()                          # back to the file: no journal
    assert not journal.path.exists()
    type_at_end(qtbot, editor(loaded, "figtitle"), " y")
    qtbot.waitUntil(journal.path.exists, timeout=5000)
    loaded.actions_.save.trigger()
    assert not journal.path.exists()


def test_a_stale_entry_is_still_offered_but_flagged(window, qtbot, seeds_copy, monkeypatch):
    path = seeds_copy / RECORD
    rec = Record.open(path)
    rec.set(("year",), "1999")
    Journal(seeds_copy).write([entry_for(rec)])
    path.write_bytes(path.read_bytes() + b"\nchanged since\n")
    offered = []
    monkeypatch.setattr(window, "ask_restore", lambda e: offered.append(e) or False)
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    [entry] = offered[0]
    assert entry_is_stale(entry)
    assert "year" in describe_entries(offered[0])
    assert "changed since" in describe_entries(offered[0])
    assert not window.session.modified_paths()        # declined: nothing restored
    assert not Journal(seeds_copy).path.exists()      # and the journal is dropped


def test_no_journal_means_no_question(window, qtbot, seeds_copy, monkeypatch):
    monkeypatch.setattr(window, "ask_restore", lambda e: (_ for _ in ()).throw(
        AssertionError("asked")))
    Journal(seeds_copy).write([])
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    assert not window.session.modified_paths()


@pytest.fixture
def one_second_journal(private_settings):
    """The journal is written 1 s after the first unsaved edit (the default is 2 s)."""
    private_settings.setValue(DELAY_SETTING, 1000)
    private_settings.sync()
    return 1000


def test_steady_typing_is_journaled_within_the_delay_of_the_first_edit(
        one_second_journal, loaded, qtbot, seeds_copy):
    # An edit every 0.7 s, for longer than the delay: a timer restarted by every edit
    # would never fire, and a crash would leave nothing to recover.
    journal = Journal(seeds_copy)
    select(loaded, qtbot, seeds_copy / RECORD)
    field = editor(loaded, "figtitle")
    written_after = None
    for n in range(8):
        type_at_end(qtbot, field, str(n))
        if written_after is None and journal.path.exists():
            written_after = n
        qtbot.wait(700)             # the curator's pace, not a synchronisation
    assert written_after is not None, "steady typing was never journaled"
    assert journal.path.exists()
    # the journal keeps following: the last edit reaches it a delay later
    qtbot.waitUntil(lambda: journal.read()[0].fields["figtitle"].endswith("01234567"),
                    timeout=10000)


def test_a_damaged_journal_is_set_aside_named_and_a_fresh_one_follows_the_edits(
        one_second_journal, window, qtbot, seeds_copy, monkeypatch):
    journal = Journal(seeds_copy)
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    damaged = f"folder: {journal.folder}\nrecords: 5\n".encode()
    journal.path.write_bytes(damaged)
    monkeypatch.setattr(window, "ask_restore", lambda e: (_ for _ in ()).throw(
        AssertionError("asked")))
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    [kept] = [p for p in journal.path.parent.iterdir() if p != journal.path]
    assert kept.read_bytes() == damaged               # set aside, not deleted
    message = window.statusBar().currentMessage()
    assert "damaged" in message and str(kept) in message
    select(window, qtbot, seeds_copy / RECORD)
    type_at_end(qtbot, editor(window, "figtitle"), " after")
    qtbot.waitUntil(journal.path.exists, timeout=10000)  # journaled again
    [entry] = journal.read()
    assert entry.fields["figtitle"].endswith(" after")

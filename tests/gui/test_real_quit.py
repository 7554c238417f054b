"""Quitting the real window while a 4,000-record folder is still being listed: Ctrl+Q,
the window manager's close and SIGTERM each stop every thread and worker and exit 0 with
nothing on stderr (issue 15, item 2: SIGABRT, "QThread: Destroyed while thread is still
running"). Whole processes on a real X server, repeated at several moments."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from recordfiles import record_paths
from window_driver import AppWindow, make_folder

pytest_plugins = ["real_display"]

N = 4000
DELAYS_S = (0.0, 0.4, 1.0, 2.0)
# what Qt may say on stderr without anything being wrong
EXPECTED = ("propagateSizeHints", "QStandardPaths: XDG_RUNTIME_DIR")


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory):
    return make_folder(tmp_path_factory.mktemp("big") / "records", N, record_paths())


def _unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(e in line for e in EXPECTED)]


@pytest.mark.parametrize("delay", DELAYS_S)
@pytest.mark.parametrize("how", ["ctrl+q", "close", "sigterm"])
def test_quitting_while_the_folder_is_listed_exits_cleanly(real_display, big_folder,
                                                           tmp_path, how, delay):
    app = AppWindow.start(real_display, tmp_path / "home", str(big_folder))
    try:
        app.focus()
        start = time.monotonic()
        while time.monotonic() - start < delay:   # the moment of quitting, not a wait
            app.state()
        state = app.state()
        if how == "ctrl+q":
            app.key("ctrl+q")
        elif how == "close":
            app.close_window()
        else:
            app.terminate()
        status, stderr = app.wait_exit()
    finally:
        app.stop()
    assert "QThread: Destroyed" not in stderr, stderr
    assert status == 0, f"exit status {status} (listing: {state['loading']}): {stderr}"
    assert _unexpected(stderr) == [], stderr


def test_sigterm_with_unsaved_edits_exits_cleanly_and_keeps_them_for_recovery(
        real_display, tmp_path):
    """Nobody can be asked on SIGTERM: the edits stay in the recovery journal (offered on
    the next start), the file is untouched, and the exit is clean."""
    from curator.core.files.journal import Journal

    folder = make_folder(tmp_path / "records", 5, record_paths())
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    home = tmp_path / "home"
    app = AppWindow.start(real_display, home, str(folder))
    try:
        app.wait_state(lambda s: not s["loading"] and s["rows"] == 5, "the folder listed")
        app.ask("select_row", row=2)
        state = app.ask("set_field", field="figtitle", value="Wnt signaling pathway")
        assert state["modified"] == [state["current"]]
        app.terminate()
        status, stderr = app.wait_exit()
    finally:
        app.stop()
    assert status == 0, stderr
    assert "SIGTERM: 1 record(s) with unsaved edits kept for recovery" in stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    entries = Journal(folder, home / "data" / "curator" / "journal").read()
    assert [Path(e.path).name for e in entries] == [state["current"]]
    assert entries[0].fields["figtitle"] == "Wnt signaling pathway"


def test_what_the_window_keeps_survives_its_quick_exit(real_display, tmp_path):
    """The process ends at once when the window's loop is over (app.run_and_exit), without
    Python's and Qt's teardown: settings must be on disk by then. Quit on the fourth
    record; the next start resumes there (window_resume.py, a QSettings value)."""
    folder = make_folder(tmp_path / "records", 5, record_paths())
    home = tmp_path / "home"
    app = AppWindow.start(real_display, home, str(folder))
    try:
        app.wait_state(lambda s: not s["loading"] and s["rows"] == 5, "the folder listed")
        current = app.ask("select_row", row=3)["current"]
        app.focus()
        app.key("ctrl+q")
        status, stderr = app.wait_exit()
    finally:
        app.stop()
    assert status == 0, stderr
    again = AppWindow.start(real_display, home, str(folder))
    try:
        state = again.wait_state(lambda s: not s["loading"] and s["rows"] == 5
                                 and s["current"], "the folder listed again")
    finally:
        again.stop()
    assert state["current"] == current

"""The window on a real X server, driven by real key presses (xdotool): moving between
records with Ctrl held replaces the selection instead of extending it (issue 15, item 1).
Offscreen key events carry no global modifier state, so only a real display shows this."""

from __future__ import annotations

import time

import pytest

from recordfiles import record_paths
from window_driver import AppWindow, make_folder, wait_until

pytest_plugins = ["real_display"]

N = 12


@pytest.fixture
def app(real_display, tmp_path):
    folder = make_folder(tmp_path / "records", N, record_paths())
    window = AppWindow.start(real_display, tmp_path / "home", str(folder))
    window.wait_state(lambda s: not s["loading"] and s["rows"] == N,
                      "the folder to be listed")
    window.focus()
    yield window
    window.stop()


def _start_on_row(app, row: int) -> dict:
    state = app.ask("select_row", row=row)
    return app.wait_state(lambda s: s["current_row"] == row and len(s["selected"]) == 1,
                          f"row {row} to be current")


def _one_row_selected(state: dict) -> None:
    assert state["selected"] == [state["current"]]
    assert state["bulk_selected"] == 1
    assert state["dock"] == "Curation"


def test_ctrl_down_twice_then_ctrl_up_selects_only_the_current_record(app):
    _start_on_row(app, 0)
    app.key("ctrl+Down", "ctrl+Down")
    _one_row_selected(app.wait_state(lambda s: s["current_row"] == 2, "row 2 current"))
    app.key("ctrl+Up")
    _one_row_selected(app.wait_state(lambda s: s["current_row"] == 1, "row 1 current"))


def test_curated_next_with_ctrl_return_selects_only_the_next_record(app):
    _start_on_row(app, 3)
    app.key("ctrl+Return")
    _one_row_selected(app.wait_state(lambda s: s["current_row"] == 4, "row 4 current"))
    app.key("ctrl+Return")
    _one_row_selected(app.wait_state(lambda s: s["current_row"] == 5, "row 5 current"))


def test_ctrl_z_jumping_to_the_edited_record_selects_only_it(app):
    first = _start_on_row(app, 1)
    app.ask("set_field", field="figtitle", value="Wnt signaling pathway")
    _start_on_row(app, 6)
    app.key("ctrl+z")
    state = app.wait_state(lambda s: s["current"] == first["current"] and not s["modified"],
                           "the undo to go back to the edited record")
    _one_row_selected(state)


@pytest.fixture
def long_list(real_display, tmp_path):
    folder = make_folder(tmp_path / "records", 300, record_paths())
    window = AppWindow.start(real_display, tmp_path / "home", str(folder))
    window.wait_state(lambda s: not s["loading"] and s["rows"] == 300,
                      "the folder to be listed")
    window.focus()
    yield window
    window.stop()


def test_holding_alt_down_stops_soon_after_the_key_is_let_go(long_list):
    """Issue 20: each repeat queued while a record was being shown used to be shown
    after the key was let go (ten records on); the queued ones now make one move."""
    app = long_list
    _start_on_row(app, 0)
    app.ask("watch_shown")
    released = app.hold("alt+Down", 1.5)
    seen = {"count": -1, "since": time.monotonic()}

    def settled():   # nothing more shown for a second (polled, not slept on)
        count = len(app.ask("shown")["shown"])
        if count != seen["count"]:
            seen.update(count=count, since=time.monotonic())
        return time.monotonic() - seen["since"] > 1.0

    wait_until(settled, what="the window to stop moving")
    state = app.ask("shown")
    after = [row for t, row in state["shown"] if t > released]
    assert state["current_row"] > 1     # the key repeated
    assert len(after) <= 2, f"{len(after)} records shown after the key was let go"
    _one_row_selected(state)

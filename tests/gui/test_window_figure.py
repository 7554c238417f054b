"""The figure in the window: fetched from a local server standing in for PMC when no
local file exists, the next records' figures prefetched, fetching turned off from the
menu, the zoom kept from record to record, and the figure detached into its own window."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from curator.gui.figure.image_viewer import FIT
from curator.gui.window.window_figure import FETCH_KEY
from gui_helpers import select

FIRST = "PMC10017456__fpls-14-1084358-g002.md"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _filename(path) -> str:
    return re.search(r"^filename: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)


@pytest.fixture
def served(figure_server, seeds_copy, monkeypatch):
    """Every record's figure file on the local server; the window fetches from it."""
    png = figure_server.files["fig.png"]
    for path in seeds_copy.glob("*.md"):
        figure_server.files[_filename(path)] = png
    monkeypatch.setenv("CURATOR_PMC_BASE", figure_server.base)
    return figure_server


@pytest.fixture
def figure_window(served, window, seeds_copy, qtbot):
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    return window


def test_with_no_local_file_the_figure_is_fetched_and_shown(figure_window, qtbot,
                                                             seeds_copy, served):
    w = figure_window
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    assert w.preview.viewer.image_size().width() == 640
    assert w.figure.url == f"{served.base}/pmc/articles/PMC10017456/bin/" \
                           "fpls-14-1084358-g002.jpg"
    assert "from PMC" in w.preview.note.toolTip()


def test_the_next_records_figures_are_prefetched_and_shown_from_memory(
        figure_window, qtbot, seeds_copy, served):
    w = figure_window
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    ahead = w.figure.prefetch_urls()
    row = w.proxy.row_of(w.current_path)
    names = [_filename(Path(w.proxy.path_at(r))) for r in (row + 1, row + 2, row + 3, row - 1)]
    assert [u.rsplit("/", 1)[-1] for u in ahead] == names      # the next three, one back
    qtbot.waitUntil(lambda: all(w.figure.fetcher.image(u) is not None for u in ahead),
                    timeout=20000)
    sent = w.figure.fetcher.requests
    w.actions_.next_record.trigger()
    assert w.preview.shown                      # at once: no waiting, no request
    assert w.figure.url == ahead[0]
    assert w.figure.fetcher.requests == sent


def test_a_missing_figure_says_so(figure_window, qtbot, seeds_copy, served):
    w = figure_window
    del served.files[_filename(seeds_copy / FIRST)]
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: "404" in w.preview.message.text(), timeout=20000)
    assert not w.preview.shown


def test_fetching_turned_off_in_the_menu_stays_offline(window, qtbot, seeds_copy,
                                                      monkeypatch, figure_server):
    monkeypatch.delenv("CURATOR_PMC_BASE")      # the real PMC: must not be reached
    w = window
    w.figure.fetch_action.setChecked(False)
    assert w.settings.value(FETCH_KEY) in (False, "false")
    with qtbot.waitSignal(w.folder_loaded, timeout=20000):
        w.open_folder(seeds_copy)
    select(w, qtbot, seeds_copy / FIRST)
    assert "Offline" in w.preview.message.text()
    QApplication.processEvents()
    assert w.figure.fetcher.requests == 0


def test_offline_each_record_says_offline_at_once_and_a_figure_shows_when_back(
        window, qtbot, seeds_copy, served, monkeypatch):
    """PMC cannot be reached (a closed port): the next records say offline at once, and
    PMC is not asked again until a while has passed; then, back, a figure shows."""
    served_base = served.base
    monkeypatch.setenv("CURATOR_PMC_BASE", f"http://127.0.0.1:{_closed_port()}")
    w = window
    fetcher = w.figure.fetcher
    fetcher.offline_retry_s = 3600
    with qtbot.waitSignal(w.folder_loaded, timeout=20000):
        w.open_folder(seeds_copy)
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: "Offline" in w.preview.message.text(), timeout=20000)
    assert fetcher.seems_offline
    qtbot.waitUntil(lambda: not fetcher._replies, timeout=20000)   # prefetches ended
    sent = fetcher.requests
    for _ in range(3):
        w.actions_.next_record.trigger()
        assert "Offline" in w.preview.message.text()       # at once: no "Loading"
        assert w.preview.note.toolTip() == w.figure.url.rsplit("/", 1)[-1]
    qtbot.wait(100)
    assert fetcher.requests == sent                          # not asked again yet
    monkeypatch.setenv("CURATOR_PMC_BASE", served_base)   # the network is back…
    fetcher.offline_retry_s = 0                            # …and the while has passed
    w.actions_.next_record.trigger()
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    assert not fetcher.seems_offline and fetcher.requests > sent


def test_the_zoom_mode_stays_when_moving_to_the_next_record(figure_window, qtbot,
                                                            seeds_copy):
    w = figure_window
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    w.preview.viewer.actions_["actual_size"].trigger()
    w.actions_.next_record.trigger()
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    assert w.preview.viewer.scale_factor() == 1.0
    w.preview.viewer.actions_["fit"].trigger()
    w.actions_.next_record.trigger()
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    assert w.preview.viewer.mode == FIT


def test_the_figure_detaches_into_its_own_window_and_comes_back(figure_window, qtbot,
                                                                seeds_copy):
    w = figure_window
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    sizes = w.work_splitter.sizes()
    assert w.preview.detach.text() == "Detach"
    qtbot.mouseClick(w.preview.detach, Qt.MouseButton.LeftButton)
    window = w.figure.detached
    assert w.preview.detach.text() == "Attach"
    assert window is not None and window.isVisible()
    assert w.preview.window() is window
    qtbot.waitExposed(window)
    window.activateWindow()
    w.preview.viewer.setFocus()
    qtbot.keyClick(w.preview.viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert w.preview.viewer.scale_factor() == 1.0     # the keys work in that window
    w.actions_.next_record.trigger()                  # it follows the record shown
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    window.close()
    assert w.figure.detached is None
    assert w.preview.window() is w and w.work_splitter.indexOf(w.preview) == 0
    assert w.work_splitter.sizes() == sizes
    assert not w.figure.detach_action.isChecked()


def test_editing_the_file_name_shows_that_figure(figure_window, qtbot, seeds_copy, served):
    w = figure_window
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    box = w.findChild(type(w.search), "field_filename")
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "missing")                # the server has no such file
    qtbot.waitUntil(lambda: "404" in w.preview.message.text(), timeout=20000)
    assert w.figure.url.endswith("/PMC10017456/bin/missing")


def test_quitting_the_application_stops_fetching_and_the_decoding_thread(window,
                                                                        figure_server):
    fetcher = window.figure.fetcher
    assert fetcher._pool is not None
    window.figure._on_app_about_to_quit()          # what QApplication.aboutToQuit calls
    assert fetcher._pool is None
    fetcher.prefetch([figure_server.url("fig.png")])
    assert fetcher.fetch(figure_server.url("fig.jpg")) == "offline"
    assert fetcher.requests == 0 and not figure_server.hits


@pytest.fixture
def saved_fetch_off(private_settings):
    """The curator turned fetching off in an earlier session (saved before the window)."""
    private_settings.setValue(FETCH_KEY, False)
    private_settings.sync()
    return private_settings


def test_with_the_base_variable_set_fetching_is_on_though_the_setting_is_off(
        saved_fetch_off, served, window, qtbot, seeds_copy):
    w = window
    assert w.settings.value(FETCH_KEY) in (False, "false")
    with qtbot.waitSignal(w.folder_loaded, timeout=20000):
        w.open_folder(seeds_copy)
    select(w, qtbot, seeds_copy / FIRST)
    qtbot.waitUntil(lambda: w.preview.shown, timeout=20000)
    assert served.hits.get(_filename(seeds_copy / FIRST)) == 1
    assert w.figure.fetcher.enabled and w.figure.fetch_action.isChecked()


@pytest.fixture
def server_as_pmc(figure_server, seeds_copy, monkeypatch):
    """No ``CURATOR_PMC_BASE`` (before the window is made), and the default base, "PMC",
    is the local server: a request the rule lets through would be counted there."""
    from curator.core.collection import figures
    monkeypatch.delenv("CURATOR_PMC_BASE")
    monkeypatch.setattr(figures, "PMC_BASE", figure_server.base)
    for path in seeds_copy.glob("*.md"):
        figure_server.files[_filename(path)] = figure_server.files["fig.png"]
    return figure_server


def test_with_the_base_variable_unset_and_the_setting_off_no_request_is_sent(
        saved_fetch_off, server_as_pmc, window, qtbot, seeds_copy):
    figure_server, w = server_as_pmc, window
    with qtbot.waitSignal(w.folder_loaded, timeout=20000):
        w.open_folder(seeds_copy)
    select(w, qtbot, seeds_copy / FIRST)
    assert w.figure.url.startswith(figure_server.base + "/pmc/articles/PMC10017456/")
    assert "Offline" in w.preview.message.text()
    qtbot.waitUntil(lambda: not w.figure._prefetch_timer.isActive())   # prefetch ran
    QApplication.processEvents()
    assert not w.figure.fetcher.enabled and not w.figure.fetch_action.isChecked()
    assert w.figure.fetcher.requests == 0 and figure_server.hits == {}

"""Window tests: offscreen, private settings, and any Qt warning fails the test."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

GUI = Path(__file__).parent
# The offscreen platform plugin says this whenever a window is shown; it is not ours.
IGNORED = ["This plugin does not support propagateSizeHints"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(GUI):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*IGNORED))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def no_internet(monkeypatch, tmp_path_factory):
    """Figures are fetched from a closed port on this machine (a test that wants them
    starts its own server), and cached in a temporary folder: no test reaches PMC or
    the curator's own cache."""
    monkeypatch.setenv("CURATOR_PMC_BASE", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def figure_server():
    """A real HTTP server on 127.0.0.1 (figure_server.py)."""
    from figure_server import FigureServer

    with FigureServer() as server:
        yield server


@pytest.fixture(autouse=True)
def private_settings(qapp, tmp_path_factory) -> QSettings:
    """Settings live in a temporary folder: the curator's own are never read or touched."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    return QSettings(str(folder / "curator.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, private_settings, monkeypatch):
    """A shown window; a prompt it did not expect fails the test instead of blocking."""
    from curator.gui import MainWindow

    w = MainWindow(private_settings)

    def unexpected_prompt(count):
        raise AssertionError(f"unexpected unsaved-edits prompt ({count} records)")

    def unexpected_error(failures):
        raise AssertionError(f"unexpected save error: {failures}")

    monkeypatch.setattr(w, "ask_save_changes", unexpected_prompt)
    monkeypatch.setattr(w, "show_save_error", unexpected_error)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    yield w
    # the test is over: unsaved edits are dropped without a prompt
    monkeypatch.setattr(w, "ask_save_changes", lambda n: QMessageBox.StandardButton.Discard)
    w.close()
    w.loader.wait()
    w.deleteLater()


@pytest.fixture
def window_factory(qtbot, private_settings):
    """``make()``: a new window on the private settings (an unsaved-edits prompt fails
    the test), added to qtbot; every window made is closed, its loader joined, after
    the test."""
    from curator.gui import MainWindow

    made = []

    def make():
        w = MainWindow(private_settings)
        w.ask_save_changes = lambda n: (_ for _ in ()).throw(AssertionError("prompt"))
        qtbot.addWidget(w)
        made.append(w)
        return w
    yield make
    for w in made:
        w.close()
        w.loader.wait()


@pytest.fixture
def figures(tmp_path, monkeypatch) -> Path:
    """A git repository of PFOCR records (gitrepos.make_collection), git run with a home
    of its own (no config of the user's)."""
    from gitrepos import isolate_git, make_collection

    isolate_git(monkeypatch, tmp_path / "home")
    return make_collection(tmp_path / "repo")


@pytest.fixture
def loaded(window, seeds_copy, qtbot):
    """The window with a copy of the test records listed and validated."""
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(seeds_copy)
    return window

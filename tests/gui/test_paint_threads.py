"""paint_threads.py: no paint threads on a machine of few cores (issue 20)."""

from __future__ import annotations

import os

from curator.gui.widgets.paint_threads import VARIABLE, paint_on_gui_thread


def test_few_cores_paint_on_the_gui_thread(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)
    assert paint_on_gui_thread(cores=2)
    assert os.environ[VARIABLE] == "1"


def test_many_cores_keep_qts_paint_threads(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)
    assert not paint_on_gui_thread(cores=16)
    assert VARIABLE not in os.environ


def test_the_environment_says_first(monkeypatch):
    monkeypatch.setenv(VARIABLE, "")      # set: Qt asks whether it is, not its value
    assert paint_on_gui_thread(cores=2)
    assert os.environ[VARIABLE] == ""


def test_the_window_turns_them_off_before_it_paints(monkeypatch, window_factory):
    monkeypatch.delenv(VARIABLE, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    window_factory()
    assert os.environ.get(VARIABLE) == "1"

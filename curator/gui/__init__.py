"""The window: Qt models and views over ``curator.core``; nothing here is imported by it."""

from __future__ import annotations

__all__ = ["MainWindow"]


def __getattr__(name):
    # Importing curator.gui stays cheap until the window is asked for.
    if name == "MainWindow":
        from curator.gui.window.main_window import MainWindow
        return MainWindow
    raise AttributeError(name)

"""LayoutBarrier: a layout request climbs past it only when its child's size
constraints changed (curator/gui/widgets/layout_barrier.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QTextEdit

from curator.gui.widgets.layout_barrier import LayoutBarrier


class Requests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _window(qtbot, barrier: bool):
    window = QMainWindow()
    splitter = QSplitter(window)
    label = QLabel("a short label", splitter)
    label.setMinimumSize(60, 30)   # its size hint follows its text, its minimum does not
    QTextEdit(splitter)
    window.setCentralWidget(LayoutBarrier(splitter, window) if barrier else splitter)
    qtbot.addWidget(window)
    window.resize(600, 400)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(3):
        QApplication.processEvents()
    return window, splitter, label


@pytest.mark.parametrize("barrier", [False, True], ids=["bare", "barrier"])
def test_a_new_text_of_the_same_constraints_stops_at_the_barrier(qtbot, barrier):
    window, _, label = _window(qtbot, barrier)
    requests = Requests(window)
    label.setText("a label whose text is a good deal longer than before")
    for _ in range(3):
        QApplication.processEvents()
    # without the barrier the window is laid out again (the premise); with it, not
    assert (requests.count == 0) == barrier
    assert label.text().startswith("a label whose")


def test_a_changed_minimum_reaches_the_window(qtbot):
    window, splitter, label = _window(qtbot, barrier=True)
    assert window.centralWidget().child is splitter
    before = window.minimumSizeHint().width()
    label.setMinimumWidth(700)
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() >= before + 500)
    qtbot.waitUntil(lambda: window.width() >= 700)      # the window grows to hold it
    assert splitter.geometry() == window.centralWidget().rect()


def test_the_child_fills_the_barrier(qtbot):
    window, splitter, _ = _window(qtbot, barrier=True)
    window.resize(900, 500)
    qtbot.waitUntil(lambda: window.centralWidget().width() > 800)
    assert splitter.geometry() == window.centralWidget().rect()
    assert window.centralWidget().sizeHint() == splitter.sizeHint()

"""The figure viewer on real widgets: fit, 100%, wheel and key zoom, drag to pan,
double-click, and the zoom kept when the next figure comes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget, QVBoxLayout

from curator.gui.figure.image_viewer import FIT, ImageViewer


def _image(w=2000, h=1000, color="steelblue"):
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    return image


@pytest.fixture
def viewer(qtbot):
    host = QWidget()
    layout = QVBoxLayout(host)
    v = ImageViewer(host)
    layout.addWidget(v)
    for a in v.actions_.values():
        host.addAction(a)
    qtbot.addWidget(host)
    host.resize(520, 420)
    host.show()
    qtbot.waitExposed(host)
    v.set_image(_image())
    yield v
    host.close()


def _shown_width(v) -> float:
    return v.mapFromScene(v.sceneRect()).boundingRect().width()


def test_fit_shows_the_whole_figure_in_the_pane(viewer):
    assert viewer.mode == FIT
    assert viewer.scale_factor() == pytest.approx(viewer.viewport().width() / 2000, rel=0.02)
    assert _shown_width(viewer) <= viewer.viewport().width() + 2
    assert not viewer.horizontalScrollBar().isVisible()


def test_fit_follows_the_pane_size(viewer, qtbot):
    before = viewer.scale_factor()
    viewer.window().resize(900, 600)
    qtbot.waitUntil(lambda: viewer.scale_factor() > before * 1.3)


def test_actual_size_is_one_image_pixel_per_screen_pixel(viewer):
    viewer.actual_size()
    assert viewer.scale_factor() == 1.0
    assert viewer.horizontalScrollBar().maximum() > 0


def test_the_wheel_zooms_in_and_out(viewer):
    start = viewer.scale_factor()
    centre = QPointF(viewer.viewport().rect().center())

    def wheel(dy):
        event = QWheelEvent(centre, viewer.viewport().mapToGlobal(centre), QPoint(),
                            QPoint(0, dy), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(viewer.viewport(), event)
    wheel(120)
    assert viewer.scale_factor() == pytest.approx(start * 1.25)
    assert viewer.mode != FIT
    wheel(-240)
    assert viewer.scale_factor() == pytest.approx(start / 1.25)


def test_ctrl_plus_minus_and_zero_zoom_from_the_keyboard(viewer, qtbot):
    viewer.setFocus()
    start = viewer.scale_factor()
    qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale_factor() == pytest.approx(start * 1.25)
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale_factor() == pytest.approx(start / 1.25)
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale_factor() == 1.0
    qtbot.keyClick(viewer, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert viewer.mode == FIT


def test_dragging_pans_the_zoomed_figure(viewer):
    viewer.actual_size()
    bar = viewer.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    port = viewer.viewport()
    start = QPointF(port.rect().center())
    end = start + QPointF(-150, 0)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, pos, buttons in ((QEvent.Type.MouseButtonPress, start, left),
                               (QEvent.Type.MouseMove, (start + end) / 2, left),
                               (QEvent.Type.MouseMove, end, left),
                               (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(port, QMouseEvent(kind, pos, port.mapToGlobal(pos), left,
                                                 buttons, none))
    assert bar.value() == pytest.approx(before + 150, abs=3)


def test_double_click_toggles_fit_and_actual_size(viewer, qtbot):
    centre = viewer.viewport().rect().center()
    qtbot.mouseDClick(viewer.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert viewer.scale_factor() == 1.0
    qtbot.mouseDClick(viewer.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert viewer.mode == FIT


def test_the_zoom_mode_stays_for_the_next_figure(viewer):
    viewer.zoom_in()
    viewer.zoom_in()
    scale = viewer.scale_factor()
    viewer.set_image(_image(800, 600, "darkorange"))
    assert viewer.scale_factor() == pytest.approx(scale)
    viewer.fit()
    viewer.set_image(_image(300, 1200))
    assert viewer.mode == FIT
    assert viewer.scale_factor() == pytest.approx(viewer.viewport().height() / 1200, rel=0.02)


def test_no_image_shows_nothing(viewer):
    viewer.set_image(None)
    assert not viewer.has_image and viewer.image_size().isEmpty()

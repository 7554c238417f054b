"""A field's problems under its editor (gui/form/problem_lines.py): a line each, wrapped
and sized as the plain text it is, each painted in its severity's colour."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from curator.gui.form.problem_lines import ProblemLines

RED, BLUE = "#c62828", "#3d6a9e"
LINES = [(RED, "● The organism named in the caption is missing from Organisms " * 2),
         (BLUE, "● The title begins with a figure number (fixable)")]


def _colours(image) -> set[str]:
    return {QColor(image.pixel(x, y)).name() for x in range(image.width())
            for y in range(image.height())}


def test_each_line_is_painted_in_its_colour_and_sized_as_plain_text(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    lines = ProblemLines(parent)
    lines.set_lines(LINES)
    plain = QLabel("\n".join(text for _, text in LINES), parent)
    plain.setWordWrap(True)
    assert lines.text() == plain.text()
    assert lines.lines() == LINES
    for width in (180, 300, 900):
        assert lines.heightForWidth(width) == plain.heightForWidth(width)
    lines.resize(220, lines.heightForWidth(220))
    parent.show()
    qtbot.waitExposed(parent)
    image = lines.grab().toImage()
    height = image.height()
    top = image.copy(0, 0, image.width(), height // 2)
    bottom = image.copy(0, height - height // 4, image.width(), height // 4)
    near = lambda colours, c: any(  # noqa: E731  anti-aliased edges: the darkest pixels
        abs(QColor(n).red() - QColor(c).red()) < 12 and
        abs(QColor(n).blue() - QColor(c).blue()) < 12 and
        abs(QColor(n).green() - QColor(c).green()) < 12 for n in colours)
    assert near(_colours(top), RED) and not near(_colours(top), BLUE)
    assert near(_colours(bottom), BLUE) and not near(_colours(bottom), RED)


def test_no_lines_paints_nothing(qtbot):
    lines = ProblemLines()
    qtbot.addWidget(lines)
    lines.set_lines([(RED, "● one")])
    lines.set_lines([])
    assert lines.text() == "" and lines.lines() == []

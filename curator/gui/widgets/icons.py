"""Status icons painted at run time: a coloured disc per severity, no image files."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

COLORS = {
    "error": QColor("#d32f2f"),
    "warning": QColor("#ef8c00"),
    "info": QColor("#5c8fc9"),
    None: QColor("#43a047"),          # no problems
    "unparsed": QColor("#757575"),
}
TEXT_COLORS = {"error": "#c62828", "warning": "#b26a00", "info": "#3d6a9e"}


@lru_cache(maxsize=None)
def status_icon(worst: str | None, modified: bool = False, parsed: bool = True,
                size: int = 16) -> QIcon:
    """A disc coloured by the worst problem; a cross for a file that cannot be parsed; a
    dark corner badge when the record has unsaved edits."""
    icon = QIcon()
    for scale in (1, 2):
        icon.addPixmap(_paint(worst, modified, parsed, size, scale))
    return icon


def _paint(worst, modified, parsed, size, scale) -> QPixmap:
    pix = QPixmap(size * scale, size * scale)
    pix.setDevicePixelRatio(scale)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = COLORS["unparsed"] if not parsed else COLORS.get(worst, COLORS[None])
    r = QRectF(2, 2, size - 4, size - 4)
    p.setPen(QPen(color.darker(125), 1))
    p.setBrush(color)
    p.drawEllipse(r)
    if not parsed:
        p.setPen(QPen(QColor("white"), 1.6))
        p.drawLine(QPointF(5.5, 5.5), QPointF(size - 5.5, size - 5.5))
        p.drawLine(QPointF(size - 5.5, 5.5), QPointF(5.5, size - 5.5))
    if modified:
        p.setPen(QPen(QColor("white"), 1))
        p.setBrush(QColor("#1a237e"))
        p.drawEllipse(QRectF(size - 8, size - 8, 7, 7))
    p.end()
    return pix

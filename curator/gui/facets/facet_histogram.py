"""A histogram of a numeric facet (a year, a score) with a range the curator drags out."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from curator.core.collection.facets import Bin

_BAR = QColor("#5c6bc0")
_PICKED = QColor("#1a237e")
_OUTSIDE = QColor("#c5cae9")


class FacetHistogram(QWidget):
    """Bars of ``Bin`` counts; pressing and dragging over bars picks the range they span
    (a click picks one bar); a double click clears it.

    Signals:
        range_selected(float, float): the low and high value picked (inclusive).
        range_cleared(): no range is picked any more.
    """

    range_selected = Signal(float, float)
    range_cleared = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("facetHistogram")
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.bins: list[Bin] = []
        self.integers = False
        self.picked: tuple[int, int] | None = None     # first and last bin picked
        self._anchor: int | None = None

    def sizeHint(self) -> QSize:
        return QSize(260, 110)

    def set_bins(self, bins: list[Bin], integers: bool = False) -> None:
        """Show ``bins`` (the picked range is kept while it still fits)."""
        changed = [(b.low, b.high) for b in bins] != [(b.low, b.high) for b in self.bins]
        self.bins = list(bins)
        self.integers = integers
        if changed:
            self.picked = None
        self.update()

    def picked_range(self) -> tuple[float, float] | None:
        """The values the picked bars span (integer bins: their first and last value)."""
        if self.picked is None or not self.bins:
            return None
        first, last = self.bins[self.picked[0]], self.bins[self.picked[1]]
        high = last.low if self.integers and last.high - last.low == 1 else last.high
        return first.low, high

    def pick(self, first: int, last: int) -> None:
        """Pick bars ``first`` to ``last`` and say so."""
        first, last = sorted((max(0, first), min(len(self.bins) - 1, last)))
        self.picked = (first, last)
        self.update()
        low, high = self.picked_range()
        self.range_selected.emit(low, high)

    def clear_pick(self) -> None:
        if self.picked is not None:
            self.picked = None
            self.update()
            self.range_cleared.emit()

    # -- geometry -----------------------------------------------------------------------
    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(4, 4, -4, -18)

    def bin_at(self, x: float) -> int:
        plot = self._plot()
        if not self.bins or plot.width() <= 0:
            return -1
        k = int((x - plot.left()) / plot.width() * len(self.bins))
        return min(max(k, 0), len(self.bins) - 1)

    def bar_center(self, k: int) -> QPointF:
        plot = self._plot()
        width = plot.width() / max(len(self.bins), 1)
        return QPointF(plot.left() + (k + 0.5) * width, plot.bottom() - 2)

    # -- events -------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.bins:
            self._anchor = self.bin_at(event.position().x())
            self.picked = (self._anchor, self._anchor)
            self.update()

    def mouseMoveEvent(self, event) -> None:
        if self._anchor is not None:
            k = self.bin_at(event.position().x())
            self.picked = tuple(sorted((self._anchor, k)))
            self.update()
        elif self.bins:
            k = self.bin_at(event.position().x())
            b = self.bins[k]
            label = self._label(b.low) if self.integers and b.high - b.low == 1 else \
                f"{self._label(b.low)} – {self._label(b.high)}"
            self.setToolTip(f"{label}: {b.count:,} records")

    def mouseReleaseEvent(self, event) -> None:
        if self._anchor is not None and self.picked is not None:
            self._anchor = None
            self.pick(*self.picked)

    def mouseDoubleClickEvent(self, event) -> None:
        self._anchor = None
        self.clear_pick()

    def _label(self, x: float) -> str:
        return f"{int(x)}" if float(x).is_integer() else f"{x:.3g}"

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        plot = self._plot()
        painter.fillRect(self.rect(), self.palette().base())
        if not self.bins:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No numbers")
            return
        top = max(b.count for b in self.bins) or 1
        width = plot.width() / len(self.bins)
        for k, b in enumerate(self.bins):
            height = plot.height() * b.count / top
            if b.count and height < 1:
                height = 1
            bar = QRectF(plot.left() + k * width + 1, plot.bottom() - height,
                         max(width - 2, 1), height)
            if self.picked is None:
                color = _BAR
            else:
                color = _PICKED if self.picked[0] <= k <= self.picked[1] else _OUTSIDE
            painter.fillRect(bar, color)
        painter.setPen(QPen(self.palette().text().color()))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        low, high = self.bins[0].low, self.bins[-1].low if self.integers else \
            self.bins[-1].high
        text = QRectF(plot.left(), plot.bottom() + 2, plot.width(), 14)
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft, self._label(low))
        painter.drawText(text, Qt.AlignmentFlag.AlignRight, self._label(high))
        picked = self.picked_range()
        if picked is not None:
            painter.drawText(text, Qt.AlignmentFlag.AlignHCenter,
                             f"{self._label(picked[0])} – {self._label(picked[1])}")

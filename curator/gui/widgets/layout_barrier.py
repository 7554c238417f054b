"""Where a layout request stops climbing (issue 20).

A widget laid out again asks its parent to lay out again, whether its size constraints
changed or not (Qt's ``QLayout::activate``: "ideally only if sizeHint() or sizePolicy()
has changed"), so every record switch, whose labels and editors change, laid out the
main window too. A main window's layout sets the geometry of its central widget and of
every dock through a zero-length ``QPropertyAnimation`` each, and when they finish it
repaints the dock separators: a second paint and flush of every switch, after the first.
The central widget's minimum and maximum size, all the main window's layout takes from
it, did not change in 40 switches of the seeds.

``LayoutBarrier`` holds one widget, as big as itself, and passes its request on only
when the child's minimum or maximum size, or its size policy, changed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QWidget


class LayoutBarrier(QWidget):
    """``child`` filling this widget; its layout requests reach this widget's parent
    only when they change what a layout of the parent would read."""

    def __init__(self, child: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{child.objectName()}Barrier")
        self.child = child
        child.setParent(self)
        self._constraints = None
        self._take_constraints()

    def _take_constraints(self) -> bool:
        """Copy the child's constraints onto this widget; whether they changed."""
        child = self.child
        now = (child.minimumSizeHint(), child.minimumSize(), child.maximumSize(),
               child.sizePolicy())
        if now == self._constraints:
            return False
        self._constraints = now
        self.setSizePolicy(child.sizePolicy())
        self.setMaximumSize(child.maximumSize())
        return True

    def sizeHint(self) -> QSize:
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.child.minimumSizeHint().expandedTo(self.child.minimumSize())

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            if self._take_constraints():
                self.updateGeometry()
            return True
        return super().event(event)

    def resizeEvent(self, event) -> None:
        self.child.setGeometry(self.rect())
        super().resizeEvent(event)

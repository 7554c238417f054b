"""Laying out now what the changes just made asked for, before the paint (issue 20).

A widget whose size hint changes asks its parent to lay out again by a posted event
(``QEvent.LayoutRequest``), and the parent's new size hint asks its own parent the same
way. Qt handles the events posted while it handles posted events in the next turn of the
event loop, after that turn's paint: a record switch was painted, laid out again a level
up and painted again, two or three times over. ``settle_layouts`` handles those requests
now, so the next paint is the only one.

And each widget once, deepest first. A layout that is laid out asks its widget's parent
again whatever changed (Qt: "ideally only if sizeHint() or sizePolicy() has changed"),
so every changed label's request climbs to the window. Handled level by level as they
were posted, the requests of a record switch (from the form's fields, the record header,
the problems panel, the figure pane: different depths) reached the window's splitters and
the window itself in different rounds, and each was laid out three times. Here a
request is held until no deeper widget has one left to handle.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

ROUNDS = 40     # requests handled, deepest first (a record switch: ~25)
_LAYOUT = QEvent.Type.LayoutRequest


class _Held(QObject):
    """Holds the layout requests posted to widgets instead of handling them."""

    def __init__(self) -> None:
        super().__init__()
        self.held: dict[QWidget, int] = {}     # widget -> its depth
        self.passing: QWidget | None = None

    def eventFilter(self, obj, event) -> bool:
        if event.type() != _LAYOUT or obj is self.passing or not isinstance(obj, QWidget):
            return False
        if obj not in self.held:
            self.held[obj] = _depth(obj)
        return True


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth


def settle_layouts(after_round=None) -> None:
    """Handle the posted layout requests and those they post, each widget's once its
    deeper widgets' are handled; ``after_round()`` after each (work a layout asks for
    on a timer, done now)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    held = _Held()
    app.installEventFilter(held)
    try:
        for _ in range(ROUNDS):
            QCoreApplication.sendPostedEvents(None, _LAYOUT)   # into held.held
            if not held.held:
                break
            widget = max(held.held, key=held.held.get)
            del held.held[widget]
            if isValid(widget):
                held.passing = widget
                QCoreApplication.sendEvent(widget, QEvent(_LAYOUT))
                held.passing = None
            if after_round is not None:
                after_round()
    finally:
        app.removeEventFilter(held)
        for widget in held.held:     # more than ROUNDS: Qt handles the rest as usual
            if isValid(widget):
                QCoreApplication.postEvent(widget, QEvent(_LAYOUT))

"""Laying out now what the changes just made asked for, before the paint (issue 20).

A widget whose size hint changes asks its parent to lay out again by a posted event
(``QEvent.LayoutRequest``), and the parent's new size hint asks its own parent the same
way. Qt handles the events posted while it handles posted events in the next turn of the
event loop, after that turn's paint: a record switch was painted, laid out again a level
up and painted again, two or three times over. ``settle_layouts`` handles those requests
now, level after level, so the next paint is the only one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

ROUNDS = 12     # levels of widgets a change climbs (a form field up to the window: ~10)


def settle_layouts(after_round=None) -> None:
    """Handle the posted layout requests, and those they post, ``ROUNDS`` levels up (a
    round with none left costs microseconds); ``after_round()`` after each level (work
    a layout asks for on a timer, done now)."""
    for _ in range(ROUNDS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if after_round is not None:
            after_round()

"""How soon a worker thread hands the interpreter lock back to the GUI thread (issue 20).

The window runs Python threads beside its GUI thread: the record loader reading a big
record, the search's word index being built, folder scans. The GUI thread calls into
Python for every event the application's event filters see and for every slot, and each
call waits for the interpreter lock while a worker holds it, up to the interpreter's
switch interval (``sys.getswitchinterval``, 5 ms by default) before the worker is made
to let it go. A turn of the event loop making a hundred such calls took half a second:
while a 20,000-line record was read in a thread, the window turned 2 to 8 times in that
second instead of 40 (tests/gui/test_big_records.py). With 0.5 ms it turned 40 to 44
times. A worker alone is not slowed: the interval matters only when a thread waits.
"""

from __future__ import annotations

import sys

SWITCH_S = 0.0005


def hand_lock_back_quickly() -> None:
    """Make a worker let the interpreter lock go after ``SWITCH_S`` when the GUI thread
    waits for it (never longer than the interval already set)."""
    if sys.getswitchinterval() > SWITCH_S:
        sys.setswitchinterval(SWITCH_S)

"""Painting on the GUI thread alone on a machine of few cores (issue 20).

Qt's raster painter splits a fill or blend taller than about a hundred lines (a scroll
bar's groove, a label's background, a gradient) across a pool of threads, one per core,
and waits for them. On a machine of two to four cores, shared with other work, handing
the lines over and waiting for them back costs far more than the fill: a scroll bar's
repaint took 1.2 ms instead of 0.13 ms, and a record switch about 2 ms more of its 10 ms
on 2 cores (benchmarks/bench_frame.py). Qt reads ``QT_NO_GUI_THREADPOOL`` once, at its
first such fill: it is set before the window paints, unless the environment has it.
"""

from __future__ import annotations

import os

FEW_CORES = 4
VARIABLE = "QT_NO_GUI_THREADPOOL"


def paint_on_gui_thread(cores: int | None = None) -> bool:
    """With at most ``FEW_CORES`` cores (``os.cpu_count()``), no paint threads; whether
    the window paints on its own thread alone."""
    cores = os.cpu_count() if cores is None else cores
    if (cores or 1) <= FEW_CORES:
        os.environ.setdefault(VARIABLE, "1")
    return VARIABLE in os.environ

"""Run by bench_facets.py in a fresh process: open a folder in the real window (offscreen,
warm cache) and print JSON: for each facet action, the longest the GUI thread was blocked
while it ran, measured as the longest gap between the ticks of a 5 ms timer from the
moment the action starts until its work is done (ms, the worst of a few runs), and the
GUI thread's own CPU time over that span (``time.thread_time``: what the action costs the
GUI thread whatever else the machine runs).

The first figure, ``idle``, is the baseline of the same run: the longest gap while the
window does nothing for as long, which is what the machine's load (other processes on the
cores, the scheduler) adds to every other figure."""

from __future__ import annotations

import json
import sys
import time

REPEAT = 5
SETTLE_S = 0.3


def main() -> None:
    folder = sys.argv[1]
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from _common import open_window

    app, window = open_window(folder)
    panel = window.facets.panel
    out = {"rows": window.model.rowCount(), "repeat": REPEAT}
    ticks = QElapsedTimer()
    gaps: list[int] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: gaps.append(ticks.restart()))

    def spin(busy=lambda: False):
        end = time.perf_counter() + SETTLE_S
        while time.perf_counter() < end or busy():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def blocked(name, fn, before=None, busy=lambda: False):
        worst, cpu = 0, []
        for _ in range(REPEAT):
            if before:
                before()
            spin(busy)
            gaps.clear()
            ticks.start()
            timer.start()
            start = time.thread_time()
            QTimer.singleShot(0, fn)
            spin(busy)
            cpu.append(time.thread_time() - start)
            timer.stop()
            worst = max(worst, *gaps) if gaps else worst
        out[name] = (worst, round(sorted(cpu)[len(cpu) // 2] * 1e3))

    blocked("idle (nothing to do: the machine's own noise)", lambda: None)

    def fresh_field(name):
        panel.columns._columns.clear()     # as when the field is first chosen
        panel.set_field(name)

    def counting():
        return panel.counting

    def searching():
        dialog = window.facets.cluster_dialog
        return dialog is not None and dialog._thread is not None

    blocked("choose organisms (built in a thread, counted)",
            lambda: fresh_field("organisms"), lambda: panel.set_field("year"), counting)
    blocked("choose year (built in a thread, histogram)", lambda: fresh_field("year"),
            lambda: panel.set_field("organisms"), counting)
    panel.set_field("organisms")
    spin(counting)
    blocked("re-count organisms, every row", panel.recount)
    blocked("type a search, re-count (the search's own cost too)",
            lambda: window.search.setText("kinase"), lambda: window.search.setText(""))
    window.search.setText("")
    blocked("click a value (filter the list, re-count)",
            lambda: panel.toggle_value("Homo sapiens"), panel.clear_filter)
    panel.clear_filter()
    panel.set_field("year")
    spin(counting)
    blocked("pick a year range (filter the list, re-count)",
            lambda: panel._on_histogram_range_selected(2000, 2010), panel.clear_filter)
    panel.clear_filter()
    panel.set_field("organisms")
    spin(counting)

    def cluster(method):
        dialog = window.facets.open_cluster_dialog()
        dialog.set_method(method)

    def close_dialog():
        if window.facets.cluster_dialog is not None:
            window.facets.cluster_dialog.reject()
    for method in ("fingerprint", "nearest"):
        blocked(f"Cluster and Edit, {method} (worker process)",
                lambda: cluster(method), close_dialog, searching)
    close_dialog()
    window.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

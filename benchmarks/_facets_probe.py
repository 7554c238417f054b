"""Run by bench_facets.py in a fresh process: open a folder in the real window (offscreen,
warm cache) and print JSON: how long each facet action blocks the GUI thread (ms, the
longest of a few runs: its own call, and with the events it leaves), and the longest gap between 10 ms timer ticks while Cluster and
Edit clusters in its thread."""

from __future__ import annotations

import json
import os
import sys
import time

REPEAT = 5


def main() -> None:
    folder = sys.argv[1]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from curator.gui import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    loop = QEventLoop()
    window.folder_loaded.connect(loop.quit)
    window.open_folder(folder)
    loop.exec()
    app.processEvents()
    panel = window.facets.panel
    out = {"rows": window.model.rowCount(), "repeat": REPEAT}

    def blocked(name, fn, before=None):
        """The longest of REPEAT runs: the action's own call, and the call with the
        events it leaves (repaints, the rest of the window reacting)."""
        worst = worst_all = 0.0
        for _ in range(REPEAT):
            if before:
                before()
            app.processEvents()
            start = time.perf_counter()
            fn()
            mid = time.perf_counter()
            app.processEvents()
            worst = max(worst, mid - start)
            worst_all = max(worst_all, time.perf_counter() - start)
        out[name] = [round(worst * 1e3, 1), round(worst_all * 1e3, 1)]

    def fresh_field(name):
        panel.columns._columns.clear()     # as when the field is first chosen
        panel.set_field(name)

    blocked("choose organisms (column built, counted)",
            lambda: fresh_field("organisms"), lambda: panel.set_field("year"))
    blocked("choose year (column built, histogram)", lambda: fresh_field("year"),
            lambda: panel.set_field("organisms"))
    panel.set_field("organisms")
    blocked("re-count organisms, every row", panel.recount)
    window.search.setText("kinase")
    app.processEvents()
    blocked(f"re-count organisms, search ({len(window.proxy.base_rows()):,} rows)",
            panel.recount)
    window.search.setText("")
    app.processEvents()
    blocked("click a value (filter the list, re-count)",
            lambda: panel.toggle_value("Homo sapiens"), panel.clear_filter)
    panel.clear_filter()
    panel.set_field("year")
    blocked("pick a year range (filter the list)",
            lambda: panel._on_histogram_range_selected(2000, 2010), panel.clear_filter)
    panel.clear_filter()
    panel.set_field("organisms")

    ticks = QElapsedTimer()
    gaps = []
    timer = QTimer(interval=10)

    def tick():
        gaps.append(ticks.restart())
    timer.timeout.connect(tick)
    worst_open = 0.0
    worst_gap = 0
    for method in ("fingerprint", "nearest"):
        start = time.perf_counter()
        dialog = window.facets.open_cluster_dialog()
        worst_open = max(worst_open, time.perf_counter() - start)
        gaps.clear()
        ticks.start()
        timer.start()
        dialog.set_method(method)
        while dialog._thread is not None:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        timer.stop()
        worst_gap = max([worst_gap, *gaps[1:]])
        dialog.reject()
    out["open Cluster and Edit"] = [round(worst_open * 1e3, 1)] * 2
    out["longest tick gap while clustering (thread)"] = [float(worst_gap)] * 2
    window.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

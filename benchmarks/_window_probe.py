"""Run by bench_scale.py in a fresh process: open a folder in the real window (offscreen)
and print JSON figures: time until folder_loaded, filter latency per keystroke, peak RSS,
and from the process's start (``CURATOR_PROBE_T0``, the wall clock when bench_scale
started it) until the record list has painted its first rows."""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def main() -> None:
    t0 = float(os.environ.get("CURATOR_PROBE_T0") or time.time())
    folder, typing = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication, QLineEdit

    from curator.gui import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    loop = QEventLoop()
    window.folder_loaded.connect(loop.quit)
    first, painted = [], []
    window.model.rowsInserted.connect(lambda *a: first or first.append(time.perf_counter()))
    table = window.findChild(object, "recordTable")

    class Painted(QObject):
        """The wall clock when the list's viewport first painted with rows in it."""

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not painted \
                    and table.model().rowCount():
                obj.removeEventFilter(self)
                result = obj.event(event)     # the paint itself, then the time
                painted.append(time.time())
                painted.append(time.perf_counter())
                return result
            return False

    painted_filter = Painted()
    table.viewport().installEventFilter(painted_filter)
    start, cpu = time.perf_counter(), time.process_time()
    window.open_folder(folder)
    loop.exec()
    opened = time.perf_counter() - start
    start_cpu = time.process_time()     # since the process started: interpreter, imports
    cpu = start_cpu - cpu               # every thread of this process: steadier under load
    out = {"open_s": opened, "open_cpu_s": cpu, "start_cpu_s": start_cpu, "first_rows_s": first[0] - start if first else None,
           "start_to_painted_s": painted[0] - t0 if painted else None,
           "open_to_painted_s": painted[1] - start if painted else None,
           "rows": window.findChild(object, "recordTable").model().rowCount()}
    if typing:
        box = window.findChild(QLineEdit, "searchBox")
        proxy = window.findChild(object, "recordTable").model()
        times = []
        text = ""
        for ch in typing:
            text += ch
            t = time.perf_counter()
            box.setText(text)
            apply = getattr(window, "apply_search_now", None)
            if apply:
                apply()
            app.processEvents()
            proxy.rowCount()
            times.append(time.perf_counter() - t)
        box.setText("")
        out["keystroke_ms"] = [round(x * 1e3, 1) for x in times]
        out["matches_last"] = proxy.rowCount()
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

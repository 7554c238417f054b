"""Next record with its figure: keypress -> figure painted, when the figure was
prefetched, against the same record switch with no figure (the baseline), in one run.

    python benchmarks/bench_figure.py [STEPS] [--profile]

A real HTTP server on 127.0.0.1 stands in for PMC (``CURATOR_PMC_BASE``) and serves each
record's figure as a 1600x1100 JPEG. The window (offscreen unless QT_QPA_PLATFORM says
otherwise) is 1366x768 over a copy of seeds/. Each step waits until the next record's
figure is in the prefetch cache, then times Ctrl+Down until the viewer has painted it.
Target: 50 ms.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "tests" / "gui"))
TARGET_MS = 50.0


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    steps = int(next((a for a in sys.argv[1:] if a.isdigit()), 56))
    profile = "--profile" in sys.argv
    tmp = Path(tempfile.mkdtemp())
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    records = tmp / "records"
    records.mkdir()
    for p in sorted(SEEDS.glob("*.md")):
        shutil.copy2(p, records / p.name)

    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from figure_server import FigureServer, image_bytes

    app = QApplication.instance() or QApplication([])
    server = FigureServer().__enter__()
    os.environ["CURATOR_PMC_BASE"] = server.base
    jpeg = image_bytes("JPEG", size=(1600, 1100), color="#cfe3f7")
    for p in records.glob("*.md"):
        m = re.search(r"^filename: (.+)$", p.read_text(encoding="utf-8"), re.M)
        if m:
            server.files[m.group(1).strip()] = ("image/jpeg", jpeg)

    from curator.gui import MainWindow

    window = MainWindow(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    window.ask_save_changes = lambda n: None
    window.resize(1366, 768)
    window.show()
    loop = QEventLoop()
    window.folder_loaded.connect(loop.quit)
    window.open_folder(records)
    loop.exec()
    window.select_record(window.proxy.path_at(0))
    window.table.setFocus()
    viewer = window.preview.viewer
    painted = []
    viewer.painted.connect(lambda: painted.append(time.perf_counter()))

    def wait(predicate, timeout=20.0):
        end = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > end:
                raise SystemExit("timed out waiting for the figure")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def next_url():
        urls = window.figure.prefetch_urls()
        return urls[0] if urls else None

    def step(direction):
        key = Qt.Key.Key_Down if direction > 0 else Qt.Key.Key_Up
        painted.clear()
        start = time.perf_counter()
        QTest.keyClick(window.table, key, Qt.KeyboardModifier.ControlModifier)
        switched = time.perf_counter()
        app.processEvents()                    # the repaint of everything that changed
        idle = time.perf_counter()
        return start, switched, idle

    def target_url(direction):
        from curator.core.collection.figures import figure_names, figure_url
        row = window.proxy.row_of(window.current_path) + direction
        return figure_url(*figure_names(window.proxy.path_at(row), ("pmcid", "filename")))

    def run(with_figure: bool, n: int, profiler=None):
        figure_ms, switch_ms, idle_ms = [], [], []
        run.cold = cold = []           # figures not in memory: read from the disk cache
        direction = 1
        for _ in range(n):
            row = window.proxy.row_of(window.current_path)
            if row + direction >= window.proxy.rowCount() or row + direction < 0:
                direction = -direction
            if with_figure and direction > 0:
                url = next_url()
                if url:
                    wait(lambda: window.figure.fetcher.image(url) is not None)
            app.processEvents()
            ready = with_figure and window.figure.fetcher.image(target_url(direction))
            if profiler:
                profiler.enable()
            start, switched, idle = step(direction)
            if with_figure and not painted:
                wait(lambda: bool(painted))
            if profiler:
                profiler.disable()
            switch_ms.append((switched - start) * 1e3)
            idle_ms.append((idle - start) * 1e3)
            if with_figure and painted and window.preview.shown:
                (figure_ms if ready else cold).append((painted[0] - start) * 1e3)
        return figure_ms, switch_ms, idle_ms

    run(True, 6)                                   # warm up: caches, fonts, first paints
    figure_ms, switch_fig, idle_fig = run(True, steps)
    cold_ms = run.cold
    window.figure.fetch_action.setChecked(False)   # the baseline: no figure at all
    window.figure.fetcher.enabled = False
    window.figure.fetcher._images.clear()
    shutil.rmtree(tmp / "cache", ignore_errors=True)
    run(False, 6)
    _, switch_base, idle_base = run(False, steps)

    def line(name, values):
        return (f"{name:44} p50 {statistics.median(values):7.1f} ms   "
                f"p95 {_pct(values, 95):7.1f} ms   n={len(values)}")

    print(f"window 1366x768, {window.proxy.rowCount()} records, figures 1600x1100 JPEG "
          f"({len(jpeg) // 1024} KB), platform {QApplication.platformName()}")
    print(line("keypress -> prefetched figure painted", figure_ms))
    if cold_ms:
        print(line("keypress -> figure painted, not prefetched", cold_ms))
    print(line("keypress -> switch done (with figure)", switch_fig))
    print(line("keypress -> repaint done (with figure)", idle_fig))
    print(line("keypress -> switch done (no figure, baseline)", switch_base))
    print(line("keypress -> repaint done (no figure, baseline)", idle_base))
    ratio = statistics.median(figure_ms) / statistics.median(idle_base)
    print(f"ratio figure painted / baseline repaint (p50): {ratio:.2f}   "
          f"target {TARGET_MS:.0f} ms: "
          f"{'met' if _pct(figure_ms, 95) <= TARGET_MS else 'NOT met'} at p95")
    if profile or statistics.median(idle_base) > TARGET_MS:
        profiler = cProfile.Profile()
        window.figure.fetch_action.setChecked(True)
        window.figure.fetcher.enabled = True
        run(True, 4)
        run(True, 20, profiler)
        print("\nprofile of 20 switches with the figure (cumulative, top 25):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    window.close()
    server.__exit__()
    QTimer.singleShot(0, app.quit)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

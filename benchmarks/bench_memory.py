"""Peak memory of the window at 70,000 records (issue 20: < 300 MB), after what a maintainer
does in a session: open the folder, count a facet, preview a bulk edit of 5,000 records and
switch records 100 times. The real window, offscreen, in a fresh process; the same process's
RSS before any folder opened is the baseline printed beside it.

    python benchmarks/bench_memory.py [--size 70000] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
TARGET_MB = 300


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe(folder: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from curator.gui import MainWindow
    from curator.gui.bulk.bulk_edit import BulkEditDialog

    app = QApplication.instance() or QApplication([])

    def wait(signal, timeout_s=600.0):
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    def settle(until, timeout_s=600.0):
        end = time.monotonic() + timeout_s
        while not until() and time.monotonic() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    out = {"baseline_mb": rss_mb()}
    window.open_folder(folder)
    wait(window.folder_loaded)
    out["rows"] = window.model.rowCount()
    out["open_mb"] = rss_mb()
    window.facets.dock.show()
    panel = window.facets.panel
    settle(lambda: not panel.counting and panel.counts is not None)
    out["facet_mb"] = rss_mb()
    paths = [r.path for r in window.model.records[:5000]]
    dialog = BulkEditDialog(window.session, window.undo_stack, paths, paths,
                            window.curation.codes_of, window, model=window.model,
                            runner=window.runner)
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("journal_title")
    dialog.set_value.setText("Curated Journal")
    dialog.show()
    dialog.preview_button.click()
    wait(dialog.preview_finished)
    out["preview_changes"] = len(dialog.plan.changes) if dialog.plan else 0
    out["preview_mb"] = rss_mb()
    dialog.close()
    dialog.deleteLater()
    for path in [r.path for r in window.model.records[100:40100:400]]:
        window.select_record(path)
        settle(lambda: window.current_path == path, 30)
        app.processEvents()
    out["switches_mb"] = rss_mb()
    out["peak_mb"] = peak_mb()
    window.close()
    print(json.dumps(out), flush=True)
    os._exit(0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=70000)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--probe", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe:
        probe(args.probe)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="curator-bench-memory-"))
    folder = work / f"c{args.size}"
    if not folder.exists():
        make_corpus(folder, args.size)
    env = {**os.environ, "CURATOR_CACHE_DIR": str(work / "cache")}
    for run in ("cold", "warm"):
        result = subprocess.run([sys.executable, str(Path(__file__)), "--probe", str(folder)],
                                env=env, capture_output=True, text=True, cwd=HERE)
        line = (result.stdout.strip().splitlines() or ["{}"])[-1]
        try:
            fig = json.loads(line)
        except ValueError:
            print(run, "failed:", result.stderr[-2000:])
            continue
        print(f"{run}: {fig['rows']:,} rows; RSS baseline (window, no folder) "
              f"{fig['baseline_mb']:.0f} MB; after open {fig['open_mb']:.0f}, facet "
              f"{fig['facet_mb']:.0f}, bulk preview of 5,000 ({fig['preview_changes']:,} "
              f"changes) {fig['preview_mb']:.0f}, 100 switches {fig['switches_mb']:.0f}; "
              f"peak {fig['peak_mb']:.0f} MB ({fig['peak_mb'] / fig['baseline_mb']:.2f}x "
              f"baseline; target < {TARGET_MB} MB: "
              f"{'met' if fig['peak_mb'] < TARGET_MB else 'NOT met'})")


if __name__ == "__main__":
    main()

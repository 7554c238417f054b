"""Opening a big record in the window: the longest the GUI thread is blocked, now (read in
a worker thread, long values shown cut) against before (read and shown on the GUI thread),
in the same run, on the same files (issue 14, closing note).

    python benchmarks/bench_big_record.py [--caption-mb 5] [--lines 100000] [--work DIR]

For each record a timer ticks every 5 ms on the GUI thread; the longest gap between two
ticks, from selecting the record until the form shows it and 0.5 s more (the layout of
what it shows), is the longest block. "Before" is the same window with the worker and the
cut turned off (every record read on the GUI thread, every value shown whole). A 50 MB
caption (--caption-mb 50) takes minutes before: the default is 5 MB.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "seeds" / "PMC3092522__nihms289124f2.md"


def make_records(folder: Path, caption_mb: float, lines: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    word = "kinase pathway signalling "
    caption = (word * int(caption_mb * 1e6 / len(word))).strip()
    big = folder / "PMC3092522__bigcaption.md"
    big.write_text(seed.replace("caption: (A)", f"caption: {caption} (A)", 1), "utf-8")
    keywords = "".join(f"  - Keyword {i}\n" for i in range(lines))
    many = folder / "PMC3092522__manylines.md"
    many.write_text(seed.replace("  keywords:\n", "  keywords:\n" + keywords, 1), "utf-8")
    (folder / SEED.name).write_text(seed, "utf-8")
    return [big, many]


def open_and_watch(app, window, path: Path) -> tuple[float, float]:
    """(longest GUI-thread block, seconds until the form shows ``path``)."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks: list[float] = []
    shown: list[float] = []
    loop = QEventLoop()

    def tick():
        now = time.perf_counter()
        ticks.append(now)
        rec = window.form.record
        if not shown and rec is not None and str(rec.path) == str(path):
            shown.append(now)
        if shown and now - shown[0] > 0.5:
            loop.quit()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    start = time.perf_counter()
    ticks.append(start)
    timer.start()
    QTimer.singleShot(0, lambda: window.select_record(str(path)))
    loop.exec()
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    return max(gaps), shown[0] - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--caption-mb", type=float, default=5)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--skip-before", action="store_true",
                    help="measure only the window as it is now (before takes minutes at 50 MB)")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = args.work or Path(tempfile.mkdtemp(prefix="curator-bench-big-"))
    os.environ["CURATOR_CACHE_DIR"] = str(work / "cache")
    os.environ["CURATOR_DATA_DIR"] = str(work / "data")
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from curator.gui import MainWindow
    from curator.gui.form import field_editors

    app = QApplication.instance() or QApplication([])
    records = make_records(work / "records", args.caption_mb, args.lines)
    results = {}
    for mode in ("now",) if args.skip_before else ("now", "before"):
        window = MainWindow(QSettings(str(work / f"{mode}.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.show()
        if mode == "before":
            window.record_loader.background_from = float("inf")
            field_editors.SHOWN_CHARS = sys.maxsize
        loop = QEventLoop()
        window.folder_loaded.connect(loop.quit)
        window.open_folder(records[0].parent)
        loop.exec()
        for path in records:
            window.select_record(str(records[0].parent / SEED.name))
            app.processEvents()
            results[mode, path.name] = open_and_watch(app, window, path)
        window.close()
    print(f"{'record':34} {'longest block now':>18} {'before':>9} {'ratio':>7}"
          f"   {'form shown after: now':>22} {'before':>9}")
    for path in records:
        block, shown = results["now", path.name]
        block0, shown0 = results.get(("before", path.name), (float("nan"),) * 2)
        size = path.stat().st_size / 1e6
        print(f"{path.name + f' ({size:.1f} MB)':34} {block * 1e3:16.0f}ms {block0:8.1f}s "
              f"{block / block0:7.3f}   {shown:21.1f}s {shown0:8.1f}s")


if __name__ == "__main__":
    main()

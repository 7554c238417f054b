"""Peak memory of the window at 70,000 records (issue 20: < 300 MB), after what a maintainer
does in a session: open the folder, count a facet, preview a bulk edit of 5,000 records and
switch records 100 times. The real window, offscreen, in a fresh process; the same process's
RSS before any folder opened is the baseline printed beside it.

    python benchmarks/bench_memory.py [--size 70000] [--work DIR] [--base REV] [--parts]

``--base REV``: the same probes run first with ``curator/`` as it was at REV (main, say),
each tree with its own index cache. ``--parts``: one more warm run that prints where the
MB go (the rows' parts, the search index, the facet columns, the bulk plan; deep sizes of
the objects, each counted once) and the Python heap's top source lines per stage
(tracemalloc; its own bookkeeping makes that run's RSS larger).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, tree_of
from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
TARGET_MB = 300


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def heap_mb() -> tuple[float, float]:
    """(MB the C heap hands out, MB it holds free) by glibc's mallinfo2; Python's small
    objects live in arenas of 1 MB (mmap), counted in neither."""
    try:
        import ctypes

        class Info(ctypes.Structure):
            _fields_ = [(n, ctypes.c_size_t) for n in (
                "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                "uordblks", "fordblks", "keepcost")]
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = Info
        info = libc.mallinfo2()
        return ((info.uordblks + info.hblkhd) / 2**20, info.fordblks / 2**20)
    except (OSError, AttributeError):
        return (float("nan"), float("nan"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe(folder: str, parts: bool = False) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if parts:
        import tracemalloc

        import _memory_parts as mp
        tracemalloc.start()
    snaps = {}

    def stage(name):
        out[f"{name}_mb"] = rss_mb()
        out[f"{name}_peak_mb"] = peak_mb()
        out[f"{name}_heap"] = heap_mb()
        if parts:
            snaps[name] = tracemalloc.take_snapshot()

    from PySide6.QtCore import QEvent, QEventLoop, QTimer
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
    out = {"baseline_mb": rss_mb(), "tree": __import__("curator").__file__}
    if parts:
        snaps["baseline"] = tracemalloc.take_snapshot()
    window.open_folder(folder)
    wait(window.folder_loaded)
    out["rows"] = window.model.rowCount()
    end = time.monotonic() + 120    # the word index builds while the loop waits idle,
    while not window.proxy.search_index.ready and time.monotonic() < end:   # as a
        idle = QEventLoop()         # curator looks at the list after opening it
        QTimer.singleShot(200, idle.quit)
        idle.exec()
    out["index_ready"] = window.proxy.search_index.ready
    stage("open")
    window.facets.dock.show()
    panel = window.facets.panel
    settle(lambda: not panel.counting and panel.counts is not None)
    stage("facet")
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
    if parts:
        out["parts"] = mp.plan_parts(dialog.plan)
    stage("preview")
    dialog.close()
    dialog.deleteLater()
    del dialog            # as the window lets a closed dialog go (window_curation),
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # and its loop deletes it
    #   (processEvents never runs a deferred delete: the dialog, its thread and its plan
    #   of 5,000 changes stayed, 26 MB, for the rest of the run)
    for path in [r.path for r in window.model.records[100:40100:400]]:
        window.select_record(path)
        settle(lambda: window.current_path == path, 30)
        app.processEvents()
    stage("switches")
    out["peak_mb"] = peak_mb()
    if parts:
        out["parts"].update(mp.row_parts(window.model.records))
        out["parts"].update(mp.window_parts(window))
        before = snaps["baseline"]
        for name in ("open", "facet", "preview", "switches"):
            out[f"trace_{name}"] = mp.traced_top(snaps[name], before)
            before = snaps[name]
    window.close()
    print(json.dumps(out), flush=True)
    os._exit(0)


def run_probe(tree: Path, folder: Path, cache: Path, parts: bool = False) -> dict:
    """The probe's figures, in a fresh process whose ``curator`` is the one in ``tree``."""
    code = (f"import sys; sys.path.insert(0, {str(tree)!r}); sys.path.insert(1, {str(HERE)!r}); "
            f"import bench_memory; bench_memory.probe({str(folder)!r}, {parts!r})")
    env = {**os.environ, "CURATOR_CACHE_DIR": str(cache),   # the workers (forkserver)
           "PYTHONPATH": os.pathsep.join([str(tree), str(HERE)])}   # import this tree too
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, cwd=HERE)
    line = (result.stdout.strip().splitlines() or ["{}"])[-1]
    try:
        fig = json.loads(line)
    except ValueError:
        return {"failed": result.stderr[-2000:]}
    if not fig["tree"].startswith(str(tree)):
        return {"failed": f"curator was imported from {fig['tree']}, not {tree}"}
    return fig


def report(label: str, fig: dict) -> None:
    if "failed" in fig:
        print(label, "failed:", fig["failed"])
        return
    stages = "; ".join(f"{name} {fig[f'{name}_mb']:.0f} (peak {fig[f'{name}_peak_mb']:.0f}"
                       f", C heap used {fig[f'{name}_heap'][0]:.0f} free "
                       f"{fig[f'{name}_heap'][1]:.0f})"
                       for name in ("open", "facet", "preview", "switches"))
    print(f"{label}: {fig['rows']:,} rows (word index built at open: "
          f"{fig['index_ready']}), {fig['preview_changes']:,} changes previewed; "
          f"RSS MB: baseline (window, no folder) {fig['baseline_mb']:.0f}; {stages}; "
          f"peak {fig['peak_mb']:.0f} MB (target < {TARGET_MB} MB: "
          f"{'met' if fig['peak_mb'] < TARGET_MB else 'NOT met'})")


def report_parts(fig: dict) -> None:
    if "failed" in fig:
        print("parts run failed:", fig["failed"])
        return
    print("where the MB go (deep sizes, each object once):")
    for name, mb in fig["parts"].items():
        print(f"  {name:24} {mb:8.1f}")
    for name in ("open", "facet", "preview", "switches"):
        print(f"Python heap grown by {name} (tracemalloc, top lines):")
        for line in fig[f"trace_{name}"]:
            print("  " + line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=70000)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--base", default=None, help="a revision to measure first (e.g. main)")
    ap.add_argument("--parts", action="store_true", help="also print where the MB go")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="curator-bench-memory-"))
    folder = work / f"c{args.size}"
    if not folder.exists():
        make_corpus(folder, args.size)
    trees = [("this", ROOT, work / "cache")]
    with tempfile.TemporaryDirectory() as tmp:
        if args.base:
            base = tree_of(args.base, Path(tmp))
            trees.insert(0, (f"base {args.base}", base, work / "cache-base"))
        for label, tree, cache in trees:
            for run in ("cold", "warm"):
                if run == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                report(f"{label}, {run}", run_probe(tree, folder, cache))
            if args.parts:
                report_parts(run_probe(tree, folder, cache, parts=True))


if __name__ == "__main__":
    main()

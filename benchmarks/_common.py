"""Helpers shared by the benchmark scripts (not part of the package)."""

from __future__ import annotations

import statistics
import subprocess
import tarfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def open_window(folder, width: int = 1400, height: int = 900):
    """(app, window): the real window (offscreen unless a platform is set) shown and with
    ``folder`` listed completely, for the probes that time the window."""
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from curator.gui import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(width, height)
    window.show()
    loop, loaded = QEventLoop(), []
    window.folder_loaded.connect(lambda: (loaded.append(True), loop.quit()))
    window.open_folder(folder)
    if not loaded:      # a folder listed from the cache can be loaded already
        loop.exec()
    return app, window


def timed(fn, repeat: int = 5) -> float:
    """The median wall time of ``fn()`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(rows: list[tuple[str, float]], baseline: float, unit: str = "ms", scale=1e3) -> str:
    width = max(len(name) for name, _ in rows)
    lines = [f"{'':{width}}  {unit:>10}  {'x baseline':>10}"]
    for name, seconds in rows:
        lines.append(f"{name:{width}}  {seconds * scale:10.3f}  {seconds / baseline:10.2f}")
    return "\n".join(lines)


def percentile(values, q: float) -> float:
    """The ``q``-th percentile (1..99) of ``values`` (the one value when there is one)."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] \
        if len(values) > 1 else values[0]


def baseline_revision(argv: list[str], at: int) -> str:
    """``argv[at]``, or where this branch left main (the baseline of a same-run compare)."""
    if len(argv) > at:
        return argv[at]
    return subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True,
                          capture_output=True, text=True).stdout.strip()


def tree_of(revision: str, into: Path) -> Path:
    """``curator/`` and ``resources/`` as they were at ``revision``, extracted into ``into``
    (the baseline tree a benchmark runs beside this one)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "curator",
                              "resources"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into)
    return into

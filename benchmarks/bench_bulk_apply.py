"""Time a bulk edit's apply, undo and redo in the real window (offscreen) with this tree
against another revision (default: where this branch left main), in one run, on the same
files: how long the GUI thread is held inside the undo stack (push, undo, redo), the
longest the event loop goes without running a 10 ms timer meanwhile, and the wall time
until the files are written (issue 17: long work off the GUI thread, reported once).

    python benchmarks/bench_bulk_apply.py [N] [REVISION]

N records (default 1000) are copies of seeds/ in a temporary folder; each tree runs in
its own process, alternately (baseline, this, baseline, this), setting journal_title on
every record the list shows, then undoing and redoing it. Prints p50 and p95 of each
measure and the ratio of this tree's p50 to the baseline's.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import baseline_revision, percentile, tree_of

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 2          # processes per tree, alternating
EDITS = 2           # bulk edits per process (each applied, undone, redone)


def _measure(n: int, folder: Path) -> dict:
    """In a worker process whose ``curator`` is the tree under test."""
    import os
    import shutil

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from _common import open_window

    seeds = sorted((ROOT / "seeds").glob("*.md"))
    for i in range(n):
        shutil.copyfile(seeds[i % len(seeds)], folder / f"{i:06d}_{seeds[i % len(seeds)].name}")
    app, window = open_window(folder)
    from curator.gui.bulk import bulk_failures
    bulk_failures.show_failures = lambda *a: None
    stack = window.undo_stack
    inside: list[float] = []

    def held(call):
        def run(*args):
            start = time.perf_counter()
            try:
                return call(*args)
            finally:
                inside.append(time.perf_counter() - start)
        return run

    stack.push = held(stack.push)
    ticks = [time.perf_counter(), 0.0]        # last tick, longest gap

    def tick() -> None:
        now = time.perf_counter()
        ticks[1] = max(ticks[1], now - ticks[0])
        ticks[0] = now
    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    timer.start()

    def wait(pred, timeout: float = 600.0) -> None:
        """Run the event loop (idle between events, as the app's is) until ``pred()``,
        asked every 20 ms."""
        end = time.monotonic() + timeout
        loop, poll = QEventLoop(), QTimer(interval=20)

        def ask() -> None:
            if pred() or time.monotonic() > end:
                loop.quit()
        poll.timeout.connect(ask)
        poll.start()
        if not pred():
            loop.exec()
        poll.stop()
        if not pred():
            raise TimeoutError

    out = {"held": [], "gap": [], "wall": []}

    def timed(start_it, done) -> None:
        inside.clear()
        ticks[0], ticks[1] = time.perf_counter(), 0.0
        start = time.perf_counter()
        start_it()
        wait(done)
        out["wall"].append(time.perf_counter() - start)
        out["held"].append(sum(inside))
        out["gap"].append(ticks[1])

    for r in range(EDITS):
        dialog = window.curation.bulk_edit_dialog()
        dialog.scope_shown.setChecked(True)
        dialog.set_operation("set")
        dialog.set_field.setCurrentText("journal_title")
        dialog.set_value.setText(f"Benchmark journal {r}")
        dialog.show()
        dialog.preview()
        wait(lambda: dialog.plan is not None)
        planned = [(Path(c.path), c.old, c.new) for c in dialog.plan.changes]
        assert len(planned) == n, len(planned)

        def holds(which: int) -> bool:      # 0: every file holds its old bytes, 1: new
            return all(p.read_bytes() == (new if which else old) for p, old, new in planned)
        count = stack.count()
        runner = getattr(window, "runner", None)      # None: the baseline writes in push

        def idle() -> bool:     # checked before the files are read (that holds the GIL)
            return runner is None or not runner.busy
        timed(dialog.apply, lambda: stack.count() == count + 1 and idle() and holds(1))
        timed(held(stack.undo), lambda: idle() and holds(0))
        timed(held(stack.redo), lambda: idle() and holds(1))
    window.close()
    return out


def _run(tree: Path, n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        code = (f"import sys; sys.path.insert(0, {str(tree)!r}); "
                f"sys.path.insert(1, {str(ROOT / 'benchmarks')!r}); "
                "import json, pathlib, bench_bulk_apply, curator; "
                f"assert curator.__file__.startswith({str(tree)!r}), curator.__file__; "
                f"print(json.dumps(bench_bulk_apply._measure({n}, pathlib.Path({tmp!r}))))")
        env = {"XDG_CONFIG_HOME": tmp, "XDG_CACHE_HOME": tmp, "HOME": tmp,
               "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True, cwd=tmp, env=env).stdout
    return json.loads(out.splitlines()[-1])



def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    revision = baseline_revision(sys.argv, 2)
    print(f"{n} records, {ROUNDS} processes x {EDITS} edits (apply, undo, redo) per tree; "
          f"baseline {revision[:12]}")
    print(f"{'':34}{'baseline':>20}{'this tree':>20}")
    print(f"{'':34}{'p50':>10}{'p95':>10}{'p50':>10}{'p95':>10}{'ratio':>8}")
    results = {"base": {}, "this": {}}
    with tempfile.TemporaryDirectory() as tmp:
        base_tree = tree_of(revision, Path(tmp))
        for _ in range(ROUNDS):
            for name, tree in (("base", base_tree), ("this", ROOT)):
                for key, values in _run(tree, n).items():
                    results[name].setdefault(key, []).extend(values)
    for label, key in (("held inside the undo stack, ms", "held"),
                       ("longest event-loop gap, ms", "gap"),
                       ("wall time to written, ms", "wall")):
        base = [v * 1e3 for v in results["base"][key]]
        this = [v * 1e3 for v in results["this"][key]]
        ratio = statistics.median(this) / max(statistics.median(base), 1e-9)
        print(f"{label:34}{percentile(base, 50):10.1f}{percentile(base, 95):10.1f}"
              f"{percentile(this, 50):10.1f}{percentile(this, 95):10.1f}{ratio:8.2f}")


if __name__ == "__main__":
    main()

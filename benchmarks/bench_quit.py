"""How long quitting takes, on a real X server (Xvfb), measured from the request to the
process's exit:

- 20 random moments during the listing of a 4,000-record folder (uncached), each quit
  by Ctrl+Q, the window manager's close or SIGTERM in turn;
- an idle window (the folder listed), quit by Ctrl+Q, 5 times;
- baseline: a bare Qt window (QApplication + QMainWindow) closed by WM_DELETE_WINDOW, 5
  times, in the same run.

    python benchmarks/bench_quit.py [N_MOMENTS]

Prints p50/p95 and their ratio to the baseline's p50, and every exit status."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "gui")]

from real_display import start_xvfb                    # noqa: E402
from recordfiles import record_paths                  # noqa: E402
from window_driver import AppWindow, app_env, make_folder, send_wm_delete_window, \
    wait_until                                        # noqa: E402

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.setWindowTitle("Curator bare"); w.show()
app.exec()
"""


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _timed_exit(app: AppWindow) -> tuple[float, int, str]:
    start = time.perf_counter()
    status, err = app.wait_exit()
    return time.perf_counter() - start, status, err


def _quit(app: AppWindow, how: str) -> None:
    {"ctrl+q": lambda: app.key("ctrl+q"), "close": app.close_window,
     "sigterm": app.terminate}[how]()


def main() -> None:
    moments = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    display = start_xvfb()
    work = Path(tempfile.mkdtemp(prefix="bench-quit-"))
    try:
        folder = make_folder(work / "records", 4000, record_paths())
        bare = []
        for i in range(5):
            proc = subprocess.Popen([sys.executable, "-c", BARE],
                                    env=app_env(display, work / f"bare{i}"))
            app = AppWindow(display, proc, probe=False)
            wid = int(app.window_id())
            start = time.perf_counter()
            send_wm_delete_window(display.name, wid)
            proc.wait(60)
            bare.append(time.perf_counter() - start)
        base = statistics.median(bare)

        rng = random.Random(15)
        busy, statuses = [], []
        for i in range(moments):
            how = ("ctrl+q", "close", "sigterm")[i % 3]
            app = AppWindow.start(display, work / f"busy{i}", str(folder))
            app.focus()
            delay = rng.uniform(0.0, 2.5)
            start = time.monotonic()
            while time.monotonic() - start < delay:
                state = app.state()
            state = app.state()
            _quit(app, how)
            seconds, status, err = _timed_exit(app)
            busy.append(seconds)
            statuses.append((how, round(delay, 2), state["loading"], status,
                             "QThread" in err, round(seconds * 1e3)))

        idle = []
        for i in range(5):
            app = AppWindow.start(display, work / f"idle{i}", str(folder))
            app.focus()
            app.wait_state(lambda s: not s["loading"] and s["rows"] == 4000, "listed")
            _quit(app, "ctrl+q")
            idle.append(_timed_exit(app)[0])
    finally:
        display.process.terminate()
        display.process.wait()

    def line(name, values):
        print(f"{name:28} p50 {p(values, .5) * 1e3:7.0f} ms  p95 {p(values, .95) * 1e3:7.0f} ms"
              f"  x baseline {p(values, .5) / base:5.2f}")

    line("bare Qt window (baseline)", bare)
    line(f"quit mid-scan ({moments} moments)", busy)
    line("quit idle window", idle)
    print("how, delay s, still listing, exit status, QThread message, quit ms:")
    for row in statuses:
        print("  ", row)


if __name__ == "__main__":
    main()

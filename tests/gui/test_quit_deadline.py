"""A quit never hangs (issue 15, item 2): if a folder scan does not stop when the
window quits, the process still ends, within ``QUIT_DEADLINE_S``, with every thread's
stack on stderr, instead of waiting forever (seen once in CI: a window that quit
mid-scan was still alive after 60 s). Whole processes: the deadline ends the process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import os, sys, threading, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from curator.gui.window import folder_loader
    app = QApplication([])
    folder_loader.QUIT_DEADLINE_S = float(sys.argv[1])

    class Stuck(folder_loader.QThread):       # a scan that ignores being cancelled
        def cancel(self):
            pass
        def run(self):
            if sys.argv[2] == "stuck":
                threading.Event().wait()

    loader = folder_loader.FolderLoader()
    thread = Stuck()
    loader._threads.append(thread)
    thread.start()
    loader.shutdown()
    print("shutdown returned", flush=True)
    time.sleep(3 * folder_loader.QUIT_DEADLINE_S)   # past the deadline: disarmed?
    print("still running", flush=True)
""")


def _run(deadline: float, scan: str, timeout: float = 120):
    return subprocess.run([sys.executable, "-c", SCRIPT, str(deadline), scan],
                          capture_output=True, text=True, timeout=timeout)


def test_a_scan_that_does_not_stop_ends_the_quitting_process_with_its_stacks():
    run = _run(1.0, "stuck")
    assert run.returncode == 1
    assert "shutdown returned" not in run.stdout
    assert "Timeout (0:00:01)!" in run.stderr
    assert "in run" in run.stderr            # the stuck thread's own stack is there


def test_a_scan_that_stops_leaves_the_deadline_disarmed():
    run = _run(1.0, "stops")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["shutdown", "returned", "still", "running"]
    assert "Timeout" not in run.stderr

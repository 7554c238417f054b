"""A real X server for the tests that drive the window as a user's keyboard does.

``real_display`` (a session fixture) starts Xvfb on a free display number (Xvfb picks it:
``-displayfd``) or on ``$CURATOR_TEST_DISPLAY`` when set, and stops it at the end. The
tests using it are skipped, with the reason, when Xvfb or xdotool is not installed, when
the server does not start, or when Qt's xcb platform plugin cannot load (the libraries it
misses are named: ``curator.gui.widgets.platform_check``). Never silently: the reason shows in
pytest's summary (``-ra``).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

START_TIMEOUT_S = 30


@dataclass
class RealDisplay:
    name: str                       # ":106"
    process: subprocess.Popen
    displayfd: int                  # the read end of Xvfb's -displayfd pipe

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a process shown on this display with Qt's xcb plugin."""
        env = dict(os.environ, DISPLAY=self.name, QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
        env.update(extra)
        return env


def _why_not() -> str | None:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        return (f"{' and '.join(missing)} not installed (Debian: apt-get install xvfb "
                "xdotool; .ci/run installs them)")
    return None


def start_xvfb() -> RealDisplay:
    """Start Xvfb and return once it accepts clients (it writes its display number to
    the ``-displayfd`` pipe only then). Raises RuntimeError with Xvfb's own words."""
    read_end, write_end = os.pipe()
    wanted = os.environ.get("CURATOR_TEST_DISPLAY", "")
    command = ["Xvfb", *([f":{wanted.lstrip(':')}"] if wanted else []),
               "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset",
               "-displayfd", str(write_end)]
    process = subprocess.Popen(command, pass_fds=(write_end,), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_end)
    # read up to the newline, and keep the pipe open while the server runs: Xvfb exits
    # ("Cannot write display number") when the reader goes before it has written it all
    seen, deadline = b"", time.monotonic() + START_TIMEOUT_S
    while not seen.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([read_end], [], [], max(deadline - time.monotonic(), 0))
        chunk = os.read(read_end, 64) if ready else b""
        if not chunk:
            break
        seen += chunk
    number = seen.decode().strip()
    if not seen.endswith(b"\n") or not number.isdigit():
        os.close(read_end)
        process.kill()
        _, err = process.communicate()
        raise RuntimeError(f"Xvfb did not start: {err.decode(errors='replace').strip()}")
    return RealDisplay(f":{number}", process, read_end)


def _xcb_problem(display: RealDisplay) -> str | None:
    """Why Qt cannot show a window on ``display`` (None when it can), asked of a fresh
    process: the test process itself runs Qt offscreen."""
    probe = ("import sys\n"
             "from curator.gui.widgets.platform_check import xcb_problem\n"
             "problem = xcb_problem()\n"
             "if problem: print(problem); sys.exit(1)\n"
             "from PySide6.QtWidgets import QApplication\n"
             "QApplication(['probe'])\n")
    run = subprocess.run([sys.executable, "-c", probe], env=display.env(),
                         capture_output=True, text=True, timeout=120)
    if run.returncode == 0:
        return None
    return (run.stdout + run.stderr).strip() or f"exit status {run.returncode}"


@pytest.fixture(scope="session")
def real_display():
    reason = _why_not()
    if reason:
        pytest.skip(f"no real X server: {reason}")
    try:
        display = start_xvfb()
    except (OSError, RuntimeError) as err:
        pytest.skip(f"no real X server: {err}")
    try:
        problem = _xcb_problem(display)
        if problem:
            pytest.skip(f"Qt cannot use the X server {display.name}: {problem}")
        yield display
    finally:
        display.process.terminate()
        try:
            display.process.wait(10)
        except subprocess.TimeoutExpired:
            display.process.kill()
            display.process.wait()
        os.close(display.displayfd)

"""Long runs draw a progress line on a terminal, and never in logs or pipes."""

from __future__ import annotations

import io
import math
import os
import pty
import subprocess
import sys

from curator.cli.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_line_redrawn_and_erased_at_the_end():
    out = _Terminal()
    # no throttle at all (rate=1e9 still asked the clock to move 1 ns between two calls)
    with Progress("curator fix", out, rate=math.inf) as progress:
        for done in (0, 128, 256, 300):
            progress(done, 300)
    text = out.getvalue()
    assert "\rcurator fix: 128 of 300 records (42%)" in text
    assert "\rcurator fix: 300 of 300 records (100%)" in text
    assert "\n" not in text
    assert text.endswith("\r")   # the line is blanked, the cursor back at its start


def test_redraws_are_throttled_but_the_last_one_always_shows():
    out = _Terminal()
    progress = Progress("x", out, rate=0.001)   # one redraw every 1,000 s
    for done in range(1, 1001):
        progress(done, 1000)
    assert out.getvalue().count("\r") == 2   # the first, and the final count
    assert "1,000 of 1,000" in out.getvalue()


def test_the_first_redraw_shows_however_long_the_machine_has_been_up(monkeypatch):
    """time.monotonic() counts from boot on Linux: a machine up for 5 s must still see
    the first line (it did not while the last redraw was taken to be at 0.0)."""
    import curator.cli.progress as progress_module

    monkeypatch.setattr(progress_module.time, "monotonic", lambda: 5.0)
    out = _Terminal()
    Progress("x", out, rate=0.01)(1, 10)   # one redraw every 100 s
    assert "x: 1 of 10 records" in out.getvalue()


def test_a_pipe_gets_nothing():
    out = io.StringIO()
    with Progress("x", out) as progress:
        progress(5, 10)
    assert out.getvalue() == ""


def test_curator_fix_in_a_terminal_shows_progress_and_in_a_pipe_does_not(records_copy):
    command = [sys.executable, "-m", "curator", "fix", "--fill-missing",
               "curation_status=unchecked", "--dry-run", str(records_copy)]
    piped = subprocess.run(command, capture_output=True, text=True)
    assert "of 29 records" not in piped.stderr and piped.returncode == 0
    primary, secondary = pty.openpty()
    try:   # read while it runs (a full terminal would block it) until its end closes
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=secondary)
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:   # the terminal closed: the run has ended
                break
            if not chunk:
                break
            seen += chunk
        run.wait(timeout=300)
    finally:
        os.close(primary)
    assert run.returncode == 0
    assert b"curator fix: 29 of 29 records (100%)" in seen

"""A killed ``curator fix`` or ``curator validate`` leaves no process behind (issue 14,
item 17).

The main process is killed (SIGKILL: no cleanup of its own) as soon as its worker
processes exist and at moments after its start; then every process it started (workers,
the forkserver, the resource tracker) must be gone within seconds. Killed about 0.3 s in,
three of them used to stay blocked for minutes: idle workers waited for work from a dead
parent and kept the forkserver and the resource tracker alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from recordfiles import many_records

REPO = Path(__file__).parents[2]
FILES = 600
GONE_WITHIN = 30.0     # seconds; the leftovers used to stay for minutes


def _group(pgid: int) -> list[int]:
    """The processes of process group ``pgid`` (from /proc: no ps, no guessing)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            pids.append(int(entry))
    return pids


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


COMMANDS = {
    "fix": ["fix", "--set", "figtitle=Killed run"],
    "fix-dry-run": ["fix", "--dry-run", "--set", "figtitle=Killed run"],
    "validate": ["validate", "--no-cache"],
}


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table in /proc")
@pytest.mark.parametrize("command", COMMANDS)
def test_killing_the_main_process_leaves_no_process_behind(tmp_path, command):
    folder = tmp_path / "records"
    many_records(folder, FILES)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    report, kills = [], 0
    for moment in ("workers started", 0.3, 0.6, 0.9):
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "curator", *COMMANDS[command],
                                 "--jobs", "2", str(folder)], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            if moment == "workers started":
                assert _wait(lambda: len(_group(proc.pid)) > 2 or proc.poll() is not None,
                             120), "no worker process ever started"
            else:
                _wait(lambda: proc.poll() is not None, moment - (time.monotonic() - started))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(timeout=60)
            left_at_kill = len(_group(proc.pid))
            gone = _wait(lambda: not _group(proc.pid), GONE_WITHIN)
            report.append(f"killed at {moment}: {left_at_kill} processes left, "
                          f"{'all gone' if gone else 'still there'}")
            assert gone, "; ".join(report)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)     # our own run's leftovers
            except ProcessLookupError:
                pass
    assert kills >= 3, report

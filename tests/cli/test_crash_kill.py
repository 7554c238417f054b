"""A ``curator fix`` run killed at any moment leaves every record whole (issue #9).

2,000 record files are edited by ``curator fix --set figtitle=...`` in a subprocess, which is
killed with SIGKILL at random moments (once a random number of files is written, so the
kill lands inside the run however fast or slow the machine is; a random delay after a
timed run missed the run when the machine's load fell): sometimes the main process alone
(its worker processes must stop writing by themselves), sometimes the whole process
group. After each kill every file is either its complete old content or its complete new
content, byte for byte; temporary files may be left behind. A rerun finishes the job,
exits 0 and removes the temporary files the killed run left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from recordfiles import record_paths

from curator.core.files.atomic import TEMP_SUFFIX
from curator.core.files.record import Record

REPO = Path(__file__).parents[2]
FILES = 2000
KILLS = 5
TITLE = "Killed-run-title"


def _command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "curator", "fix", "--set", f"figtitle={TITLE}", str(folder)]


def _start(folder: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open(log, "wb") as out:
        return subprocess.Popen(_command(folder), cwd=REPO, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _wait_group_gone(pgid: int, timeout: float = 60) -> float:
    """Wait until no process of the run's group is left (orphaned workers included);
    return how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return time.monotonic() - started
        time.sleep(0.05)
    os.killpg(pgid, signal.SIGKILL)  # our own run's leftovers; then fail
    raise AssertionError(f"processes of the killed run still alive after {timeout} s")


def _inodes(files) -> list[int]:
    return [path.stat().st_ino for path, _, _ in files]


def _written(files, inodes) -> int:
    """How many files the run has written: a write renames a new file over the old one,
    so the file has another inode than before the run."""
    return sum(path.stat().st_ino != inode for (path, _, _), inode in zip(files, inodes))


def _wait_written(proc: subprocess.Popen, files, inodes, count: int) -> int:
    """Wait until the run has written ``count`` files or has ended; how many it wrote."""
    while True:
        written = _written(files, inodes)
        if written >= count or proc.poll() is not None:
            return written
        time.sleep(0.01)   # polling interval, not a synchronisation


def _state(files) -> dict:
    """How many files hold the old bytes, the new bytes, or anything else."""
    state = {"old": 0, "new": 0, "damaged": []}
    for path, old, new in files:
        data = path.read_bytes()
        if data == new:
            state["new"] += 1
        elif data == old:
            state["old"] += 1
        else:
            state["damaged"].append((path.name, len(data), len(old), len(new)))
    return state


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".") and p.name.endswith(TEMP_SUFFIX))


def test_killed_fix_run_never_damages_a_record(tmp_path):
    sources = []
    for path in record_paths():
        raw = path.read_bytes()
        record = Record(raw, path)
        assert record.set(("figtitle",), TITLE)
        sources.append((path.stem, raw, record.render()))
    folder = tmp_path / "records"
    folder.mkdir()
    files = []
    for i in range(FILES):
        stem, old, new = sources[i % len(sources)]
        files.append((folder / f"{stem}__copy{i:04d}.md", old, new))

    def reset():
        for path, old, _ in files:
            path.write_bytes(old)

    # A full run, to time it and to check it ends with every file new.
    reset()
    started = time.monotonic()
    proc = _start(folder, tmp_path / "full.log")
    assert proc.wait(timeout=600) == 0, (tmp_path / "full.log").read_text()
    full_time = time.monotonic() - started
    _wait_group_gone(proc.pid)
    state = _state(files)
    assert state["new"] == FILES and not state["damaged"]
    assert _temps(folder) == []

    seed = int(os.environ.get("CURATOR_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    report = [f"seed {seed}, {FILES} files, full run {full_time:.2f} s"]
    killed = 0
    for n in range(KILLS):
        reset()
        for name in _temps(folder):
            (folder / name).unlink()
        whole_group = n % 2 == 1
        inodes = _inodes(files)
        target = rng.randrange(FILES * 9 // 10)   # 0: while it starts
        started = time.monotonic()
        proc = _start(folder, tmp_path / f"kill{n}.log")
        at = _wait_written(proc, files, inodes, target)
        delay = time.monotonic() - started
        if proc.poll() is None:
            if whole_group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(timeout=60)
        orphans = _wait_group_gone(proc.pid)
        state = _state(files)
        report.append(f"kill {n + 1} ({'group' if whole_group else 'main process'}) at "
                      f"{delay:.2f} s ({at} files written): exit {proc.returncode}, "
                      f"{state['new']} new, "
                      f"{state['old']} old, {len(state['damaged'])} damaged, "
                      f"{len(_temps(folder))} temporary files, workers gone after "
                      f"{orphans:.2f} s")
        assert not state["damaged"], "\n".join(report) + f"\n{state['damaged'][:10]}"

    # The rerun finishes what the last killed run left (no reset) and cleans up.
    started = time.monotonic()
    proc = _start(folder, tmp_path / "rerun.log")
    assert proc.wait(timeout=600) == 0, (tmp_path / "rerun.log").read_text()
    rerun_time = time.monotonic() - started
    _wait_group_gone(proc.pid)
    state = _state(files)
    report.append(f"rerun: {rerun_time:.2f} s, {state['new']} new, "
                  f"{len(state['damaged'])} damaged, {len(_temps(folder))} temporary files")
    print("\n".join(report))
    assert state["new"] == FILES and not state["damaged"], "\n".join(report)
    assert _temps(folder) == [], "\n".join(report)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p, _, _ in files)
    assert killed >= 1, "\n".join(report)   # at least one run was really interrupted


def test_rerun_removes_the_temporary_files_of_dead_writers_only(records_copy, tmp_path):
    """A temporary file whose writer (the id in its name) is gone is removed by the next
    run; one whose writer is still running (here: this test process) is left alone."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    name = sorted(records_copy.glob("*.md"))[0].name
    half = (records_copy / name).read_bytes()[:100]
    stale = records_copy / f".{name}.{dead.pid}.k1ll3d{TEMP_SUFFIX}"
    stale.write_bytes(half)
    live = records_copy / f".{name}.{os.getpid()}.wr1t1ng{TEMP_SUFFIX}"
    live.write_bytes(half)
    proc = _start(records_copy, tmp_path / "run.log")
    assert proc.wait(timeout=300) == 0, (tmp_path / "run.log").read_text()
    assert not stale.exists()
    assert live.exists()
    for path in records_copy.glob("*.md"):
        assert Record.open(path).get(("figtitle",)) == TITLE

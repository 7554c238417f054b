"""Two writers at once never lose an edit silently (issue 14, item 2).

Two real ``curator fix`` runs edit the same 320 real-record files at the same time, for
several rounds (one run from the first file, the other from the last, so they cross):
every file ends with both runs' edits, or the run whose edit is missing names the file
and exits non-zero. And an outside program (which takes no lock) writing a record while
the window's ``Record.save`` (or the bulk writer) runs, round after round at random
moments, never has its write overwritten: it came after the save, or the save is refused
as a conflict naming the file.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from recordfiles import SEEDS, many_records

from curator.core.edits import bulk
from curator.core.files.atomic import TEMP_SUFFIX
from curator.core.errors import RecordError
from curator.core.files.fastload import read_fast
from curator.core.files.record import Record

REPO = Path(__file__).parents[2]
FILES = 320
ROUNDS = 3


def _fix(*args) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "curator", "fix", "--jobs", "2", *args],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def test_two_fix_runs_on_the_same_files_keep_both_edits_or_name_the_file(tmp_path):
    folder = tmp_path / "records"
    paths = many_records(folder, FILES)
    for round_ in range(ROUNDS):
        title, journal = f"Title of round {round_}", f"Journal of round {round_}"
        first = _fix("--set", f"figtitle={title}", str(folder))
        # the other run takes the files last to first: the two meet on the same files
        second = _fix("--set", f"journal_title={journal}", *map(str, reversed(paths)))
        errors = {}
        for name, run in (("first", first), ("second", second)):
            _, errors[name] = run.communicate(timeout=600)
            assert "Traceback" not in errors[name], errors[name]
            assert run.returncode in (0, 2), errors[name]
        lost = []
        for path in paths:
            data = read_fast(path).data          # every file whole and parseable
            if data["figtitle"] != title and str(path) not in errors["first"]:
                lost.append(("figtitle", path.name))
            if data["journal_title"] != journal and str(path) not in errors["second"]:
                lost.append(("journal_title", path.name))
        assert not lost, f"round {round_}: edits lost silently: {lost[:10]}"
        assert first.returncode == 0 or "changed on disk" in errors["first"]
        assert not [p for p in os.listdir(folder) if p.endswith(TEMP_SUFFIX)]


# -- an outside writer ------------------------------------------------------------------
WRITER = textwrap.dedent("""
    import os, sys, time
    path = sys.argv[1]
    for line in sys.stdin:
        round_, delay, mode = line.split()
        data = open(path + ".theirs", "rb").read().replace(b"OUTSIDE", round_.encode())
        end = time.perf_counter() + float(delay)
        while time.perf_counter() < end:       # a random moment during the save
            pass
        if mode == "rename":                   # as editors that write atomically do
            tmp = path + ".outside-tmp"
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        else:                                  # as tools that write in place do
            with open(path, "wb") as fh:
                fh.write(data)
        print("done", flush=True)
""")
SEED = SEEDS / "PMC3092522__nihms289124f2.md"
SAVE_ROUNDS = 300


@pytest.mark.parametrize("writer_of", ["Record.save", "bulk.write_change"])
@pytest.mark.parametrize("mode", ["in-place", "rename"])
def test_an_outside_writer_racing_a_save_is_never_overwritten_silently(tmp_path, mode,
                                                                       writer_of):
    path = tmp_path / SEED.name
    base = SEED.read_bytes()
    assert b"journal_title: .na.character\n" in base
    Path(f"{path}.theirs").write_bytes(
        base.replace(b"journal_title: .na.character\n", b"journal_title: Outside-OUTSIDE\n"))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    rng = random.Random(14)
    outcomes = {"saved": 0, "conflict": 0}
    lost = []
    try:
        for round_ in range(SAVE_ROUNDS):
            path.write_bytes(base)
            record = Record.open(path)
            record.set(("figtitle",), f"Saved in round {round_}")
            change = bulk.Change(str(path), base, record.render())   # as a bulk plan has it
            writer.stdin.write(f"{round_} {rng.uniform(0, 0.004):.6f} {mode}\n")
            writer.stdin.flush()
            try:
                if writer_of == "Record.save":
                    record.save()
                else:
                    bulk.write_change(change)
                outcomes["saved"] += 1
            except RecordError as err:
                assert err.code == "io.conflict" and str(path) in str(err)
                outcomes["conflict"] += 1
            assert writer.stdout.readline() == "done\n"
            # the outside write came last or was kept: its value is in the file
            if f"journal_title: Outside-{round_}\n".encode() not in path.read_bytes():
                lost.append(round_)
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
    assert not lost, f"outside writes overwritten silently in rounds {lost} ({outcomes})"
    print(f"{mode}: {outcomes}")
    assert not [p for p in os.listdir(tmp_path) if p.endswith(TEMP_SUFFIX)]


HOLDER = textwrap.dedent("""
    import fcntl, sys
    with open(sys.argv[1], "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        print("locked", flush=True)
        sys.stdin.readline()             # hold it until told
""")


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_save_waits_for_a_writer_holding_the_lock_and_gives_up_naming_the_file(
        tmp_path, monkeypatch):
    from curator.core.files import fileio

    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    record = Record.open(path)
    record.set(("figtitle",), "Saved after the lock")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == "locked\n"
        monkeypatch.setattr(fileio, "LOCK_TIMEOUT", 0.3)
        with pytest.raises(RecordError) as info:
            record.save()
        assert info.value.code == "io.locked" and str(path) in str(info.value)
        assert path.read_bytes() == SEED.read_bytes() and record.modified
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert record.save()                 # the lock released: the save goes through
    assert read_fast(path).data["figtitle"] == "Saved after the lock"

"""Records read ahead (core/edits/read_ahead.py): what was read is taken while it is still
what the workspace would read now, and read again otherwise; on real files."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pytest

from curator.core.edits.read_ahead import ReadAhead
from curator.core.edits.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "pfocr_sample"
NAMES = sorted(p.stem for p in SAMPLE.glob("*.md"))[:6]


@pytest.fixture
def paths(tmp_path: Path) -> list[str]:
    for name in NAMES:
        shutil.copy(SAMPLE / f"{name}.md", tmp_path / f"{name}.md")
    return [str(tmp_path / f"{name}.md") for name in NAMES]


def test_a_record_read_ahead_is_taken_as_read(paths):
    ahead = ReadAhead(Workspace())
    assert ahead.prepare(paths[:2]) == 2
    assert paths[0] in ahead and paths[1] in ahead
    kept = ahead._kept[paths[0]][0]
    opened = ahead.read(paths[0])
    assert opened is kept                    # not read again
    assert paths[0] not in ahead             # taken
    assert opened.record.data == Workspace().read(paths[0]).record.data
    assert opened.problems == Workspace().read(paths[0]).problems


def test_a_file_changed_since_it_was_read_ahead_is_read_again(paths):
    ahead = ReadAhead(Workspace())
    ahead.prepare([paths[0]])
    path = Path(paths[0])
    text = path.read_text(encoding="utf-8")
    assert "\nnumber: " in text
    stat = path.stat()
    path.write_text(text.replace("\nnumber: ", "\nnumber: X", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: size and ctime
    opened = ahead.read(paths[0])
    assert str(opened.record.data["number"]).startswith("X")


def test_a_deleted_file_is_read_again_and_says_so(paths):
    ahead = ReadAhead(Workspace())
    ahead.prepare([paths[0]])
    os.remove(paths[0])
    opened = ahead.read(paths[0])
    assert opened.record is None and opened.error is not None


def test_a_new_profile_reads_again(paths):
    ws = Workspace()
    ahead = ReadAhead(ws)
    ahead.prepare([paths[0]])
    kept = ahead._kept[paths[0]][0]
    ws.profile = copy.copy(ws.profile)     # another profile (the folder's own)
    assert ahead.read(paths[0]) is not kept


def test_open_records_are_not_read_ahead_and_the_oldest_go_first(paths):
    ws = Workspace()
    ws.record(paths[0])                      # open (it may hold edits): the workspace's
    ahead = ReadAhead(ws, keep=2)
    assert ahead.prepare(paths[:4]) == 3
    assert paths[0] not in ahead
    assert [p in ahead for p in paths[1:4]] == [False, True, True]
    assert ahead.prepare([paths[2]]) == 0    # kept: the newest now
    ahead.prepare([paths[4]])
    assert paths[2] in ahead and paths[3] not in ahead
    ahead.clear()
    assert not any(p in ahead for p in paths)

"""Every write is atomic, keeps permissions, and leaves nothing behind on failure."""

from __future__ import annotations

import os
import stat

import pytest
from recordfiles import SEEDS

from curator.core.atomic import write_atomic
from curator.core.errors import RecordError
from curator.core.record import Record

SEED = SEEDS / "PMC3092522__nihms289124f2.md"


def test_save_keeps_permissions_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    os.chmod(path, 0o640)
    record = Record.open(path)
    record.set(("year",), "2011")
    assert record.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [SEED.name]
    assert b"\nyear: '2011'\n" in path.read_bytes()


def test_save_after_save_edits_from_the_new_text(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    record = Record.open(path)
    record.set(("year",), "2011")
    record.save()
    record.set(("doi",), "10.1586/era.11.2")
    record.save()
    text = path.read_text()
    assert "year: '2011'\n" in text and "doi: 10.1586/era.11.2\n" in text
    assert not record.modified


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    record = Record.open(path)
    record.set(("year",), "2011")
    path.write_bytes(SEED.read_bytes().replace(b"year: ''", b"year: '2012'"))
    with pytest.raises(RecordError) as info:
        record.save()
    assert info.value.code == "io.conflict"
    assert b"year: '2012'" in path.read_bytes()
    assert record.modified


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_write_into_read_only_folder_fails_cleanly(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "r.md"
    path.write_bytes(b"---\na: 1\n---\n")
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(RecordError) as info:
            write_atomic(path, b"---\na: 2\n---\n")
        assert str(path) in str(info.value)
        assert path.read_bytes() == b"---\na: 1\n---\n"
    finally:
        os.chmod(folder, 0o700)


def test_write_to_missing_folder_names_the_file(tmp_path):
    path = tmp_path / "gone" / "r.md"
    with pytest.raises(RecordError) as info:
        write_atomic(path, b"x")
    assert info.value.code == "io.write"
    assert str(path) in str(info.value)


def test_overwrite_replaces_a_file_changed_on_disk_and_reload_takes_it(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    record = Record.open(path)
    record.set(("year",), "2011")
    theirs = SEED.read_bytes().replace(b"year: ''", b"year: '2012'")
    path.write_bytes(theirs)
    assert record.changed_on_disk() == theirs
    assert record.save(overwrite=True)
    assert b"year: '2011'" in path.read_bytes()
    assert record.changed_on_disk() is None
    path.write_bytes(theirs)
    record.reload()
    assert record.get(("year",)) == "2012" and not record.modified

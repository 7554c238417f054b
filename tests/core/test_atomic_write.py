"""Every write is atomic, keeps permissions, and leaves nothing behind on failure."""

from __future__ import annotations

import os
import stat

import pytest
from recordfiles import SEEDS

from curator.core.files.atomic import write_atomic
from curator.core.errors import RecordError
from curator.core.files.record import Record

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


# -- issue 14, item 8: a replace keeps what the file is -------------------------------------
def _edited(path, year="2011") -> Record:
    record = Record.open(path)
    record.set(("year",), year)
    return record


def test_a_symlinked_record_is_written_through_to_its_target(tmp_path):
    target = tmp_path / "store" / SEED.name
    target.parent.mkdir()
    target.write_bytes(SEED.read_bytes())
    link = tmp_path / SEED.name
    link.symlink_to(target)
    assert _edited(link).save()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert b"\nyear: '2011'\n" in target.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == [SEED.name]
    assert _edited(link, "2012").save()      # and again: the link still leads there
    assert b"\nyear: '2012'\n" in target.read_bytes()


def test_a_hard_linked_record_is_refused_and_both_names_keep_their_text(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    other = tmp_path / "other-name.md"
    os.link(path, other)
    record = _edited(path)
    with pytest.raises(RecordError) as info:
        record.save()
    assert info.value.code == "io.hardlink" and str(path) in str(info.value)
    assert "2 hard links" in info.value.message
    assert path.read_bytes() == other.read_bytes() == SEED.read_bytes()
    assert os.stat(path).st_ino == os.stat(other).st_ino and record.modified
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([SEED.name, other.name])


def test_a_read_only_record_is_refused_even_for_root(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    os.chmod(path, 0o444)
    with pytest.raises(RecordError) as info:
        _edited(path).save()
    assert info.value.code == "io.readonly" and "read-only" in str(info.value)
    assert path.read_bytes() == SEED.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_save_as_root_keeps_the_owner_group_and_a_private_mode(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    os.chown(path, 1234, 2345)
    os.chmod(path, 0o600)
    assert _edited(path).save()
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o600)
    assert b"\nyear: '2011'\n" in path.read_bytes()


def test_user_extended_attributes_are_kept(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    try:
        os.setxattr(path, "user.curator.origin", b"https://pfocr.wikipathways.org/")
    except (OSError, AttributeError):
        pytest.skip("this filesystem keeps no user extended attributes")
    os.setxattr(path, "user.xdg.tags", b"checked")
    assert _edited(path).save()
    assert os.getxattr(path, "user.curator.origin") == b"https://pfocr.wikipathways.org/"
    assert os.getxattr(path, "user.xdg.tags") == b"checked"


def test_the_bulk_writer_keeps_links_and_refuses_read_only_files(tmp_path):
    from curator.core.edits import bulk
    from curator.core.edits.operations import SetField

    store = tmp_path / "store"
    store.mkdir()
    (store / "a.md").write_bytes(SEED.read_bytes())
    (tmp_path / "a.md").symlink_to(store / "a.md")
    (tmp_path / "b.md").write_bytes(SEED.read_bytes())
    os.chmod(tmp_path / "b.md", 0o444)
    plan = bulk.plan([tmp_path / "a.md", tmp_path / "b.md"], [SetField(("year",), "2011")])
    outcomes = {os.path.basename(o.change.path): o for o in bulk.write_many(plan.changes)}
    assert outcomes["a.md"].written and (tmp_path / "a.md").is_symlink()
    assert b"\nyear: '2011'\n" in (store / "a.md").read_bytes()
    assert outcomes["b.md"].error.code == "io.readonly"
    assert (tmp_path / "b.md").read_bytes() == SEED.read_bytes()


# -- issue 14, item 9: a FIFO in the record's place never blocks ------------------------------
def _in_thread(call, fifo):
    """Run ``call`` in a thread; if it blocks on the FIFO, open the FIFO's other end so
    the thread ends, and fail."""
    import threading

    result = {}

    def run():
        try:
            result["value"] = call()
        except Exception as exc:      # noqa: BLE001 - what the test looks at
            result["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    if thread.is_alive():
        fd = os.open(fifo, os.O_RDWR)     # a reader or a writer for the blocked open
        os.close(fd)
        thread.join(timeout=60)
        pytest.fail(f"{call} blocked on a FIFO")
    return result


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_record_replaced_by_a_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    record = _edited(path)
    path.unlink()
    os.mkfifo(path)
    for call in (record.save, record.changed_on_disk, record.reload,
                 lambda: Record.open(path)):
        result = _in_thread(call, path)
        assert result["error"].code == "io.read", call
        assert "not a regular file" in str(result["error"])
    assert stat.S_ISFIFO(os.stat(path).st_mode) and record.modified


# -- issue 14, item 10: a long legal name can be saved -----------------------------------------
@pytest.mark.parametrize("stem_bytes, char", [(244, "a"), (240, "é")])
def test_a_record_with_a_247_byte_name_is_saved(tmp_path, stem_bytes, char):
    name = char * (stem_bytes // len(char.encode())) + ".md"
    name = name if len(name.encode()) == 247 else "a" * (247 - len(name.encode())) + name
    assert len(name.encode()) == 247
    path = tmp_path / name
    path.write_bytes(SEED.read_bytes())
    assert _edited(path).save()
    assert b"\nyear: '2011'\n" in path.read_bytes()
    assert os.listdir(tmp_path) == [name]

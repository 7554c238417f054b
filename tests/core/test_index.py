"""The folder index lists every record with its problems and reuses unchanged rows."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys

from recordfiles import record_paths

from curator.core.collection import index as index_module
from curator.core.collection import index_row
from curator.core.collection.index import FolderIndex, index_file, search_key


def _scan(folder, **kwargs):
    index = FolderIndex(folder, **kwargs)
    rows = [row for batch in index.scan() for row in batch]
    return index, rows


def test_every_record_is_listed_with_its_problems(records_copy):
    index, rows = _scan(records_copy)
    assert len(rows) == len(record_paths()) == len(index.rows)
    seed = index.rows[str(records_copy / "PMC3092522__nihms289124f2.md")]
    assert seed.ident == "PMC3092522__nihms289124f2"
    assert seed.title.startswith("HER2-amplified breast cancer")
    assert seed.field2 == "Homo sapiens, Mus musculus, Diaporthe sclerotioides"
    assert seed.missing and seed.worst == "info" and seed.parsed
    assert search_key("Lapatinib") in seed.search
    graphical = index.rows[str(records_copy / "PMC10036500__ga1.md")]
    assert graphical.worst == "error" and graphical.errors == 1   # caption: Figure


def test_reopening_an_unchanged_folder_reuses_the_cache(records_copy):
    first, _ = _scan(records_copy)
    assert first.parsed == len(record_paths()) and first.reused == 0
    again, rows = _scan(records_copy)
    assert again.parsed == 0 and again.reused == len(record_paths())
    assert sorted(rows) == sorted(first.rows.values())


def test_rows_parsed_or_read_from_the_cache_share_equal_column_tuples(tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    source = record_paths()[0]
    for i in range(3):
        copy = folder / f"{i}_{source.name}"
        shutil.copyfile(source, copy)
        os.utime(copy, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns))
    first, parsed = _scan(folder)
    assert first.parsed == 3
    assert parsed[0].fields is parsed[1].fields is parsed[2].fields
    again, rows = _scan(folder)
    assert again.reused == 3
    assert rows[0].fields == rows[1].fields == rows[2].fields
    assert rows[0].fields is rows[1].fields is rows[2].fields


def test_texts_holding_the_cache_separator_come_back_from_the_cache(tmp_path):
    """The cache splits a block's texts at NULs: an id, a title or a column holding one
    (YAML's "\\0") is cut by the texts' lengths instead, and comes back whole."""
    folder = tmp_path / "nul"
    folder.mkdir()
    for i, (ident, title, organisms) in enumerate([
            ("PMC1__f1", '"A \\0 title"', '"Homo\\0sapiens"'),
            ('"PMC2\\0__f2"', '"\\0"', "Homo sapiens"), ("PMC3__f3", "Plain", "")]):
        (folder / f"PMC{i}__f.md").write_text(
            f"---\nfigid: {ident}\nfigtitle: {title}\norganisms: {organisms}\n---\n",
            encoding="utf-8")
    for path in folder.iterdir():       # not written within the racy window
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))
    first, _ = _scan(folder)
    assert any("\0" in row.title for row in first.rows.values())
    again, rows = _scan(folder)
    assert again.reused == 3 and again.cache_note == ""
    assert sorted(rows) == sorted(first.rows.values())


def test_a_file_changed_outside_the_app_is_read_again(records_copy):
    _scan(records_copy)
    path = records_copy / "PMC3092522__nihms289124f2.md"
    text = path.read_text().replace("figtitle: 'HER2-amplified", "figtitle: 'ERBB2-amplified")
    path.write_text(text)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    index, _ = _scan(records_copy)
    assert index.parsed == 1
    assert index.rows[str(path)].title.startswith("ERBB2-amplified")


def test_unparseable_files_are_rows_with_their_problem(records_copy):
    broken = records_copy / "PMC1__broken.md"
    broken.write_bytes(b"---\nfigid: [PMC1\n---\n")
    index, _ = _scan(records_copy, cache=False)
    row = index.rows[str(broken)]
    assert not row.parsed and row.worst == "error"
    assert row.problems[0].code == "parse.yaml" and row.problems[0].line in (2, 3)
    assert broken.read_bytes() == b"---\nfigid: [PMC1\n---\n"


def test_parallel_workers_give_the_same_rows_as_one_process(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    sources = record_paths()
    for i in range(300):  # above the size where workers start
        src = sources[i % len(sources)]
        shutil.copyfile(src, folder / f"{i:04d}_{src.name}")
    _, parallel = _scan(folder, cache=False, jobs=2)
    _, single = _scan(folder, cache=False, jobs=1)
    assert sorted(parallel) == sorted(single)
    assert len(parallel) == 300


def test_cancelling_stops_the_scan_and_writes_no_cache(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    sources = record_paths()
    for i in range(1000):
        shutil.copyfile(sources[i % len(sources)], folder / f"{i:04d}.md")
    stop = []
    index = FolderIndex(folder, jobs=1)
    rows = []
    for batch in index.scan(cancelled=lambda: bool(stop)):
        rows.extend(batch)
        stop.append(True)
    assert 0 < len(rows) < 1000
    assert not index.cache_path.exists()


def test_index_file_matches_the_folder_row(records_copy):
    index, _ = _scan(records_copy, cache=False)
    for path, row in index.rows.items():
        again = index_file(path, *row.key)
        assert again == row


def test_search_key_finds_what_a_lower_cased_substring_search_finds():
    text = "Role of 17β-HSD and TGF-Β in Ünna's ΔNp63 pathway"
    key = search_key(text)
    for word in ("17β-hsd", "tgf-β", "ünna", "δnp63", "β", "pathway", "nna's δ"):
        assert (search_key(word) in key) == (word in text.lower())
    assert search_key("tgf-b") not in key


def test_an_unchanged_folder_does_not_rewrite_its_cache(records_copy):
    first, _ = _scan(records_copy)
    stamp = first.cache_path.stat().st_mtime_ns
    os.utime(first.cache_path, ns=(stamp - 10**9, stamp - 10**9))
    again, _ = _scan(records_copy)
    assert again.reused == len(record_paths())
    assert again.cache_path.stat().st_mtime_ns == stamp - 10**9
    (records_copy / "PMC3092522__nihms289124f2.md").unlink()   # a file gone: rewritten
    third, _ = _scan(records_copy)
    assert third.cache_path.stat().st_mtime_ns != stamp - 10**9
    assert len(third.rows) == len(record_paths()) - 1 and third.parsed == 0


def test_a_damaged_cache_keeps_its_whole_chunks_and_parses_the_rest(records_copy,
                                                                       monkeypatch):
    monkeypatch.setattr(index_module, "CACHE_CHUNK", 10)
    first, rows = _scan(records_copy)
    data = first.cache_path.read_bytes()
    first.cache_path.write_bytes(data[:len(data) * 2 // 3])   # cut inside a later chunk
    again, rows_again = _scan(records_copy)
    assert 0 < again.reused < len(record_paths())
    assert again.reused + again.parsed == len(record_paths())
    assert sorted(rows_again) == sorted(rows)
    third, _ = _scan(records_copy)   # the damaged cache was replaced
    assert third.reused == len(record_paths())


def test_equal_problems_are_one_object_across_rows(tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    source = record_paths()[0]
    for i in range(3):   # three names, so the identity problems differ, the rest not
        shutil.copyfile(source, folder / f"{i}_{source.name}")
    index, rows = _scan(folder, cache=False)
    first = {p: p for p in rows[0].problems}
    shared = [p for row in rows[1:] for p in row.problems if p in first]
    assert len(shared) >= 2
    assert all(p is first[p] for p in shared)


def test_rescan_gives_the_rows_of_changed_new_and_gone_files_only(records_copy):
    index, rows = _scan(records_copy, cache=False)
    known = {row.path: row.key for row in rows}
    changed = records_copy / "PMC3092522__nihms289124f2.md"
    changed.write_bytes(changed.read_bytes().replace(b"HER2-amplified", b"ERBB2-amplified"))
    os.utime(changed, ns=(1, changed.stat().st_mtime_ns + 10**9))
    gone = records_copy / "PMC10036500__ga1.md"
    gone.unlink()
    new = records_copy / "PMC1__new.md"
    new.write_bytes(changed.read_bytes())
    again = FolderIndex(records_copy, cache=False)
    found = {row.path: row for batch in again.rescan(known) for row in batch}
    assert set(found) == {str(changed), str(gone), str(new)}
    assert found[str(changed)].title.startswith("ERBB2-amplified")
    assert not found[str(gone)].parsed and found[str(gone)].problems[0].code == "io.read"
    assert found[str(new)].parsed


class _Payload:
    """Unpickling this creates a file: what a crafted pickle cache could do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_crafted_cache_file_runs_no_code_and_is_rebuilt(records_copy, tmp_path):
    first, rows = _scan(records_copy)
    marker = tmp_path / "ran"
    evil = pickle.dumps(_Payload(marker))
    for path in (first.cache_path, first.cache_path.with_suffix(".pickle")):
        path.write_bytes(evil)                 # the cache file, and the old pickle's name
    again, rows_again = _scan(records_copy)
    assert not marker.exists()
    assert again.reused == 0 and sorted(rows_again) == sorted(rows)
    assert first.cache_path.read_bytes().startswith(b'{"format":')   # rebuilt as data
    assert not first.cache_path.with_suffix(".pickle").exists()      # the old one dropped


def test_a_cache_of_the_wrong_types_is_not_trusted(records_copy):
    first, rows = _scan(records_copy)
    header, *lines = first.cache_path.read_bytes().splitlines(keepends=True)
    bad = [b'["S",[["c","fatal","f","m",null,false,[]]]]\n',      # not a severity
           b'["x.md",1,2,["figid"],"t","y","o","s",0,true,3,4]\n',  # figid a list
           b'["S",5]\n', b'{"a": 1}\n', b'[1,2,3]\n', b'"abcdefghijkl"\n',
           b'{"0":1,"1":2,"2":3,"3":4,"4":5,"5":6,"6":7,"7":8,"8":9,"9":0,"a":1,"b":2}\n',
           b'["x.md",1,2,"f","t","y","o","s",99,true,3,4]\n',           # no set 99
           b'["x.md",1,2,"f","t","y","o","\xff",0,true,3,4]\n']         # not ASCII
    for line in bad:
        first.cache_path.write_bytes(header + lines[0] + line + b"".join(lines[1:]))
        again, rows_again = _scan(records_copy)
        assert sorted(rows_again) == sorted(rows), line
        assert again.parsed >= len(rows) - again.reused > 0, line


def test_a_same_size_edit_that_keeps_the_mtime_is_seen(records_copy, capsys):
    path = records_copy / "PMC3092522__nihms289124f2.md"
    _scan(records_copy)
    st = path.stat()
    raw = path.read_bytes()
    with open(path, "r+b") as fh:             # in place, same size, mtime put back
        fh.write(raw.replace(b"HER2-amplified", b"ERB2-amplified", 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    index, _ = _scan(records_copy)
    assert index.parsed == 1 and index.rows[str(path)].title.startswith("ERB2-amplified")


def test_a_file_modified_just_before_the_scan_is_parsed_again_next_time(records_copy):
    fresh = records_copy / "PMC1__fresh.md"   # mtime now: an edit in the same clock tick
    fresh.write_bytes((records_copy / "PMC3092522__nihms289124f2.md").read_bytes())
    first, _ = _scan(records_copy)            # would keep size, mtime, inode and ctime
    again, _ = _scan(records_copy)
    assert again.parsed == 1 and again.reused == len(first.rows) - 1
    assert again.rows[str(fresh)] == first.rows[str(fresh)]


def test_the_scan_can_remove_temporary_files_of_interrupted_writes(records_copy):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    sub = records_copy / "sub"
    sub.mkdir()
    shutil.copy2(records_copy / "PMC3092522__nihms289124f2.md", sub / "PMC1__in_sub.md")
    stale = [records_copy / f".PMC3092522__nihms289124f2.md.{dead.stdout.strip()}.x1"
                            ".curator-tmp",
             sub / f".PMC1__in_sub.md.{dead.stdout.strip()}.x2.curator-tmp"]
    with subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE) as live:
        alive = records_copy / f".PMC10036500__ga1.md.{live.pid}.x3.curator-tmp"
        for path in [*stale, alive]:
            path.write_bytes(b"half a record")
        plain, _ = _scan(records_copy, cache=False)          # not asked to: left alone
        assert all(p.exists() for p in stale) and not plain.removed_temps
        index, _ = _scan(records_copy, cache=False, tidy=True)
        assert sorted(index.removed_temps) == sorted(stale)
        assert not any(p.exists() for p in stale) and alive.exists()   # its writer runs
        live.communicate(b"\n")
    assert str(sub / "PMC1__in_sub.md") in index.rows


def test_a_long_search_key_is_the_same_as_one_lower_cased_whole(monkeypatch):
    monkeypatch.setattr(index_row, "KEY_PIECE", 7)
    words = ["ΟΔΟΣ", "Σ", "ΑΣ", "xΣ.", "'Σ'", "İstanbul", "ΣΑΣ", "straße", "\ud800x", "A"]
    text = " ".join(words[i % len(words)] * (1 + i % 3) for i in range(200))
    assert len(text) > 7
    assert search_key(text) == text.lower().encode("utf-8", "surrogatepass")
    assert search_key("nospace" * 5) == ("nospace" * 5).encode()


def test_a_cancelled_scans_worker_stops_at_the_next_file(records_copy, monkeypatch):
    """The scan's workers share a stop event: once set, a chunk in progress returns at
    the next file, so that a cancelled scan (the window quitting) does not wait for
    whole chunks (issue 15 item 2: quitting mid-scan took seconds on a busy machine)."""
    import threading

    from curator.core.collection import index as index_module
    from curator.core.collection.index import list_files

    entries = list_files(records_copy)
    stop = threading.Event()
    monkeypatch.setattr(index_module, "_worker_stop", None)
    index_module._init_worker(stop)
    assert len(index_module._index_chunk(entries)) == len(entries)
    stop.set()
    assert index_module._index_chunk(entries) == []


def test_a_flipped_byte_or_a_foreign_cache_is_ignored_and_said_so(records_copy):
    first, rows = _scan(records_copy)
    assert first.cache_note == ""
    header, _, body = first.cache_path.read_bytes().partition(b"\n")
    middle = len(body) // 2
    flipped = body[:middle] + bytes([body[middle] ^ 0x20]) + body[middle + 1:]
    for data, said in ((header + b"\n" + flipped, "checksum"),
                       (header.replace(b'"format":', b'"format":1') + b"\n" + body, "other"),
                       (b"\x00\xff not a cache", "not an index cache")):
        first.cache_path.write_bytes(data)
        again, rows_again = _scan(records_copy)
        assert sorted(rows_again) == sorted(rows)
        assert said in again.cache_note and "rebuilt" in again.cache_note, again.cache_note
        assert again.reused < len(rows)
    third, _ = _scan(records_copy)
    assert third.reused == len(rows) and third.cache_note == ""


def test_a_block_with_a_good_checksum_and_bad_values_is_not_trusted(records_copy):
    from curator.core.collection import index_cache
    first, rows = _scan(records_copy)
    with open(first.cache_path, "rb") as fh:
        header = fh.readline()
        magic, meta_size, data_size, _ = index_cache.BLOCK.unpack(
            fh.read(index_cache.BLOCK.size))
        meta, data = fh.read(meta_size), fh.read(data_size)
    ints = bytearray(data)
    ints[4 * 8:5 * 8] = (10**6).to_bytes(8, index_cache.BYTEORDER)   # no problem set 10**6
    for bad_meta, bad_data in ((meta, bytes(ints)),
                               (meta.replace(b'"rows":', b'"rows":1'), data),
                               (b"[]", data), (meta, data[:-1])):
        crc = index_cache.zlib.crc32(bad_data, index_cache.zlib.crc32(bad_meta))
        first.cache_path.write_bytes(
            header + index_cache.BLOCK.pack(magic, len(bad_meta), len(bad_data), crc)
            + bad_meta + bad_data)
        again, rows_again = _scan(records_copy)
        assert sorted(rows_again) == sorted(rows) and again.reused == 0
        assert "block 1" in again.cache_note, again.cache_note


def test_a_scan_told_not_to_save_leaves_the_cache_to_save(records_copy):
    index = FolderIndex(records_copy)
    rows = [row for batch in index.scan(save=False) for row in batch]
    assert rows and not index.cache_path.exists()
    index.save()
    assert index.cache_path.exists()
    again = FolderIndex(records_copy)
    assert sum(map(len, again.scan(save=False))) == len(rows)
    assert again.reused == len(rows)
    again.save()             # nothing changed: the cache is not written again
    assert index.cache_path.stat().st_mtime_ns == again.cache_path.stat().st_mtime_ns

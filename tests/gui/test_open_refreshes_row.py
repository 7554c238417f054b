"""Opening a record shows in its list row what was just read from the file."""

from __future__ import annotations

import os

from gui_helpers import RECORD, select


def test_opening_a_record_refreshes_its_row_even_when_size_and_mtime_were_kept(
        loaded, qtbot, seeds_copy):
    path = seeds_copy / RECORD
    other = next(p for p in sorted(seeds_copy.glob("*.md")) if p != path)
    select(loaded, qtbot, other)
    st = path.stat()
    raw = path.read_bytes()              # a same-size edit; the mtime put back after it
    path.write_bytes(raw.replace(b"figtitle: 'HER2-amplified", b"figtitle: 'ERB2-amplified"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    row = loaded.model.record_row(loaded.model.row_for_path(str(path)))
    assert row.title.startswith("HER2-amplified")        # the list has not looked yet
    loaded.select_record(str(path))                       # no event loop turn in between
    row = loaded.model.record_row(loaded.model.row_for_path(str(path)))
    assert row.title.startswith("ERB2-amplified")
    assert row.key == (st.st_size, st.st_mtime_ns, path.stat().st_ino,
                       path.stat().st_ctime_ns)
    assert not loaded.session.is_modified(str(path))


def test_opening_a_record_that_became_unreadable_marks_its_row(loaded, qtbot, seeds_copy):
    path = seeds_copy / RECORD
    other = next(p for p in sorted(seeds_copy.glob("*.md")) if p != path)
    select(loaded, qtbot, other)
    path.write_bytes(b"---\nfigid: [broken\n---\n")
    loaded.select_record(str(path))
    row = loaded.model.record_row(loaded.model.row_for_path(str(path)))
    assert not row.parsed and row.worst == "error"
    assert row.problems[0].code.startswith("parse.")

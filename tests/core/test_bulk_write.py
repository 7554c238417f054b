"""Writing a planned bulk edit: exactly the planned bytes, each file atomically, only over
the bytes it was planned from, on a few threads with one fsync per folder; stopping keeps
every file whole; the planned rows are the rows of the files written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from curator.core.edits import bulk
from curator.core.collection.index import index_file
from curator.core.edits.operations import FillMissing, SetField

FILL = [FillMissing(("journal_title",), "Unknown journal")]


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in _files(folder)}


def _no_lines(row):
    return row._replace(problems=tuple(p.__class__(p.code, p.severity, p.field, p.message,
                                                   None, p.fixable, p.suggestions)
                                       for p in row.problems))


@pytest.fixture
def planned(records_copy):
    plan = bulk.plan(_files(records_copy), [SetField(("journal_title",), "J")], rows=True,
                     jobs=1)
    assert len(plan.changes) >= 20 and not plan.skipped
    return plan


@pytest.mark.parametrize("threads", [1, 4])
def test_the_planned_bytes_are_written_and_each_folder_synced_once(
        records_copy, planned, monkeypatch, threads):
    synced = []
    real = bulk.fsync_folder
    monkeypatch.setattr(bulk, "fsync_folder", lambda f: synced.append(f) or real(f))
    reports = []
    outcomes = bulk.write_many(planned.changes, threads=threads,
                               report=lambda batch, done, total: reports.append(
                                   (len(batch), done, total)))
    assert len(outcomes) == len(planned.changes)
    assert all(o.done and o.written for o in outcomes)
    for change in planned.changes:
        assert Path(change.path).read_bytes() == change.new
    assert synced == [str(records_copy)]
    assert sum(n for n, _, _ in reports) == len(planned.changes)
    assert reports[-1][1:] == (len(planned.changes),) * 2
    for o in outcomes:
        st = os.stat(o.change.path)
        assert (o.stat.st_size, o.stat.st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert not [p for p in os.listdir(records_copy) if p.endswith(".curator-tmp")]


def test_the_planned_row_is_the_row_of_the_written_file(records_copy):
    plan = bulk.plan(_files(records_copy), FILL, rows=True, jobs=1)
    assert plan.changes
    outcomes = bulk.write_many(plan.changes)
    for o in outcomes:
        row = o.change.row._replace(size=o.stat.st_size, mtime_ns=o.stat.st_mtime_ns)
        indexed = index_file(o.change.path, o.stat.st_size, o.stat.st_mtime_ns)
        assert _no_lines(row) == _no_lines(indexed)
        assert not any(p.field == "journal_title" for p in row.problems)


def test_rows_come_from_worker_processes_too(records_copy):
    paths = [p for p in _files(records_copy)]
    many = [str(p) for p in paths] * (bulk.PARALLEL_FROM // len(paths) + 1)
    plan = bulk.plan(many, FILL, rows=True, jobs=2)
    assert plan.changes and all(c.row is not None and c.row.path == c.path
                                for c in plan.changes)
    assert not bulk.plan(paths, FILL, jobs=1).changes[0].row    # only when asked


def test_a_file_changed_since_the_plan_is_refused_and_the_rest_written(records_copy,
                                                                         planned):
    changed = Path(planned.changes[3].path)
    outside = changed.read_bytes() + b"\nedited elsewhere\n"
    changed.write_bytes(outside)
    gone = Path(planned.changes[5].path)
    gone.unlink()
    outcomes = {o.change.path: o for o in bulk.write_many(planned.changes)}
    assert changed.read_bytes() == outside and not gone.exists()
    assert outcomes[str(changed)].error.code == "io.conflict"
    assert outcomes[str(gone)].error.code == "io.conflict"
    assert "deleted" in outcomes[str(gone)].error.message
    for change in planned.changes:
        if change.path not in (str(changed), str(gone)):
            assert outcomes[change.path].done
            assert Path(change.path).read_bytes() == change.new


def test_writing_again_and_reversing(records_copy, planned):
    before = _snapshot(records_copy)
    bulk.write_many(planned.changes)
    again = bulk.write_many(planned.changes)          # the files hold the new bytes
    assert all(o.done and not o.written for o in again)
    back = bulk.write_many([c.reverse() for c in planned.changes])
    assert all(o.done and o.written for o in back)
    assert _snapshot(records_copy) == before
    assert bulk.write(planned.changes) == []          # the simple form
    assert all(Path(c.path).read_bytes() == c.new for c in planned.changes)


def test_stopping_leaves_every_file_whole(records_copy, planned):
    before = _snapshot(records_copy)
    outcomes = bulk.write_many(planned.changes, threads=1, interval=0,
                               cancelled=lambda: True)
    assert 1 <= len(outcomes) < len(planned.changes)
    written = {o.change.path for o in outcomes if o.written}
    for change in planned.changes:
        name = Path(change.path).name
        data = Path(change.path).read_bytes()
        assert data == (change.new if change.path in written else before[name])
    assert not [p for p in os.listdir(records_copy) if p.endswith(".curator-tmp")]


def test_an_unexpected_error_is_an_outcome_not_a_crash(records_copy, planned, monkeypatch):
    def boom(path, data, *, sync_folder=True, check=None):
        raise ValueError("disk on fire")
    monkeypatch.setattr(bulk, "write_atomic", boom)
    outcomes = bulk.write_many(planned.changes[:3])
    assert [o.error.code for o in outcomes] == ["io.write"] * 3
    assert "disk on fire" in outcomes[0].error.message


def test_a_change_keeps_its_new_bytes_as_what_the_edit_changed(records_copy, planned):
    """Both sides come back exactly (reversed, twice reversed, pickled to and from a
    worker), and the new bytes, compressed against the old, take a fraction of what
    the old take alone: the plan of 5,000 records held both in full (15 MB at 70,000)."""
    import pickle
    import zlib
    for change in planned.changes:
        old, new = Path(change.path).read_bytes(), None
        assert change.old == old and change.new != old
        new = change.new
        back = change.reverse()
        assert (back.old, back.new) == (new, old)
        assert (back.reverse().old, back.reverse().new) == (old, new)
        copy = pickle.loads(pickle.dumps(back))
        assert (copy.path, copy.old, copy.new) == (back.path, new, old)
    stored = sum(len(pickle.dumps(c.with_row(None))) for c in planned.changes)
    alone = sum(len(zlib.compress(c.old, 1)) + len(zlib.compress(c.new, 1))
                for c in planned.changes)
    assert stored < 0.7 * alone


def test_a_planned_row_shares_the_listed_rows_equal_parts(records_copy):
    """The rows planned with the listed rows at hand are equal to those planned without,
    and hold the listed row's objects for the parts the edit did not change (the search
    text, the title, the path ...), not copies of their own."""
    paths = [str(p) for p in _files(records_copy)]
    listed = {p: index_file(p) for p in paths}
    ops = [SetField(("journal_title",), "J")]
    alone = bulk.plan(paths, ops, rows=True, jobs=1)
    shared = bulk.plan(paths, ops, rows=True, jobs=1, listed=listed.get)
    assert [c.row for c in shared.changes] == [c.row for c in alone.changes]
    for change in shared.changes:
        row, before = change.row, listed[change.path]
        assert row.search is before.search and row.path is before.path
        assert row.title is before.title and row.ident is before.ident
    unlisted = bulk.plan(paths, ops, rows=True, jobs=1, listed={}.get)
    assert all(c.row.search is not listed[c.path].search for c in unlisted.changes)

"""An operation's change set (``OpChanges``) and the bulk write told as one: the records
and fields it changed, and the list rows of the files written, keyed by the written
file's size and time, so a look at the disk afterwards finds nothing new."""

from __future__ import annotations

import os
from pathlib import Path

from curator.core.collection.index import file_key, index_file
from curator.core.edits import bulk
from curator.core.edits.bulk_writes import write_changes
from curator.core.edits.changes import OpChanges, fields_of
from curator.core.edits.operations import ApplyFix, ClearMissing, FillMissing, SetField
from curator.core.fields.schema import default_schema


def _no_lines(row):
    return row._replace(problems=tuple(p.__class__(p.code, p.severity, p.field, p.message,
                                                   None, p.fixable, p.suggestions)
                                       for p in row.problems))


def test_the_fields_an_edit_changes_are_those_it_names_and_the_derived_ones():
    schema = default_schema()
    derived = {s.name.split(".")[0] for s in schema.derived_fields()}
    assert fields_of([SetField(("journal_title",), "J")]) == {"journal_title"}
    assert fields_of([SetField(("year",), "2001"), FillMissing(("doi",), "x")],
                     schema) == {"year", "doi"} | derived
    assert fields_of([ClearMissing()]) is None            # every field
    assert fields_of([ApplyFix("organisms.old_style")]) is None
    changes = OpChanges("Bulk edit", paths=frozenset({"a"}), fields=frozenset({"year"}))
    assert changes.touches("year") and not changes.touches("doi") and not changes.empty
    assert OpChanges("Bulk edit", paths=frozenset({"a"}), fields=None).touches("doi")
    assert OpChanges("Bulk edit").empty and not OpChanges("Bulk edit").touches("year")


def test_the_rows_of_the_files_written_are_the_files_rows(records_copy):
    paths = sorted(records_copy.glob("*.md"))
    plan = bulk.plan(paths, [SetField(("journal_title",), "J")], rows=True, jobs=1)
    assert len(plan.changes) >= 20
    listed = {c.path for c in plan.changes[:-3]}       # three are not in the list
    old_rows = {p: index_file(p) for p in listed}     # the rows the list had
    reported = []
    written = write_changes(plan.changes, listed=listed,
                            progress=lambda done, total: reported.append((done, total)))
    assert not written.stopped and len(written.done) == len(plan.changes)
    assert reported[-1] == (len(plan.changes), len(plan.changes))
    assert set(written.rows) == listed
    for path, row in written.rows.items():
        st = os.stat(path)
        assert (row.size, row.mtime_ns, row.inode, row.ctime_ns) == file_key(st)
        assert _no_lines(row) == _no_lines(index_file(path, *file_key(os.stat(path))))
    # back again, with the rows the list had (none given for one: indexed again)
    old_rows.pop(next(iter(listed)))
    back = write_changes([c.reverse() for c in plan.changes], rows=old_rows,
                         listed=listed)
    assert all(Path(c.path).read_bytes() == c.old for c in plan.changes)
    for path, row in back.rows.items():
        assert _no_lines(row) == _no_lines(index_file(path, *file_key(os.stat(path))))


def test_stopped_before_it_begins_it_says_so_and_each_file_is_whole(records_copy):
    paths = sorted(records_copy.glob("*.md"))
    plan = bulk.plan(paths, [SetField(("journal_title",), "J")], rows=True, jobs=1)
    written = write_changes(plan.changes, cancelled=lambda: True)
    assert written.stopped and len(written.outcomes) <= len(plan.changes)
    done = {c.path for c in written.done}
    for change in plan.changes:
        assert Path(change.path).read_bytes() == (change.new if change.path in done
                                                  else change.old)
    assert set(written.rows) == done

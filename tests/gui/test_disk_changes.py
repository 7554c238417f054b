"""Records changed outside Curator, and saves that fail: what the curator sees."""

from __future__ import annotations

import errno
import os

import pytest

from curator.core.files import atomic
from curator.core.files.record import Record
from gui_helpers import RECORD, editor, select, settle, text_of, type_at_end

OTHER = "PMC10036500__ga1.md"


def _replace_title(path, new_title: str, *, rename: bool = False) -> str:
    """Change the record's figtitle as another editor would: in place, or (``rename``)
    writing a new file and renaming it over the old one."""
    rec = Record.open(path)
    lines = rec.raw.decode("utf-8").splitlines(keepends=True)
    first = rec.lines[("figtitle",)] - 1
    last = first + 1
    while last < len(lines) and lines[last].startswith(" "):
        last += 1                                 # a folded value's continuation lines
    lines[first:last] = [f"figtitle: {new_title}\n"]
    if rename:
        tmp = path.with_name(".other-editor.tmp")
        tmp.write_bytes("".join(lines).encode("utf-8"))
        os.replace(tmp, path)
    else:
        path.write_bytes("".join(lines).encode("utf-8"))
    assert Record.open(path).data["figtitle"] == new_title
    return rec.data["figtitle"]


@pytest.mark.parametrize("choice", ["reload", "overwrite", "cancel"])
def test_a_record_edited_here_and_on_disk_is_marked_and_saving_asks(
        loaded, qtbot, seeds_copy, monkeypatch, choice):
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    type_at_end(qtbot, editor(loaded, "caption"), " curated")
    assert loaded.session.is_modified(str(path))
    external = path.read_bytes() + b"\nchanged elsewhere\n"
    path.write_bytes(external)
    qtbot.waitUntil(lambda: loaded.disk_watch.conflicts.get(str(path)) == "changed",
                    timeout=5000)
    assert "changed on disk" in loaded.record_header.text()
    asked = []

    def ask(p, diff, deleted):
        asked.append((p, diff, deleted))
        return choice

    monkeypatch.setattr(loaded, "ask_conflict", ask)
    loaded.actions_.save.trigger()
    assert len(asked) == 1
    p, diff, deleted = asked[0]
    assert p == str(path) and not deleted
    assert "+" in diff and "curated" in diff and "-changed elsewhere" in diff
    if choice == "reload":
        assert path.read_bytes() == external
        assert not loaded.session.is_modified(str(path))
        assert not text_of(editor(loaded, "caption")).endswith(" curated")
        assert str(path) not in loaded.disk_watch.conflicts
    elif choice == "overwrite":
        written = path.read_bytes()
        assert b"changed elsewhere" not in written
        assert Record.open(path).data["caption"].endswith(" curated")
        assert not loaded.session.is_modified(str(path))
        assert str(path) not in loaded.disk_watch.conflicts
    else:
        assert path.read_bytes() == external
        assert loaded.session.is_modified(str(path))
        assert "changed on disk" in loaded.record_header.text()


def test_an_unmodified_record_changed_on_disk_is_reread_silently(
        loaded, qtbot, seeds_copy, monkeypatch):
    monkeypatch.setattr(loaded, "ask_conflict", lambda *a: pytest.fail("asked"))
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    _replace_title(path, "Lapatinib signalling rewritten elsewhere")
    qtbot.waitUntil(lambda: text_of(editor(loaded, "figtitle"))
                    == "Lapatinib signalling rewritten elsewhere", timeout=5000)
    assert not loaded.session.is_modified(str(path))
    assert not loaded.isWindowModified()
    row = loaded.model.record_row(loaded.model.row_for_path(str(path)))
    assert row.title == "Lapatinib signalling rewritten elsewhere"
    assert row.size == path.stat().st_size     # the row was re-read from the file
    assert str(path) not in loaded.disk_watch.conflicts
    assert loaded.current_path == str(path)


def test_an_unopened_record_changed_on_disk_gets_its_row_refreshed(loaded, qtbot,
                                                                     seeds_copy):
    path = seeds_copy / OTHER
    assert loaded.current_path != str(path)
    _replace_title(path, "A title written by another program", rename=True)
    i = loaded.model.row_for_path(str(path))
    qtbot.waitUntil(lambda: loaded.model.record_row(i).title
                    == "A title written by another program", timeout=10000)


def test_files_added_or_rewritten_outside_are_listed_without_reopening(loaded, qtbot,
                                                                         seeds_copy):
    """Another program (git, curator fix) adds a record and rewrites 300 others: the list
    gets them from a background refresh (parsed in workers), keeping the shown record."""
    shown = loaded.current_path
    added = seeds_copy / "PMC99999999__added.md"
    added.write_bytes((seeds_copy / OTHER).read_bytes())
    for i in range(300):
        (seeds_copy / f"PMC{1000 + i}__copy.md").write_bytes((seeds_copy / OTHER).read_bytes())
    loaded.activateWindow()
    loaded.disk_watch.check_rows()
    qtbot.waitUntil(lambda: loaded.model.rowCount() == 29 + 301, timeout=20000)
    row = loaded.model.record_row(loaded.model.row_for_path(str(added)))
    assert row.parsed and row.size == added.stat().st_size
    assert loaded.current_path == shown


def test_a_deleted_file_is_marked_and_never_recreated_silently(
        loaded, qtbot, seeds_copy, monkeypatch):
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    type_at_end(qtbot, editor(loaded, "figtitle"), " z")
    path.unlink()
    qtbot.waitUntil(lambda: loaded.disk_watch.conflicts.get(str(path)) == "deleted",
                    timeout=5000)
    assert "deleted on disk" in loaded.record_header.text()
    asked = []
    monkeypatch.setattr(loaded, "ask_conflict",
                        lambda p, diff, deleted: asked.append(deleted) or "cancel")
    loaded.actions_.save.trigger()
    assert asked == [True] and not path.exists()
    failures = []
    monkeypatch.setattr(loaded, "show_save_error", failures.append)
    loaded.actions_.save_all.trigger()
    settle(loaded, qtbot)     # Save All writes on the runner's thread
    assert not path.exists()
    assert [(p, e.code) for p, e in failures[0]] == [(str(path), "io.conflict")]
    assert loaded.session.is_modified(str(path))
    # the curator chooses to write it again
    monkeypatch.setattr(loaded, "ask_conflict", lambda *a: "overwrite")
    loaded.actions_.save.trigger()
    assert path.exists() and Record.open(path).data["figtitle"].endswith(" z")
    assert not loaded.session.is_modified(str(path))


def test_save_all_keeps_the_failing_record_modified_and_names_it(
        loaded, qtbot, seeds_copy, monkeypatch):
    good, bad = seeds_copy / RECORD, seeds_copy / OTHER
    for path in (good, bad):
        select(loaded, qtbot, path)
        type_at_end(qtbot, editor(loaded, "figtitle"), " z")
    bad_before = bad.read_bytes()
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if os.fspath(dst) == str(bad):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    real_exchange = atomic.exchange     # the save swaps the new file in with renameat2

    def exchange(a, b):
        if os.fspath(b) == str(bad):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_exchange(a, b)

    monkeypatch.setattr(atomic, "exchange", exchange)
    failures = []
    monkeypatch.setattr(loaded, "show_save_error", failures.append)
    loaded.actions_.save_all.trigger()
    settle(loaded, qtbot)     # Save All writes on the runner's thread
    assert len(failures) == 1                          # one summary
    [(path, err)] = failures[0]
    assert path == str(bad) and "No space left" in err.message
    assert Record.open(good).data["figtitle"].endswith(" z")
    assert not loaded.session.is_modified(str(good))
    assert loaded.session.is_modified(str(bad)) and loaded.isWindowModified()
    assert bad.read_bytes() == bad_before
    assert not [n for n in os.listdir(seeds_copy) if n.endswith(".curator-tmp")]


def test_an_unmodified_record_broken_on_disk_is_shown_as_its_source(
        loaded, qtbot, seeds_copy, monkeypatch):
    monkeypatch.setattr(loaded, "ask_conflict", lambda *a: pytest.fail("asked"))
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    path.write_bytes(b"---\nfigid: [unclosed\n---\n")
    qtbot.waitUntil(lambda: loaded.form.record is None, timeout=5000)
    assert loaded.current_path == str(path)
    assert not loaded.session.modified_paths()
    i = loaded.model.row_for_path(str(path))
    qtbot.waitUntil(lambda: not loaded.model.record_row(i).parsed, timeout=5000)


def test_files_deleted_outside_leave_the_list_and_the_counts(loaded, qtbot, seeds_copy):
    """Issue 15 item 3: a file deleted by another program (git, a file manager) left an
    unreadable error row, counted in the totals, until the folder was reopened."""
    assert loaded.status_label.text().startswith("29 records · 1 with errors")
    shown = loaded.current_path
    gone = [p for p in sorted(seeds_copy.glob("*.md")) if str(p) != shown][:3]
    for path in gone:
        path.unlink()
    loaded.disk_watch.check_rows()
    qtbot.waitUntil(lambda: loaded.model.rowCount() == 26, timeout=20000)
    assert all(loaded.model.row_for_path(str(p)) < 0 for p in gone)
    assert loaded.status_label.text().startswith("26 records · 1 with errors")
    assert loaded.current_path == shown


def test_the_shown_record_deleted_outside_leaves_the_list(loaded, qtbot, seeds_copy):
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    path.unlink()
    qtbot.waitUntil(lambda: loaded.model.row_for_path(str(path)) < 0, timeout=10000)
    assert loaded.model.rowCount() == 28
    assert loaded.status_label.text().startswith("28 records · 1 with errors")
    assert loaded.current_path != str(path)
    assert str(path) not in loaded.disk_watch.conflicts
    assert not path.exists()       # nothing wrote it back

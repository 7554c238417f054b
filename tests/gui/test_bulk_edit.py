"""Bulk fixes as a curator runs them: choose records and an operation, preview the diffs,
apply (the files are saved at once, one undo step), undo (the old bytes come back), redo;
only the intended lines change and an unreadable file is skipped, listed, and never
written. Records with unsaved edits are changed in memory and saved by Save All."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QPlainTextEdit, QProgressDialog, QPushButton

from curator.core.collection.index import file_key, index_file
from curator.core.files.record import Record
from curator.gui.bulk import bulk_failures
from curator.gui.bulk.bulk_edit import BulkEditCommand, BulkEditDialog
from gui_helpers import RECORD, changed_lines, select, settle

BROKEN = "PMC0000001__broken.md"
BROKEN_TEXT = b"---\nfigid: PMC0000001__broken\nfigtitle: [unclosed\ncaption: x\n---\n"


@pytest.fixture(autouse=True)
def reported(monkeypatch) -> list:
    """The failures the bulk edit would show the curator: (title, text, errors)."""
    shown = []
    monkeypatch.setattr(bulk_failures, "show_failures",
                        lambda parent, title, text, failures: shown.append(
                            (title, text, list(failures))))
    return shown


@pytest.fixture
def bulk_window(window, seeds_copy, qtbot):
    """The window over a copy of the records plus one file that cannot be parsed."""
    (seeds_copy / BROKEN).write_bytes(BROKEN_TEXT)
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(seeds_copy)
    return window


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def _select_rows(window, names) -> None:
    sm = window.table.selectionModel()
    sm.clearSelection()
    for name in names:
        row = window.proxy.row_of(str(window.folder / name))
        assert row >= 0, name
        sm.select(window.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)


def _field_lines(rec: Record, keys) -> set[int]:
    """The 1-based lines holding the top-level fields ``keys`` (to the next field)."""
    starts = sorted(n for k, n in rec.lines.items() if len(k) == 1)
    total = len(rec.raw.decode("utf-8").splitlines())
    out: set[int] = set()
    for key in keys:
        first = rec.lines[key]
        later = [n for n in starts if n > first]
        out.update(range(first, (later[0] - 1 if later else total) + 1))
    return out


def _preview(dialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.preview_finished, timeout=20000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)


def _run(window, qtbot, folder: Path, dialog: BulkEditDialog, fields: set[str]):
    """Preview -> apply (files written) -> undo (old bytes back) -> redo; check the files
    on disk, and that only the intended fields changed."""
    before = _snapshot(folder)
    dialog.show()
    qtbot.waitExposed(dialog)
    _preview(dialog, qtbot)
    plan = dialog.plan
    assert plan is not None and plan.changes, dialog.summary.text()
    planned = {Path(c.path).name: c.new for c in plan.changes}
    n = len(planned)
    assert f"{n} record" in dialog.summary.text()
    assert f"Apply saves {n} file{'s' if n > 1 else ''} to disk right away" in \
        dialog.summary.text()
    assert dialog.apply_button.text() == f"&Apply and save {n} file{'s' if n > 1 else ''}"
    # the list shows every changed record, the diff the first one, +/- lines
    names = [dialog.changed_model.item(r).text() for r in range(dialog.changed_model.rowCount())]
    assert names[:len(planned)] == sorted(planned)
    diff = dialog.findChild(QPlainTextEdit, "diffView").toPlainText()
    assert diff.startswith("--- a/PMC") and "\n+" in diff
    assert dialog.apply_button.isEnabled()

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    stack = window.undo_stack
    assert stack.count() == 1 and isinstance(stack.command(0), BulkEditCommand)
    assert stack.command(0).text().endswith(f"({n} records)")
    assert not window.session.modified_paths() and not window.isWindowModified()
    assert window.model.modified_count() == 0

    def check_written():
        after = _snapshot(folder)
        for name, old in before.items():
            assert after[name] == planned.get(name, old), name
        for name in planned:     # the list shows the file as written (size, time, status)
            _assert_row_is_file(window, folder / name)
    check_written()

    stack.undo()
    settle(window, qtbot)
    assert _snapshot(folder) == before
    for name in planned:
        _assert_row_is_file(window, folder / name)
    assert not window.session.modified_paths()
    stack.redo()
    settle(window, qtbot)
    check_written()
    after = _snapshot(folder)
    assert after[BROKEN] == BROKEN_TEXT
    for name in planned:
        old_data = Record(before[name], folder / name).data
        new_data = Record(after[name], folder / name).data
        changed = {k for k in {*old_data, *new_data} if old_data.get(k) != new_data.get(k)}
        assert changed and changed <= fields, (name, changed)
        rec = Record(before[name], folder / name)
        keys = [(k,) for k in changed if (k,) in rec.lines]
        if len(keys) == len(changed):    # every changed field was in the file
            assert changed_lines(before[name], after[name]) <= _field_lines(rec, keys), name
    assert not window.session.modified_paths()
    return plan


def _row_of(window, path):
    i = window.model.row_for_path(str(path))
    assert i >= 0, path
    return window.model.record_row(i)


def _without_lines(row):
    return row._replace(problems=tuple(p.__class__(p.code, p.severity, p.field, p.message,
                                                   None, p.fixable, p.suggestions)
                                       for p in row.problems))


def _assert_row_is_file(window, path) -> None:
    """The list row of ``path`` is what indexing the file now would give (problems'
    line numbers aside), with the file's size and time: the disk watch has nothing to do."""
    st = os.stat(path)
    row = _row_of(window, path)
    assert _without_lines(row) == _without_lines(index_file(str(path), *file_key(st))), \
        path.name


def test_set_a_field_on_the_selected_records(bulk_window, qtbot, seeds_copy):
    names = ["PMC10017456__fpls-14-1084358-g002.md", "PMC10036500__ga1.md", RECORD]
    _select_rows(bulk_window, names)
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    assert dialog.scope_selected.isChecked()
    assert dialog.scope_selected.text() == "The selected records (3)"
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("journal_title")
    qtbot.keyClicks(dialog.set_value, "Curated Journal")
    plan = _run(bulk_window, qtbot, seeds_copy, dialog, {"journal_title"})
    assert len(plan.changes) == 3 and not plan.skipped
    for name in names:
        assert Record.open(seeds_copy / name).data["journal_title"] == "Curated Journal"


def test_fill_where_missing_on_every_shown_record_skips_the_broken_file(
        bulk_window, qtbot, seeds_copy):
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    assert dialog.scope_shown.text() == "Every record the list shows (30)"
    dialog.set_operation("fill")
    dialog.set_field.setCurrentText("journal_title")
    qtbot.keyClicks(dialog.set_value, "Unknown journal")
    plan = _run(bulk_window, qtbot, seeds_copy, dialog, {"journal_title"})
    assert [Path(str(e.path)).name for e in plan.skipped] == [BROKEN]
    assert "1 skipped" in dialog.summary.text()
    kept = Record.open(seeds_copy / "PMC10036500__ga1.md").data["journal_title"]
    assert kept == "Journal of Orthopaedic Translation"       # not missing: untouched
    assert Record.open(seeds_copy / RECORD).data["journal_title"] == "Unknown journal"


def test_skipped_file_is_listed_and_its_error_shown(bulk_window, qtbot):
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    dialog.set_operation("clear")
    _preview(dialog, qtbot)
    texts = [dialog.changed_model.item(r).text() for r in range(dialog.changed_model.rowCount())]
    assert "Skipped: cannot be read" in texts and f"✗ {BROKEN}" in texts
    dialog.changed_list.setCurrentIndex(dialog.changed_model.index(texts.index(f"✗ {BROKEN}"), 0))
    assert dialog.diff_view.toPlainText().startswith("Skipped, never written")


def test_clear_missing_markers_in_every_field(bulk_window, qtbot, seeds_copy):
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    dialog.set_operation("clear")
    plan = _run(bulk_window, qtbot, seeds_copy, dialog,
                {"doi", "journal_title", "journal_nlm_ta", "publisher_name", "keywords",
                 "organisms", "organisms_ner", "year"})
    assert RECORD in {Path(c.path).name for c in plan.changes}
    assert Record.open(seeds_copy / RECORD).data["doi"] == ""


def test_apply_a_fix_shows_counts_and_fixes_old_style_organisms(bulk_window, qtbot,
                                                                  seeds_copy):
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    dialog.set_operation("fix")
    labels = [dialog.fix_code.itemText(i) for i in range(dialog.fix_code.count())]
    assert "organisms.old_style  (12 records)" in labels
    dialog.fix_code.setCurrentIndex(dialog.fix_code.findData("organisms.old_style"))
    plan = _run(bulk_window, qtbot, seeds_copy, dialog, {"organisms"})
    assert len(plan.changes) == 12


@pytest.mark.parametrize("regex", [False, True])
def test_find_and_replace_with_a_live_match_count(bulk_window, qtbot, seeds_copy, regex):
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    dialog.set_operation("replace")
    dialog.replace_field.setCurrentText("figtitle")
    if regex:
        dialog.replace_regex.setChecked(True)
        qtbot.keyClicks(dialog.find_text, r"\bsignal(l?)ing\b")
        qtbot.keyClicks(dialog.replace_text, r"SIGNAL\1ING")
    else:
        qtbot.keyClicks(dialog.find_text, "signaling")
        qtbot.keyClicks(dialog.replace_text, "SIGNALING")
    qtbot.waitUntil(lambda: "match" in dialog.match_count.text())
    expected = "8 matches in 8 records" if regex else "7 matches in 7 records"
    assert dialog.match_count.text() == expected
    plan = _run(bulk_window, qtbot, seeds_copy, dialog, {"figtitle"})
    assert len(plan.changes) == int(expected.split()[3])
    titles = [Record.open(seeds_copy / Path(c.path).name).data["figtitle"]
              for c in plan.changes]
    assert all("SIGNAL" in t for t in titles)


def test_a_record_with_unsaved_edits_keeps_them_and_previews_both(bulk_window, qtbot,
                                                                    seeds_copy):
    """The record with unsaved edits is changed in memory (Save All writes it); the other
    one's file is written at once; one undo step undoes both."""
    from curator.gui.records.undo_commands import SetFieldCommand

    path, other = seeds_copy / RECORD, seeds_copy / "PMC10036500__ga1.md"
    other_before = other.read_bytes()
    path_before = path.read_bytes()
    select(bulk_window, qtbot, path)
    bulk_window.undo_stack.push(SetFieldCommand(bulk_window.session, str(path), "caption",
                                                "A new caption.", merge=False))
    _select_rows(bulk_window, [RECORD, other.name])
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("journal_title")
    qtbot.keyClicks(dialog.set_value, "J")
    dialog.show()
    _preview(dialog, qtbot)
    change = next(c for c in dialog.plan.changes if c.path == str(path))
    assert "+caption: A new caption." in change.diff() and "+journal_title: J" in change.diff()
    planned_other = next(c for c in dialog.plan.changes if c.path == str(other)).new
    assert dialog.apply_button.text() == "&Apply: save 1 file, change 1 in memory"
    assert "1 record with unsaved edits is changed in memory only" in dialog.summary.text()
    texts = [dialog.changed_model.item(r).text() for r in range(dialog.changed_model.rowCount())]
    assert f"{RECORD} — in memory" in texts and other.name in texts
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(bulk_window, qtbot)
    assert bulk_window.undo_stack.count() == 2
    assert bulk_window.current_path == str(path)     # the window stayed on its record
    assert other.read_bytes() == planned_other                    # written now
    assert path.read_bytes() == path_before                       # in memory only
    assert bulk_window.session.modified_paths() == [str(path)]
    assert bulk_window.model.is_modified(str(path)) and not bulk_window.model.is_modified(
        str(other))
    assert bulk_window.session.record(str(path)).render() == change.new
    bulk_window.undo_stack.undo()
    settle(bulk_window, qtbot)
    data = bulk_window.session.record(str(path)).data
    assert data["caption"] == "A new caption." and data["journal_title"] == ".na.character"
    assert other.read_bytes() == other_before
    bulk_window.undo_stack.redo()
    settle(bulk_window, qtbot)
    assert other.read_bytes() == planned_other
    bulk_window.actions_.save_all.trigger()
    settle(bulk_window, qtbot)     # Save All writes on the runner's thread
    saved = Record.open(path).data
    assert saved["caption"] == "A new caption." and saved["journal_title"] == "J"
    assert path.read_bytes() == change.new            # exactly what was previewed


def test_an_incomplete_operation_cannot_be_applied(bulk_window, qtbot):
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.set_operation("replace")
    _preview(dialog, qtbot)
    assert "Cannot preview" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()


def test_the_window_action_opens_the_dialog(bulk_window, qtbot):
    qtbot.keyClick(bulk_window.table, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = bulk_window.curation.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert bulk_window.curation.dialog is None     # closed: its preview is let go


def test_a_closed_dialog_lets_its_preview_and_its_memory_go(bulk_window, qtbot,
                                                             monkeypatch):
    """The preview's rows share the listed rows' texts; closed, the dialog lets its plan
    go at once (the window may delete it later), and then the C heap's free pages go
    back to the system."""
    from curator.gui.bulk import bulk_edit
    qtbot.keyClick(bulk_window.table, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = bulk_window.curation.dialog
    dialog.scope_shown.setChecked(True)
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("journal_title")
    qtbot.keyClicks(dialog.set_value, "Curated Journal")
    _preview(dialog, qtbot)
    assert dialog.plan.changes
    for change in dialog.plan.changes:
        assert change.row.search is _row_of(bulk_window, change.path).search
    change = dialog.plan.changes[0]
    trims = []       # how many hold the change (beside this test) when memory is given back
    monkeypatch.setattr(bulk_edit, "give_back_memory",
                        lambda: trims.append(sys.getrefcount(change) - 2))
    dialog.reject()
    assert trims == [0] and dialog.plan is None


def test_cancelling_the_preview_leaves_nothing_to_apply(bulk_window, qtbot, seeds_copy):
    before = _snapshot(seeds_copy)
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    dialog.set_operation("clear")
    with qtbot.waitSignal(dialog.preview_finished, timeout=20000):
        dialog.preview()
        progress = dialog.findChild(QProgressDialog, "bulkProgress")
        progress.findChild(QPushButton).click()     # the curator presses Cancel
    assert dialog.summary.text() == "Preview cancelled: nothing to apply."
    assert dialog.plan is None and not dialog.apply_button.isEnabled()
    assert bulk_window.undo_stack.count() == 0
    assert _snapshot(seeds_copy) == before


# -- Apply saves the files ----------------------------------------------------------------
YEARLESS = ["PMC2221774__nihms34078f1.md", "PMC2532600__nihms56058f2.md",
            "PMC2707780__nihms112197f1.md", "PMC2736391__nihms100151f2.md",
            "PMC2767105__nihms-151756-f0002.md"]     # their only missing field is year


def _fill_dialog(window, qtbot, field="year", value="2001") -> BulkEditDialog:
    dialog = window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    dialog.set_operation("fill")
    dialog.set_field.setCurrentText(field)
    qtbot.keyClicks(dialog.set_value, value)
    dialog.show()
    _preview(dialog, qtbot)
    return dialog


def test_apply_writes_the_previewed_bytes_and_the_list_shows_them(bulk_window, qtbot,
                                                                  seeds_copy, reported):
    window = bulk_window
    window.quick.setCurrentIndex(window.quick.findData("missing"))
    shown_before = {window.proxy.path_at(r) for r in range(window.proxy.rowCount())}
    assert {str(seeds_copy / n) for n in YEARLESS} <= shown_before
    assert all(_row_of(window, seeds_copy / n).missing for n in YEARLESS)
    dialog = _fill_dialog(window, qtbot)
    planned = {c.path: c.new for c in dialog.plan.changes}
    assert set(planned) >= {str(seeds_copy / n) for n in YEARLESS}
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert not reported
    for path, new in planned.items():
        assert Path(path).read_bytes() == new
        _assert_row_is_file(window, Path(path))
    for name in YEARLESS:        # year was their only missing field: no longer marked
        row = _row_of(window, seeds_copy / name)
        assert not row.missing and not any(p.field == "year" for p in row.problems)
        if str(seeds_copy / name) != window.current_path:   # the shown one stays pinned
            assert window.proxy.row_of(str(seeds_copy / name)) < 0
    assert window.statusBar().currentMessage() == f"Bulk edit: {len(planned)} files saved"
    window.undo_stack.undo()
    settle(window, qtbot)
    for name in YEARLESS:
        assert _row_of(window, seeds_copy / name).missing
        _assert_row_is_file(window, seeds_copy / name)
        assert window.proxy.row_of(str(seeds_copy / name)) >= 0


def test_the_shown_record_shows_what_was_written(bulk_window, qtbot, seeds_copy):
    from gui_helpers import editor, text_of

    path = seeds_copy / YEARLESS[0]
    select(bulk_window, qtbot, path)
    assert text_of(editor(bulk_window, "year")) != "2001"
    dialog = _fill_dialog(bulk_window, qtbot)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(bulk_window, qtbot)
    assert bulk_window.current_path == str(path)
    assert text_of(editor(bulk_window, "year")) == "2001"
    assert bulk_window.session.record(str(path)).raw == path.read_bytes()
    assert not bulk_window.session.is_modified(str(path))
    assert not any(p.field == "year" for p in bulk_window.session.problems(str(path)))
    bulk_window.undo_stack.undo()
    settle(bulk_window, qtbot)
    assert text_of(editor(bulk_window, "year")) != "2001"
    assert bulk_window.session.record(str(path)).raw == path.read_bytes()


def _refreshed_rows(window, qtbot) -> list[str]:
    """The paths of the rows the disk watch's look at every file (size and time, off the
    GUI thread) finds changed: started, and waited for until another can start."""
    found = []
    window.runner.changed.connect(lambda changes: found.extend(
        changes.rows if changes.origin == "Changed on disk" else ()))
    qtbot.waitUntil(window.disk_watch.check_rows, timeout=10000)   # started
    qtbot.waitUntil(window.disk_watch.check_rows, timeout=10000)   # that one is done
    qtbot.waitUntil(window.disk_watch.check_rows, timeout=10000)
    # (open records are left out of what it compares, so it parses them again each time;
    # the window drops those rows: they are the disk watch's to re-read)
    return [p for p in found if not window.session.is_open(p)]


def test_the_disk_watch_sees_nothing_to_do_after_apply_and_undo(bulk_window, qtbot,
                                                                seeds_copy, monkeypatch):
    window = bulk_window
    watch = window.disk_watch
    select(window, qtbot, seeds_copy / YEARLESS[0])
    reread = []
    real_reload = watch.reload
    monkeypatch.setattr(watch, "reload", lambda *a: reread.append(a[0]) or real_reload(*a))
    dialog = _fill_dialog(window, qtbot)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    qtbot.wait(400)             # the watcher's notices of our own writes arrive
    watch.check()               # every open record against its file
    assert _refreshed_rows(window, qtbot) == []      # every row against its file
    assert not watch.conflicts and not reread
    assert "changed on disk" not in window.statusBar().currentMessage()
    window.undo_stack.undo()
    settle(window, qtbot)
    qtbot.wait(400)
    watch.check()
    assert _refreshed_rows(window, qtbot) == []
    assert not watch.conflicts and not reread
    # a change from outside is still noticed
    outside = seeds_copy / YEARLESS[1]
    outside.write_bytes(outside.read_bytes() + b"\n")
    assert set(_refreshed_rows(window, qtbot)) == {str(outside)}


def test_a_file_changed_since_the_preview_is_reported_and_not_written(
        bulk_window, qtbot, seeds_copy, reported):
    dialog = _fill_dialog(bulk_window, qtbot)
    planned = {c.path: c for c in dialog.plan.changes}
    changed = seeds_copy / YEARLESS[2]
    outside = changed.read_bytes() + b"\nEdited elsewhere.\n"
    changed.write_bytes(outside)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(bulk_window, qtbot)
    assert changed.read_bytes() == outside                    # never overwritten
    for path, change in planned.items():
        if path != str(changed):
            assert Path(path).read_bytes() == change.new
    qtbot.waitUntil(lambda: bool(reported))
    (title, text, errors), = reported
    assert [Path(str(e.path)).name for e in errors] == [changed.name]
    assert errors[0].code == "io.conflict"
    assert errors[0].message == "changed on disk since the preview"
    assert text.startswith("Bulk edit: 1 file not written") and \
        f"{len(planned) - 1} other files saved" in text
    command = bulk_window.undo_stack.command(0)
    assert command.text().endswith(f"({len(planned) - 1} records)")
    bulk_window.undo_stack.undo()               # the others come back; it is left alone
    settle(bulk_window, qtbot)
    assert changed.read_bytes() == outside
    for path, change in planned.items():
        if path != str(changed):
            assert Path(path).read_bytes() == change.old


def test_undo_leaves_a_file_changed_since_and_reports_it(bulk_window, qtbot, seeds_copy,
                                                          reported):
    dialog = _fill_dialog(bulk_window, qtbot)
    planned = {c.path: c for c in dialog.plan.changes}
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(bulk_window, qtbot)
    assert not reported
    changed = seeds_copy / YEARLESS[3]
    outside = changed.read_bytes() + b"\nEdited elsewhere.\n"
    changed.write_bytes(outside)
    bulk_window.undo_stack.undo()
    settle(bulk_window, qtbot)
    assert changed.read_bytes() == outside
    for path, change in planned.items():
        if path != str(changed):
            assert Path(path).read_bytes() == change.old
    qtbot.waitUntil(lambda: bool(reported))
    (title, text, errors), = reported
    assert [Path(str(e.path)).name for e in errors] == [changed.name]
    assert "not restored" in text and errors[0].code == "io.conflict"
    assert errors[0].message == "changed on disk since the bulk edit saved it"
    reported.clear()
    bulk_window.undo_stack.redo()    # the others are written again; it is reported again
    settle(bulk_window, qtbot)
    for path, change in planned.items():
        if path != str(changed):
            assert Path(path).read_bytes() == change.new
    assert changed.read_bytes() == outside
    qtbot.waitUntil(lambda: bool(reported))
    assert [Path(str(e.path)).name for e in reported[0][2]] == [changed.name]


def test_stopping_midway_keeps_what_was_written_and_undo_restores_it(
        bulk_window, qtbot, seeds_copy, monkeypatch, reported):
    """Stop pressed while the files are written (off the GUI thread): the files written
    stay written, the others untouched, and the undo step holds exactly those."""
    import threading

    from curator.core.edits import bulk

    before = _snapshot(seeds_copy)
    dialog = _fill_dialog(bulk_window, qtbot, "journal_title", "Unknown journal")
    planned = {c.path: c for c in dialog.plan.changes}
    assert len(planned) >= 3
    real = bulk.write_many
    two_written = threading.Event()

    def write_many(changes, **kw):      # one file at a time; after two, wait for Stop
        cancelled, report = kw["cancelled"], kw["report"]
        outcomes = []
        for i, change in enumerate(changes):
            if i == 2:
                two_written.set()
                for _ in range(2000):       # the curator presses Stop meanwhile
                    if cancelled():
                        break
                    threading.Event().wait(0.005)
            if cancelled():
                break
            outcomes += real([change], **{**kw, "cancelled": None, "report": None})
            report(outcomes[-1:], len(outcomes), len(changes))
        return outcomes

    monkeypatch.setattr(bulk, "write_many", write_many)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(two_written.is_set, timeout=10000)
    assert bulk_window.undo_stack.count() == 0      # pushed once written, not before
    progress = bulk_window.runner.progress
    assert isinstance(progress, QProgressDialog) and progress.objectName() == \
        "operationProgress"
    progress.findChild(QPushButton).click()         # the curator presses Stop
    settle(bulk_window, qtbot)
    command = bulk_window.undo_stack.command(0)
    assert command.stopped and not reported
    written = {c.path for c in command.changes}
    assert 2 <= len(written) < len(planned)
    assert command.text().endswith(f"({len(written)} of {len(planned)} records; stopped)")
    after = _snapshot(seeds_copy)
    for path, change in planned.items():     # written, or untouched: nothing in between
        name = Path(path).name
        assert after[name] == (change.new if path in written else change.old), name
        _assert_row_is_file(bulk_window, Path(path))
    assert not bulk_window.session.modified_paths()
    bulk_window.undo_stack.undo()
    settle(bulk_window, qtbot)
    assert _snapshot(seeds_copy) == before
    bulk_window.undo_stack.redo()        # redo writes what was written, no more
    settle(bulk_window, qtbot)
    after = _snapshot(seeds_copy)
    for path, change in planned.items():
        assert after[Path(path).name] == (change.new if path in written else change.old)


def test_no_event_is_processed_while_the_undo_stack_pushes_undoes_or_redoes(
        bulk_window, qtbot, seeds_copy, monkeypatch):
    """A zero timer started right before the stack's push (and undo, and redo) of a bulk
    edit does not fire inside it: the step writes no file and processes no event there
    (the files are written off the GUI thread, outside the stack)."""
    from PySide6.QtCore import QTimer

    stack = bulk_window.undo_stack
    fired: list[bool] = []          # one per timer: True when it fired inside the call

    def outside(call):
        def run(*args):
            inside = [True]
            QTimer.singleShot(0, lambda: fired.append(inside[0]))
            try:
                return call(*args)
            finally:
                inside[0] = False
        return run

    monkeypatch.setattr(stack, "push", outside(stack.push))
    dialog = _fill_dialog(bulk_window, qtbot)
    planned = {Path(c.path): c for c in dialog.plan.changes}
    assert len(planned) >= 3

    def files_hold(which) -> bool:
        return all(p.read_bytes() == getattr(c, which) for p, c in planned.items())

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stack.count() == 1 and files_hold("new"), timeout=20000)
    outside(stack.undo)()
    qtbot.waitUntil(lambda: files_hold("old"), timeout=20000)
    outside(stack.redo)()
    qtbot.waitUntil(lambda: files_hold("new"), timeout=20000)
    qtbot.waitUntil(lambda: len(fired) == 3, timeout=5000)
    assert fired == [False, False, False]       # push, undo, redo: none fired inside


def test_apply_undo_and_redo_each_tell_one_change_set_the_views_follow(bulk_window,
                                                                       qtbot, seeds_copy):
    window = bulk_window
    told = []
    window.runner.changed.connect(told.append)
    dialog = _fill_dialog(window, qtbot)
    planned = {c.path for c in dialog.plan.changes}
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    (applied,) = told
    assert applied.origin == "Bulk edit" and applied.paths == planned == applied.written
    assert applied.touches("year") and not applied.touches("caption")
    assert set(applied.rows) == planned and not applied.failures
    for path in planned:         # the list shows the rows the change set brought
        assert _row_of(window, path) == applied.rows[path]
    assert window.statusBar().currentMessage() == applied.note
    window.undo_stack.undo()
    settle(window, qtbot)
    window.undo_stack.redo()
    settle(window, qtbot)
    assert [c.origin for c in told] == ["Bulk edit", "Undo of the bulk edit", "Bulk edit"]
    assert all(c.paths == planned for c in told)


def test_when_no_file_can_be_written_there_is_no_undo_step(bulk_window, qtbot, seeds_copy,
                                                           reported):
    dialog = _fill_dialog(bulk_window, qtbot)
    planned = [Path(c.path) for c in dialog.plan.changes]
    for path in planned:
        path.write_bytes(path.read_bytes() + b"\n")
    outside = _snapshot(seeds_copy)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(bulk_window, qtbot)
    assert bulk_window.undo_stack.count() == 0
    assert _snapshot(seeds_copy) == outside
    qtbot.waitUntil(lambda: bool(reported))
    (title, text, errors), = reported
    assert sorted(Path(str(e.path)).name for e in errors) == sorted(p.name for p in planned)
    assert text == f"Bulk edit: {len(planned)} files not written."


def test_a_record_edited_after_the_preview_is_left_to_its_edits(bulk_window, qtbot,
                                                                seeds_copy, reported):
    from curator.gui.records.undo_commands import SetFieldCommand

    dialog = _fill_dialog(bulk_window, qtbot)
    edited = seeds_copy / YEARLESS[4]
    before = edited.read_bytes()
    bulk_window.undo_stack.push(SetFieldCommand(bulk_window.session, str(edited), "year",
                                                "1999", merge=False))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(bulk_window, qtbot)
    assert edited.read_bytes() == before
    assert bulk_window.session.record(str(edited)).data["year"] == "1999"
    assert bulk_window.session.is_modified(str(edited))
    qtbot.waitUntil(lambda: bool(reported))
    (title, text, errors), = reported
    assert [(Path(str(e.path)).name, e.message) for e in errors] == [
        (edited.name, "has unsaved edits here; its file was left alone")]


def test_the_failure_message_names_every_file(qapp):
    from curator.core.errors import RecordError

    errors = [RecordError(f"/f/PMC{i}__a.md", "changed on disk since the preview",
                          code="io.conflict") for i in range(20)]
    errors.append(RecordError("/f/PMC99__b.md", "cannot write: Permission denied",
                              code="io.write"))
    box = bulk_failures.failure_box(None, "Curator — bulk edit", "Bulk edit: 21 files not "
                                "written.", errors)
    text = box.informativeText()
    assert "Changed on disk since the preview (20):" in text and "PMC0__a.md" in text
    assert "… and 14 more (Show Details)" in text
    assert "Cannot write: Permission denied (1):\n    PMC99__b.md" in text
    assert all(str(e.path) in box.detailedText() for e in errors)
    box.deleteLater()

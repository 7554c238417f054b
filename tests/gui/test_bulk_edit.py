"""Bulk fixes as a curator runs them: choose records and an operation, preview the diffs,
apply (one undo step), undo, apply again, Save All; only the intended lines change and an
unreadable file is skipped, listed, and never written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QPlainTextEdit, QProgressDialog, QPushButton

from curator.core.record import Record
from curator.gui.bulk_edit import BulkEditCommand, BulkEditDialog
from gui_helpers import RECORD, changed_lines, select

BROKEN = "PMC0000001__broken.md"
BROKEN_TEXT = b"---\nfigid: PMC0000001__broken\nfigtitle: [unclosed\ncaption: x\n---\n"


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
    """Preview -> apply -> undo -> redo -> Save All; check the files on disk."""
    before = _snapshot(folder)
    dialog.show()
    qtbot.waitExposed(dialog)
    _preview(dialog, qtbot)
    plan = dialog.plan
    assert plan is not None and plan.changes, dialog.summary.text()
    planned = {Path(c.path).name: c.new for c in plan.changes}
    assert f"{len(planned)} record" in dialog.summary.text()
    # the list shows every changed record, the diff the first one, +/- lines
    names = [dialog.changed_model.item(r).text() for r in range(dialog.changed_model.rowCount())]
    assert names[:len(planned)] == sorted(planned)
    diff = dialog.findChild(QPlainTextEdit, "diffView").toPlainText()
    assert diff.startswith("--- a/PMC") and "\n+" in diff
    assert dialog.apply_button.isEnabled()

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    stack = window.undo_stack
    assert stack.count() == 1 and isinstance(stack.command(0), BulkEditCommand)
    paths = [str(folder / n) for n in planned]
    assert all(window.session.is_modified(p) for p in paths)
    assert window.model.modified_count() == len(planned)
    assert _snapshot(folder) == before          # nothing written before Save All
    for p in paths:                             # what is held renders to the preview
        assert window.session.record(p).render() == planned[Path(p).name]

    stack.undo()
    assert not window.session.modified_paths()
    assert not window.isWindowModified()
    stack.redo()
    assert sorted(window.session.modified_paths()) == sorted(paths)

    window.actions_.save_all.trigger()
    after = _snapshot(folder)
    assert after[BROKEN] == BROKEN_TEXT
    for name, old in before.items():
        if name not in planned:
            assert after[name] == old, f"{name} changed but was not in the preview"
            continue
        assert after[name] == planned[name]
        old_data = Record(old, folder / name).data
        new_data = Record(after[name], folder / name).data
        changed = {k for k in {*old_data, *new_data} if old_data.get(k) != new_data.get(k)}
        assert changed and changed <= fields, (name, changed)
        rec = Record(old, folder / name)
        keys = [(k,) for k in changed if (k,) in rec.lines]
        if len(keys) == len(changed):    # every changed field was in the file
            assert changed_lines(old, after[name]) <= _field_lines(rec, keys), name
    assert not window.session.modified_paths()
    return plan


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
    from curator.gui.undo_commands import SetFieldCommand

    path = seeds_copy / RECORD
    select(bulk_window, qtbot, path)
    bulk_window.undo_stack.push(SetFieldCommand(bulk_window.session, str(path), "caption",
                                                "A new caption.", merge=False))
    _select_rows(bulk_window, [RECORD, "PMC10036500__ga1.md"])
    dialog = bulk_window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("journal_title")
    qtbot.keyClicks(dialog.set_value, "J")
    dialog.show()
    _preview(dialog, qtbot)
    change = next(c for c in dialog.plan.changes if c.path == str(path))
    assert "+caption: A new caption." in change.diff() and "+journal_title: J" in change.diff()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert bulk_window.undo_stack.count() == 2
    assert bulk_window.current_path == str(path)     # the window stayed on its record
    bulk_window.undo_stack.undo()
    data = bulk_window.session.record(str(path)).data
    assert data["caption"] == "A new caption." and data["journal_title"] == ".na.character"
    bulk_window.undo_stack.redo()
    bulk_window.actions_.save_all.trigger()
    saved = Record.open(path).data
    assert saved["caption"] == "A new caption." and saved["journal_title"] == "J"


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

"""The Bulk Edit preview over 300 real records (worker processes) finishes when one file
cannot be parsed: the broken file is listed as skipped and every other file is planned
(issue 14, item 1: the error that named it could not cross the process boundary, the
worker pool broke and the preview never finished)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from recordfiles import many_records

from curator.core.edits.bulk import PARALLEL_FROM

BROKEN = "PMC0000001__broken.md"


def test_the_preview_of_300_records_with_one_broken_file_finishes_and_names_it(
        window, qtbot, tmp_path):
    folder = tmp_path / "records"
    good = many_records(folder, 300)
    (folder / BROKEN).write_bytes(b"---\nfigid: PMC0000001__broken\nfigtitle: [unclosed\n"
                                  b"---\n")
    with qtbot.waitSignal(window.folder_loaded, timeout=120000):
        assert window.open_folder(folder)
    dialog = window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    dialog.scope_shown.setChecked(True)
    assert len(dialog.paths()) == len(good) + 1 > PARALLEL_FROM
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("journal_title")
    qtbot.keyClicks(dialog.set_value, "Curated Journal")
    dialog.show()
    with qtbot.waitSignal(dialog.preview_finished, timeout=120000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    texts = [dialog.changed_model.item(r).text() for r in range(dialog.changed_model.rowCount())]
    assert f"✗ {BROKEN}" in texts
    assert sum(t.startswith("✗ ") for t in texts) == 1
    assert "1 skipped" in dialog.summary.text()
    changed = [t for t in texts if t.endswith(".md") and not t.startswith("✗ ")]
    assert len(changed) == len(good)
    assert [Path(str(e.path)).name for e in dialog.plan.skipped] == [BROKEN]
    assert len(dialog.plan.changes) == len(good)

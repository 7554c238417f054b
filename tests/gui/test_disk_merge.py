"""A record edited here and changed on disk: Merge (keep both) beside Overwrite, Reload
and Cancel, the field-level result shown before it is applied, and a field changed
differently on both sides settled by the curator's choice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QTableWidget

from curator.core.edits.field_merge import CONFLICT, KEPT, TAKEN, THEIRS, merge_fields
from curator.core.files.record import Record
from curator.gui.window.conflict_dialog import MERGE, ConflictDialog
from gui_helpers import RECORD, clear, editor, select, text_of, type_at_end

DISK_TITLE = "HER2 signaling in breast cancer"


def _retitle_on_disk(path, title: str) -> bytes:
    """Another editor changes the figtitle line (and nothing else) on disk."""
    rec = Record.open(path)
    lines = rec.raw.decode("utf-8").splitlines(keepends=True)
    first = rec.lines[("figtitle",)] - 1
    last = first + 1
    while last < len(lines) and lines[last].startswith(" "):
        last += 1
    lines[first:last] = [f"figtitle: {title}\n"]
    data = "".join(lines).encode("utf-8")
    path.write_bytes(data)
    return data


@pytest.fixture
def conflicted(loaded, qtbot, seeds_copy):
    """RECORD with its caption edited here and its title changed on disk."""
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    type_at_end(qtbot, editor(loaded, "caption"), " curated")
    _retitle_on_disk(path, DISK_TITLE)
    qtbot.waitUntil(lambda: loaded.disk_watch.conflicts.get(str(path)) == "changed",
                    timeout=5000)
    return loaded, path


def test_merge_keeps_the_edit_here_and_the_change_on_disk(conflicted, monkeypatch):
    window, path = conflicted
    offered = []

    def ask(p, diff, deleted):
        offered.append(window.disk_watch.merge)
        return MERGE
    monkeypatch.setattr(window, "ask_conflict", ask)
    window.actions_.save.trigger()
    [merge] = offered
    kinds = {o.name: o.kind for o in merge.outcomes}
    assert kinds["caption"] == KEPT and kinds["figtitle"] == TAKEN
    assert kinds["schema-jsonld"] == KEPT     # its description follows the caption
    saved = Record.open(path).data
    assert saved["figtitle"] == DISK_TITLE
    assert saved["caption"].endswith(" curated")
    assert saved["schema-jsonld"]["description"].endswith(" curated")
    assert not window.session.is_modified(str(path))
    assert str(path) not in window.disk_watch.conflicts
    assert text_of(editor(window, "figtitle")) == DISK_TITLE   # the form shows the merge
    assert window.disk_watch.merge is None


def test_the_same_field_changed_on_both_sides_takes_the_chosen_value(
        loaded, qtbot, seeds_copy, monkeypatch):
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    clear(qtbot, editor(loaded, "figtitle"))
    qtbot.keyClicks(editor(loaded, "figtitle"), "Mine")
    type_at_end(qtbot, editor(loaded, "caption"), " curated")
    _retitle_on_disk(path, DISK_TITLE)
    qtbot.waitUntil(lambda: str(path) in loaded.disk_watch.conflicts, timeout=5000)

    def ask(p, diff, deleted):
        merge = loaded.disk_watch.merge
        [conflict] = merge.conflicts
        assert conflict.name == "figtitle" and conflict.ours == "Mine"
        assert conflict.theirs == DISK_TITLE
        merge.choose(conflict.path, THEIRS)
        return MERGE
    monkeypatch.setattr(loaded, "ask_conflict", ask)
    loaded.actions_.save.trigger()
    saved = Record.open(path).data
    assert saved["figtitle"] == DISK_TITLE and saved["caption"].endswith(" curated")
    assert not loaded.session.is_modified(str(path))


def test_an_unsettled_conflict_is_never_merged(loaded, qtbot, seeds_copy, monkeypatch):
    path = seeds_copy / RECORD
    select(loaded, qtbot, path)
    type_at_end(qtbot, editor(loaded, "figtitle"), " mine")
    disk = _retitle_on_disk(path, DISK_TITLE)
    qtbot.waitUntil(lambda: str(path) in loaded.disk_watch.conflicts, timeout=5000)
    monkeypatch.setattr(loaded, "ask_conflict", lambda *a: MERGE)
    loaded.actions_.save.trigger()
    assert path.read_bytes() == disk
    assert loaded.session.is_modified(str(path))


def test_no_merge_is_offered_when_the_disk_version_cannot_be_read(conflicted,
                                                                  monkeypatch):
    window, path = conflicted
    path.write_bytes(b"---\nfigtitle: [unclosed\n---\n")
    offered = []
    monkeypatch.setattr(window, "ask_conflict",
                        lambda *a: offered.append(window.disk_watch.merge) or "cancel")
    window.actions_.save.trigger()
    assert offered == [None]
    assert window.session.is_modified(str(path))


def _dialog_merge():
    base = {"figtitle": "Wnt pathway", "caption": "Old", "year": "2001"}
    ours = {"figtitle": "Wnt signalling", "caption": "New", "year": "2001"}
    theirs = {"figtitle": "Wnt signaling pathway", "caption": "Old", "year": "2002"}
    return merge_fields(base, ours, theirs)


def test_the_dialog_shows_the_field_level_result_and_asks_for_each_conflict(qtbot):
    merge = _dialog_merge()
    dialog = ConflictDialog("/x/PMC1__a.md", "--- diff", False, None, merge)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.findChild(QTableWidget, "mergeTable")
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) == {"figtitle", "caption", "year"}
    assert table.item(rows["caption"], 4).text() == "New"         # yours kept
    assert table.item(rows["year"], 4).text() == "2002"           # disk's taken
    chooser = table.cellWidget(rows["figtitle"], 4)
    assert isinstance(chooser, QComboBox)
    button = dialog.findChild(QPushButton, "mergeButton")
    assert button.text() == "&Merge (keep both)"
    assert not button.isEnabled()                                  # choose first
    chooser.setCurrentIndex(chooser.findData(THEIRS))
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.choice == MERGE
    assert merge.result() == {"figtitle": "Wnt signaling pathway", "caption": "New",
                              "year": "2002"}


def test_long_values_are_shown_where_they_differ(qtbot):
    base = {"caption": "x" * 400}
    merge = merge_fields(base, {"caption": "x" * 400 + " curated here"}, dict(base))
    dialog = ConflictDialog("/x/PMC1__a.md", "", False, None, merge)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "mergeTable")
    assert table.item(0, 1).text().endswith(" curated here")      # yours: the new end
    assert table.item(0, 1).text().startswith("…")
    assert table.item(0, 4).text().endswith(" curated here")      # the result
    assert table.item(0, 1).toolTip() == "x" * 400 + " curated here"


def test_merging_through_the_real_dialog(conflicted, qtbot):
    window, path = conflicted
    seen = []

    def click_merge():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            QTimer.singleShot(20, click_merge)
            return
        table = dialog.findChild(QTableWidget, "mergeTable")
        seen.append({table.item(r, 0).text(): table.item(r, 3).text()
                     for r in range(table.rowCount())})
        dialog.findChild(QPushButton, "mergeButton").click()
    QTimer.singleShot(0, click_merge)
    window.actions_.save.trigger()
    assert seen and seen[0]["figtitle"] == "disk's taken" and \
        seen[0]["caption"] == "yours kept"
    saved = Record.open(path).data
    assert saved["figtitle"] == DISK_TITLE and saved["caption"].endswith(" curated")
    assert [o.kind for o in _dialog_merge().outcomes].count(CONFLICT) == 1

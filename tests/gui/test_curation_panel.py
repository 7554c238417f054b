"""The curation workflow as a curator drives it: title helpers by button and by shortcut
(each one undo step), decisions that go to the next record and persist in the folder's
curation log without touching a record, the "Not yet curated" filter, the learned
preambles, and the field summary of a multi-selection."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolButton

from curator.core.edits.curation import LOG_NAME
from curator.core.files.journal import journal_dir
from curator.gui import MainWindow
from curator.gui.records.record_table_model import RecordTableModel
from gui_helpers import clear, editor, select, text_of

LEPTIN = "PMC2736391__nihms100151f2.md"      # "Simplified model of the leptin signaling …"
PROPOSED = "PMC11482725__ppat.1012188.g007.md"   # "Proposed model"
BETA = "PMC100008__mb2411709009.md"          # paper title with β
MACF1 = "PMC10036500__ga1.md"                # "… via TCF4/miR-335–5p signaling pathway"
WNT = "PMC2532600__nihms56058f2.md"          # "Wnt signaling: the good and the bad"

C, A, S = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
           Qt.KeyboardModifier.ShiftModifier)


def _title(window, folder, name):
    return window.session.record(str(folder / name)).data["figtitle"]


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def _key(qtbot, window, key, modifiers, field="figtitle"):
    """Press a shortcut where the curator's focus is: the title editor (or another)."""
    title = editor(window, field)
    title.setFocus()
    qtbot.keyClick(title, key, modifiers)


@pytest.mark.parametrize("name, helper, key, expected", [
    (LEPTIN, "remove_preamble", (Qt.Key.Key_P, C | A), "Leptin signaling pathway"),
    (PROPOSED, "remove_first_word", (Qt.Key.Key_W, C | A), "Model"),
    (MACF1, "pathway_phrase", (Qt.Key.Key_E, C | A), "TCF4/miR-335–5p signaling pathway"),
    (WNT, "paper_title", (Qt.Key.Key_T, C | A), None),
])
@pytest.mark.parametrize("by", ["button", "shortcut"])
def test_title_helper_is_one_undo_step(loaded, qtbot, seeds_copy, name, helper, key,
                                       expected, by):
    path = seeds_copy / name
    select(loaded, qtbot, path)
    old = _title(loaded, seeds_copy, name)
    if helper == "paper_title":
        # the title first differs from the paper's title by a hand edit
        clear(qtbot, editor(loaded, "figtitle"))
        qtbot.keyClicks(editor(loaded, "figtitle"), "Wnt")
        old = "Wnt"
        paper = loaded.session.record(str(path)).data["papertitle"]
        expected = paper.rstrip().removesuffix(".")
    steps = loaded.undo_stack.count()
    if by == "button":
        button = loaded.findChild(QToolButton, f"button_{helper}")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        _key(qtbot, loaded, *key)
    assert _title(loaded, seeds_copy, name) == expected
    assert text_of(editor(loaded, "figtitle")) == expected
    assert loaded.undo_stack.count() == steps + 1
    original = loaded.session.record(str(path)).original["figtitle"]
    assert loaded.session.is_modified(str(path)) == (expected != original)
    loaded.undo_stack.undo()
    assert _title(loaded, seeds_copy, name) == old
    assert text_of(editor(loaded, "figtitle")) == old


def test_paper_title_then_ungreek_then_capitalize(loaded, qtbot, seeds_copy):
    select(loaded, qtbot, seeds_copy / BETA)
    _key(qtbot, loaded, Qt.Key.Key_T, C | A)
    assert "β" in _title(loaded, seeds_copy, BETA)
    _key(qtbot, loaded, Qt.Key.Key_G, C | A)
    ungreeked = _title(loaded, seeds_copy, BETA)
    assert "β" not in ungreeked and "Beta-Adrenergic" in ungreeked
    clear(qtbot, editor(loaded, "figtitle"))
    qtbot.keyClicks(editor(loaded, "figtitle"), "cross talk")
    _key(qtbot, loaded, Qt.Key.Key_C, C | A)
    assert _title(loaded, seeds_copy, BETA) == "Cross talk"
    loaded.undo_stack.undo()
    assert _title(loaded, seeds_copy, BETA) == "cross talk"


def test_decisions_move_on_persist_and_never_touch_a_record(loaded, qtbot, seeds_copy,
                                                            private_settings):
    before = _snapshot(seeds_copy)
    proxy = loaded.proxy
    select(loaded, qtbot, proxy.path_at(0))
    first, second, third = (proxy.path_at(i) for i in range(3))
    _key(qtbot, loaded, Qt.Key.Key_Return, C, "caption")       # curated (no newline)
    assert loaded.current_path == second
    _key(qtbot, loaded, Qt.Key.Key_R, C)                       # not a pathway figure
    assert loaded.current_path == third
    _key(qtbot, loaded, Qt.Key.Key_H, C | S)                   # non-human
    assert loaded.current_path == proxy.path_at(3)
    workflow = loaded.curation.workflow
    figid = lambda p: loaded.model.record_row(loaded.model.row_for_path(p)).ident  # noqa
    assert workflow.decision(figid(first)) == "curated"
    assert workflow.decision(figid(second)) == "rejected"
    assert workflow.decision(figid(third)) == "nonhuman"
    col = RecordTableModel.CURATION
    label = lambda p: loaded.model.index(loaded.model.row_for_path(p), col).data()  # noqa
    assert (label(first), label(second), label(third)) == \
        ("Curated", "Not a pathway figure", "Non-human")
    qtbot.waitUntil(lambda: workflow.progress_text.startswith("1 curated / 26 remaining"))
    assert loaded.curation.panel.progress_label.text() == workflow.progress_text

    _key(qtbot, loaded, Qt.Key.Key_Z, C | A)                   # undo the last decision
    assert workflow.decision(figid(third)) is None
    assert loaded.current_path == third
    # decisions are steps of the one undo stack (issue 15 item 4; they were kept off it)
    assert (loaded.undo_stack.count(), loaded.undo_stack.index()) == (3, 2)
    assert _snapshot(seeds_copy) == before
    assert not loaded.isWindowModified()
    lines = (seeds_copy / LOG_NAME).read_text().splitlines()
    assert len(lines) == 4

    # a new window over the same folder shows the decisions
    other = MainWindow(private_settings)
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.folder_loaded, timeout=20000):
        other.open_folder(seeds_copy)
    w2 = other.curation.workflow
    assert w2.decision(figid(first)) == "curated"
    assert w2.decision(figid(second)) == "rejected"
    assert w2.decision(figid(third)) is None
    other.loader.wait()


def test_not_yet_curated_filter_is_the_queue(loaded, qtbot, seeds_copy):
    loaded.quick.setCurrentIndex(loaded.quick.findData("uncurated"))
    assert loaded.proxy.rowCount() == 29
    select(loaded, qtbot, loaded.proxy.path_at(0))
    first = loaded.current_path
    following = loaded.proxy.path_at(1)
    qtbot.mouseClick(loaded.findChild(QToolButton, "button_curated"),
                     Qt.MouseButton.LeftButton)
    assert loaded.current_path == following
    assert loaded.proxy.row_of(first) < 0           # curated: off the queue
    assert loaded.proxy.rowCount() == 28
    qtbot.waitUntil(lambda: loaded.curation.workflow.progress_text
                    == "0 curated / 28 remaining")
    loaded.curation.workflow.undo_decision()
    assert loaded.current_path == first
    loaded.quick.setCurrentIndex(loaded.quick.findData("all"))
    assert loaded.proxy.rowCount() == 29


def test_hand_removed_preamble_is_learned_and_offered(loaded, qtbot, seeds_copy):
    path = seeds_copy / PROPOSED
    select(loaded, qtbot, seeds_copy / LEPTIN)
    title = editor(loaded, "figtitle")
    clear(qtbot, title)
    qtbot.keyClicks(title, "Leptin signaling pathway")   # "Simplified model of the " gone
    select(loaded, qtbot, path)
    workflow = loaded.curation.workflow
    assert workflow.learner.most_common(1) == ["Simplified model of the"]
    saved = json.loads((journal_dir().parent / "preambles.json").read_text())
    assert saved == {"Simplified model of the": 1}
    assert workflow.preambles()[0] == "Simplified model of the"
    workflow.preamble_menu.aboutToShow.emit()
    texts = [a.text() for a in workflow.preamble_menu.actions()]
    assert texts[0] == "Simplified model of the …"
    # the helpers' own edits teach nothing
    _key(qtbot, loaded, Qt.Key.Key_W, C | A)
    select(loaded, qtbot, seeds_copy / LEPTIN)
    assert sum(workflow.learner.counts.values()) == 1


def test_shortcuts_do_not_clash_with_the_window(loaded):
    seen = {}
    for action in loaded.actions():
        for seq in action.shortcuts():
            key = seq.toString()
            assert key not in seen, f"{key}: {seen.get(key)} and {action.text()}"
            seen[key] = action.text()
    assert QKeySequence("Ctrl+Shift+H").toString() in seen


def test_field_summary_of_several_selected_records(loaded, qtbot, seeds_copy):
    sm = loaded.table.selectionModel()
    sm.clearSelection()
    names = [LEPTIN, PROPOSED, WNT, MACF1]
    for name in names:
        row = loaded.proxy.row_of(str(seeds_copy / name))
        sm.select(loaded.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)
    summary = loaded.curation.summary
    qtbot.waitUntil(lambda: "4 records" in summary.headline.text())
    assert "4 records: 4 different values" in summary.headline.text()
    summary.field.setCurrentText("journal_title")
    qtbot.waitUntil(lambda: "3 different" in summary.headline.text())
    values = {summary.values.item(r, 0).text(): summary.values.item(r, 1).text()
              for r in range(summary.values.rowCount())}
    assert values == {"(absent)": "2", "Journal of Orthopaedic Translation": "1",
                      "PLOS Pathogens": "1"}
    summary.field.setCurrentText("seo")
    qtbot.waitUntil(lambda: "the same value" in summary.headline.text())


def test_curation_column_and_menu(loaded):
    model = loaded.model
    assert model.headerData(RecordTableModel.CURATION, Qt.Orientation.Horizontal) == "Curation"
    titles = [a.text() for a in loaded.menuBar().actions()]
    assert titles[-2:] == ["&Curation", "&Help"]


def test_table_model_with_decisions_passes_the_model_tester(loaded, qtmodeltester):
    workflow = loaded.curation.workflow
    workflow.log.decide(loaded.model.record_row(0).ident, "curated")
    assert loaded.model.curation_of == workflow.decision
    qtmodeltester.check(loaded.model)
    qtmodeltester.check(loaded.proxy)


def _log_state(folder):
    from curator.core.edits.curation import CurationLog
    return CurationLog(folder).state


def test_a_decision_about_discarded_edits_leaves_no_decision(loaded, qtbot, seeds_copy,
                                                             monkeypatch):
    """Issue 15 item 4: edit a title, "Curated, next", quit and Discard: the log said
    curated about a file left unchanged."""
    from PySide6.QtWidgets import QMessageBox

    before = _snapshot(seeds_copy)
    path = str(seeds_copy / WNT)
    select(loaded, qtbot, seeds_copy / WNT)
    untouched = loaded.proxy.path_at(loaded.proxy.row_of(path) + 1)
    clear(qtbot, editor(loaded, "figtitle"))
    qtbot.keyClicks(editor(loaded, "figtitle"), "Wnt signaling pathway")
    _key(qtbot, loaded, Qt.Key.Key_Return, C)                  # curated, next
    assert loaded.current_path == untouched
    _key(qtbot, loaded, Qt.Key.Key_R, C)                       # a record without edits
    figid = loaded.model.record_row(loaded.model.row_for_path(path)).ident
    other = loaded.model.record_row(loaded.model.row_for_path(untouched)).ident
    assert _log_state(seeds_copy) == {figid: "curated", other: "rejected"}
    monkeypatch.setattr(loaded, "ask_save_changes",
                        lambda n: QMessageBox.StandardButton.Discard)
    assert loaded.close()
    assert _snapshot(seeds_copy) == before
    assert _log_state(seeds_copy) == {other: "rejected"}     # that one stands
    lines = (seeds_copy / LOG_NAME).read_text().splitlines()
    assert [json.loads(line)["decision"] for line in lines] == ["curated", "rejected", None]


def test_a_decision_about_saved_edits_stands(loaded, qtbot, seeds_copy, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    path = str(seeds_copy / WNT)
    select(loaded, qtbot, seeds_copy / WNT)
    clear(qtbot, editor(loaded, "figtitle"))
    qtbot.keyClicks(editor(loaded, "figtitle"), "Wnt signaling pathway")
    _key(qtbot, loaded, Qt.Key.Key_Return, C)
    assert loaded.save_record(path)
    figid = loaded.model.record_row(loaded.model.row_for_path(path)).ident
    monkeypatch.setattr(loaded, "ask_save_changes",
                        lambda n: QMessageBox.StandardButton.Discard)
    assert loaded.close()
    assert _log_state(seeds_copy) == {figid: "curated"}


def test_ctrl_z_takes_back_a_decision_and_goes_to_its_record(loaded, qtbot, seeds_copy):
    select(loaded, qtbot, loaded.proxy.path_at(0))
    first = loaded.current_path
    _key(qtbot, loaded, Qt.Key.Key_Return, C)
    assert loaded.current_path != first
    loaded.actions_.undo.trigger()
    assert loaded.current_path == first
    assert _log_state(seeds_copy) == {}
    loaded.actions_.redo.trigger()
    figid = loaded.model.record_row(loaded.model.row_for_path(first)).ident
    assert _log_state(seeds_copy) == {figid: "curated"}

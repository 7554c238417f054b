"""Moving between records many times an hour (issue 20): the form keeps its editors, the
record is read with libyaml's composer and still saves losslessly, and a held Alt+Down
lands where the key was let go instead of working through every queued repeat."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from curator.core.files import fastload, rtload
from curator.gui.form.form_page import FormPage
from gui_helpers import editor, select, text_of, type_at_end


def _held_alt_down(widget, presses: int) -> None:
    """Queue what X delivers while Alt+Down is held: a press, then auto-repeats."""
    for i in range(presses):
        QApplication.postEvent(widget, QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier, "",
            i > 0))


def test_the_form_keeps_its_editor_widgets_from_record_to_record(loaded, qtbot):
    before = {name: e.widget for name, e in loaded.form.editors.items()}
    for row in range(5):
        select(loaded, qtbot, loaded.proxy.path_at(row))
    assert {name: e.widget for name, e in loaded.form.editors.items()} == before
    assert editor(loaded, "figtitle") is before["figtitle"]


def test_moving_between_records_without_a_filter_leaves_the_list_as_it_is(loaded, qtbot):
    changes = []
    loaded.proxy.layoutChanged.connect(lambda *a: changes.append("layout"))
    loaded.proxy.modelReset.connect(lambda: changes.append("reset"))
    for row in (3, 4, 5):
        select(loaded, qtbot, loaded.proxy.path_at(row))
    assert changes == [] and loaded.proxy.rowCount() == 29


def test_the_source_tab_is_filled_when_it_is_shown(loaded, qtbot):
    select(loaded, qtbot, loaded.proxy.path_at(1))
    source = loaded.form.findChild(QPlainTextEdit, "sourceView")
    loaded.form.setCurrentIndex(loaded.form.indexOf(source.parentWidget()))
    raw = open(loaded.current_path, encoding="utf-8").read()
    assert source.toPlainText() == raw
    select(loaded, qtbot, loaded.proxy.path_at(2))      # while shown, it follows
    assert source.toPlainText() == open(loaded.current_path, encoding="utf-8").read()


def test_a_record_is_opened_with_libyaml_and_saves_only_the_edited_line(loaded, qtbot,
                                                                       monkeypatch):
    def no_ruamel(*args, **kwargs):
        raise AssertionError("the shown record was read with ruamel.yaml")

    monkeypatch.setattr(rtload, "parse_roundtrip", no_ruamel)
    select(loaded, qtbot, loaded.proxy.path_at(3))
    path = loaded.current_path
    before = open(path, "rb").read()
    type_at_end(qtbot, editor(loaded, "figtitle"), " (edited)")
    assert loaded.save_record(path)
    after = open(path, "rb").read()
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    assert len(changed) == 1 and new[changed[0]].endswith(b" (edited)")
    assert fastload.parse_fast(after).data["figtitle"].endswith(" (edited)")


def test_holding_alt_down_builds_one_form_for_the_queued_repeats(loaded, qtbot):
    select(loaded, qtbot, loaded.proxy.path_at(0))
    loaded.table.setFocus()
    shown = []
    loaded.current_record_changed.connect(shown.append)
    _held_alt_down(loaded.table, 8)      # queued while the window was busy
    qtbot.waitUntil(lambda: loaded.current_path == loaded.proxy.path_at(8))
    qtbot.wait(50)                       # nothing more follows
    assert loaded.current_path == loaded.proxy.path_at(8)
    assert shown == [loaded.proxy.path_at(1), loaded.proxy.path_at(8)]  # 2..7 skipped
    assert [i.row() for i in loaded.table.selectionModel().selectedRows()] == [8]


def test_alt_down_let_go_while_repeats_wait_goes_one_record_past_the_one_shown(loaded,
                                                                            qtbot):
    """A window starved of the processor: the key was released while its repeats still
    waited in the queue. The curator let go of record 1, on the screen then."""
    select(loaded, qtbot, loaded.proxy.path_at(0))
    loaded.table.setFocus()
    shown = []
    loaded.current_record_changed.connect(shown.append)
    _held_alt_down(loaded.table, 12)
    QApplication.postEvent(loaded.table, QKeyEvent(
        QEvent.Type.KeyRelease, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier, "", False))
    qtbot.waitUntil(lambda: loaded.steps.pending == 0 and len(shown) == 2)
    qtbot.wait(50)                       # nothing more follows
    assert shown == [loaded.proxy.path_at(1), loaded.proxy.path_at(2)]


def test_alt_down_pressed_once_moves_at_once_and_up_and_down_repeats_cancel(loaded, qtbot):
    select(loaded, qtbot, loaded.proxy.path_at(4))
    focus = editor(loaded, "caption")
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert loaded.current_path == loaded.proxy.path_at(5)     # no turn of the loop needed
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Up):
        QApplication.postEvent(focus, QKeyEvent(QEvent.Type.KeyPress, key,
                                                Qt.KeyboardModifier.AltModifier, "", True))
    qtbot.waitUntil(lambda: loaded.steps.pending == 0 and
                    loaded.current_path == loaded.proxy.path_at(4))


def test_a_long_caption_changed_elsewhere_shows_exactly_the_new_text(loaded, qtbot):
    select(loaded, qtbot, loaded.proxy.path_at(2))
    path, cap = loaded.current_path, editor(loaded, "caption")
    loaded.table.setFocus()
    long = "kinase pathway signalling \U0001F600 " * 200   # Qt counts the emoji twice
    for value in (long, long + " more", long[:2500] + "\U0001F600 mid " + long[2500:],
                  "short now", long):
        loaded.session.set_values(path, {("caption",): value})
        assert cap.toPlainText() == value == loaded.form.record.data["caption"]


def test_the_next_and_previous_records_are_read_while_the_window_waits(loaded, qtbot):
    select(loaded, qtbot, loaded.proxy.path_at(5))
    after, before = loaded.proxy.path_at(6), loaded.proxy.path_at(4)
    ahead = loaded.session.read_ahead
    qtbot.waitUntil(lambda: after in ahead and before in ahead)
    kept = ahead._kept[after][0].record
    qtbot.keyClick(loaded.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert loaded.current_path == after
    assert loaded.session.record(after) is kept        # what was read, not read again
    assert loaded.form.editors["figtitle"].text() == kept.data["figtitle"]


def test_a_record_changed_on_disk_after_it_was_read_ahead_shows_what_the_file_holds(
        loaded, qtbot):
    select(loaded, qtbot, loaded.proxy.path_at(5))
    after = loaded.proxy.path_at(6)
    qtbot.waitUntil(lambda: after in loaded.session.read_ahead)
    with open(after, encoding="utf-8") as f:
        text = f.read()
    changed = re.sub(r"^figtitle:.*(\n[ \t].*)*", "figtitle: Changed by another program",
                     text, count=1, flags=re.M)
    assert changed != text
    with open(after, "w", encoding="utf-8") as f:      # another program writes it
        f.write(changed)
    loaded.actions_.next_record.trigger()
    assert loaded.current_path == after
    assert loaded.form.editors["figtitle"].text() == "Changed by another program"


def test_the_tabs_not_shown_are_filled_once_the_window_is_free_or_when_shown(
        loaded, qtbot):
    form = loaded.form
    form.setCurrentIndex(0)                            # the Figure tab
    select(loaded, qtbot, loaded.proxy.path_at(2))
    year = editor(loaded, "year")
    path = loaded.proxy.path_at(3)
    loaded.select_record(path)
    rec = loaded.session.record(path)
    assert not form.filled                             # the shown tab only, for now
    assert text_of(editor(loaded, "figtitle")) == rec.data["figtitle"]
    qtbot.waitUntil(lambda: form.filled)
    assert text_of(year) == str(rec.data["year"])
    path = loaded.proxy.path_at(4)
    loaded.select_record(path)
    form.setCurrentWidget(next(p for p in form.findChildren(FormPage) if p.isAncestorOf(year)))
    assert text_of(year) == str(loaded.session.record(path).data["year"])  # at once


def test_an_edit_made_before_the_hidden_tabs_are_filled_shows_in_them(loaded, qtbot):
    loaded.form.setCurrentIndex(0)
    select(loaded, qtbot, loaded.proxy.path_at(2))
    loaded.select_record(loaded.proxy.path_at(5))
    assert not loaded.form.filled
    type_at_end(qtbot, editor(loaded, "caption"), " Edited.")   # derives the description
    qtbot.waitUntil(lambda: loaded.form.filled)
    rec = loaded.session.record(loaded.current_path)
    assert rec.data["caption"].endswith(" Edited.")
    assert text_of(editor(loaded, "schema-jsonld.description")) == rec.data["caption"]


def test_a_problem_of_a_field_the_schema_does_not_declare_shows_under_it(loaded, qtbot):
    from curator.core.checks.problems import Problem
    from curator.gui.form.problem_lines import ProblemLines

    path = loaded.proxy.path_at(4)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("---\n", "---\ncurator_extra: kept as it is\n", 1))
    select(loaded, qtbot, loaded.proxy.path_at(3))
    select(loaded, qtbot, path)
    rec = loaded.session.record(path)
    assert rec.data["curator_extra"] == "kept as it is"
    problem = Problem("extra.note", "warning", "curator_extra", "Nobody reads this field")
    loaded.form.set_record(rec, [problem])
    label = loaded.form.findChild(ProblemLines, "problem_curator_extra")
    assert label is not None and "Nobody reads this field" in label.text()


def test_the_caption_is_wrapped_to_one_width_whatever_its_length(loaded, qtbot):
    """Its scroll bar is always there: a caption that comes to need it is not wrapped
    again, narrower, and painted a second time after the switch (issue 20)."""
    widths = {}
    for row in range(loaded.proxy.rowCount()):
        path = loaded.proxy.path_at(row)
        if Path(path).name.startswith(("PMC10036500__", "PMC10037161__")):   # 6 and 1,764 chars
            select(loaded, qtbot, path)
            caption = editor(loaded, "caption")
            assert caption.verticalScrollBar().isVisible()
            widths[len(caption.toPlainText()) > 1000] = caption.viewport().width()
    assert len(widths) == 2 and widths[True] == widths[False]

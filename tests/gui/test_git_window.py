"""Git in the window, on real repositories: each record's state in the list, the branch in
the status bar, the "Changed since last commit" filter, reviewing, staging, discarding
(and undoing it) and committing from the Review Changes dock, and a record's history."""

from __future__ import annotations

import pytest
from gitrepos import AUTHOR, edit_line, git, isolate_git, make_collection, needs_git
from gui_helpers import editor, select, type_at_end

from curator.gui.records.record_table_model import RecordTableModel

pytestmark = needs_git


@pytest.fixture
def opened(window, figures, qtbot):
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(figures)
    qtbot.waitUntil(lambda: window.git.repo is not None, timeout=10000)
    return window


def _count(panel) -> int:
    return panel.tree.model().rowCount()


def _rows(panel) -> list[tuple]:
    """The Review Changes list as the curator reads it: (record, state, staged) a row."""
    m = panel.tree.model()
    return [tuple(m.index(r, c).data() for c in range(3)) for r in range(m.rowCount())]


def _git_cell(window, path) -> str:
    row = window.model.row_for_path(str(path))
    return window.model.index(row, RecordTableModel.GIT).data() or ""


def test_the_list_shows_each_records_state_and_the_branch(window, figures, qtbot):
    first, second, third = sorted(figures.glob("*.md"))[:3]
    edit_line(first, "year:", "year: '1999'")
    git(figures, "rm", "-q", "--cached", second.name)
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(figures)
    qtbot.waitUntil(lambda: _git_cell(window, first) == "modified", timeout=10000)
    assert _git_cell(window, second) == "deleted"   # removed from the index, file kept
    assert _git_cell(window, third) == ""
    assert not window.table.isColumnHidden(RecordTableModel.GIT)
    assert window.git.branch_label.text().startswith("⎇ main")
    window.quick.setCurrentIndex(window.quick.findData("changed"))
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2)
    assert {window.proxy.path_at(i) for i in range(2)} == {str(first), str(second)}


def test_a_folder_outside_git_hides_the_column_and_the_menu(window, seeds_copy, qtbot,
                                                             tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path / "home")
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    qtbot.wait(50)
    assert window.table.isColumnHidden(RecordTableModel.GIT)
    assert not window.git.review_action.isEnabled()
    assert not window.git.branch_label.isVisible()


def test_saving_an_edit_marks_the_record_modified_and_review_shows_the_field(
        opened, figures, qtbot):
    w = opened
    record = sorted(figures.glob("*.md"))[0]
    select(w, qtbot, record)
    type_at_end(qtbot, editor(w, "year"), "9")
    w.save_record(str(record))
    qtbot.waitUntil(lambda: _git_cell(w, record) == "modified", timeout=10000)
    w.git.review_action.trigger()
    panel = w.git.panel
    qtbot.waitUntil(lambda: _count(panel) == 1, timeout=10000)
    assert "year:" in panel.fields.toPlainText() and "→" in panel.fields.toPlainText()
    assert "+year:" in panel.lines.toPlainText()
    assert panel.summary.text().startswith("On branch main: 1 changed record, 0 staged")
    select(w, qtbot, sorted(figures.glob("*.md"))[3])
    panel.tree.activated.emit(panel.model.index(0, 0))   # Enter or a double-click opens it
    assert w.current_path == str(record)


def test_stage_and_commit_from_the_panel_make_a_real_commit(opened, figures, qtbot):
    w, panel = opened, opened.git.panel
    record = sorted(figures.glob("*.md"))[1]
    edit_line(record, "year:", "year: '1990'")
    w.git.status.refresh(now=True)
    w.git.review_action.trigger()
    qtbot.waitUntil(lambda: _count(panel) == 1, timeout=10000)
    assert not panel.commit.isEnabled()
    panel.stage_all.click()
    qtbot.waitUntil(lambda: _count(panel) == 1
                    and _rows(panel)[0][2] == "all", timeout=10000)
    panel.message.setPlainText("Correct the year")
    assert panel.commit.isEnabled()
    before = {p: p.read_bytes() for p in figures.parent.rglob("*") if p.is_file()
              and ".git" not in p.parts}
    panel.commit.click()
    qtbot.waitUntil(lambda: _count(panel) == 0, timeout=10000)
    assert git(figures, "log", "-1", "--format=%an|%s") == "Ada Curator|Correct the year\n"
    assert git(figures, "show", "--format=", "--name-only", "HEAD").strip() == (
        f"_figures/{record.name}")
    # the commit holds the file's bytes, and no file of the work tree was touched
    assert git(figures, "show", f"HEAD:_figures/{record.name}").encode() == before[record]
    after = {p: p.read_bytes() for p in figures.parent.rglob("*") if p.is_file()
             and ".git" not in p.parts}
    assert after == before and git(figures, "status", "--porcelain") == ""
    qtbot.waitUntil(lambda: _git_cell(w, record) == "", timeout=10000)


def test_commit_without_an_author_says_how_to_set_one(window, tmp_path, monkeypatch, qtbot):
    isolate_git(monkeypatch, tmp_path / "home")
    figures = make_collection(tmp_path / "anon", user=False)
    edit_line(sorted(figures.glob("*.md"))[0], "year:", "year: '1990'")
    git(figures, "add", "-A")
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(figures)
    qtbot.waitUntil(lambda: window.git.repo is not None, timeout=10000)
    panel = window.git.panel
    window.git.review_action.trigger()
    qtbot.waitUntil(lambda: panel.commit.isEnabled(), timeout=10000)
    panel.message.setPlainText("A change")
    panel.commit.click()
    qtbot.waitUntil(lambda: "user.email" in panel.error.text(), timeout=10000)
    assert git(figures, "rev-list", "--count", "HEAD") == "1\n"


def test_discard_goes_back_to_head_and_undo_brings_the_changes_back(opened, figures, qtbot):
    w, panel = opened, opened.git.panel
    record = sorted(figures.glob("*.md"))[2]
    edit_line(record, "year:", "year: '1980'")
    changed = record.read_bytes()
    w.git.status.refresh(now=True)
    w.git.review_action.trigger()
    qtbot.waitUntil(lambda: _count(panel) == 1, timeout=10000)
    panel.select_rows([0])
    panel.discard.click()
    qtbot.waitUntil(lambda: _count(panel) == 0, timeout=10000)
    assert record.read_bytes() == git(figures, "show", f"HEAD:_figures/{record.name}").encode()
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: record.exists() and record.read_bytes() == changed, timeout=10000)
    qtbot.waitUntil(lambda: _count(panel) == 1, timeout=10000)


def test_a_record_with_unsaved_edits_is_marked_and_not_discarded(opened, figures, qtbot):
    w, panel = opened, opened.git.panel
    record = sorted(figures.glob("*.md"))[0]
    select(w, qtbot, record)
    type_at_end(qtbot, editor(w, "year"), "7")
    w.git.review_action.trigger()
    qtbot.waitUntil(lambda: _count(panel) == 1, timeout=10000)
    assert "unsaved edits" in _rows(panel)[0][0]
    panel.select_rows([0])
    panel.discard.click()
    assert "unsaved edits" in panel.error.text()
    panel.save.click()
    qtbot.waitUntil(lambda: _count(panel) == 1
                    and _rows(panel)[0][1] == "modified", timeout=10000)
    assert not w.session.is_modified(str(record))


def test_history_lists_commits_and_narrows_to_a_field(opened, figures, qtbot):
    w = opened
    record = sorted(figures.glob("*.md"))[0]
    edit_line(record, "year:", "year: '2003'")
    git(figures, "commit", "-q", "-am", "Year 2003", env=AUTHOR)
    edit_line(record, "organisms:", "organisms: Mus musculus")
    git(figures, "commit", "-q", "-am", "Mouse", env=AUTHOR)
    select(w, qtbot, record)
    w.git.history_action.trigger()
    view = w.git.history_view
    qtbot.waitUntil(lambda: view.commits.topLevelItemCount() == 3, timeout=10000)
    assert [view.commits.topLevelItem(i).text(3) for i in range(3)] == [
        "Mouse", "Year 2003", "Import records"]
    assert "organisms: Homo sapiens → Mus musculus" in view.detail.toPlainText()
    view.field.setCurrentIndex(view.field.findData("year"))
    view.field.activated.emit(view.field.currentIndex())
    qtbot.waitUntil(lambda: view.commits.topLevelItemCount() == 2, timeout=10000)
    assert view.commits.topLevelItem(0).text(3) == "Year 2003"
    view.close()


def test_a_renamed_record_is_one_entry_and_discard_and_undo_move_it(opened, figures, qtbot):
    w, panel = opened, opened.git.panel
    record = sorted(figures.glob("*.md"))[4]
    original = record.read_bytes()
    git(figures, "mv", record.name, "PMC9__moved.md")
    moved = figures / "PMC9__moved.md"
    edit_line(moved, "year:", "year: '1979'")
    edited = moved.read_bytes()
    w.git.status.refresh(now=True)
    w.git.review_action.trigger()
    qtbot.waitUntil(lambda: _count(panel) == 1, timeout=10000)
    assert _rows(panel) == [(f"{record.name} → PMC9__moved.md", "renamed", "part")]
    panel.select_rows([0])
    assert panel.fields.toPlainText().startswith(
        f"PMC9__moved.md: renamed from {record.name}, partly staged\n")
    assert "year:" in panel.fields.toPlainText() and "→ 1979" in panel.fields.toPlainText()
    assert f"--- a/{record.name}" in panel.lines.toPlainText()
    panel.discard.click()
    qtbot.waitUntil(lambda: _count(panel) == 0, timeout=10000)
    assert not moved.exists() and record.read_bytes() == original
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: _count(panel) == 1
                    and _rows(panel)[0][1] == "renamed", timeout=10000)
    assert moved.read_bytes() == edited and not record.exists()
    panel.select_rows([0])
    panel.unstage.click()   # the rename is unstaged whole: its old path comes back as deleted
    qtbot.waitUntil(lambda: _count(panel) == 2, timeout=10000)
    states = {name: state for name, state, _ in _rows(panel)}
    assert states == {record.name: "deleted", "PMC9__moved.md": "new"}
    assert git(figures, "diff", "--cached", "--name-only") == ""


def test_a_short_review_panel_scrolls_the_line_diff_to_the_first_change(figures, qtbot):
    from curator.core.history.review import review
    from curator.gui.history.review_panel import ReviewPanel
    record = sorted(figures.glob("*.md"))[0]
    edit_line(record, "year:", "year: '1977'")
    panel = ReviewPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 170)   # a 1024x700 window's dock: a handful of lines
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_review(figures, "main", review(figures), set())
    first = next(i for i, line in enumerate(panel.lines.toPlainText().splitlines())
                 if line.startswith("-year:"))
    bar = panel.lines.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == min(first - 1, bar.maximum())


def test_the_review_list_model_passes_qtmodeltester(figures, qtmodeltester):
    from curator.core.history.review import review
    from curator.gui.history.review_model import ReviewListModel
    for record in sorted(figures.glob("*.md"))[:3]:
        edit_line(record, "year:", "year: '1976'")
    model = ReviewListModel()
    model.set_entries(review(figures), {str(sorted(figures.glob("*.md"))[0])})
    assert model.rowCount() == 3 and "unsaved edits" in model.index(0, 0).data()
    qtmodeltester.check(model)


def test_the_review_dock_behind_another_tab_stays_open_and_checked(opened, qtbot):
    """A dock hidden behind another dock's tab is open: its menu action stays checked and
    clicking the other tab never closes it (was: the action followed visibilityChanged,
    unchecked itself, and its toggled closed the dock, as the History dock's did)."""
    w = opened
    w.git.review_action.setChecked(True)
    qtbot.waitUntil(lambda: w.git.dock.isVisible())
    w.addDockWidget(w.dockWidgetArea(w.git.dock), w.history_dock)
    w.history_dock.show()
    w.tabifyDockWidget(w.git.dock, w.history_dock)
    w.history_dock.raise_()                 # the other tab is the one shown
    qtbot.waitUntil(lambda: w.git.dock.visibleRegion().isEmpty())
    assert w.git.review_action.isChecked()
    assert not w.git.dock.isHidden()        # open, behind the tab
    w.git.dock.raise_()
    qtbot.waitUntil(lambda: not w.git.dock.visibleRegion().isEmpty())
    w.git.review_action.setChecked(False)   # the menu still closes it
    assert w.git.dock.isHidden()

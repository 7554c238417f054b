"""The Facets dock, Cluster and Edit and recipes as a curator uses them, on real records
with planted variants: counts match the records, clicking values filters the list, a
merge of several clusters is one previewed bulk edit that changes only the variant lines
and undoes in one step, and a recipe saved from the window replays byte for byte with
`curator fix --recipe`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from planted import MOUSE, MOUSE_VARIANTS, TRUE, VARIANTS, plant
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from curator.core.collection.facets import MISSING, counts_of
from curator.core.edits.merge import MergeValues
from curator.gui.bulk import bulk_failures, operations_dialog
from curator.gui.facets.merge_rows import ValuesRole
from gui_helpers import changed_lines, settle


@pytest.fixture(autouse=True)
def no_failure_boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(bulk_failures, "show_failures",
                        lambda parent, title, text, failures: shown.append(failures))
    return shown


@pytest.fixture
def planted(tmp_path):
    return plant(tmp_path / "records")


@pytest.fixture
def facets_window(window, planted, qtbot):
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(planted.folder)
    window.facets.dock.show()        # Facets > Facets (the dock starts hidden)
    panel = window.facets.panel
    qtbot.waitUntil(lambda: not panel.counting and panel.counts is not None, timeout=10000)
    panel.recount()
    return window


def test_a_hidden_dock_counts_nothing_until_it_is_shown(window, planted, qtbot):
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(planted.folder)
    panel = window.facets.panel
    qtbot.wait(200)                 # a recount would have started (RECOUNT_MS)
    assert panel.counts is None and panel.columns.built(panel.field) is None
    window.facets.dock.show()
    qtbot.waitUntil(lambda: not panel.counting and panel.counts is not None, timeout=10000)
    assert dict(panel.counts) == dict(counts_of(window.model.records, panel.field))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def _shown_paths(window) -> set[str]:
    return {window.proxy.path_at(r) for r in range(window.proxy.rowCount())}


def _holding(window, field, value) -> set[str]:
    return {r.path for r in window.model.records
            if value in (r.facets.get(field) or (MISSING,))}


def _click_value(window, qtbot, value) -> None:
    panel = window.facets.panel
    row = next(i for i, (v, _) in enumerate(panel.values.pairs) if v == value)
    view = panel.table
    index = panel.values.index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())


def test_the_facets_menu_comes_before_the_curation_menu(facets_window):
    titles = [a.text() for a in facets_window.menuBar().actions()]
    assert titles.index("Fa&cets") == titles.index("&Curation") - 1
    texts = [a.text() for a in facets_window.facets.menu.actions() if a.text()]
    assert texts[1:] == ["&Cluster and Edit…", "&Rare Values…", "Operation &History…",
                         "&Apply Recipe…"]


def test_the_dock_counts_every_value_and_clicking_values_filters_the_list(
        facets_window, qtbot):
    w, panel = facets_window, facets_window.facets.panel
    assert panel.field == "organisms"
    expected = counts_of(w.model.records, "organisms")
    assert dict(panel.values.pairs) == dict(expected)
    assert panel.values.pairs[0] == (TRUE, expected[TRUE])
    assert panel.values.pairs[-1][0] is MISSING     # missing values: their own entry
    assert panel.values.index(len(panel.values.pairs) - 1, 0).data() == "(missing)"

    current = w.current_path
    _click_value(w, qtbot, "Homo Sapiens")
    holders = _holding(w, "organisms", "Homo Sapiens")
    assert len(holders) == 1
    assert _shown_paths(w) - {current} == holders - {current}   # the record shown stays
    assert panel.values.pairs[0][0] == TRUE       # counts are over search + quick filter
    _click_value(w, qtbot, MOUSE)                  # any of the checked values
    assert _shown_paths(w) - {current} == \
        (holders | _holding(w, "organisms", MOUSE)) - {current}
    panel.mode_box.setCurrentIndex(panel.mode_box.findData("all"))   # all of them
    both = holders & _holding(w, "organisms", MOUSE)
    assert _shown_paths(w) - {current} == both - {current}
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert w.proxy.rowCount() == w.model.rowCount()

    _click_value(w, qtbot, MISSING)
    assert _shown_paths(w) - {current} == _holding(w, "organisms", MISSING) - {current}
    panel.clear_filter()

    w.search.setText("coronavirus")                # the facet counts what the search finds
    qtbot.waitUntil(lambda: sum(n for v, n in panel.values.pairs if v == TRUE)
                    < expected[TRUE], timeout=10000)
    rows = [w.model.records[i] for i in w.proxy.base_rows()]
    assert dict(panel.values.pairs) == dict(counts_of(rows, "organisms"))
    w.search.setText("")


def test_the_closed_dock_counts_nothing_and_counts_the_search_when_opened(facets_window,
                                                                          qtbot):
    w, panel = facets_window, facets_window.facets.panel
    w.facets.dock.hide()
    counted = []
    panel.counted.connect(lambda: counted.append(True))
    w.search.setText("coronavirus")
    qtbot.wait(200)                                # past the recount's 40 ms, closed
    assert counted == []
    w.facets.dock.show()
    assert counted == [True]
    rows = [w.model.records[i] for i in w.proxy.base_rows()]
    assert dict(panel.values.pairs) == dict(counts_of(rows, "organisms"))


def test_a_year_range_dragged_over_the_histogram_filters_the_list(facets_window, qtbot):
    w, panel = facets_window, facets_window.facets.panel
    panel.set_field("year")
    qtbot.waitUntil(lambda: panel.histogram.isVisible() and bool(panel.histogram.bins))
    hist = panel.histogram
    lows = [int(b.low) for b in hist.bins]
    first, last = lows.index(2000), lows.index(2005)
    start, end = hist.bar_center(first).toPoint(), hist.bar_center(last).toPoint()
    qtbot.mousePress(hist, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(hist, end)
    with qtbot.waitSignal(hist.range_selected):
        qtbot.mouseRelease(hist, Qt.MouseButton.LeftButton, pos=end)
    assert panel.range == (2000, 2005)
    shown = {w.model.records[w.model.row_for_path(p)].field1 for p in _shown_paths(w)
             if p != w.current_path}
    assert shown and shown <= {"2000", "2001", "2002", "2003", "2004", "2005"}
    assert len(_shown_paths(w) - {w.current_path}) == sum(
        1 for r in w.model.records if r.field1 and 2000 <= int(r.field1) <= 2005
        and r.path != w.current_path)
    qtbot.mouseDClick(hist, Qt.MouseButton.LeftButton, pos=start)
    assert w.proxy.rowCount() == w.model.rowCount()


def _cluster_dialog(window, qtbot, method="nearest", rare=False):
    facets = window.facets
    dialog = facets.open_cluster_dialog(rare=rare)
    qtbot.waitUntil(lambda: dialog._thread is None, timeout=20000)
    if not rare and dialog.method_box.currentData() != method:
        with qtbot.waitSignal(dialog.clustered, timeout=20000):
            dialog.set_method(method)
    return dialog


def _merge(window, qtbot, dialog):
    with qtbot.waitSignal(dialog.merge_opened, timeout=10000) as opened:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    preview = opened.args[0]
    qtbot.waitExposed(preview)
    with qtbot.waitSignal(preview.preview_finished, timeout=20000):
        qtbot.mouseClick(preview.preview_button, Qt.MouseButton.LeftButton)
    return preview


def test_merging_two_clusters_is_one_previewed_edit_changing_only_those_lines(
        facets_window, planted, qtbot):
    w = facets_window
    before = _snapshot(planted.folder)
    dialog = _cluster_dialog(w, qtbot)
    model = dialog.cluster_model
    rows = {model.index(r, 3).data(): r for r in range(model.rowCount())}
    assert set(rows) == {TRUE, MOUSE}           # the suggestion: the most frequent value
    values = model.index(rows[TRUE], 0).data(ValuesRole)
    assert set(VARIANTS) <= set(values)
    assert "Homo Sapiens  (1)" in model.index(rows[TRUE], 1).data()
    dialog.check_all(True)
    assert dialog.merge_button.text() == "&Merge 2 Checked…"
    preview = _merge(w, qtbot, dialog)
    touched = {p.name for p in {*planted.variants, *planted.mouse}}
    assert {Path(c.path).name for c in preview.plan.changes} == touched
    n = len(VARIANTS) + len(MOUSE_VARIANTS)
    assert f"merge {n} values of organisms into 'Homo sapiens', 'Mus musculus'" in \
        preview.steps.text()
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    settle(w, qtbot)
    assert w.undo_stack.count() == 1              # one undo step for both clusters
    after = _snapshot(planted.folder)
    for name, old in before.items():
        if name not in touched:
            assert after[name] == old, name
            continue
        path = planted.folder / name
        lines = old.decode().splitlines()
        wanted = {lines.index(written) + 1 for written, _ in planted.planted_lines(path)}
        assert changed_lines(old, after[name]) == wanted, name
        new_lines = after[name].decode().splitlines()
        assert all(new_lines[n - 1] == true for n, (_, true) in
                   zip(sorted(wanted), sorted(planted.planted_lines(path),
                                              key=lambda p: lines.index(p[0]))))
    panel = w.facets.panel
    qtbot.waitUntil(lambda: all(v not in dict(panel.values.pairs)
                                for v in (*VARIANTS, *MOUSE_VARIANTS)), timeout=10000)
    qtbot.waitUntil(lambda: dialog.cluster_model.rowCount() == 0, timeout=20000)
    w.undo_stack.undo()
    settle(w, qtbot)
    assert _snapshot(planted.folder) == before
    qtbot.waitUntil(lambda: dict(panel.values.pairs).get("Homo Sapiens") == 1,
                    timeout=10000)
    dialog.reject()


def test_rare_values_show_what_the_validator_says_and_a_typed_value_merges(
        facets_window, planted, qtbot):
    w = facets_window
    dialog = _cluster_dialog(w, qtbot, rare=True)
    model = dialog.rare_model
    texts = {model.index(r, 1).data(): r for r in range(model.rowCount())}
    sapeins = next(t for t in texts if t.startswith("Homo sapeins"))
    assert "not an NCBI Taxonomy scientific name; did you mean 'Homo sapiens'?" in sapeins
    assert model.index(texts[sapeins], 3).data() == TRUE      # the validator's suggestion
    assert any(t.startswith("Diaporthe sclerotioides  (1)") for t in texts)  # rare, known
    dialog.max_count.setValue(1)
    qtbot.waitUntil(lambda: dialog._thread is None, timeout=20000)
    model = dialog.rare_model
    assert all(int(model.index(r, 2).data()) <= 1 or model.index(r, 1).data().count(":")
               for r in range(model.rowCount()))
    texts = {model.index(r, 1).data(): r for r in range(model.rowCount())}
    row = texts[next(t for t in texts if t.startswith("Homo sapien  (1)"))]
    dialog.set_merged_value(row, TRUE)
    preview = _merge(w, qtbot, dialog)
    (change,) = preview.plan.changes
    assert Path(change.path) in planted.variants
    assert planted.variants[Path(change.path)] == "Homo sapien"
    preview.reject()
    dialog.reject()


def test_a_recipe_saved_from_the_window_replays_byte_for_byte(facets_window, planted,
                                                             qtbot, tmp_path):
    w = facets_window
    other = tmp_path / "other"
    shutil.copytree(planted.folder, other)       # the same records, not yet cleaned
    dialog = _cluster_dialog(w, qtbot, method="fingerprint")
    dialog.check_all(True)
    preview = _merge(w, qtbot, dialog)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    settle(w, qtbot)
    dialog.reject()
    bulk = w.curation.bulk_edit_dialog()           # and an ordinary bulk edit after it
    bulk.set_operation("set")
    bulk.set_field.setCurrentText("journal_title")
    bulk.set_value.setText("Curated Journal")
    bulk.show()
    with qtbot.waitSignal(bulk.preview_finished, timeout=20000):
        qtbot.mouseClick(bulk.preview_button, Qt.MouseButton.LeftButton)
    assert bulk.plan.changes
    qtbot.mouseClick(bulk.apply_button, Qt.MouseButton.LeftButton)
    settle(w, qtbot)
    history = w.facets.open_operations_dialog()
    assert history.model.rowCount() == 2
    recipe = tmp_path / "clean.yaml"
    history.save_checked(recipe)
    text = recipe.read_text()
    assert "op: merge" in text and "op: set" in text and "Homo Sapiens: Homo sapiens" in text
    done = subprocess.run([sys.executable, "-m", "curator", "fix", "--recipe", str(recipe),
                           str(other)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    cleaned = _snapshot(planted.folder)
    assert _snapshot(other) == cleaned
    assert all(b"Curated Journal" in raw for raw in cleaned.values())
    # an undone edit leaves the history's checked operations
    w.undo_stack.undo()
    settle(w, qtbot)
    qtbot.waitUntil(lambda: len(history.checked_operations()) == 1)
    assert isinstance(history.checked_operations()[0], MergeValues)
    history.close()


def test_a_recipe_is_applied_in_the_window_with_a_preview(facets_window, planted, qtbot,
                                                         tmp_path, monkeypatch):
    w = facets_window
    recipe = tmp_path / "r.yaml"
    recipe.write_text("curator-recipe: 1\noperations:\n- op: merge\n  field: organisms\n"
                      "  values: {HOMO SAPIENS: Homo sapiens}\n")
    history = w.facets.open_operations_dialog()
    preview = history.apply_recipe(recipe)
    qtbot.waitExposed(preview)
    assert preview.scope_shown.text() == f"Every record the list shows ({w.model.rowCount()})"
    with qtbot.waitSignal(preview.preview_finished, timeout=20000):
        qtbot.mouseClick(preview.preview_button, Qt.MouseButton.LeftButton)
    (change,) = preview.plan.changes
    assert planted.variants[Path(change.path)] == "HOMO SAPIENS"
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    settle(w, qtbot)
    assert "- Homo sapiens" in Path(change.path).read_text()
    errors = []
    monkeypatch.setattr(history, "show_recipe_error", errors.append)
    recipe.write_text("curator-recipe: 1\noperations:\n- op: merge\n  field: figid\n"
                      "  values: {a: b}\n")
    assert history.apply_recipe(recipe) is None
    assert str(errors[0]).startswith(f"{recipe}:5: merge: 'figid' is not a facet field")
    history.close()


def test_a_field_is_counted_in_a_thread_and_shown_when_ready(facets_window, qtbot):
    panel = facets_window.facets.panel
    panel.set_field("journal_title")
    assert panel.counting and panel.values.rowCount() == 0
    assert panel.summary.text() == "Counting…"
    qtbot.waitUntil(lambda: not panel.counting and panel.values.rowCount() > 0,
                    timeout=10000)
    assert dict(panel.values.pairs) == dict(counts_of(facets_window.model.records,
                                                      "journal_title"))


def test_counting_follows_rows_changed_by_an_edit(facets_window, planted, qtbot):
    w = facets_window
    panel = w.facets.panel
    op = MergeValues.of("organisms", [(["Homo  sapiens"], TRUE)])
    preview = w.facets.preview([op], w.facets.paths_holding("organisms", ["Homo  sapiens"]),
                               title="Merge values", scope_label="Holding")
    with qtbot.waitSignal(preview.preview_finished, timeout=20000):
        qtbot.mouseClick(preview.preview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    settle(w, qtbot)
    qtbot.waitUntil(lambda: "Homo  sapiens" not in dict(panel.values.pairs), timeout=10000)
    assert dict(panel.values.pairs) == dict(counts_of(w.model.records, "organisms"))
    assert QApplication.activeModalWidget() is None


def test_the_counts_column_leaves_an_organism_name_its_width(facets_window, qtbot):
    """The dock is narrow beside the list: the counts take what "Records" needs, and a
    two-word organism name is read whole beside its check box."""
    w, dock = facets_window, facets_window.facets.dock
    width = dock.minimumSizeHint().width()
    w.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() <= width + 4)
    table = w.facets.panel.table
    metrics = table.fontMetrics()
    counts = table.horizontalHeader().sectionSize(1)
    assert counts >= metrics.horizontalAdvance("000,000")            # a count is whole
    assert table.horizontalHeader().sectionSize(0) >= \
        metrics.horizontalAdvance("Amaranthus caudatus") + 30        # with its check box

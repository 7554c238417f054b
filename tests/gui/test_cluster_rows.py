"""Cluster and Edit with a thousand clusters, as the whole PFOCR collection gives: the rows
are a real Qt model (checked by qtmodeltester), Check All is one change for every row,
and a merged value typed in the table is the one merged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from curator.core.collection.rare import RareValue
from curator.gui.facets.cluster_dialog import ClusterDialog
from curator.gui.facets.merge_rows import CHECK, MERGED, RECORDS, VALUES, ValuesRole


def _clusters(n: int) -> dict:
    """Counts holding ``n`` fingerprint clusters: "Genus{k} species" written 3 ways."""
    counts = {}
    for k in range(n):
        name = f"Genus{k:04d} species"
        counts.update({name: 5, name.upper(): 2, name.lower(): 1})
    return counts


def _dialog(qtbot, counts, rare=False) -> ClusterDialog:
    dialog = ClusterDialog("organisms", counts, open_merge=None)
    qtbot.addWidget(dialog)
    if rare:
        dialog.tabs.setCurrentIndex(1)
    dialog.show()
    qtbot.waitUntil(lambda: dialog._thread is None and dialog.model.rowCount() > 0,
                    timeout=30000)
    return dialog


def test_the_cluster_rows_are_a_sound_qt_model(qtbot, qtmodeltester):
    dialog = _dialog(qtbot, _clusters(30))
    qtmodeltester.check(dialog.cluster_model, force_py=True)
    dialog.rare_model.set_found([RareValue("Homo sapeins", 1, "not a name",
                                           ("Homo sapiens",))])
    qtmodeltester.check(dialog.rare_model, force_py=True)
    dialog.reject()


def test_a_thousand_clusters_are_listed_each_as_high_as_its_values(qtbot):
    dialog = _dialog(qtbot, _clusters(1000))
    model, view = dialog.cluster_model, dialog.cluster_view
    assert model.rowCount() == 1000
    assert dialog.status.text().startswith("1,000 clusters of 3,000 values")
    row = next(r for r in range(1000) if model.index(r, MERGED).data() ==
               "Genus0500 species")
    assert model.index(row, VALUES).data() == \
        "Genus0500 species  (5)\nGENUS0500 SPECIES  (2)\ngenus0500 species  (1)"
    assert model.index(row, RECORDS).data() == "8"
    assert set(model.index(row, CHECK).data(ValuesRole)) == \
        {"Genus0500 species", "GENUS0500 SPECIES", "genus0500 species"}
    line = view.fontMetrics().lineSpacing()
    assert view.rowHeight(row) == 3 * line + 8     # three values: three lines
    dialog.reject()


def test_a_big_cluster_lists_six_values_and_its_tip_all_of_them(qtbot):
    counts = {f"Homo sapiens{'!' * k}": 20 - k for k in range(10)}
    dialog = _dialog(qtbot, counts)
    model, view = dialog.cluster_model, dialog.cluster_view
    (lines,) = [model.index(0, VALUES).data().splitlines()]
    assert lines[:6] == [f"Homo sapiens{'!' * k}  ({20 - k})" for k in range(6)]
    assert lines[6] == "… and 4 more (point at the row to see them all)"
    assert len(model.index(0, VALUES).data(Qt.ItemDataRole.ToolTipRole).splitlines()) == 10
    assert view.rowHeight(0) == 7 * view.fontMetrics().lineSpacing() + 8
    dialog.reject()


def test_check_all_is_one_change_and_the_merge_button_counts_the_rows(qtbot):
    dialog = _dialog(qtbot, _clusters(1000))
    changes = []
    dialog.cluster_model.dataChanged.connect(lambda *a: changes.append(a))
    dialog.check_all(True)
    assert len(changes) == 1                   # not one per row (each re-read every row)
    assert dialog.merge_button.text() == "&Merge 1000 Checked…"
    assert len(dialog.checked()) == 1000
    dialog.check_all(False)
    assert dialog.merge_button.text() == "&Merge Checked…"
    dialog.reject()


def test_a_merged_value_typed_in_the_table_is_the_one_merged(qtbot):
    dialog = _dialog(qtbot, _clusters(3))
    model, view = dialog.cluster_model, dialog.cluster_view
    index = model.index(0, MERGED)
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    qtbot.waitUntil(lambda: view.viewport().findChild(QLineEdit) is not None)
    editor = view.viewport().findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Genus species")
    qtbot.keyClick(editor, Qt.Key.Key_Return)       # committed from the event loop
    qtbot.waitUntil(lambda: model.index(0, MERGED).data() == "Genus species")
    view.setCurrentIndex(model.index(0, CHECK))
    qtbot.keyClick(view, Qt.Key.Key_Space)           # checks the row
    assert model.index(0, CHECK).data(Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Checked
    assert dialog.merge_button.text() == "&Merge 1 Checked…"
    ((values, merged),) = dialog.checked()
    assert merged == "Genus species" and len(values) == 3
    op = dialog.operation()
    assert op.mapping == tuple(sorted((v, "Genus species") for v in values))
    dialog.reject()


def test_rare_values_list_what_the_validator_says(qtbot):
    counts = {"Homo sapiens": 40, "Homo sapeins": 1, "Diaporthe sclerotioides": 1}
    dialog = _dialog(qtbot, counts, rare=True)
    model = dialog.rare_model
    texts = {model.index(r, VALUES).data(): r for r in range(model.rowCount())}
    sapeins = next(t for t in texts if t.startswith("Homo sapeins  (1): "))
    assert model.index(texts[sapeins], MERGED).data() == "Homo sapiens"
    assert model.index(texts[sapeins], VALUES).data(Qt.ItemDataRole.ToolTipRole) == sapeins
    dialog.reject()


def test_an_empty_cluster_list_says_so(qtbot):
    dialog = ClusterDialog("organisms", {"Homo sapiens": 3}, open_merge=None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.clustered, timeout=30000):
        dialog.show()
    assert dialog.cluster_model.rowCount() == 0
    assert dialog.status.text().startswith("0 clusters")
    dialog.reject()


def test_a_new_method_does_not_wait_for_the_search_it_replaces(qtbot, monkeypatch):
    """The first search's worker may still be starting (slow on a loaded machine):
    choosing another method starts the new search at once, and the old one's result is
    never shown."""
    import threading

    from curator.gui.facets import cluster_dialog

    release = threading.Event()
    real_run = cluster_dialog.ClusterThread.run

    def run(thread):
        if thread._job[1][1] == "fingerprint":
            release.wait(10)                   # a worker that takes long to start
        real_run(thread)
    monkeypatch.setattr(cluster_dialog.ClusterThread, "run", run)
    dialog = ClusterDialog("organisms", _clusters(5), open_merge=None)
    qtbot.addWidget(dialog)
    first = dialog._thread
    dialog.set_method("nearest")
    assert first.isRunning()                   # not waited for
    with qtbot.waitSignal(dialog.clustered, timeout=30000):
        release.set()
    assert dialog.method_box.currentData() == "nearest"
    assert dialog.cluster_model.rowCount() == 1      # nearest: one edit apart (fingerprint: 5)
    dialog.reject()
    assert not dialog._stale                   # closing waits for every search

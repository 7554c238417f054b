"""Cluster and Edit: groups of a facet's values that are probably one value, and the rare
values (held by few records, or unknown to the validator); the curator checks clusters,
picks or types each merged value, and merges them all as one bulk edit, previewed in the
Bulk Edit dialog and undone in one step."""

from __future__ import annotations

from PySide6.QtCore import QThread, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QDialog, \
    QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QSpinBox, QTableView, QTabWidget, \
    QVBoxLayout, QWidget

from curator.core.collection.cluster import METHOD_LABELS, METHODS, cluster
from curator.core.collection.facets import MISSING
from curator.core.collection.workers import pool_context
from curator.core.edits.merge import MergeValues
from curator.core.collection.rare import rare_values

from curator.gui.facets.merge_rows import CHECK, MERGED, RECORDS, VALUES, MergeRowsModel, shown



def _run_job(conn, fn, args, kwargs) -> None:
    """In the worker process: send ``fn(*args, **kwargs)`` back."""
    try:
        conn.send(fn(*args, **kwargs))
    finally:
        conn.close()


class ClusterThread(QThread):
    """Runs ``fn(*args, **kwargs)`` (clustering, rare values) in a worker process, so
    neither its Python nor its long C calls hold the window's interpreter; ``found``
    carries the result. ``cancelled`` set: the process is ended, nothing is sent."""

    found = Signal(object)

    def __init__(self, fn, args, kwargs, parent=None) -> None:
        super().__init__(parent)
        self._job = (fn, args, kwargs)
        self.cancelled = False

    def run(self) -> None:
        context = pool_context()
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run_job, args=(send, *self._job), daemon=True)
        process.start()
        send.close()
        result = None
        try:
            while not self.cancelled:
                if receive.poll(0.05):
                    try:
                        result = receive.recv()
                    except EOFError:       # the process died: nothing found
                        result = None
                    break
                if not process.is_alive() and not receive.poll(0):
                    break
        finally:
            if self.cancelled and process.is_alive():
                process.terminate()
            process.join()
            receive.close()
        if not self.cancelled:
            self.found.emit(result if result is not None else [])


def _table(parent, name: str, model: MergeRowsModel) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(VALUES, QHeaderView.ResizeMode.Stretch)
    metrics = view.fontMetrics()
    header.resizeSection(CHECK, metrics.horizontalAdvance(model.headers[CHECK]) + 24)
    header.resizeSection(RECORDS, metrics.horizontalAdvance("Records 000,000") + 12)
    header.resizeSection(MERGED, 260)
    return view


def _size_rows(view: QTableView, model: MergeRowsModel) -> None:
    """Each row as high as its lines (counted, not measured: a thousand clusters)."""
    line = view.fontMetrics().lineSpacing()
    for row in range(model.rowCount()):
        view.setRowHeight(row, model.lines(row) * line + 8)


SHOWN_VALUES = 6        # a cluster's row lists this many values; its tip lists them all


def _cluster_lines(found) -> int:
    n = len(found.values)
    return n if n <= SHOWN_VALUES else SHOWN_VALUES + 1


def _cluster_text(found, every: bool = False) -> str:
    values = found.values if every else found.values[:SHOWN_VALUES]
    text = "\n".join(f"{shown(v)}  ({n:,})" for v, n in values)
    more = len(found.values) - len(values)
    return text + (f"\n… and {more:,} more (point at the row to see them all)"
                   if more else "")


def _rare_text(found) -> str:
    return f"{shown(found.value)}  ({found.count:,})" + \
        (f": {found.problem}" if found.problem else "")


def _cluster_rows(headers, parent) -> MergeRowsModel:
    return MergeRowsModel(headers, values_of=lambda c: c.names,
                          records_of=lambda c: c.records, text_of=_cluster_text,
                          tip_of=lambda c: _cluster_text(c, every=True),
                          lines_of=_cluster_lines, merged_of=lambda c: c.suggestion,
                          parent=parent)


def _rare_rows(headers, parent) -> MergeRowsModel:
    return MergeRowsModel(headers, values_of=lambda r: (r.value,),
                          records_of=lambda r: r.count, text_of=_rare_text,
                          merged_of=lambda r: r.suggestions[0] if r.suggestions else "",
                          parent=parent)


class ClusterDialog(QDialog):
    """Clusters of ``field``'s values over ``counts`` (value -> records).

    ``open_merge(operation, values)`` opens the preview of a ``MergeValues`` on the
    records holding ``values`` (the window's bulk edit) and returns its dialog;
    ``recount()`` gives the counts again after a merge.

    Signals:
        clustered(): the clusters (or the rare values) are shown.
        merge_opened(object): the preview dialog of a merge.
    """

    clustered = Signal()
    merge_opened = Signal(object)

    def __init__(self, field: str, counts, open_merge, recount=None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("clusterDialog")
        self.setWindowTitle(f"Cluster and Edit: {field} — Curator")
        self.field = field
        self.counts = counts
        self._open_merge = open_merge
        self._recount = recount
        self._thread: ClusterThread | None = None
        self._stale: set[ClusterThread] = set()     # stopped, not yet finished
        self._build()
        self._connect()
        self.resize(980, 640)
        self.run()

    # -- building -----------------------------------------------------------------------
    def _build(self) -> None:
        self.method_box = QComboBox(self)
        self.method_box.setObjectName("clusterMethod")
        for method in METHODS:
            self.method_box.addItem(METHOD_LABELS[method], method)
        self.radius = QSpinBox(self)
        self.radius.setObjectName("clusterRadius")
        self.radius.setRange(1, 4)
        self.radius.setPrefix("within ")
        self.radius.setSuffix(" edit(s)")
        self.max_count = QSpinBox(self)
        self.max_count.setObjectName("rareMaxCount")
        self.max_count.setRange(1, 10**6)
        self.max_count.setValue(3)
        self.max_count.setPrefix("held by at most ")
        self.max_count.setSuffix(" records")
        self.unknown_box = QCheckBox("and values the validator does not know", self)
        self.unknown_box.setObjectName("rareUnknown")
        self.unknown_box.setChecked(True)
        self.status = QLabel(self)
        self.status.setObjectName("clusterStatus")

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("clusterTabs")
        clusters_page = QWidget(self)
        self.cluster_headers = ["Merge", "Values in the cluster (records)", "Records",
                                "Merged value"]
        self.cluster_model = _cluster_rows(self.cluster_headers, self)
        self.cluster_view = _table(clusters_page, "clusterTable", self.cluster_model)
        top = QHBoxLayout()
        top.addWidget(QLabel("Method:", clusters_page))
        top.addWidget(self.method_box, 1)
        top.addWidget(self.radius)
        box = QVBoxLayout(clusters_page)
        box.addLayout(top)
        box.addWidget(self.cluster_view, 1)
        self.tabs.addTab(clusters_page, "&Clusters")

        rare_page = QWidget(self)
        self.rare_headers = ["Merge", "Value (records): what the validator says",
                             "Records", "Write instead"]
        self.rare_model = _rare_rows(self.rare_headers, self)
        self.rare_view = _table(rare_page, "rareTable", self.rare_model)
        top = QHBoxLayout()
        top.addWidget(QLabel("Values", rare_page))
        top.addWidget(self.max_count)
        top.addWidget(self.unknown_box)
        top.addStretch(1)
        box = QVBoxLayout(rare_page)
        box.addLayout(top)
        box.addWidget(self.rare_view, 1)
        self.tabs.addTab(rare_page, "&Rare values")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.all_button = self.buttons.addButton("Check &All",
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.none_button = self.buttons.addButton("Check &None",
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button = self.buttons.addButton("&Merge Checked…",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.setObjectName("mergeButton")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.radius.setVisible(False)

    def _connect(self) -> None:
        self.method_box.currentIndexChanged.connect(self._on_method_changed)
        self.radius.valueChanged.connect(self.run)
        self.max_count.valueChanged.connect(self.run)
        self.unknown_box.toggled.connect(self.run)
        self.tabs.currentChanged.connect(self.run)
        self.all_button.clicked.connect(lambda: self.check_all(True))
        self.none_button.clicked.connect(lambda: self.check_all(False))
        self.merge_button.clicked.connect(self.merge_checked)
        self.buttons.rejected.connect(self.reject)
        for model in (self.cluster_model, self.rare_model):
            model.dataChanged.connect(self._on_item_changed)

    # -- finding ------------------------------------------------------------------------
    @property
    def rare(self) -> bool:
        return self.tabs.currentIndex() == 1

    def _on_method_changed(self, *args) -> None:
        self.radius.setVisible(self.method_box.currentData() == "nearest")
        self.run()

    def set_method(self, method: str) -> None:
        self.method_box.setCurrentIndex(self.method_box.findData(method))

    def run(self, *args) -> None:
        """Find clusters (or rare values) again, in a thread."""
        self.stop(wait=False)
        counts, field = dict(self.counts), self.field
        if self.rare:
            job = (rare_values, (counts, field, self.max_count.value()),
                   {"unknown": self.unknown_box.isChecked()})
        else:
            method = self.method_box.currentData()
            options = {"radius": self.radius.value()} if method == "nearest" else {}
            job = (cluster, (counts, method), options)
        self.status.setText("Looking…")
        self.merge_button.setEnabled(False)
        thread = self._thread = ClusterThread(*job, parent=self)
        thread.found.connect(lambda result: self._on_thread_found(thread, result))
        thread.finished.connect(lambda: self._on_thread_finished(thread))
        thread.start()

    def stop(self, wait: bool = True) -> None:
        """End the search running (its result, if already sent, is ignored). Without
        ``wait`` it ends on its own: a new search does not wait for the old one, whose
        worker may still be starting (hundreds of ms on a loaded machine, seen as a
        1.4 s freeze when the method changed right after the dialog opened)."""
        if self._thread is not None:
            self._thread.cancelled = True
            self._stale.add(self._thread)
            self._thread = None
        if wait:
            for thread in list(self._stale):
                thread.wait()
            self._stale.clear()

    def _on_thread_finished(self, thread) -> None:
        if thread in self._stale:
            self._stale.discard(thread)
            thread.deleteLater()

    def _on_thread_found(self, thread, result) -> None:
        if thread is not self._thread:
            return                        # a search made stale by a newer one
        thread.wait()
        self._thread = None
        if self.rare:
            self._show_rare(result)
        else:
            self._show_clusters(result)
        self._on_item_changed()
        self.clustered.emit()

    def _show_clusters(self, clusters) -> None:
        self.cluster_model.set_found(clusters)
        _size_rows(self.cluster_view, self.cluster_model)
        values = sum(len(c.values) for c in clusters)
        self.status.setText(f"{len(clusters):,} clusters of {values:,} values, among "
                            f"{self._distinct():,} values of {self.field}")

    def _show_rare(self, found) -> None:
        self.rare_model.set_found(found)
        unknown = sum(r.unknown for r in found)
        self.status.setText(f"{len(found):,} rare values ({unknown:,} the validator does "
                            f"not know), among {self._distinct():,} values of {self.field}")

    def _distinct(self) -> int:
        return len(self.counts) - (MISSING in self.counts)

    # -- merging ------------------------------------------------------------------------
    @property
    def model(self) -> MergeRowsModel:
        return self.rare_model if self.rare else self.cluster_model

    def check_all(self, checked: bool) -> None:
        """Check every row with a merged value (or uncheck every row)."""
        self.model.set_checks(checked)

    def set_merged_value(self, row: int, value: str, checked: bool = True) -> None:
        model = self.model
        model.setData(model.index(row, MERGED), value)
        model.setData(model.index(row, CHECK), Qt.CheckState.Checked if checked
                      else Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)

    def checked(self) -> list[tuple[list[str], str]]:
        """(values, merged value) of every checked row with a merged value."""
        return self.model.checked()

    def _on_item_changed(self, *args) -> None:
        n = len(self.checked())
        self.merge_button.setEnabled(bool(n))
        self.merge_button.setText(f"&Merge {n} Checked…" if n else "&Merge Checked…")

    def operation(self) -> MergeValues:
        """The one merge of every checked row (ValueError: a value sent two ways)."""
        return MergeValues.of(self.field, self.checked())

    def merge_checked(self):
        """Open the preview of the merge of every checked row (one bulk edit)."""
        try:
            op = self.operation()
        except ValueError as exc:
            self.status.setText(f"<span style='color:#b71c1c'>Cannot merge: {exc}</span>")
            return None
        if not op.mapping:
            self.status.setText("Nothing to merge: each checked value is its merged value")
            return None
        dialog = self._open_merge(op, list(op.values))
        dialog.applied.connect(self._on_merge_applied)
        self.merge_opened.emit(dialog)
        return dialog

    def _on_merge_applied(self, changed: int) -> None:
        if self._recount is not None:
            self.counts = self._recount()
        self.run()

    def reject(self) -> None:
        self.stop()
        super().reject()

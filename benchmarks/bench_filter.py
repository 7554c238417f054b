"""The record list's search per keystroke at 70,000 rows (issue 20), without a window:
a ``RecordFilterModel`` over a ``RecordTableModel`` of rows made in memory from seeds/
(each copy with its own PMC id in its search text, as make_corpus.py's files have), and
each query typed a character at a time through ``set_search``. Prints the word index's
build time and size, and each keystroke's p50 / p95 per character position: the proxy
(through the index), and the scan it replaced (a pass over the rows the previous
keystroke kept, the same run):

    python benchmarks/bench_filter.py [--rows 70000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from _common import SEEDS

QUERIES = ("kinase", "pathway", "signal", "mouse", "insulin", "xyzzy")


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def make_rows(n: int):
    from curator.core.collection.index import index_file
    seeds = [index_file(str(p)) for p in sorted(SEEDS.glob("*.md"))]
    rows = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        old = Path(seed.path).stem.split("__", 1)[0].lower().encode()
        new = f"pmc{90000000 + i}".encode()
        rows.append(seed._replace(path=f"/corpus/{i}.md", ident=f"PMC{90000000 + i}",
                                  search=seed.search.replace(old, new)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=70000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from curator.core.collection.search_index import scan
    from curator.gui.records.record_filter import RecordFilterModel
    from curator.gui.records.record_table_model import RecordTableModel

    app = QCoreApplication.instance() or QCoreApplication([])
    model = RecordTableModel()
    model.append_rows(make_rows(args.rows))
    proxy = RecordFilterModel()
    proxy.setSourceModel(model)
    start = time.perf_counter()
    proxy.search_index.prepare(model.records, wait=True)
    build = time.perf_counter() - start
    by_pos: dict[int, list[float]] = {}
    loop: dict[int, list[float]] = {}
    for _ in range(args.repeat):
        for query in QUERIES:
            proxy.set_search("")
            rows = list(range(model.rowCount()))
            for n in range(1, len(query) + 1):
                start = time.perf_counter()
                proxy.set_search(query[:n])
                by_pos.setdefault(n, []).append(time.perf_counter() - start)
                start = time.perf_counter()
                rows = scan(rows, model.records, query[:n].encode())
                loop.setdefault(n, []).append(time.perf_counter() - start)
    app.processEvents()
    print(f"bench_filter: {model.rowCount():,} rows, queries {', '.join(QUERIES)}, "
          f"{args.repeat} repetitions; word index built in {build:.2f} s, "
          f"{proxy.search_index.nbytes / 2**20:.0f} MB")
    print(f"{'char':>4} {'set_search p50':>15} {'p95':>7} {'scan p50':>16} {'p95':>7}"
          "   (ms)")
    for n in sorted(by_pos):
        print(f"{n:4} {percentile(by_pos[n], .5) * 1e3:15.1f} "
              f"{percentile(by_pos[n], .95) * 1e3:7.1f} {percentile(loop[n], .5) * 1e3:16.1f}"
              f" {percentile(loop[n], .95) * 1e3:7.1f}")


if __name__ == "__main__":
    main()

"""Facets, clustering and merge previews at the scale of the whole PFOCR collection, each
beside a plain ``collections.Counter`` baseline measured in the same run.

    python benchmarks/bench_facets.py [--records 70000] [--work DIR] [--repeat 7]

The collection is the benchmarks' generated one (make_corpus.py: the seeds multiplied)
with organisms planted the way the real collection holds them: 5,000 records write
"Homo sapiens" one of six wrong ways (one cluster touching 5,000 records), and 10,000
records carry one more organism each, 10,000 distinct values (real names, their OCR and
typing variants, and noise), so the organisms facet has ~10,000 values to cluster.

Figures (p50 and p95 of ``--repeat`` runs, milliseconds):

* facet build, organisms and year: a ``FacetColumn`` over the 70,000 index rows and its
  counts (what the dock does when a field is first chosen). Baseline: ``Counter`` over
  the index rows' values (``row.facets[field]``), one pass.
* re-count on a filter change: the counts over the rows a search leaves (half the rows,
  then a tenth). Baseline: ``Counter`` over those rows' values.
* clustering the ~10,000 organisms values with each method. Baseline: a ``Counter`` of
  the values' lower-cased forms (the cheapest key collision there is).
* merge preview for the cluster touching 5,000 records: ``bulk.plan`` of one
  ``MergeValues`` over those files (worker processes, as the window's preview).
  Baseline: ``Counter`` over the organisms of the same 5,000 files parsed with PyYAML's C
  loader in this process.
* the window (a separate process, offscreen, 70,000 rows listed from the warm cache): the
  longest gap between the ticks of a 5 ms timer while choosing a field, re-counting,
  typing a search, clicking a value, picking a year range, and clustering in Cluster and
  Edit (which runs in a worker process). Baseline: the longest gap of the idle window in
  the same run (on a loaded machine the scheduler alone makes gaps of tens of ms). Beside
  it the GUI thread's CPU time over the action, which the load does not change.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import chain
from pathlib import Path

import yaml
from make_corpus import make_corpus

from curator.core.edits import bulk
from curator.core.collection.cluster import METHODS, cluster
from curator.core.collection.facets import FacetColumn
from curator.core.collection.index import FolderIndex
from curator.core.edits.merge import MergeValues
from curator.core.checks.organisms import default_organisms

HERE = Path(__file__).resolve().parent
TRUE = "Homo sapiens"
VARIANTS = ("Homo Sapiens", "homo sapiens", "Homo  sapiens", "HOMO SAPIENS",
            "Homo sapeins", "Homo sapien")
CLUSTER_RECORDS = 5000
DISTINCT = 10000


def distinct_values(n: int, seed: int = 1) -> list[str]:
    """``n`` distinct organism-like values: the known names, variants of them as OCR and
    typing write them, and invented binomials."""
    rnd = random.Random(seed)
    names = sorted(default_organisms().names)
    out = dict.fromkeys(names)

    def variant(name: str) -> str:
        k = rnd.randrange(6)
        if k == 0:
            return name.upper()
        if k == 1:
            return name.lower()
        if k == 2:
            i = rnd.randrange(1, len(name) - 1)
            return name[:i] + name[i + 1] + name[i] + name[i + 2:]
        if k == 3:
            i = rnd.randrange(len(name))
            return name[:i] + rnd.choice(string.ascii_lowercase) + name[i + 1:]
        if k == 4:
            return name.replace(" ", "  ")
        return f"{name} strain {rnd.randrange(9999)}"

    while len(out) < n:
        if rnd.random() < 0.5:
            out[variant(rnd.choice(names))] = None
        else:
            genus = "".join(rnd.choice(string.ascii_lowercase)
                            for _ in range(rnd.randrange(5, 12))).capitalize()
            epithet = "".join(rnd.choice(string.ascii_lowercase)
                              for _ in range(rnd.randrange(5, 12)))
            out[f"{genus} {epithet}"] = None
    return list(out)[:n]


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def build(folder: Path, n: int) -> None:
    """The generated collection with the planted organisms (see the module)."""
    paths = make_corpus(folder, n)
    pool = distinct_values(DISTINCT)
    planted = extra = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition("\norganisms:\n- ")
        if not sep:
            continue
        if planted < CLUSTER_RECORDS and rest.startswith(TRUE + "\n"):
            rest = _quoted(VARIANTS[planted % len(VARIANTS)]) + rest[len(TRUE):]
            planted += 1
        elif extra < DISTINCT:
            rest = f"{_quoted(pool[extra])}\n- {rest}"
            extra += 1
        else:
            continue
        path.write_text(head + sep + rest, encoding="utf-8")
    (folder / ".planted").write_text(f"{planted} {extra}\n")


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def p(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def line(name: str, ours: list[float], base: list[float], target: str = "") -> str:
    a, b = statistics.median(ours), statistics.median(base)
    return (f"{name:44} {a * 1e3:9.1f} {p(ours, .95) * 1e3:9.1f}   {b * 1e3:9.1f} "
            f"{p(base, .95) * 1e3:9.1f} {a / b:8.2f}   {target}")


def baseline_counter(rows, field: str):
    return Counter(chain.from_iterable(r.facets.get(field, ()) for r in rows))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=70000)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-window", action="store_true")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="curator-bench-facets-"))
    folder, cache = work / f"corpus{args.records}", work / "cache"
    if not (folder / ".planted").exists() or \
            sum(1 for _ in folder.glob("*.md")) != args.records:
        print(f"generating {args.records:,} records in {folder} …", file=sys.stderr)
        build(folder, args.records)
    os.environ["CURATOR_CACHE_DIR"] = str(cache)
    start = time.perf_counter()
    index = FolderIndex(folder)
    rows = [r for batch in index.scan() for r in batch]
    print(f"{len(rows):,} records indexed in {time.perf_counter() - start:.1f} s "
          f"({index.reused:,} from the cache)", file=sys.stderr)
    R = args.repeat
    out = []

    for field in ("organisms", "year"):
        ours = timed(lambda: FacetColumn(field, rows).counts(), R)
        base = timed(lambda: baseline_counter(rows, field), R)
        out.append(line(f"facet build, {field} ({len(rows):,} rows)", ours, base,
                        "target <= 100 ms"))
    column = FacetColumn("organisms", rows)
    column.counts()
    for label, step in (("half", 2), ("a tenth", 10)):
        some = list(range(0, len(rows), step))
        ours = timed(lambda: column.counts(some), R)
        base = timed(lambda: baseline_counter([rows[i] for i in some], "organisms"), R)
        out.append(line(f"re-count, filter leaves {label} ({len(some):,})", ours, base,
                        "target <= 50 ms"))
    counts = column.counts()
    distinct = len(counts)
    lower = timed(lambda: Counter(v.lower() for v in counts if v), R)
    for method in METHODS:
        ours = timed(lambda: cluster(counts, method), max(3, R // 2))
        out.append(line(f"cluster {distinct:,} values: {method}", ours, lower,
                        "target <= 2 s"))
    holding = [rows[i].path for i in column.matching(VARIANTS)]
    merge = MergeValues.of("organisms", [(VARIANTS, TRUE)])

    def parse_count():
        c = Counter()
        for path in holding:
            raw = Path(path).read_bytes().decode("utf-8")
            data = yaml.load(raw.split("---\n", 2)[1], Loader=yaml.CSafeLoader)
            c.update(data.get("organisms") or ())
        return c
    ours = timed(lambda: bulk.plan(holding, [merge]), 3)
    base = timed(parse_count, 3)
    out.append(line(f"merge preview, cluster in {len(holding):,} records", ours, base,
                    "(baseline: parse + Counter)"))

    print(f"\n{len(rows):,} records, {distinct:,} distinct organisms values "
          f"({os.cpu_count()} cores), milliseconds")
    print(f"{'':44} {'p50':>9} {'p95':>9}   {'base p50':>9} {'base p95':>9} "
          f"{'ratio':>8}")
    print("\n".join(out))
    if not args.no_window:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        res = subprocess.run([sys.executable, str(HERE / "_facets_probe.py"), str(folder)],
                             env=env, capture_output=True, text=True)
        if res.returncode:
            print(res.stderr[-3000:])
        else:
            figures = json.loads(res.stdout.strip().splitlines()[-1])
            print(f"\nthe window at {figures.pop('rows'):,} rows: longest the GUI thread "
                  f"was blocked (gap between 5 ms timer ticks, worst of "
                  f"{figures.pop('repeat')} runs; the ratio is to the idle gap of the "
                  f"same run), and the GUI thread's CPU time over the action (median), ms:")
            idle = max(next(iter(figures.values()))[0], 1)
            print(f"  {'':54} {'gap':>6} {'x idle':>7} {'cpu':>6}")
            for name, (ms, cpu) in figures.items():
                print(f"  {name:54} {ms:6d} {ms / idle:7.2f} {cpu:6d}   target <= 100 ms")


if __name__ == "__main__":
    main()

"""The index cache: warm reopen with the cache of today (format 8: blocks of columns,
``index_cache``) against the pickle that format 3 (JSON lines) replaced, measured on the
same rows in the same run (issue 14 item 19; issue 20 for formats 7 and 8).

    python benchmarks/bench_index_cache.py [--records 12000] [--repeat 9] [--work DIR]

* decode: reading the cache file into rows (today's ``RowCodec`` against the old
  format: a header pickle, then pickles of 4,096 rows with relative paths).
* warm reopen: ``FolderIndex.scan()`` with a current cache (list the folder, read the cache,
  compare each row's key with the file's stat), against the same listing and comparison
  with the pickle read instead.
* write: writing the cache file.
orjson was tried for the JSON lines of formats 3 to 6 and left out: on these rows ``orjson.loads`` of a batch
took 40 ms against 42 ms for ``json.loads`` (the time goes into building 12,000 rows of
strings, not into parsing), and it has no way to read one value at an index, which lets
the stdlib scanner read the lines without joining them first.
Each figure is the p50 and p95 of ``--repeat`` runs, in CPU time of the process (the two
alternate); the ratio is p50 against p50.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path

from make_corpus import make_corpus

from curator.core.collection import index as index_module
from curator.core.collection.index import CACHE_CHUNK, FolderIndex, IndexRow, list_files


def pickle_write(path: Path, header: dict, rows: list, prefix: str) -> None:
    """The cache format 2 writer (curator/core/collection/index.py before format 3)."""
    cut = len(prefix)
    with open(path, "wb") as fh:
        pickle.dump(header, fh, protocol=pickle.HIGHEST_PROTOCOL)
        for i in range(0, len(rows), CACHE_CHUNK):
            chunk = [(r.path[cut:],) + r[1:] for r in rows[i:i + CACHE_CHUNK]]
            pickle.dump(chunk, fh, protocol=pickle.HIGHEST_PROTOCOL)


def pickle_read(path: Path, header: dict, prefix: str):
    """The cache format 2 reader: batches of rows."""
    with open(path, "rb") as fh:
        if pickle.load(fh) != header:
            return
        while True:
            try:
                chunk = pickle.load(fh)
            except EOFError:
                return
            yield [IndexRow(prefix + row[0], *row[1:]) for row in chunk]


def pickle_reopen(folder: Path, path: Path, header: dict, prefix: str) -> int:
    """A warm scan's work with the pickle cache: list, read, compare keys."""
    listing = {entry[0]: entry[1:] for entry in list_files(folder)}
    reused = 0
    for chunk in pickle_read(path, header, prefix):
        for row in chunk:
            if listing.get(row.path) == row.key:
                del listing[row.path]
                reused += 1
    return reused


def measure(ours, theirs, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """p50 and p95 of ``ours()`` and of ``theirs()``, run alternately, in CPU seconds of
    this process (the work is single-threaded; on a machine shared with other work, wall
    time measures the neighbours)."""
    times: tuple[list, list] = ([], [])
    for _ in range(repeat):
        for fn, out in ((ours, times[0]), (theirs, times[1])):
            start = time.process_time()
            fn()
            out.append(time.process_time() - start)
    return tuple((statistics.median(t), sorted(t)[min(len(t) - 1, round(0.95 * len(t)))])
                 for t in times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=12000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="curator-bench-cache-"))
    folder = work / "records"
    if len(list(folder.glob("*.md"))) != args.records:
        make_corpus(folder, args.records)
    os.environ["CURATOR_CACHE_DIR"] = str(work / "cache")
    first = FolderIndex(folder, jobs=2)
    for _ in first.scan():
        pass
    rows = list(first.rows.values())
    stamp = index_module._rules_stamp(first.profile)
    header = first._header(stamp)
    prefix = os.path.join(str(folder), "")
    json_path, pickle_path = first.cache_path, work / "cache" / "format2.pickle"

    def json_decode():
        return sum(len(b) for b in first._cached_batches(stamp))

    def json_reopen():
        index = FolderIndex(folder)
        for _ in index.scan():
            pass
        assert index.reused == len(rows) and index.parsed == 0, (index.reused, index.parsed)

    def pickle_decode():
        return sum(len(b) for b in pickle_read(pickle_path, header, prefix))

    pickle_write(pickle_path, header, rows, prefix)
    assert json_decode() == pickle_decode() == len(rows)
    assert pickle_reopen(folder, pickle_path, header, prefix) == len(rows)
    figures = [
        ("decode", *measure(json_decode, pickle_decode, args.repeat)),
        ("warm reopen (list + read + compare)",
         *measure(json_reopen, lambda: pickle_reopen(folder, pickle_path, header, prefix),
                  args.repeat)),
        ("write", *measure(lambda: first._write_cache(stamp),
                           lambda: pickle_write(pickle_path, header, rows, prefix),
                           args.repeat)),
    ]
    print(f"{len(rows):,} rows; cache files: format 8 {json_path.stat().st_size / 1e6:.1f} MB,"
          f" pickle {pickle_path.stat().st_size / 1e6:.1f} MB\n")
    print(f"{'':38} {'fmt 7 p50':>9} {'p95':>8}   {'pickle p50':>10} {'p95':>8} {'ratio':>6}")
    for name, (jp50, jp95), (pp50, pp95) in figures:
        print(f"{name:38} {jp50 * 1e3:7.1f}ms {jp95 * 1e3:6.1f}ms   {pp50 * 1e3:8.1f}ms "
              f"{pp95 * 1e3:6.1f}ms {jp50 / pp50:6.2f}")


if __name__ == "__main__":
    main()

"""Time saving records (``Record.save``) and writing a planned bulk edit
(``bulk.write_many``) with this tree's checked, locked writer against the same code of
another revision (default ``main``: an unlocked digest check, then write and rename), in
one run, on the same files: the price of the lock and the re-checks (issue 14, item 2).

    python benchmarks/bench_save.py [N] [REVISION]

N records (default 300) are copies of seeds/ in a temporary folder, on the disk and on
/dev/shm (where fsync costs nothing, so what is left is the writer's own work). The
baseline is REVISION (default: where this branch left main). Each tree runs in its own
process, alternately (baseline, this, baseline, this), so both see the same disk. Prints
p50 and p95 of each measure and the ratio of this tree's p50 to the baseline's.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import baseline_revision, percentile, tree_of

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 2          # per tree, alternating
BULK_REPEAT = 5


def _measure(n: int, folder: Path) -> dict:
    """In a worker process whose ``curator`` is the tree under test."""
    import shutil

    from curator.core.edits import bulk
    from curator.core.edits.operations import SetField
    from curator.core.files.record import Record

    seeds = sorted((ROOT / "seeds").glob("*.md"))
    paths = []
    for i in range(n):
        dst = folder / f"{i:06d}_{seeds[i % len(seeds)].name}"
        shutil.copyfile(seeds[i % len(seeds)], dst)
        paths.append(dst)
    saves = []
    for i, path in enumerate(paths):
        record = Record.open(path)
        record.set(("figtitle",), f"Benchmark title {i}")
        start = time.perf_counter()
        record.save()
        saves.append(time.perf_counter() - start)
    bulk_runs = []
    for r in range(BULK_REPEAT):
        plan = bulk.plan(paths, [SetField(("journal_title",), f"Journal {r}")], jobs=1)
        start = time.perf_counter()
        outcomes = bulk.write_many(plan.changes)
        bulk_runs.append(time.perf_counter() - start)
        assert all(o.done for o in outcomes), [o.error for o in outcomes if o.error][:3]
    return {"save": saves, "bulk": bulk_runs}


def _run(tree: Path, n: int, where: str | None) -> dict:
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        code = (f"import sys; sys.path.insert(0, {str(tree)!r}); "
                f"sys.path.insert(1, {str(ROOT / 'benchmarks')!r}); "
                "import json, pathlib, bench_save, curator; "
                f"assert curator.__file__.startswith({str(tree)!r}), curator.__file__; "
                f"print(json.dumps(bench_save._measure({n}, pathlib.Path({tmp!r}))))")
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True, cwd=tmp).stdout
    return json.loads(out.splitlines()[-1])



def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    revision = baseline_revision(sys.argv, 2)
    places = [("disk", None)] + ([("/dev/shm", "/dev/shm")] if Path("/dev/shm").is_dir()
                                 else [])
    print(f"{n} records, {ROUNDS} rounds per tree; baseline {revision[:12]}")
    print(f"{'':36}{'baseline':>20}{'this tree':>20}")
    print(f"{'':36}{'p50':>10}{'p95':>10}{'p50':>10}{'p95':>10}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        base_tree = tree_of(revision, Path(tmp))
        for place, where in places:
            results = {"base": {"save": [], "bulk": []}, "this": {"save": [], "bulk": []}}
            for _ in range(ROUNDS):
                for name, tree in (("base", base_tree), ("this", ROOT)):
                    for key, values in _run(tree, n, where).items():
                        results[name][key].extend(values)
            for label, key, per in (("Record.save", "save", 1), ("write_many", "bulk", n)):
                base = [v * 1e3 / per for v in results["base"][key]]
                this = [v * 1e3 / per for v in results["this"][key]]
                ratio = statistics.median(this) / statistics.median(base)
                print(f"{label + ', ms per file, ' + place:36}{percentile(base, 50):10.3f}"
                      f"{percentile(base, 95):10.3f}{percentile(this, 50):10.3f}"
                      f"{percentile(this, 95):10.3f}"
                      f"{ratio:8.2f}")


if __name__ == "__main__":
    main()

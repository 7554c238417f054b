"""Time the validator on the seed records against baselines measured in the same run.

    python benchmarks/bench_validate.py [--passes N] [--loops N] [--against DIR]

Every record in seeds/ is read once with the fast loader. Then, for each operation, N
passes are timed; a pass runs the operation on every record --loops times. The figures
are microseconds per record:

* ``copy.deepcopy(data)``, the baseline: a known cheap operation on the same data, so
  the validator's cost reads as a ratio that carries over between machines;
* ``fastload.parse_fast(raw)``: parsing the file's bytes (already in memory) with the line
  map, what ``curator validate`` pays per file before validating;
* ``validate(data, name=..., lines=...)``, warm: the schema and organism list loaded, the
  organism suggestions of earlier calls remembered (the window's case: every keystroke);
* ``validate`` with a fresh organism list each pass, so suggestions are computed (the
  first validation of a record in ``curator validate``).

``--against DIR`` times another checkout of Curator in the same run (say main:
``git archive main | tar -x -C /tmp/main``): this script runs in a child process per
checkout, alternating, and prints the ratio of this checkout's validate time per record
to the other's. Each child imports the checkout's own package and resources (a
``curator/resources`` link to its ``resources/`` is made when missing, as an install
would).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, SEEDS

from curator.core import resources
from curator.core.files.fastload import parse_fast, read_fast
from curator.core.checks.organisms import default_organisms, parse_organisms
from curator.core.fields.schema import default_schema
from curator.core.checks.validate import validate


CLOCK = time.perf_counter      # --cpu: time.process_time (a loaded machine's waits out)


def _per_record_us(fn, n_records: int, passes: int, loops: int) -> list[float]:
    """Microseconds per record of each timed pass."""
    fn()  # warm-up, untimed
    out = []
    for _ in range(passes):
        start = CLOCK()
        for _ in range(loops):
            fn()
        out.append((CLOCK() - start) / (loops * n_records) * 1e6)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passes", type=int, default=7, help="timed passes per operation")
    ap.add_argument("--loops", type=int, default=200,
                    help="runs over all records within one pass")
    ap.add_argument("--against", metavar="DIR",
                    help="another checkout to time in the same run (a baseline)")
    ap.add_argument("--cpu", action="store_true",
                    help="time CPU time of this process, not wall time (--against does)")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
    if args.against:
        return compare(Path(args.against).resolve(), args)

    paths = sorted(SEEDS.glob("*.md"))
    if not paths:
        print(f"no records in {SEEDS}", file=sys.stderr)
        return 2
    raws = [p.read_bytes() for p in paths]
    parsed = [read_fast(p) for p in paths]
    items = [(p.stem, r.data, r.lines) for p, r in zip(paths, parsed)]
    n = len(items)
    schema, organisms = default_schema(), default_organisms()
    names_text = resources.read_text("organisms.txt")
    alias_path = resources.path("organism_aliases.txt")
    aliases_text = alias_path.read_text(encoding="utf-8") if alias_path.exists() else ""

    def deepcopy_all():
        for _, data, _ in items:
            copy.deepcopy(data)

    def parse_all():
        for raw, path in zip(raws, paths):
            parse_fast(raw, path)

    def validate_all():
        for name, data, lines in items:
            validate(data, name=name, lines=lines, schema=schema, organisms=organisms)

    def validate_cold():
        fresh = _fresh(organisms, names_text, aliases_text)   # no remembered suggestions
        for name, data, lines in items:
            validate(data, name=name, lines=lines, schema=schema, organisms=fresh)

    def organisms_parse_only():
        _fresh(organisms, names_text, aliases_text)

    problems = sum(len(validate(d, name=nm, lines=ln)) for nm, d, ln in items)
    cold_loops = max(1, args.loops // 20)
    rows = [
        ("copy.deepcopy(data)  [baseline]", _per_record_us(deepcopy_all, n, args.passes,
                                                           args.loops)),
        ("fastload.parse_fast(raw)", _per_record_us(parse_all, n, args.passes,
                                                     max(1, args.loops // 4))),
        ("validate(data), warm", _per_record_us(validate_all, n, args.passes, args.loops)),
        ("validate(data), fresh organism list", _per_record_us(
            validate_cold, n, args.passes, cold_loops)),
    ]
    # the fresh list's own parse, spread over the records, is not the validator's cost
    list_cost = statistics.mean(_per_record_us(organisms_parse_only, n, args.passes,
                                               cold_loops))
    rows[3] = (rows[3][0], [t - list_cost for t in rows[3][1]])

    base = statistics.mean(rows[0][1])
    if args.json:
        print(json.dumps({name: statistics.mean(times) for name, times in rows}))
        return 0
    print(f"{n} records from {SEEDS.relative_to(ROOT)}/, {problems} problems found; "
          f"{args.passes} passes per operation; Python {sys.version.split()[0]}")
    print()
    width = max(len(name) for name, _ in rows)
    header = f"{'operation (per record)':{width}}  {'mean µs':>9}  {'stdev':>7}  " \
             f"{'min µs':>9}  {'x deepcopy':>10}"
    print(header)
    print("-" * len(header))
    for name, times in rows:
        mean = statistics.mean(times)
        sd = statistics.stdev(times) if len(times) > 1 else 0.0
        print(f"{name:{width}}  {mean:9.1f}  {sd:7.1f}  {min(times):9.1f}  "
              f"{mean / base:10.2f}")
    warm = statistics.mean(rows[2][1])
    parse = statistics.mean(rows[1][1])
    print()
    print(f"validate (warm) = {warm / base:.2f} x deepcopy = {warm / parse:.2f} x the "
          f"fast parse of the same record; {1e6 / warm:,.0f} validations per second")

    # where the time goes: the slowest records to validate (warm)
    per = []
    for name, data, lines in items:
        start = time.perf_counter()
        for _ in range(args.loops):
            validate(data, name=name, lines=lines, schema=schema, organisms=organisms)
        per.append(((time.perf_counter() - start) / args.loops * 1e6, name,
                    len(validate(data, name=name, lines=lines))))
    per.sort(reverse=True)
    print()
    print("slowest records (warm validate):")
    for us, name, k in per[:5]:
        print(f"  {us:8.1f} µs  {k:2d} problems  {name}")
    return 0


def _fresh(organisms, names_text: str, aliases_text: str):
    """A new organism list with the loaded one's NCBI names (if this checkout has them):
    what is fresh is the remembered suggestions and look-ups, not the file read."""
    taxonomy = getattr(organisms, "taxonomy", None)
    if taxonomy is None:
        return parse_organisms(names_text, aliases_text)
    return parse_organisms(names_text, aliases_text, taxonomy=taxonomy,
                           placeholders_text="\n".join(organisms.placeholders))


def _child(tree: Path, args) -> dict:
    link = tree / "curator" / "resources"
    if not link.exists():
        link.symlink_to(Path("..") / "resources")
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, __file__, "--json", "--cpu", "--passes", str(args.passes),
                          "--loops", str(args.loops)], env=env, cwd=tree, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def compare(other: Path, args, rounds: int = 3) -> int:
    """Time both checkouts in alternating child processes; per operation, the best
    (least disturbed) run of each, and the ratio of the two, raw and relative to each
    run's own deepcopy baseline (which cancels the load of a shared machine)."""
    runs = {"this": [], "other": []}
    for _ in range(rounds):                  # alternate: load drifts hit both alike
        runs["other"].append(_child(other, args))
        runs["this"].append(_child(ROOT, args))
    keys = list(runs["this"][0])
    base_key = keys[0]
    width = max(map(len, keys))
    print(f"CPU µs per record, best of {rounds} alternating runs; this = {ROOT}, "
          f"baseline = {other}")
    print(f"{'operation':{width}}  {'baseline':>9}  {'this':>9}  {'ratio':>6}  "
          f"{'ratio of x deepcopy':>19}")
    for key in keys:
        base = min(r[key] for r in runs["other"])
        this = min(r[key] for r in runs["this"])
        rel_base = min(r[key] / r[base_key] for r in runs["other"])
        rel_this = min(r[key] / r[base_key] for r in runs["this"])
        print(f"{key:{width}}  {base:9.1f}  {this:9.1f}  {this / base:6.2f}  "
              f"{rel_this / rel_base:19.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

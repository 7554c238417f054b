"""Time opening and saving records with Curator's lossless core against a plain PyYAML
C-loader parse of the same files (the baseline), in one run.

    python benchmarks/bench_records.py [N]

N records are made from seeds/ (copies with distinct names in a temporary folder).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from _common import SEEDS, table, timed

from curator.core.files.fastload import read_fast
from curator.core.files.record import Record


def make_corpus(folder: Path, n: int) -> list[Path]:
    seeds = sorted(SEEDS.glob("*.md"))
    paths = []
    for i in range(n):
        src = seeds[i % len(seeds)]
        dst = folder / f"{i:06d}_{src.name}"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), n)
        raws = [p.read_bytes() for p in paths]

        def baseline():
            for raw in raws:
                yaml.load(raw.decode("utf-8").split("---\n", 2)[1], Loader=yaml.CSafeLoader)

        def fast():
            for p in paths:
                read_fast(p)

        def open_rt():
            for raw, p in zip(raws, paths):
                Record(raw, p)

        records = [Record(raw, p) for raw, p in zip(raws, paths)]

        def render_edit():
            for r in records:
                r.set(("figtitle",), "Edited title of a figure")
                r.render()
                r.revert()

        def save_edit():
            for r in records:
                r.set(("figtitle",), "Edited title " + str(len(r.raw)))
                r.save()

        base = timed(baseline, 3)
        rows = [
            ("PyYAML C parse (baseline)", base),
            ("fast read + line map", timed(fast, 3)),
            ("open for editing (ruamel rt)", timed(open_rt, 3)),
            ("edit + render one field", timed(render_edit, 3)),
            ("edit + verified atomic save", timed(save_edit, 1)),
        ]
    print(f"{n} records, total time per pass\n")
    print(table(rows, base))
    print(f"\nper record: open for editing {rows[2][1] / n * 1e3:.2f} ms, "
          f"save {rows[4][1] / n * 1e3:.2f} ms")


if __name__ == "__main__":
    main()

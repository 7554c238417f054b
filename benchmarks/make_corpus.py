"""Generate a PFOCR-like collection: the records of seeds/ multiplied with distinct ids.

    python benchmarks/make_corpus.py OUT_FOLDER [N]      (default N: 12000)

Each copy gets a new PMC id everywhere the original's appears (figid, pmcid, figlink,
figid_alias, redirect_from, schema-jsonld @id) and is named after its new figid, so the
records are as valid, and as broken, as the seeds they come from. Their times are set an
hour back, as a collection's are: the index never trusts the cached row of a file modified
within seconds of its listing (index.RACY_NS), which a corpus made just now would be.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from _common import SEEDS


def make_corpus(out: Path, n: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.md"))
    paths = []
    old = time.time_ns() - 3600 * 10**9
    for i in range(n):
        src = seeds[i % len(seeds)]
        old_pmcid, stem = src.stem.split("__", 1)
        new_pmcid = f"PMC{90000000 + i}"
        raw = re.sub(re.escape(old_pmcid).encode() + rb"(?!\d)", new_pmcid.encode(),
                     src.read_bytes())
        dst = out / f"{new_pmcid}__{stem}.md"
        dst.write_bytes(raw)
        os.utime(dst, ns=(old, old))
        paths.append(dst)
    return paths


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
    made = make_corpus(folder, count)
    print(f"{len(made):,} records in {folder}")

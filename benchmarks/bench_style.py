"""Time the file-style detection an edit's render now does (the wrap width read from the
file's long strings, the field's own quotes or block) against the same renders with the
width given (the baseline: what a render cost before), in one run.

    python benchmarks/bench_style.py [ROUNDS]

Each record of tests/data/pfocr_sample gets its caption edited and rendered; p50 and p95
are over the records, per render.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from curator.core.files import style
from curator.core.files.record import Record

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "pfocr_sample"


def per_record(records: list[Record], rounds: int) -> list[float]:
    times = []
    for record in records:
        best = float("inf")
        for _ in range(rounds):
            record.set(("caption",), str(record.original.get("caption")) + " Edited.")
            started = time.perf_counter()
            record.render()
            best = min(best, time.perf_counter() - started)
            record.revert()
        times.append(best)
    return times


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    records = [Record(p.read_bytes(), p) for p in sorted(SAMPLE.glob("*.md"))]
    detect_width = style.detect_width
    for r in records:      # parse once, outside the timings
        r._parsed
    style.detect_width = lambda root, text: 80           # the baseline: width given
    base = per_record(records, rounds)
    style.detect_width = detect_width
    new = per_record(records, rounds)
    started = time.perf_counter()
    for r in records:
        style.detect_style(r._parsed.root, r.front.yaml)
    detect = (time.perf_counter() - started) / len(records)

    def q(xs, p):
        return statistics.quantiles(xs, n=100)[p - 1] * 1e3
    print(f"{len(records)} records, best of {rounds} renders each")
    print(f"render, width given (baseline): p50 {q(base, 50):.3f} ms  p95 {q(base, 95):.3f} ms")
    print(f"render, width detected:         p50 {q(new, 50):.3f} ms  p95 {q(new, 95):.3f} ms"
          f"  ratio p50 {q(new, 50) / q(base, 50):.2f}  p95 {q(new, 95) / q(base, 95):.2f}")
    print(f"detect_style alone: {detect * 1e3:.3f} ms a record")


if __name__ == "__main__":
    main()

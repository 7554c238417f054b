"""Helpers shared by the benchmark scripts (not part of the package)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def timed(fn, repeat: int = 5) -> float:
    """The median wall time of ``fn()`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(rows: list[tuple[str, float]], baseline: float, unit: str = "ms", scale=1e3) -> str:
    width = max(len(name) for name, _ in rows)
    lines = [f"{'':{width}}  {unit:>10}  {'x baseline':>10}"]
    for name, seconds in rows:
        lines.append(f"{name:{width}}  {seconds * scale:10.3f}  {seconds / baseline:10.2f}")
    return "\n".join(lines)

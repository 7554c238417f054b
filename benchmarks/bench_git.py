"""Git on a generated collection: Curator's status of the whole collection beside
``git status --porcelain`` on the same repository in the same run, the field-level review of
1,000 changed records, and the history of one record with 50 commits.

    python benchmarks/bench_git.py [--records 70000] [--changed 1000] [--repeat 7]

Each figure is printed as p50 / p95 / max over the repeats, with its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus  # noqa: E402

from curator.core import vcs  # noqa: E402
from curator.core.review import history, review  # noqa: E402

ENV = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=ENV)


def sample(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)


def line(name: str, times: list[float], base: float | None) -> str:
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    ratio = f"{p50 / base:6.2f}x" if base else "     —"
    return f"{name:38} p50 {p50 * 1e3:9.1f} ms  p95 {p95 * 1e3:9.1f} ms  " \
           f"max {times[-1] * 1e3:9.1f} ms  {ratio}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=70000)
    ap.add_argument("--changed", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "collection"
        folder = repo / "_figures"
        folder.mkdir(parents=True)
        print(f"generating {args.records:,} records…", flush=True)
        paths = make_corpus(folder, args.records)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "import")
        one = paths[-1]
        for k in range(50):
            text = one.read_text()
            one.write_text(text.replace("\nyear:", f"\nedit_{k}: {k}\nyear:", 1))
            git(repo, "commit", "-q", "-am", f"edit {k}")
        for p in paths[:args.changed]:
            text = p.read_text()
            p.write_text(text.replace("\nyear:", "\nyear: '1901'\nold_year:", 1))
        found = vcs.Repo.discover(folder)
        git_status = sample(lambda: subprocess.run(
            ["git", "status", "--porcelain"], cwd=repo, check=True, capture_output=True),
            args.repeat)
        ours = sample(lambda: found.status(folder), args.repeat)
        reviewed = sample(lambda: review(folder, repo=found), max(3, args.repeat // 2))
        hist = sample(lambda: history(one, repo=found), args.repeat)
        base = statistics.median(git_status)
        print(f"{args.records:,} records, {args.changed:,} changed, 1 record with 50 commits")
        print(line("git status --porcelain (baseline)", git_status, base))
        print(line("Curator status of the collection", ours, base))
        print(line(f"field-level review of {args.changed:,} records", reviewed, base))
        print(line("history of one record (51 commits)", hist, base))
        assert len(found.status(folder)) == args.changed
        assert len(history(one, repo=found)) == 51


if __name__ == "__main__":
    main()

"""Git on a generated collection: Curator's status of the whole collection beside
``git status --porcelain`` on the same repository in the same run, the field-level review of
1,000 changed records, and the history of one record with 50 commits.

    python benchmarks/bench_git.py [--records 70000] [--changed 1000] [--repeat 7]

Each figure is printed as p50 / p95 / max over the repeats, with its ratio to the baseline.
The review is timed twice in the same run: compared in this process (jobs=1, as before
worker processes) and in worker processes (the default); so is the window's longest
event-loop block, each in a fresh process.
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

from curator.core.history import vcs  # noqa: E402
from curator.core.history.review import history, review  # noqa: E402

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


def window_probe(folder: str, changed: int, jobs: int) -> None:
    """In a fresh process: open the window on ``folder`` (offscreen), then read the git
    status and the review of every change, and print the longest the event loop was
    blocked meanwhile (a 5 ms timer's largest gap beyond its interval). ``jobs`` 1: the
    review compares records in the window's process (as before worker processes), 0: the
    default (worker processes)."""
    import functools

    from PySide6.QtCore import QEventLoop, QTimer

    import curator.gui.window.window_git as window_git
    from _common import open_window

    if jobs:
        window_git.review = functools.partial(review, jobs=jobs)

    app, window = open_window(folder)
    while window.git.repo is None:   # the first status read enables the Git menu
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()   # baseline: the same loop, idle, for 3 s
    while time.perf_counter() - start < 3:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    idle, gaps[:] = max(gaps) - 0.005, []
    last[0] = start = time.perf_counter()
    window.git.status.refresh(now=True)
    window.git.review_action.trigger()
    panel = window.git.panel
    while panel.tree.model().rowCount() < changed and time.perf_counter() - start < 300:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    took = time.perf_counter() - start
    timer.stop()
    busy = max(gaps) - 0.005
    how = "in the window's process" if jobs else "in worker processes"
    print(f"window, review {how}: status + review of {panel.tree.model().rowCount():,} records shown "
          f"after {took * 1e3:.0f} ms; longest event-loop block {busy * 1e3:.1f} ms "
          f"(idle baseline in the same run: {idle * 1e3:.1f} ms, {busy / max(idle, 1e-4):.1f}x)")
    window.git.status.shutdown()


def main() -> None:
    if sys.argv[1:2] == ["--window-probe"]:
        window_probe(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
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
        few = max(3, args.repeat // 2)
        in_process = sample(lambda: review(folder, repo=found, jobs=1), few)
        reviewed = sample(lambda: review(folder, repo=found), few)
        git_diff = sample(lambda: subprocess.run(
            ["git", "diff", "HEAD", "--", "_figures"], cwd=repo, check=True,
            capture_output=True), max(3, args.repeat // 2))
        hist = sample(lambda: history(one, repo=found), args.repeat)
        git_log = sample(lambda: subprocess.run(
            ["git", "log", "--follow", "-p", "--", str(one.relative_to(repo))], cwd=repo,
            check=True, capture_output=True), args.repeat)
        print(f"{args.records:,} records, {args.changed:,} changed, 1 record with 50 commits")
        base = statistics.median(git_status)
        print(line("git status --porcelain (baseline)", git_status, base))
        print(line("Curator status of the collection", ours, base))
        base = statistics.median(git_diff)
        print(line("git diff HEAD -- folder (baseline)", git_diff, base))
        print(line("review, compared in this process", in_process, base))
        print(line(f"review of {args.changed:,}, in worker processes", reviewed, base))
        base = statistics.median(git_log)
        print(line("git log --follow -p -- file (baseline)", git_log, base))
        print(line("history of one record (51 commits)", hist, base))
        assert len(found.status(folder)) == args.changed
        assert len(history(one, repo=found)) == 51
        for jobs in ("1", "0"):   # before and after, in the same run
            subprocess.run([sys.executable, __file__, "--window-probe", str(folder),
                            str(args.changed), jobs], check=True,
                           env={**os.environ, "CURATOR_CACHE_DIR": str(Path(tmp) / "cache")})


if __name__ == "__main__":
    main()

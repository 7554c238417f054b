"""What a curator does by hand, each within a frame? (issue 20). The real window, offscreen
(or on the X server of $DISPLAY: ``DISPLAY=:75 python benchmarks/bench_frame.py``), on
seeds/ and on generated collections, each figure's p50 / p95 / max beside an empty
event-loop turn measured in the same process and beside the issue's target:

    python benchmarks/bench_frame.py [--sizes seeds,70000] [--repeat 200] [--work DIR]
                                     [--compare DIR] [--profile]
                                     [--only switch,typing,save,filter,hold]

* next/previous record: Alt+Down / Alt+Up to the list (from the middle of it), until the
  event loop has painted the new form, its problems and the list row; each switch
  after an untimed gap of --gap ms in a real event loop (what the window leaves for
  idle is done there). At 70,000 rows, first the switches of the first seconds, while
  the search's word index is being built in a thread, then the others;
* a keystroke in the title, and in a 5,000-character caption (an unsaved edit of the
  shown record): validate-as-you-type, derived fields, the row's status, painted;
* Save (Ctrl+S) of the current record after a one-letter edit;
* a filter keystroke typing words into the search box (the 2nd character of a word
  apart: the first pass of a regular expression over every row);
* Alt+Down held 2 s with key repeat at 30/s, then released: how many records past the
  one shown at release the window lands (xdotool on a real X server, else key events
  posted from a thread at 30/s).

``--compare DIR`` runs each probe a second time with the package found in DIR first on
sys.path (a checkout of the baseline commit, e.g. ``git archive BASE curator | tar -x -C
DIR``), so before and after come from the same run on the same files. ``--profile`` writes
a cProfile of the record switches next to the work folder and prints its top entries.
``--only`` times only some groups of figures (``--only filter``: the filter keystrokes).
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import SEEDS
from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
TARGETS = {   # figure -> (target, what), seconds
    "switch": (0.030, "<= 30 ms"),
    "switch_building": (0.030, "<= 30 ms"),
    "key_title": (0.016, "<= 16 ms"),
    "key_caption": (0.016, "<= 16 ms"),
    "filter_key": (0.016, "<= 16 ms"),
    "filter_second": (0.016, "<= 16 ms"),
    "save": (0.030, "<= 30 ms"),
}
NAMES = {
    "switch": "next/previous record",
    "switch_building": "  the same, index being built",
    "key_title": "keystroke, title",
    "key_caption": "keystroke, 5,000-char caption",
    "filter_key": "filter keystroke",
    "filter_second": "filter, 2nd char of a word",
    "save": "Save of the current record",
}


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def folder_for(size: str, work: Path) -> Path:
    if size == "seeds":   # a copy: Save writes the record
        folder = work / "seeds"
        if not folder.is_dir():
            shutil.copytree(SEEDS, folder)
        return folder
    n = int(size)
    folder = work / f"gen{n}"
    if len(list(folder.glob("*.md"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        make_corpus(folder, n)
    return folder


def probe(folder: Path, work: Path, args, code: Path | None, profile: Path | None) -> dict:
    env = dict(os.environ, CURATOR_CACHE_DIR=str(work / "cache"),
               CURATOR_DATA_DIR=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"))
    # this checkout's package unless another is given: without it the editable install's
    # (another checkout) was the one timed as "after"
    env["PYTHONPATH"] = os.pathsep.join((str(code or HERE.parent), str(HERE)))
    if env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    command = [sys.executable, str(HERE / "_frame_probe.py"), str(folder),
               "--repeat", str(args.repeat), "--only", args.only]
    if env["QT_QPA_PLATFORM"] == "xcb" and shutil.which("xdotool"):
        command.append("--xdotool")
    if profile:
        command += ["--profile", str(profile)]
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"probe failed on {folder}:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def report(label: str, result: dict, other: dict | None) -> None:
    """Each figure's wall-clock p50 / p95 / max and its CPU time (this process's, all
    threads) p50 / p95: on a machine shared with other work the wall clock waits for a
    core, the CPU time is what the interaction costs once it has one."""
    def walls(key, res=result):
        return [w for w, _ in res[key]]

    def cpus(key, res=result):
        return [c for _, c in res[key]]

    base = percentile(walls("empty_turn"), 0.5)
    print(f"\n{label}: {result['rows']:,} rows; empty event-loop turn p50 "
          f"{base * 1e3:.3f} ms")
    head = (f"{'figure':32} {'p50':>7} {'p95':>7} {'max':>7} {'cpu p50':>8} {'cpu p95':>8}"
            f" {'target':>9}")
    if other:
        head += f"      {'before p95':>10} {'cpu':>7} {'after/before p95':>16}"
    print(head + "   (ms)")
    for key, name in NAMES.items():
        if not result.get(key) or (other is not None and not other.get(key)):
            continue        # not timed (--only), or no index built (a small folder)
        p95, c95 = percentile(walls(key), 0.95), percentile(cpus(key), 0.95)
        line = (f"{name:32} {percentile(walls(key), 0.5) * 1e3:7.1f} {p95 * 1e3:7.1f} "
                f"{max(walls(key)) * 1e3:7.1f} {percentile(cpus(key), 0.5) * 1e3:8.1f} "
                f"{c95 * 1e3:8.1f} {TARGETS[key][1]:>9}")
        line += " met " if p95 <= TARGETS[key][0] else " cpu " if c95 <= TARGETS[key][0] \
            else " not "
        if other:
            b95 = percentile(walls(key, other), 0.95)
            bc95 = percentile(cpus(key, other), 0.95)
            line += f"  {b95 * 1e3:10.1f} {bc95 * 1e3:7.1f} {p95 / b95:7.2f} {c95 / bc95:8.2f}"
        print(line)
    hold = result.get("hold")
    if hold:
        past = hold["landed"] - hold["shown_at_release"]
        line = (f"{'Alt+Down held, then released':32} landed {past} record(s) past the one "
                f"shown at release (target <= 1: {'met' if past <= 1 else 'NOT met'}); "
                f"{hold['switches']} forms shown for {hold['presses'] or 'X'} presses")
        if other:
            ob = other["hold"]
            line += (f"; before: {ob['landed'] - ob['shown_at_release']} past, "
                     f"{ob['switches']} forms")
        print(line)
    if "switch_paints" in result:
        print(f"{'':32} paints per switch (title, list, problems): "
              f"{result['switch_paints']:.1f}")
    if result.get("index_ready"):
        during = len(result.get("switch_building", []))
        print(f"{'':32} the search's word index: {during} switches "
              f"while it was built, then built after {result['index_idle_s']:.1f} s more "
              "of idle event loop, before the other switches")
    print("(met: p95 wall clock within the target; cpu: only its CPU time is; "
          "after/before: wall, then CPU)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="seeds,70000")
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--compare", type=Path, default=None)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--only", default="switch,typing,save,filter,hold",
                    help="the groups of figures to time (comma-separated)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="curator-bench-frame-"))
    work.mkdir(parents=True, exist_ok=True)
    where = os.environ.get("DISPLAY") and f"X server {os.environ['DISPLAY']}" or "offscreen"
    print(f"bench_frame: {where}, {args.repeat} repetitions, work folder {work}")
    for size in args.sizes.split(","):
        folder = folder_for(size, work)
        profile = work / f"switch-{size}.prof" if args.profile else None
        before = probe(folder, work, args, args.compare, None) if args.compare else None
        after = probe(folder, work, args, None, profile)
        report(size if size == "seeds" else f"generated {int(size):,}", after, before)
        if profile:
            print(f"\nprofile of the switches ({profile}):")
            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()

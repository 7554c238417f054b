"""Read and validate many record files with the fast loader, on every core.

``scan(paths)`` yields one ``ScanResult`` per record file, in file order: the problems
(a file that cannot be parsed is one ``parse.*`` problem) and the few fields a list shows.
Files are handed to worker processes in chunks; small jobs run in this process.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .collection import record_files
from .errors import RecordError
from .fastload import read_fast
from .problems import Problem, from_record_error
from .validate import validate

_CHUNK = 64
_PARALLEL_FROM = 256   # below this many files, starting workers costs more than it saves


@dataclass
class ScanResult:
    path: Path
    problems: list[Problem]
    summary: dict = field(default_factory=dict)   # figid, figtitle, year, organisms, caption
    parsed: bool = True


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def scan_file(path: Path) -> ScanResult:
    try:
        parsed = read_fast(path)
    except RecordError as err:
        return ScanResult(Path(path), [from_record_error(err)], parsed=False)
    data = parsed.data
    problems = validate(data, name=Path(path).stem, lines=parsed.lines)
    summary = {key: _text(data.get(key)) for key in
               ("figid", "figtitle", "year", "organisms", "caption")}
    return ScanResult(Path(path), problems, summary)


def _scan_chunk(paths: list[Path]) -> list[ScanResult]:
    return [scan_file(p) for p in paths]


def scan(paths, jobs: int | None = None):
    """Yield a ScanResult for every record file under ``paths``, in order. RecordError
    (before anything is yielded) when a path does not exist."""
    files = record_files(paths)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < _PARALLEL_FROM:
        for path in files:
            yield scan_file(path)
        return
    chunks = [files[i:i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for results in pool.map(_scan_chunk, chunks):
            yield from results

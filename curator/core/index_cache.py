"""The index cache file: rows of the folder index as JSON lines, data only.

The cache lives in the user's cache directory and is read whenever a folder opens, so it
must never be able to run code (a pickle can: issue 14 item 19). It is plain JSON:

* line 1, the header: ``{"format": N, "stamp": ..., "folder": ...}``; a cache of another
  format, rules stamp or folder is not read at all;
* then one JSON array per line, of two kinds:
  - a problem set ``["S", [[code, severity, field, message, line, fixable,
    [suggestions...]], ...]]``, numbered 0, 1, 2 ... in the order they appear: records of
    one collection share most of their problems, so each distinct list is written once;
  - a row ``[path, size, mtime_ns, inode, ctime_ns, figid, title, year, organisms,
    search, set, parsed]``, its path relative to the folder, ``set`` the number of its
    problem set (defined on an earlier line).

Lines are read a few thousand at a time, each batch decoded by one ``json.loads`` call, so
rows reach the list while the rest is read and the decoding runs in C. Anything that is not
what Curator writes (a damaged line, a wrong type) ends the reading there: the rows so far
stand, the rest of the folder is parsed again. ``RowCodec`` is the one place that knows the
layout of a row.
"""

from __future__ import annotations

import json
from typing import IO, Iterable, Iterator

from .problems import SEVERITIES, Problem

CACHE_FORMAT = 3        # 2 was a pickle; 3 JSON lines keyed by size, mtime, inode, ctime
LINES_PER_BATCH = 4096
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                          check_circular=False).encode


class CacheDamaged(ValueError):
    """A line of the cache is not what Curator writes."""


class RowCodec:
    """Turns ``IndexRow`` objects into cache lines and back, for one folder (``prefix``
    is the folder's path with a trailing separator: row paths are stored without it)."""

    def __init__(self, row_type, prefix: str, summary) -> None:
        self._row = row_type          # IndexRow
        self._prefix = prefix
        self._summary = summary       # problems -> (worst, errors, warnings, missing)
        self._sets: dict[int, int] = {}          # id(problems tuple) -> its number
        self._keep: list[tuple] = []             # the tuples numbered (ids stay valid)
        self._decoded: list[tuple] = []          # number -> (problems, worst, ...)

    # -- writing ------------------------------------------------------------------------
    def encode(self, rows: Iterable) -> str:
        """The lines (each ending in a newline) of ``rows``, with any problem set they
        use that was not written before."""
        cut = len(self._prefix)
        out = []
        sets, keep = self._sets, self._keep
        for r in rows:
            number = sets.get(id(r.problems))
            if number is None:
                number = sets[id(r.problems)] = len(keep)
                keep.append(r.problems)
                out.append(_dumps(["S", [[p.code, p.severity, p.field, p.message, p.line,
                                          p.fixable, list(p.suggestions)]
                                         for p in r.problems]]))
            if not r.path.startswith(self._prefix):
                continue                 # not under the folder: never cached
            out.append(_dumps([r.path[cut:], r.size, r.mtime_ns, r.inode, r.ctime_ns,
                               r.figid, r.title, r.year, r.organisms,
                               r.search.decode("utf-8", "surrogatepass"), number,
                               r.parsed]))
        return "\n".join(out) + "\n" if out else ""

    # -- reading ------------------------------------------------------------------------
    def decode(self, lines: list[str]) -> list:
        """Rows of a batch of lines (their problem sets remembered for later batches);
        CacheDamaged when a line is not one Curator writes."""
        try:
            items = json.loads("[" + ",".join(lines) + "]")
        except ValueError as exc:
            raise CacheDamaged(str(exc)) from None
        prefix, make, sets = self._prefix, self._row._make, self._decoded
        out = []
        try:
            for item in items:
                if len(item) == 2:
                    if item[0] != "S":
                        raise CacheDamaged("not a problem set")
                    problems = _problems(item[1])
                    sets.append((problems, *self._summary(problems)))
                    continue
                (path, size, mtime, inode, ctime, figid, title, year, organisms,
                 search, number, parsed) = item
                if not (type(path) is type(figid) is type(title) is type(year)
                        is type(organisms) is type(search) is str
                        and type(number) is int and number >= 0
                        and type(parsed) is bool):
                    raise CacheDamaged("a row of the wrong types")
                problems, worst, errors, warnings, missing = sets[number]
                out.append(make((prefix + path, size, mtime, figid, title, year,
                                 organisms, search.encode("utf-8", "surrogatepass"),
                                 problems, worst, errors, warnings, missing, parsed,
                                 inode, ctime)))
        except (TypeError, ValueError, IndexError, UnicodeError) as exc:
            raise CacheDamaged(str(exc)) from None
        return out


def _problems(raw) -> tuple:
    """The Problem tuple of a problem set line."""
    problems = []
    for code, severity, field, message, line, fixable, suggestions in raw:
        if not (type(code) is type(field) is type(message) is str
                and severity in SEVERITIES and type(fixable) is bool
                and (line is None or type(line) is int) and type(suggestions) is list):
            raise CacheDamaged("a problem of the wrong types")
        problems.append(Problem(code, severity, field, message, line, fixable,
                                tuple(suggestions)))
    return tuple(problems)


def write_rows(fh: IO[bytes], header: dict, codec: RowCodec, rows: list,
               chunk: int = LINES_PER_BATCH) -> None:
    """Write the header line and ``rows`` to ``fh``, a chunk at a time."""
    fh.write((_dumps(header) + "\n").encode("utf-8"))
    for i in range(0, len(rows), chunk):
        fh.write(codec.encode(rows[i:i + chunk]).encode("utf-8", "surrogatepass"))


def read_rows(fh: IO[bytes], header: dict, codec: RowCodec,
              chunk: int = LINES_PER_BATCH) -> Iterator[list]:
    """Batches of the rows in ``fh`` (nothing when its header is not ``header``); a
    damaged line ends the reading (CacheDamaged is not raised: the rest is parsed)."""
    try:
        first = json.loads(fh.readline())
    except ValueError:
        return
    if first != header:
        return
    while True:
        lines, complete = [], True
        for _ in range(chunk):
            line = fh.readline()
            if not line.endswith(b"\n"):
                complete = False     # the end (or a line cut short): nothing after it
                break
            lines.append(line)
        try:
            rows = codec.decode([line.decode("utf-8", "surrogatepass") for line in lines])
        except (CacheDamaged, UnicodeError):
            return
        if rows:
            yield rows
        if not complete:
            return

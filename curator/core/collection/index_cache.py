"""The index cache file: rows of the folder index as JSON lines, data only.

The cache lives in the user's cache directory and is read whenever a folder opens, so it
must never be able to run code (a pickle can: issue 14 item 19). It is plain JSON:

* line 1, the header: ``{"format": N, "stamp": ..., "folder": ...}``; a cache of another
  format, rules stamp or folder is not read at all;
* then one JSON array per line, of two kinds:
  - a problem set ``["S", [[code, severity, field, message, line, fixable,
    [suggestions...]], ...]]``, numbered 0, 1, 2 ... in the order they appear: records of
    one collection share most of their problems, so each distinct list is written once;
  - a row ``[path, size, mtime_ns, ident, title, [field, ...], search, set, parsed,
    inode, ctime_ns, facets]`` (``IndexRow``'s order), its path relative to the folder,
    the list holding the texts of the profile's list columns,
    ``set`` the number of its problem set (defined on an earlier line), ``facets`` an
    object {field: [item, ...]} of text items or null (``facets.facet_values``).

Lines are read a few megabytes at a time, each batch decoded by one ``json.loads`` call, so
rows reach the list while the rest is read and the decoding runs in C. Anything that is not
what Curator writes (a damaged line, a wrong type) ends the reading there: the rows so far
stand, the rest of the folder is parsed again. ``RowCodec`` is the one place that knows the
layout of a row.
"""

from __future__ import annotations

import json
from typing import IO, Iterable, Iterator

from curator.core.checks.problems import SEVERITIES, Problem

CACHE_FORMAT = 6   # 2 was a pickle; 3 JSON lines keyed by size, mtime, inode, ctime; 4 facets;
#                   5 the columns are the profile's (its name and fingerprint in the stamp);
#                   6 all the profile's list columns, one list (was two texts)
LINES_PER_BATCH = 4096     # rows written at a time
BATCH_BYTES = 4 << 20      # about this much of the file is decoded at a time (~3,000 rows)
# ASCII: lone surrogates (which a search key may hold) are \u escapes, and the file is
# decoded without a UTF-8 pass
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"),
                          check_circular=False).encode


_scan_once = json.JSONDecoder().scan_once   # json.loads' C scanner: one value at an index


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
        self._items: dict[tuple, tuple] = {}     # equal facet item tuples: one object
        self._texts: dict[str, str] = {}         # equal facet names, column texts: one

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
            out.append(_dumps([r.path[cut:], r.size, r.mtime_ns, r.ident, r.title,
                               r.fields, r.search.decode("utf-8", "surrogatepass"),
                               number, r.parsed, r.inode, r.ctime_ns, r.facets]))
        return "\n".join(out) + "\n" if out else ""

    # -- reading ------------------------------------------------------------------------
    def decode(self, text: str) -> list:
        """Rows of a batch of whole lines (their problem sets remembered for later
        batches); CacheDamaged when a line is not one Curator writes."""
        prefix, new, row_type, sets = self._prefix, tuple.__new__, self._row, self._decoded
        scan, end = _scan_once, len(text)
        texts = self._texts.setdefault
        out = []
        append = out.append
        at = 0
        try:
            while at < end:
                item, at = scan(text, at)      # one JSON value, by the C scanner
                if text[at] != "\n":
                    raise CacheDamaged("more than one value on a line")
                at += 1
                if len(item) != 12:
                    if len(item) != 2 or item[0] != "S":
                        raise CacheDamaged("neither a row nor a problem set")
                    problems = _problems(item[1])
                    sets.append((problems, *self._summary(problems)))
                    continue
                # a row is stored in IndexRow's order, its problems as a set's number
                if not (str is type(item[0]) is type(item[3]) is type(item[4])
                        is type(item[6])) or type(item[5]) is not list \
                        or not all(type(f) is str for f in item[5]):
                    raise CacheDamaged("a row of the wrong types")
                item[0] = prefix + item[0]
                item[5] = tuple([texts(f, f) for f in item[5]])   # columns repeat
                item[6] = item[6].encode("utf-8", "surrogatepass")
                item[11] = self._facets(item[11])
                item[7:8] = sets[item[7]]
                append(new(row_type, item))
        except StopIteration:
            raise CacheDamaged("not JSON") from None
        except (TypeError, ValueError, LookupError, AttributeError, UnicodeError) as exc:
            raise CacheDamaged(str(exc)) from None
        return out


    def _facets(self, raw) -> dict:
        """A row's facet values: {field: tuple of text or None}, equal tuples and their
        texts shared, and the field names (the JSON decoder makes new key strings for
        every row: 10 names a row were 50 MB at 70,000 rows, measured)."""
        if type(raw) is not dict:
            raise CacheDamaged("facets of the wrong type")
        out = {}
        shared, texts = self._items.get, self._texts.setdefault
        for name, items in raw.items():
            if type(items) is not list or not all(i is None or type(i) is str
                                                   for i in items):
                raise CacheDamaged("a facet of the wrong types")
            key = tuple(items)
            same = shared(key)
            if same is None:
                same = tuple([i if i is None else texts(i, i) for i in key])
                self._items[same] = same
            out[texts(name, name)] = same
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
    fh.write((_dumps(header) + "\n").encode("ascii"))
    for i in range(0, len(rows), chunk):
        fh.write(codec.encode(rows[i:i + chunk]).encode("ascii"))


def read_rows(fh: IO[bytes], header: dict, codec: RowCodec,
              batch_bytes: int = BATCH_BYTES) -> Iterator[list]:
    """Batches of the rows in ``fh``, about ``batch_bytes`` of lines each (nothing when
    its header is not ``header``); a damaged line ends the reading there (CacheDamaged is
    not raised: the rest of the folder is parsed)."""
    try:
        first = json.loads(fh.readline())
    except ValueError:
        return
    if first != header:
        return
    rest = b""
    while True:
        block = fh.read(batch_bytes)
        data = rest + block if rest else block
        cut = data.rfind(b"\n") + 1       # whole lines only: a last line cut short while
        data, rest = data[:cut], data[cut:]   # the file was written is not trusted
        try:
            rows = codec.decode(data.decode("ascii"))
        except (CacheDamaged, UnicodeError):
            return
        if rows:
            yield rows
        if not block:
            return

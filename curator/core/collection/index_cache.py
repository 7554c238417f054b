"""The index cache file: rows of the folder index in blocks of columns, data only.

The cache lives in the user's cache directory and is read whenever a folder opens, so it
must never be able to run code (a pickle can: issue 14 item 19), and reading it must cost
little beside a stat of every file (issue 20: the JSON lines of format 6 took 0.3 s to
decode at 12,000 rows, most of it turning 25 MB of JSON strings and facet objects into
Python values one by one). The file is:

* line 1, the header, JSON: ``{"format": N, "stamp": ..., "folder": ..., "byteorder":
  ...}``; a cache of another format, rules stamp, folder or byte order is not read at all;
* then blocks of up to ``LINES_PER_BATCH`` rows, each ``BLOCK`` (the magic ``CRB7``, the
  lengths of its meta and data parts, and the CRC-32 of both) then the two parts:
  - meta, JSON: ``{"rows": n, "columns": k, "sizes": [5 byte counts], "sets": [...],
    "facets": [...]}``, ``sets`` the problem sets first used in this block (each a list of
    ``[code, severity, field, message, line, fixable, [suggestions...]]``; records of one
    collection share most of their problems, so each distinct list is written once,
    numbered 0, 1, 2 ... across the file) and ``facets`` the facet values first used
    (each an object {field: [item, ...]} of text items or null, numbered the same way:
    rows of equal facet values share one dict, which no one changes);
  - data, five sections: 7 signed 64-bit integers a row (size, mtime_ns, inode,
    ctime_ns, problem set, parsed, facet values); the length in code points of each of
    the 3 + k texts of every row, a column after another (every path relative to the
    folder, then every id, every title, the profile's k list columns); those texts in
    the same order, UTF-8 (lone surrogates kept), each followed by a NUL but the last;
    the length of each row's search bytes; the search bytes.

A block is decoded a column at a time, by C loops (``split``, slices, ``zip``, ``map``)
rather than per value: the texts are one ``split`` at the NULs, checked against their
lengths (cut by the lengths when a text holds a NUL itself). Cutting the texts of a block
of 4,096 rows by slices, a row after another, took 4.6 ms, most of it for the few texts
that are not ASCII (a slice of a text that is not ASCII is scanned again for its widest
character); the split takes 1.2 ms. Anything that is not what Curator writes (a CRC that
does not match, a length that does not add up, a value of the wrong type) ends the
reading there: the rows so far stand, the rest of the folder is parsed again, and
``damage`` says why.
``RowCodec`` is the one place that knows the layout of a row.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from itertools import accumulate, repeat
from operator import add
from typing import IO, Iterable, Iterator

from curator.core.checks.problems import SEVERITIES, Problem

CACHE_FORMAT = 8   # 2 was a pickle; 3 JSON lines keyed by size, mtime, inode, ctime; 4 facets;
#                   5 the columns are the profile's (its name and fingerprint in the stamp);
#                   6 all the profile's list columns, one list (was two texts); 7 blocks of
#                   columns; 8 the texts a column after another, NUL-separated
LINES_PER_BATCH = 4096     # rows written in one block
MAGIC = b"CRB8"
SEP = "\x00"                       # between the texts of a block
BLOCK = struct.Struct("<4sIII")    # magic, meta bytes, data bytes, CRC-32 of meta + data
INTS = 7                           # integers a row
MAX_BLOCK = 1 << 31                # a block header asking for more is damage, not data
BYTEORDER = sys.byteorder          # of the integers (the cache is this machine's)
_U64 = 1 << 64
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"),
                          check_circular=False).encode


class CacheDamaged(ValueError):
    """A block of the cache is not what Curator writes."""


class RowCodec:
    """Turns ``IndexRow`` objects into cache blocks and back, for one folder (``prefix``
    is the folder's path with a trailing separator: row paths are stored without it)."""

    def __init__(self, row_type, prefix: str, summary) -> None:
        self._row = row_type          # IndexRow
        self._prefix = prefix
        self._summary = summary       # problems -> (worst, errors, warnings, missing)
        self._sets: dict[int, int] = {}          # id(problems tuple) -> its number
        self._keep: list[tuple] = []             # the tuples numbered (ids stay valid)
        self._facet_numbers: dict[tuple, int] = {}   # facets' items -> their number
        self._decoded: list[tuple] = []          # number -> (problems, worst, ...)
        self._facets: list[dict] = []            # number -> facet values
        self._items: dict[tuple, tuple] = {}     # equal facet item tuples: one object
        self._texts: dict = {}    # equal facet names, column texts, rows' columns: one

    # -- writing ------------------------------------------------------------------------
    def encode(self, rows: Iterable) -> bytes:
        """The block of ``rows`` (with the problem sets and facet values it uses that
        were not written before); rows not under the folder, or with another number of
        list columns than the first, are left out (never cached: parsed next time)."""
        prefix, cut = self._prefix, len(self._prefix)
        rows = [r for r in rows if r.path.startswith(prefix)]
        if not rows:
            return b""
        k = len(rows[0].fields)
        sets, keep, facet_numbers = self._sets, self._keep, self._facet_numbers
        new_sets, new_facets, ints, texts, searches = [], [], [], [], []
        for r in rows:
            if len(r.fields) != k:
                continue
            number = sets.get(id(r.problems))
            if number is None:
                number = sets[id(r.problems)] = len(keep)
                keep.append(r.problems)
                new_sets.append([[p.code, p.severity, p.field, p.message, p.line, p.fixable,
                                  list(p.suggestions)] for p in r.problems])
            items = tuple((name, tuple(v)) for name, v in r.facets.items())
            facets = facet_numbers.get(items)
            if facets is None:
                facets = facet_numbers[items] = len(facet_numbers)
                new_facets.append(r.facets)
            inode = r.inode if r.inode < 1 << 63 else r.inode - _U64
            ints += (r.size, r.mtime_ns, inode, r.ctime_ns, number, int(r.parsed), facets)
            texts += (r.path[cut:], r.ident, r.title, *r.fields)
            searches.append(r.search)
        texts = [t for j in range(3 + k) for t in texts[j::3 + k]]   # by columns
        sections = [array("q", ints).tobytes(), array("q", map(len, texts)).tobytes(),
                    SEP.join(texts).encode("utf-8", "surrogatepass"),
                    array("q", map(len, searches)).tobytes(), b"".join(searches)]
        meta = _dumps({"rows": len(searches), "columns": k,
                       "sizes": [len(s) for s in sections], "sets": new_sets,
                       "facets": new_facets}).encode("ascii")
        data = b"".join(sections)
        crc = zlib.crc32(data, zlib.crc32(meta))
        return BLOCK.pack(MAGIC, len(meta), len(data), crc) + meta + data

    # -- reading ------------------------------------------------------------------------
    def decode(self, meta: bytes, data: bytes) -> list:
        """The rows of a block (its problem sets and facet values remembered for later
        blocks); CacheDamaged when it is not one Curator writes."""
        try:
            return self._decode(meta, data)
        except CacheDamaged:
            raise
        except (TypeError, ValueError, LookupError, AttributeError, UnicodeError,
                OverflowError) as exc:
            raise CacheDamaged(f"{type(exc).__name__}: {exc}") from None

    def _decode(self, meta: bytes, data: bytes) -> list:
        head = json.loads(meta)
        n, k, sizes = head["rows"], head["columns"], head["sizes"]
        if not (type(n) is type(k) is int and n > 0 and k >= 0 and type(sizes) is list
                and len(sizes) == 5 and all(type(s) is int and s >= 0 for s in sizes)
                and sum(sizes) == len(data)
                and sizes[0] == 8 * INTS * n and sizes[1] == 8 * (3 + k) * n
                and sizes[3] == 8 * n):
            raise CacheDamaged("a block of the wrong shape")
        for raw in head["sets"]:
            problems = _problems(raw)
            self._decoded.append((problems, *self._summary(problems)))
        for raw in head["facets"]:
            self._facets.append(self._facet_values(raw))
        view = memoryview(data)
        ends = list(accumulate(sizes))
        ints = _integers(view[:ends[0]])
        text_lengths = _integers(view[ends[0]:ends[1]])
        text = str(view[ends[1]:ends[2]], "utf-8", "surrogatepass")
        search_lengths = _integers(view[ends[2]:ends[3]])
        texts = _texts(text, text_lengths)
        searches = _pieces(data, search_lengths, ends[3])
        sets, facets = self._decoded, self._facets
        numbers, parsed, facet_numbers = ints[4::INTS], ints[5::INTS], ints[6::INTS]
        if not (0 <= min(numbers) <= max(numbers) < len(sets)
                and 0 <= min(facet_numbers) <= max(facet_numbers) < len(facets)
                and 0 <= min(parsed) <= max(parsed) <= 1):
            raise CacheDamaged("a row refers to no problem set or facet values")
        inodes = ints[2::INTS]
        if min(inodes) < -1:     # inodes of 2**63 and more were stored as negative
            inodes = [i + _U64 if i < -1 else i for i in inodes]
        paths, idents, titles, *lists = (texts[j * n:(j + 1) * n] for j in range(3 + k))
        summaries = [sets[i] for i in numbers]
        prefix, share = self._prefix, self._texts.setdefault
        fields = list(zip(*(map(share, column, column) for column in lists))) \
            if k else [()] * n   # equal texts of a column shared, and so
        fields = list(map(share, fields, fields))   # are rows' tuples of them (5 MB)
        columns = ([prefix + p for p in paths], ints[0::INTS], ints[1::INTS],
                   idents, titles, fields, searches, *zip(*summaries),
                   [p == 1 for p in parsed], inodes, ints[3::INTS],
                   [facets[i] for i in facet_numbers])
        return list(map(tuple.__new__, repeat(self._row), zip(*columns)))

    def _facet_values(self, raw) -> dict:
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


def _integers(raw) -> list[int]:
    values = array("q")
    values.frombytes(raw)
    return values.tolist()


def _texts(whole: str, lengths: list[int]) -> list[str]:
    """The texts of a block: ``whole`` cut at its NULs, which must give texts of
    ``lengths``; cut by the lengths when a text holds a NUL itself."""
    texts = whole.split(SEP)
    if list(map(len, texts)) == lengths:
        return texts
    return _pieces(whole, lengths, 0, len(SEP))


def _pieces(whole, lengths: list[int], start: int = 0, gap: int = 0) -> list:
    """``whole`` from ``start`` on cut into pieces of ``lengths``, ``gap`` items apart
    (which must add up to its end exactly)."""
    if not lengths or min(lengths) < 0:
        raise CacheDamaged("a negative length" if lengths else "no lengths")
    starts = list(accumulate([length + gap for length in lengths[:-1]], initial=start))
    ends = list(map(add, starts, lengths))
    if ends[-1] != len(whole):
        raise CacheDamaged("lengths that do not add up")
    return list(map(whole.__getitem__, map(slice, starts, ends)))


def _problems(raw) -> tuple:
    """The Problem tuple of a problem set."""
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
    """Write the header line and ``rows`` to ``fh``, a block of ``chunk`` rows at a
    time."""
    fh.write((_dumps(header) + "\n").encode("ascii"))
    for i in range(0, len(rows), chunk):
        fh.write(codec.encode(rows[i:i + chunk]))


def read_rows(fh: IO[bytes], header: dict, codec: RowCodec,
              damage: list | None = None) -> Iterator[list]:
    """Batches of the rows in ``fh``, a block at a time (nothing when its header is not
    ``header``). A damaged block ends the reading there (CacheDamaged is not raised:
    the rest of the folder is parsed); why is appended to ``damage``, as is a header of
    other rules, another folder or another format."""
    note = damage.append if damage is not None else (lambda _: None)
    try:
        first = json.loads(fh.readline(1 << 16))
    except ValueError:
        note("not an index cache of this version of Curator")
        return
    if first != header:
        note("written for other rules, another folder or another version of Curator"
             if type(first) is dict and "format" in first
             else "not an index cache of this version of Curator")
        return
    blocks = 0
    while True:
        head = fh.read(BLOCK.size)
        if not head:
            return
        if len(head) < BLOCK.size:
            note(f"cut short after block {blocks}")
            return
        magic, meta_size, data_size, crc = BLOCK.unpack(head)
        if magic != MAGIC or meta_size + data_size > MAX_BLOCK:
            note(f"block {blocks + 1} is not a block of rows")
            return
        meta, data = fh.read(meta_size), fh.read(data_size)
        if len(meta) != meta_size or len(data) != data_size:
            note(f"cut short in block {blocks + 1}")
            return
        if zlib.crc32(data, zlib.crc32(meta)) != crc:
            note(f"block {blocks + 1} does not match its checksum")
            return
        try:
            rows = codec.decode(meta, data)
        except CacheDamaged as exc:
            note(f"block {blocks + 1}: {exc}")
            return
        blocks += 1
        yield rows

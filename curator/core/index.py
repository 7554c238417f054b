"""The folder index: one small row per record, built on every core, cached on disk.

Opening a collection must not wait on a YAML parser for 70,000 files. ``FolderIndex``
lists the folder with ``os.scandir`` (the stat of each file is its cache key), reuses the
rows of unchanged files from the cache, and parses and validates the others with the fast
loader in worker processes, yielding rows in batches as they arrive. A row holds only what
the record list shows and filters on, and the record's problems; the full record is read
when it is opened.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import platformdirs

from .. import __version__
from . import resources
from .atomic import atomic_file
from .collection import SUFFIX
from .errors import RecordError
from .facets import facet_values
from .fastload import read_fast
from .problems import SEVERITIES, Problem, from_record_error
from .validate import validate

CHUNK = 128
PARALLEL_FROM = 256     # fewer stale files than this are parsed in this process
CACHE_CHUNK = 4096      # rows per pickle in the cache file (and per batch read from it)
_CACHE_FORMAT = 3      # 3: rows hold their facet values
_MISSING_CODES = ("field.missing", "field.missing_optional")


class IndexRow(NamedTuple):
    """What the record list needs of one record file."""

    path: str
    size: int
    mtime_ns: int
    figid: str
    title: str
    year: str
    organisms: str
    search: bytes          # figid, title, caption and organisms: see search_key
    problems: tuple        # Problem objects
    worst: str | None      # "error", "warning", "info" or None
    errors: int
    warnings: int
    missing: bool          # a field is missing (required or optional)
    parsed: bool           # False: the file cannot be parsed (its problem says why)
    facets: dict = {}      # facet field -> its items (facets.facet_values); never changed

    def problem_list(self) -> list[Problem]:
        return list(self.problems)


def search_key(text: str) -> bytes:
    """Text as the list's search compares it: lower-cased, UTF-8. A substring of the
    lower-cased text is a substring of these bytes and back; and bytes take half the
    memory of a str for the many captions with one Greek letter (70,000 rows)."""
    return text.lower().encode("utf-8", "surrogatepass")


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def row_for(path: str, size: int, mtime_ns: int, data: dict | None,
            problems: list[Problem]) -> IndexRow:
    """The row of a record from its data (None: unparseable) and problems."""
    parsed = data is not None
    data = data or {}
    figid, title = _text(data.get("figid")), _text(data.get("figtitle"))
    organisms = _text(data.get("organisms"))
    search = search_key("\n".join((figid, title, _text(data.get("caption")), organisms)))
    severities = [p.severity for p in problems]
    worst = next((s for s in SEVERITIES if s in severities), None)
    return IndexRow(path, size, mtime_ns, figid or Path(path).stem, title,
                    _text(data.get("year")), organisms, search, tuple(problems), worst,
                    severities.count("error"), severities.count("warning"),
                    any(p.code in _MISSING_CODES for p in problems), parsed,
                    facet_values(data) if parsed else {})


class _Shared:
    """Makes equal problems (and equal lists of them) one object across rows: records
    of one collection share most of their problems, so 70,000 rows hold a few thousand
    Problem objects instead of 160,000. Equal facet values (and tuples of them) are
    shared the same way."""

    def __init__(self) -> None:
        self._memo: dict = {}

    def rows(self, rows: list[IndexRow]) -> list[IndexRow]:
        memo = self._memo
        out = []
        for row in rows:
            problems = row.problems
            if problems:
                shared = memo.get(problems)
                if shared is None:
                    shared = tuple([memo.setdefault(p, p) for p in problems])
                    memo[shared] = shared
                if shared is not problems:
                    row = row._replace(problems=shared)
            if row.facets:
                facets = row.facets
                for name, items in facets.items():
                    same = memo.get(items)
                    if same is None:
                        same = tuple([memo.setdefault(v, v) for v in items])
                        memo[same] = same
                    facets[name] = same
            out.append(row)
        return out


def index_file(path: str, size: int = -1, mtime_ns: int = -1) -> IndexRow:
    """Parse and validate one record file into its row (a parse failure is a row too)."""
    try:
        parsed = read_fast(Path(path))
    except RecordError as err:
        return row_for(path, size, mtime_ns, None, [from_record_error(err)])
    problems = validate(parsed.data, name=Path(path).stem, lines=parsed.lines)
    return row_for(path, size, mtime_ns, parsed.data, problems)


_worker_shared = _Shared()   # in a worker process (which lives for one scan)


def _index_chunk(entries: list[tuple[str, int, int]]) -> list[IndexRow]:
    """Rows of a chunk, in a worker: shared problems are pickled once per chunk."""
    return _worker_shared.rows([index_file(*entry) for entry in entries])


def list_files(folder: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every record file under ``folder``, sorted by path."""
    out = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(SUFFIX):   # not regular: a row saying so
                    st = entry.stat()
                    out.append((entry.path, st.st_size, st.st_mtime_ns))
            except OSError:
                continue
    out.sort()
    return out


def cache_dir() -> Path:
    """Where index caches live: $CURATOR_CACHE_DIR, or the user's cache directory."""
    override = os.environ.get("CURATOR_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("curator")) / "index"


def _rules_stamp() -> str:
    """Changes when anything that decides a row changes: Curator's version, the schema,
    the organism lists."""
    h = hashlib.sha256(__version__.encode())
    for name in ("schema.yaml", "organisms.txt", "organism_aliases.txt"):
        p = resources.path(name)
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


def _pool_context():
    # Never fork a process that may run Qt threads: forkserver (POSIX) or spawn.
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # workers fork from a server that has the parser and the rules loaded already
        context.set_forkserver_preload(["__main__", "curator.core.bulk"])
        return context
    return multiprocessing.get_context("spawn")


class FolderIndex:
    """The index of one folder. ``scan()`` yields batches of rows; ``rows`` holds all of
    them once the scan is complete. ``cache=False`` neither reads nor writes the cache.

    The cache file is a header pickle followed by pickles of up to ``CACHE_CHUNK`` rows
    (paths relative to the folder), so that it is written and read a chunk at a time:
    rows reach the list while the rest is read, and no second copy of 70,000 rows (nor a
    pickle memo of every object in them) is ever held."""

    def __init__(self, folder: Path | str, *, cache: bool = True, jobs: int | None = None):
        self.folder = Path(folder)          # as given: row paths start with it
        self.resolved = self.folder.resolve()
        self.use_cache = cache
        self.jobs = jobs or os.cpu_count() or 1
        self.rows: dict[str, IndexRow] = {}
        self.reused = 0
        self.parsed = 0
        self._shared = _Shared()

    @property
    def cache_path(self) -> Path:
        key = hashlib.sha256(str(self.resolved).encode()).hexdigest()[:24]
        return cache_dir() / f"{key}.pickle"

    def _header(self, stamp: str) -> dict:
        return {"format": _CACHE_FORMAT, "stamp": stamp, "folder": str(self.resolved)}

    def _cached_batches(self, stamp: str) -> Iterator[list[IndexRow]]:
        """The cached rows, a chunk at a time (none when the cache is missing, was written
        for other rules or another folder, or is damaged: it is rebuilt, never trusted)."""
        prefix = os.path.join(str(self.folder), "")
        try:
            with open(self.cache_path, "rb") as fh:
                if pickle.load(fh) != self._header(stamp):
                    return
                while True:
                    try:
                        chunk = pickle.load(fh)
                    except EOFError:
                        return
                    yield [IndexRow(prefix + row[0], *row[1:]) for row in chunk]
        except Exception:   # a damaged cache: the rows so far stand, the rest is parsed
            return

    def _write_cache(self, stamp: str) -> None:
        """Write the rows to the cache file atomically, a pickle per chunk."""
        cut = len(os.path.join(str(self.folder), ""))
        rows = list(self.rows.values())
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_file(self.cache_path, sync_folder=False) as fh:
                pickle.dump(self._header(stamp), fh, protocol=pickle.HIGHEST_PROTOCOL)
                for i in range(0, len(rows), CACHE_CHUNK):
                    chunk = [(r.path[cut:],) + r[1:] for r in rows[i:i + CACHE_CHUNK]]
                    pickle.dump(chunk, fh, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, RecordError):
            pass  # a cache that cannot be written costs time next run, nothing else

    def scan(self, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> Iterator[list[IndexRow]]:
        """Yield batches of rows (cached rows first, then parsed ones as workers finish).
        ``progress(done, total)`` is called after each batch; ``cancelled()`` returning
        True stops the scan (the rows so far stay in ``rows``; no cache is written)."""
        stamp = _rules_stamp() if self.use_cache else ""
        listing = {path: (size, mtime) for path, size, mtime in list_files(self.folder)}
        total = len(listing)
        self.rows = {}
        self.reused = self.parsed = 0
        dropped = 0            # cached rows of files changed or gone: the cache is stale
        done = 0

        def report(batch):
            nonlocal done
            done += len(batch)
            if progress:
                progress(done, total)

        if self.use_cache:
            for chunk in self._cached_batches(stamp):
                fresh = []
                for row in chunk:
                    if listing.get(row.path) == (row.size, row.mtime_ns):
                        del listing[row.path]
                        fresh.append(row)
                dropped += len(chunk) - len(fresh)
                if fresh:
                    self._add(fresh)
                    self.reused += len(fresh)
                    report(fresh)
                    yield fresh
                if cancelled and cancelled():
                    return
        stale = [(path, size, mtime) for path, (size, mtime) in listing.items()]
        for batch in self._parsed(stale, cancelled):
            report(batch)
            yield batch
        if cancelled and cancelled():
            return
        if self.use_cache and (self.parsed or dropped or not self.reused):
            self._write_cache(stamp)

    def _add(self, batch: list[IndexRow]) -> None:
        for row in batch:
            self.rows[row.path] = row

    def _parsed(self, stale, cancelled) -> Iterator[list[IndexRow]]:
        """Batches of rows of the ``stale`` files, kept in ``rows``, problems shared."""
        for batch in self._parse(stale, cancelled):
            batch = self._shared.rows(batch)
            self._add(batch)
            self.parsed += len(batch)
            yield batch
            if cancelled and cancelled():
                return

    def _parse(self, stale, cancelled) -> Iterator[list[IndexRow]]:
        if not stale:
            return
        if self.jobs == 1 or len(stale) < PARALLEL_FROM:
            for i in range(0, len(stale), CHUNK):
                if cancelled and cancelled():
                    return
                yield [index_file(*entry) for entry in stale[i:i + CHUNK]]
            return
        chunks = [stale[i:i + CHUNK] for i in range(0, len(stale), CHUNK)]
        with ProcessPoolExecutor(max_workers=self.jobs, mp_context=_pool_context()) as pool:
            pending = {pool.submit(_index_chunk, c) for c in chunks}
            try:
                while pending:
                    finished, pending = wait(pending, timeout=0.2,
                                             return_when=FIRST_COMPLETED)
                    for future in finished:
                        yield future.result()
                    if cancelled and cancelled():
                        return
            finally:
                for future in pending:
                    future.cancel()

    def rescan(self, known: dict[str, tuple[int, int]],
               cancelled: Callable[[], bool] | None = None) -> Iterator[list[IndexRow]]:
        """Rows of what changed since ``known`` ({path: (size, mtime_ns)} of the rows one
        has): files whose size or time differ, files not in ``known`` (new), and files of
        ``known`` that are gone (a row saying they cannot be read). Neither reads nor
        writes the cache; parses in workers when many files changed."""
        stale = []
        listing = list_files(self.folder)
        for path, size, mtime in listing:
            if known.get(path) != (size, mtime):
                stale.append((path, size, mtime))
        listed = {path for path, _, _ in listing}
        stale += [(path, -1, -1) for path in known if path not in listed]
        yield from self._parsed(stale, cancelled)

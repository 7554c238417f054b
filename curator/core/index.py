"""The folder index: one small row per record, built on every core, cached on disk.

Opening a collection must not wait on a YAML parser for 70,000 files. ``FolderIndex``
lists the folder with ``os.scandir`` (each file's size, mtime, inode and ctime are its
cache key: a same-size edit that keeps the mtime still changes the ctime, and a replaced
file has a new inode), reuses the rows of unchanged files from the cache (a data-only
file: ``index_cache``), and parses and validates the others with the fast
loader in worker processes, yielding rows in batches as they arrive. A row holds only what
the record list shows and filters on, and the record's problems; the full record is read
when it is opened.
"""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import platformdirs

from .. import __version__
from . import resources
from .atomic import TEMP_SUFFIX, atomic_file, remove_stale_temps
from .collection import SUFFIX
from .errors import RecordError
from .facets import facet_values
from .fastload import read_fast
from .index_cache import CACHE_FORMAT, RowCodec, read_rows, write_rows
from .problems import SEVERITIES, Problem, from_record_error
from .profile import Profile, default_profile
from .profile import choose as choose_profile
from .validate import validate
from .workers import abandon, pool_context, start_pool

CHUNK = 128
CANCEL_POLL_S = 0.05    # a scan in workers looks at its cancel flag this often
PARALLEL_FROM = 256     # fewer stale files than this are parsed in this process
CACHE_CHUNK = 4096      # rows per batch written to the cache file and read from it
KEY_PIECE = 1 << 20     # characters lower-cased at a time by search_key
RACY_NS = 2 * 10**9     # a file modified this close to its listing may change unseen
_MISSING_CODES = ("field.missing", "field.missing_optional")


class IndexRow(NamedTuple):
    """What the record list needs of one record file."""

    path: str
    size: int
    mtime_ns: int
    ident: str             # the profile's id field (or the file's name)
    title: str             # the profile's title field
    fields: tuple          # the profile's list columns (profile.columns), as text
    search: bytes          # the profile's search fields: see search_key
    problems: tuple        # Problem objects
    worst: str | None      # "error", "warning", "info" or None
    errors: int
    warnings: int
    missing: bool          # a field is missing (required or optional)
    parsed: bool           # False: the file cannot be parsed (its problem says why)
    inode: int = -1        # with size, mtime_ns and ctime_ns: the file's cache key
    ctime_ns: int = -1
    facets: dict = {}      # facet field -> its items (facets.facet_values); never changed

    @property
    def field1(self) -> str:
        return self.fields[0] if self.fields else ""

    @property
    def field2(self) -> str:
        return self.fields[1] if len(self.fields) > 1 else ""

    def problem_list(self) -> list[Problem]:
        return list(self.problems)

    @property
    def key(self) -> tuple[int, int, int, int]:
        """What the file's stat must still say for this row to stand (``file_key``)."""
        return (self.size, self.mtime_ns, self.inode, self.ctime_ns)

    def with_key(self, key: tuple[int, int, int, int]) -> "IndexRow":
        size, mtime_ns, inode, ctime_ns = key
        return self._replace(size=size, mtime_ns=mtime_ns, inode=inode, ctime_ns=ctime_ns)


NO_KEY = (-1, -1, -1, -1)     # a file that cannot be stat'ed


def file_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """A file's cache key from its stat: size, mtime, inode and ctime (ns)."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def stat_key(path: str) -> tuple[int, int, int, int]:
    """The cache key of the file at ``path`` now (``NO_KEY`` when it cannot be stat'ed)."""
    try:
        return file_key(os.stat(path))
    except OSError:
        return NO_KEY


def search_key(text: str) -> bytes:
    """Text as the list's search compares it: lower-cased, UTF-8. A substring of the
    lower-cased text is a substring of these bytes and back; and bytes take half the
    memory of a str for the many captions with one Greek letter (70,000 rows).

    A text longer than ``KEY_PIECE`` is lower-cased a piece at a time, each piece ending
    after a space: one ``lower()`` of a 50 MB caption holds the interpreter lock for a
    third of a second, which a window reading it in a worker thread feels as a freeze.
    Cut after white space, the pieces lower-case as the whole does (a final sigma looks
    no further than the nearest space)."""
    if len(text) <= KEY_PIECE:
        return text.lower().encode("utf-8", "surrogatepass")
    pieces, start = [], 0
    while start < len(text):
        end = text.find(" ", start + KEY_PIECE) + 1 or len(text)
        pieces.append(text[start:end].lower().encode("utf-8", "surrogatepass"))
        start = end
    return b"".join(pieces)


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def row_for(path: str, size: int, mtime_ns: int, data: dict | None,
            problems: list[Problem], inode: int = -1, ctime_ns: int = -1,
            profile: Profile | None = None) -> IndexRow:
    """The row of a record from its data (None: unparseable) and problems, with the
    columns ``profile`` names (the default profile's when None)."""
    profile = profile or default_profile()
    parsed = data is not None
    data = data or {}

    def text(name: str | None) -> str:
        return _text(data.get(name)) if name else ""

    ident = text(profile.id_field)
    fields = tuple(text(c.field) for c in profile.columns)
    search = search_key("\n".join(text(f) for f in profile.search))
    return IndexRow(path, size, mtime_ns, ident or Path(path).stem, text(profile.title_field),
                    fields, search, tuple(problems),
                    *problem_summary(problems), parsed, inode, ctime_ns,
                    facet_values(data, profile.schema) if parsed else {})


def problem_summary(problems) -> tuple[str | None, int, int, bool]:
    """What a row holds beside its problems: worst severity, errors, warnings, missing."""
    severities = [p.severity for p in problems]
    worst = next((s for s in SEVERITIES if s in severities), None)
    return (worst, severities.count("error"), severities.count("warning"),
            any(p.code in _MISSING_CODES for p in problems))


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


def index_file(path: str, size: int = -1, mtime_ns: int = -1, inode: int = -1,
               ctime_ns: int = -1, profile: Profile | None = None) -> IndexRow:
    """Parse and validate one record file into its row (a parse failure is a row too);
    the key (``file_key``) is the stat it was listed with; ``profile`` gives the schema
    and the columns (the default profile's when None)."""
    profile = profile or default_profile()
    try:
        parsed = read_fast(Path(path))
    except RecordError as err:
        return row_for(path, size, mtime_ns, None, [from_record_error(err)], inode,
                       ctime_ns, profile)
    problems = validate(parsed.data, name=Path(path).stem, lines=parsed.lines,
                        schema=profile.schema)
    return row_for(path, size, mtime_ns, parsed.data, problems, inode, ctime_ns, profile)


_worker_shared = _Shared()   # in a worker process (which lives for one scan)
_worker_stop = None          # the scan's stop event, in a worker (set: it was cancelled)
_worker_profile = None       # the scan's profile, in a worker


def _init_worker(stop, profile=None) -> None:
    global _worker_stop, _worker_profile
    _worker_stop, _worker_profile = stop, profile


def _index_chunk(entries: list[tuple]) -> list[IndexRow]:
    """Rows of a chunk, in a worker: shared problems are pickled once per chunk. A
    cancelled scan's chunk stops at the next file (its rows are never used), so that
    the pool shuts down at once (waiting for whole chunks made quitting during a scan
    take seconds on a busy machine)."""
    rows = []
    for entry in entries:
        if _worker_stop is not None and _worker_stop.is_set():
            break
        rows.append(index_file(*entry, profile=_worker_profile))
    return _worker_shared.rows(rows)


def list_files(folder: Path, temps: set | None = None) -> list[tuple]:
    """(path, size, mtime_ns, inode, ctime_ns) of every record file under ``folder``,
    sorted by path. ``temps``: a set to add the folders holding temporary files of
    interrupted writes to (``atomic.remove_stale_temps``)."""
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
                if temps is not None and entry.name.endswith(TEMP_SUFFIX):
                    temps.add(current)
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(SUFFIX):   # not regular: a row saying so
                    out.append((entry.path, *file_key(entry.stat())))
            except OSError:
                continue
    out.sort()
    return out


def cache_dir() -> Path:
    """Where index caches live: $CURATOR_CACHE_DIR, or the user's cache directory."""
    override = os.environ.get("CURATOR_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("curator")) / "index"


def _rules_stamp(profile: Profile) -> str:
    """Changes when anything that decides a row changes: Curator's version, the profile
    and its schema, the organism lists."""
    h = hashlib.sha256(__version__.encode())
    h.update(f"{profile.name}:{profile.fingerprint}".encode())
    for name in ("organisms.txt", "organism_aliases.txt",
                 "organism_placeholders.txt"):
        p = resources.path(name)
        if p.exists():
            h.update(p.read_bytes())
    names = resources.path("taxonomy_names.xz")      # 4.5 MB: its size and time will do
    if names.exists():
        st = names.stat()
        h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    # the rules' own code: a checkout that changes a rule without a version bump
    here = Path(__file__).parent
    for module in ("validate", "rules", "titles", "organisms", "organism_rules", "derive",
                   "field_types", "index"):
        source = here / f"{module}.py"
        if source.exists():
            h.update(source.read_bytes())
    return h.hexdigest()


class FolderIndex:
    """The index of one folder. ``scan()`` yields batches of rows; ``rows`` holds all of
    them once the scan is complete. ``cache=False`` neither reads nor writes the cache.
    ``tidy=True``: the scan also removes the temporary files interrupted writes left in
    the folders it lists (the window does; ``removed_temps`` lists them).

    The cache file (``index_cache``) is written and read a chunk of ``CACHE_CHUNK`` rows
    at a time, so rows reach the list while the rest is read and no second copy of
    70,000 rows is ever held."""

    def __init__(self, folder: Path | str, *, cache: bool = True, jobs: int | None = None,
                 tidy: bool = False, profile: Profile | None = None):
        self.folder = Path(folder)          # as given: row paths start with it
        self.resolved = self.folder.resolve()
        self.profile = profile or choose_profile(self.folder)   # the folder's own
        self.use_cache = cache
        self.tidy = tidy
        self.jobs = jobs or os.cpu_count() or 1
        self.rows: dict[str, IndexRow] = {}
        self.reused = 0
        self.parsed = 0
        self.removed_temps: list[Path] = []
        self._shared = _Shared()
        self._listed_ns = 0

    @property
    def cache_path(self) -> Path:
        return cache_dir() / f"{self._cache_key()}.jsonl"

    def _cache_key(self) -> str:
        return hashlib.sha256(str(self.resolved).encode()).hexdigest()[:24]

    def _header(self, stamp: str) -> dict:
        return {"format": CACHE_FORMAT, "stamp": stamp, "folder": str(self.resolved)}

    def _codec(self) -> RowCodec:
        return RowCodec(IndexRow, os.path.join(str(self.folder), ""), problem_summary)

    def _cached_batches(self, stamp: str) -> Iterator[list[IndexRow]]:
        """The cached rows, a chunk at a time (none when the cache is missing, was written
        for other rules or another folder, or is damaged: it is rebuilt, never trusted)."""
        try:
            with open(self.cache_path, "rb") as fh:
                yield from read_rows(fh, self._header(stamp), self._codec())
        except OSError:
            return

    def _write_cache(self, stamp: str) -> None:
        """Write the rows to the cache file atomically. A row of a file modified within
        ``RACY_NS`` of its listing is written with no key: an edit in the same tick of
        the file system's clock would leave size and times as they were (git's "racily
        clean" files), so it is parsed again next time."""
        racy = self._listed_ns - RACY_NS
        rows = [r if r.mtime_ns < racy else r.with_key(NO_KEY) for r in self.rows.values()]
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_file(self.cache_path, sync_folder=False) as fh:
                write_rows(fh, self._header(stamp), self._codec(), rows, CACHE_CHUNK)
        except (OSError, RecordError):
            return  # a cache that cannot be written costs time next run, nothing else
        try:        # the pickle of Curator before cache format 3 is never read again
            (cache_dir() / f"{self._cache_key()}.pickle").unlink(missing_ok=True)
        except OSError:
            pass

    def scan(self, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> Iterator[list[IndexRow]]:
        """Yield batches of rows (cached rows first, then parsed ones as workers finish).
        ``progress(done, total)`` is called after each batch; ``cancelled()`` returning
        True stops the scan (the rows so far stay in ``rows``; no cache is written)."""
        stamp = _rules_stamp(self.profile) if self.use_cache else ""
        self._listed_ns = time.time_ns()
        temps: set | None = set() if self.tidy else None
        listing = {entry[0]: entry[1:] for entry in list_files(self.folder, temps)}
        total = len(listing)
        self.rows = {}
        self.reused = self.parsed = 0
        self.removed_temps = [p for folder in sorted(temps or ())
                              for p in remove_stale_temps(folder)]
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
                    if listing.get(row.path) == row.key:
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
        stale = [(path, *key) for path, key in listing.items()]
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
                yield [index_file(*entry, profile=self.profile)
                       for entry in stale[i:i + CHUNK]]
            return
        chunks = [stale[i:i + CHUNK] for i in range(0, len(stale), CHUNK)]
        stop = pool_context().Event()
        with start_pool(self.jobs, _init_worker, (stop, self.profile)) as pool:
            pending = {pool.submit(_index_chunk, c) for c in chunks}
            try:
                while pending:
                    finished, pending = wait(pending, timeout=CANCEL_POLL_S,
                                             return_when=FIRST_COMPLETED)
                    for future in finished:
                        yield future.result()
                    if cancelled and cancelled():
                        return
            finally:
                if pending:       # cancelled: the workers' rows are not wanted
                    stop.set()
                    abandon(pool)

    def rescan(self, known: dict[str, tuple], cancelled: Callable[[], bool] | None = None
               ) -> Iterator[list[IndexRow]]:
        """Rows of what changed since ``known`` ({path: row.key} of the rows one has):
        files whose key differs, files not in ``known`` (new), and files of ``known``
        that are gone (a row saying they cannot be read). Neither reads nor writes the
        cache; parses in workers when many files changed."""
        stale = []
        listing = list_files(self.folder)
        for entry in listing:
            if known.get(entry[0]) != entry[1:]:
                stale.append(entry)
        listed = {entry[0] for entry in listing}
        stale += [(path, *NO_KEY) for path in known if path not in listed]
        yield from self._parsed(stale, cancelled)

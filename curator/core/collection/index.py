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
import importlib
import os
import time
from pathlib import Path
from typing import Callable, Iterator

from curator import __version__
from curator.core import resources
from curator.core.files.atomic import TEMP_SUFFIX, atomic_file, remove_stale_temps
from curator.core.collection.paths import SUFFIX
from curator.core.errors import RecordError
from curator.core.collection.index_cache import (
    BYTEORDER, CACHE_FORMAT, RowCodec, read_rows, write_rows,
)
from curator.core.collection.index_row import (
    NO_KEY, IndexRow, SharedValues, file_key, index_file, problem_summary, row_for, row_key,
    row_path, search_key, stat_key,
)
from curator.core.fields.profile import Profile
from curator.core.fields.profile import choose as choose_profile
from curator.core.collection.workers import pool_context, run_chunks

CHUNK = 128
PARALLEL_FROM = 256     # fewer stale files than this are parsed in this process
CACHE_CHUNK = 4096      # rows per batch written to the cache file and read from it
RACY_NS = 2 * 10**9     # a file modified this close to its listing may change unseen
OLD_SUFFIXES = (".pickle", ".jsonl")   # caches of formats 2 and 3 to 6

# the row of one file is made in index_row; its names are imported from here too
__all__ = ["CACHE_CHUNK", "CACHE_FORMAT", "CHUNK", "PARALLEL_FROM", "RACY_NS", "FolderIndex",
           "IndexRow", "NO_KEY", "cache_dir", "file_key", "index_file", "list_files",
           "problem_summary", "row_for", "search_key", "stat_key"]


_worker_shared = SharedValues()   # in a worker process (which lives for one scan)
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
    return sorted((path, *key) for path, key in listing(folder, temps).items())


_AT_FD = os.stat in os.supports_dir_fd and os.scandir in os.supports_fd   # not Windows


def listing(folder: Path, temps: set | None = None) -> dict[str, tuple]:
    """{path: file_key} of every record file under ``folder`` (``list_files``, unsorted:
    the scan of a warm reopen looks paths up, and a stat costs little more than this
    loop's work, so it is kept to one pass of plain steps)."""
    return dict(record_files(folder, temps))


def record_files(folder: Path, temps: set | None = None) -> Iterator[tuple[str, tuple]]:
    """(path, file_key) of every record file under ``folder``, as the folders are read.
    Each directory entry is let go once stat'ed: a list of a folder's 70,000 entries,
    each keeping its stat result, was 60 MB of small objects at once (issue 20), whose
    freed pools the window's heap kept. Each folder is opened once and its files are
    stat'ed by name relative to it (``dir_fd``): a stat of the whole path walked every
    folder above the file again, 20-30% of the listing's time at 12,000 files
    (``DirEntry.stat`` does; where there is no ``dir_fd``, Windows, it is still used)."""
    stack = [str(folder)]
    stat = os.stat
    while stack:
        current = stack.pop()
        prefix = os.path.join(current, "")
        try:
            fd = os.open(current, os.O_RDONLY | os.O_DIRECTORY) if _AT_FD else None
        except OSError:
            continue
        try:
            with os.scandir(current if fd is None else fd) as it:
                for entry in it:
                    name = entry.name
                    if name[0] == ".":
                        if temps is not None and name.endswith(TEMP_SUFFIX):
                            temps.add(current)
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(prefix + name)
                        elif name.endswith(SUFFIX):   # not regular: a row saying so
                            yield prefix + name, file_key(
                                entry.stat() if fd is None else stat(name, dir_fd=fd))
                    except OSError:
                        continue
        except OSError:
            continue
        finally:
            if fd is not None:
                os.close(fd)


def cache_dir() -> Path:
    """Where index caches live: $CURATOR_CACHE_DIR, or the user's cache directory."""
    return resources.cache_folder("index")


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
    for module in _RULE_MODULES:
        source = Path(importlib.import_module(module).__file__ or "")
        if source.is_file():      # a frozen bundle may keep its modules in an archive
            h.update(source.read_bytes())
    return h.hexdigest()


# the modules whose code decides a row's problems: a change to any of them re-validates
_RULE_MODULES = ("curator.core.checks.validate", "curator.core.checks.rules",
                 "curator.core.checks.titles", "curator.core.checks.organisms",
                 "curator.core.checks.organism_rules", "curator.core.fields.derive",
                 "curator.core.fields.field_types", "curator.core.collection.index",
                 "curator.core.collection.index_row")


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
        self.cache_note = ""    # why the cache was not (all) used, when it was not
        self._shared = SharedValues()
        self._listed_ns = 0
        self._unsaved: str | None = None    # the stamp of a cache save() is to write

    @property
    def cache_path(self) -> Path:
        return cache_dir() / f"{self._cache_key()}.rows"

    def _cache_key(self) -> str:
        return resources.cache_name(self.resolved)

    def _header(self, stamp: str) -> dict:
        return {"format": CACHE_FORMAT, "stamp": stamp, "folder": str(self.resolved),
                "byteorder": BYTEORDER}

    def _codec(self) -> RowCodec:
        return RowCodec(IndexRow, os.path.join(str(self.folder), ""), problem_summary)

    def _cached_batches(self, stamp: str) -> Iterator[list[IndexRow]]:
        """The cached rows, a chunk at a time (none when the cache is missing, was written
        for other rules or another folder, or is damaged: it is rebuilt, never trusted;
        why is in ``cache_note``)."""
        damage: list[str] = []
        try:
            with open(self.cache_path, "rb") as fh:
                yield from read_rows(fh, self._header(stamp), self._codec(), damage)
        except FileNotFoundError:
            return
        except OSError as exc:
            damage.append(f"cannot be read: {exc.strerror or exc}")
        finally:
            if damage:
                self.cache_note = f"The index cache {damage[0]}: it is rebuilt."

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
        for old in OLD_SUFFIXES:   # caches of older Curators are never read again
            try:
                (cache_dir() / f"{self._cache_key()}{old}").unlink(missing_ok=True)
            except OSError:
                pass

    def scan(self, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None, *,
             save: bool = True) -> Iterator[list[IndexRow]]:
        """Yield batches of rows (cached rows first, then parsed ones as workers finish).
        ``progress(done, total)`` is called after each batch; ``cancelled()`` returning
        True stops the scan (the rows so far stay in ``rows``; no cache is written).
        ``save=False``: a completed scan leaves writing the cache to ``save()``, so that
        the caller can show the whole list first (writing 12,000 rows takes 0.1 s)."""
        stamp = _rules_stamp(self.profile) if self.use_cache else ""
        self._listed_ns = time.time_ns()
        temps: set | None = set() if self.tidy else None
        listed = listing(self.folder, temps)
        total = len(listed)
        self.rows = {}
        self.reused = self.parsed = 0
        self.cache_note = ""
        self._unsaved = None
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
            key_of, get = row_key, listed.get
            for chunk in self._cached_batches(stamp):
                fresh = [row for row in chunk if get(row.path) == key_of(row)]
                for row in fresh:
                    del listed[row.path]
                dropped += len(chunk) - len(fresh)
                if fresh:
                    self._add(fresh)
                    self.reused += len(fresh)
                    report(fresh)
                    yield fresh
                if cancelled and cancelled():
                    return
        stale = sorted((path, *key) for path, key in listed.items())
        for batch in self._parsed(stale, cancelled):
            report(batch)
            yield batch
        if cancelled and cancelled():
            return
        self._unsaved = stamp if self.use_cache and (self.parsed or dropped
                                                     or not self.reused) else None
        if save:
            self.save()

    def save(self) -> None:
        """Write the cache of a completed scan that changed it (once; see ``scan``)."""
        stamp, self._unsaved = self._unsaved, None
        if stamp is not None:
            self._write_cache(stamp)

    def _add(self, batch: list[IndexRow]) -> None:
        self.rows.update(zip(map(row_path, batch), batch))

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
                yield self._index_here(stale[i:i + CHUNK])
            return
        chunks = [stale[i:i + CHUNK] for i in range(0, len(stale), CHUNK)]
        stop = pool_context().Event()     # set: the workers' rows are not wanted
        yield from run_chunks(chunks, _index_chunk, self._index_here, self.jobs,
                              initializer=_init_worker, initargs=(stop, self.profile),
                              cancelled=cancelled, stop=stop)

    def _index_here(self, entries: list[tuple]) -> list[IndexRow]:
        return [index_file(*entry, profile=self.profile) for entry in entries]

    def rescan(self, known: dict[str, tuple], cancelled: Callable[[], bool] | None = None
               ) -> Iterator[list[IndexRow]]:
        """Rows of what changed since ``known`` ({path: row.key} of the rows one has):
        files whose key differs, files not in ``known`` (new), and files of ``known``
        that are gone (a row saying they cannot be read). Neither reads nor writes the
        cache; parses in workers when many files changed."""
        stale, seen = [], 0
        for path, key in record_files(self.folder):     # changed or new
            old = known.get(path)
            seen += old is not None
            if old != key:
                stale.append((path, *key))
        stale.sort()
        if seen < len(known):   # some are gone: listed again (rare) rather than every
            listed = {path for path, _ in record_files(self.folder)}   # path kept
            stale += [(path, *NO_KEY) for path in known if path not in listed]
        yield from self._parsed(stale, cancelled)

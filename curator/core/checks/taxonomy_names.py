"""A sorted list of a million names without a million Python strings: the names as one block
of UTF-8 lines and an array of where each line starts, searched by bisection on the bytes
(UTF-8 sorts as the code points do, the order ``resources/build_taxonomy.py`` writes).

``load`` unpacks ``taxonomy_names.xz`` (0.3 s) into a cache file beside an offsets table
the first time, then maps both read-only: the pages are the operating system's, shared by
the window and every worker process, and only the few a lookup touches are read.

Read, but counted in the process's memory while mapped: the kernel maps a lookup's pages
with their neighbours (fault-around), so 10 lookups of a bisection had 10 MB of the map
resident, and a window's session 25-29 MB of its 33 (issue 20, bench_memory). So the
first steps of a bisection are made in memory, on every ``SAMPLE``-th name (16,000 names,
about 1 MB), and only the last, among ``SAMPLE`` names, in the map; and every
``RELEASE_AFTER`` lookups the mapped pages are let go (``MADV_DONTNEED``: they stay in
the page cache, and the next lookup maps the few it needs again)."""

from __future__ import annotations

import lzma
import mmap
import os
import sys
from array import array
from bisect import bisect_left
from pathlib import Path

from curator.core.lazy import lazy

np = lazy("numpy")    # imported when the names are first unpacked: 0.16 s of a start

FORMAT = 1      # of the cache files: a change of their layout changes their name
SAMPLE = 64          # names a bisection's last steps look at in the map
RELEASE_AFTER = 16   # lookups of mapped names between two releases of their pages


class SortedNames:
    """A read-only sequence of names: ``len``, ``names[i]``, ``names[i:j]`` (a list),
    ``name in names`` and ``prefix_range``. ``blob`` holds the lines, each ending in
    ``\\n``; ``starts`` (unsigned 32-bit) where each begins, then the blob's length."""

    def __init__(self, blob, starts, maps=()) -> None:
        self._blob = blob
        self._starts = starts
        self._n = len(starts) - 1
        self._maps = [m for m in maps if hasattr(m, "madvise")]   # mapped files
        self._lookups = 0
        self._sample = [self._bytes(i) for i in range(0, self._n, SAMPLE)]
        self.release()

    def _looked_up(self) -> None:
        """Count a lookup; every ``RELEASE_AFTER``, let the mapped pages go."""
        if not self._maps:
            return
        self._lookups += 1
        if self._lookups >= RELEASE_AFTER:
            self._lookups = 0
            self.release()

    def release(self) -> None:
        """Let the pages of the mapped files go from this process (read again, from the
        page cache, when next needed)."""
        for m in self._maps:
            try:
                m.madvise(mmap.MADV_DONTNEED)
            except (OSError, ValueError):   # closed, or no such advice here
                pass

    def __len__(self) -> int:
        return self._n

    def _bytes(self, i: int) -> bytes:
        return self._blob[self._starts[i]:self._starts[i + 1] - 1]

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._bytes(k).decode("utf-8") for k in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return self._bytes(i).decode("utf-8")

    def _left(self, key: bytes) -> int:
        """The first ``i`` whose name is not below ``key``: between two names of the
        sample (``names[(b-1)*SAMPLE] < key <= names[b*SAMPLE]``), then among them."""
        b = bisect_left(self._sample, key)
        lo, hi = (b - 1) * SAMPLE + 1 if b else 0, min(b * SAMPLE, self._n)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._bytes(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def __contains__(self, name) -> bool:
        self._looked_up()
        key = name.encode("utf-8", "surrogatepass")
        i = self._left(key)
        return i < self._n and self._bytes(i) == key

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """(lo, hi): the names ``names[lo:hi]`` are those starting with ``prefix``."""
        self._looked_up()
        key = prefix.encode("utf-8", "surrogatepass")
        return self._left(key), self._left(key + b"\xff")


def from_text(blob: bytes) -> SortedNames:
    """SortedNames over ``blob``, newline-separated names (a last newline optional)."""
    if blob and not blob.endswith(b"\n"):
        blob += b"\n"
    ends = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 10) + 1
    starts = np.concatenate(([0], ends)).astype(np.uint32)
    return SortedNames(blob, array("I", starts.tobytes()))


def _cache_names(source: Path, cache: Path) -> tuple[Path, Path]:
    st = source.stat()
    stem = f"names-{FORMAT}-{st.st_size}-{st.st_mtime_ns}"
    return cache / f"{stem}.txt", cache / f"{stem}.starts"


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` whole (another process may write the same bytes at
    the same time: each writes a temporary file of its own)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _mapped(path: Path):
    with open(path, "rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def load(source: Path, cache: Path | None = None) -> SortedNames:
    """The names of ``source`` (an lzma file of sorted lines), mapped from ``cache`` when
    it holds them, unpacked (and written there for the next time) when not. A cache that
    cannot be written or read costs only the speed: the names are then held in memory."""
    if cache is not None:
        text, starts = _cache_names(source, cache)
        try:
            if text.exists() and starts.exists():
                blob, table = _mapped(text), _mapped(starts)
                view = memoryview(table).cast("I")
                if len(view) and view[-1] == len(blob) and sys.byteorder == "little":
                    return SortedNames(blob, view, (blob, table))
        except (OSError, ValueError, TypeError):
            pass
    names = from_text(lzma.decompress(source.read_bytes()))
    if cache is not None and sys.byteorder == "little":
        try:
            cache.mkdir(parents=True, exist_ok=True)
            _write(starts, names._starts.tobytes())     # the table first: a reader
            _write(text, names._blob)                   # needs both, and checks they agree
        except OSError:
            pass
    return names

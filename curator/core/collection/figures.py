"""Where a record's figure image comes from: a local file inside the allowed folders, or
the figure's file at PMC (the URL PFOCR's own site uses), kept in a bounded disk cache.

No Qt here: the window's fetcher (``gui/figure_fetcher.py``) does the network part.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from curator.core import resources
from curator.core.files.atomic import TEMP_SUFFIX

PMC_BASE = "https://www.ncbi.nlm.nih.gov"
BASE_ENV = "CURATOR_PMC_BASE"
"""Replaces the scheme and host of figure URLs (a check points the window at a local
server); with it set, fetching is on whatever the saved setting says."""
CACHE_BYTES = 512 * 1024 * 1024
_PMCID = re.compile(r"^PMC[0-9]{1,12}$")
_FILENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,254}$")
_LOCAL_HOSTS = {"localhost"}


def pmc_base() -> str:
    """The figure server: ``CURATOR_PMC_BASE`` when set, else PMC."""
    return (os.environ.get(BASE_ENV) or PMC_BASE).rstrip("/")


def base_overridden() -> bool:
    return bool(os.environ.get(BASE_ENV))


def _is_local(host: str) -> bool:
    if host in _LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_allowed(url: str) -> bool:
    """Only ``https``, or ``http`` to this machine (a test server): never another scheme."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if not host or parts.username or parts.password:
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and _is_local(host)


def figure_url(pmcid, filename, base: str | None = None) -> str | None:
    """``{base}/pmc/articles/{pmcid}/bin/{filename}``, or None when the record's
    ``pmcid`` or ``filename`` is not a plain PMC id and file name, or the base is not an
    allowed server."""
    if not isinstance(pmcid, str) or not isinstance(filename, str):
        return None
    pmcid, filename = pmcid.strip(), filename.strip()
    if not _PMCID.match(pmcid) or not _FILENAME.match(filename) or ".." in filename:
        return None
    url = f"{(base or pmc_base()).rstrip('/')}/pmc/articles/{pmcid}/bin/{quote(filename)}"
    return url if url_allowed(url) else None


def image_path(filename, folders) -> Path | None:
    """The first existing ``folder/filename`` that stays inside its folder (no ``..``,
    no absolute paths, no symlink out)."""
    if not isinstance(filename, str) or not filename.strip():
        return None
    name = filename.strip()
    if Path(name).is_absolute() or "\\" in name or "\0" in name:
        return None
    for folder in folders:
        if folder is None or not os.path.isfile(os.path.join(folder, name)):
            continue      # nothing there (most records): no symlinks to resolve
        try:
            base = Path(folder).resolve()
            candidate = (base / name).resolve()
        except (OSError, RuntimeError, ValueError):
            continue
        if candidate.is_relative_to(base) and candidate != base and candidate.is_file():
            return candidate
    return None


def image_folders(collection: Path | None, chosen=None) -> list[Path]:
    """Where a record's image is looked for, in order: the collection folder, an
    ``images/`` folder in it or beside it, and the folder chosen in the settings."""
    folders = []
    if collection is not None:
        collection = Path(collection)
        folders += [collection, collection / "images", collection.parent / "images"]
    if chosen:
        folders.append(Path(chosen))
    return folders


def default_cache_folder() -> Path:
    """The user's cache folder for figures: ``figures`` beside the index cache
    (``core/index.cache_dir``), or ``$CURATOR_CACHE_DIR-figures`` when that is set (tests
    and the packaged app's checks keep both in a temporary folder)."""
    return resources.cache_folder("figures")


class FigureCache:
    """Downloaded figures on disk, at most ``max_bytes`` in all; the least recently used
    go first. A file's modification time is its last use."""

    def __init__(self, folder: Path | str, max_bytes: int = CACHE_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes

    def _path(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".img")

    def get(self, url: str) -> bytes | None:
        path = self._path(url)
        try:
            data = path.read_bytes()
            os.utime(path)          # used now: the last to go
        except OSError:
            return None
        return data

    def __contains__(self, url: str) -> bool:
        return self._path(url).is_file()

    def put(self, url: str, data: bytes) -> None:
        """Keep ``data`` (never more than the bound: a figure bigger than it is not
        kept), then drop the least recently used until the cache fits."""
        if len(data) > self.max_bytes:
            return
        path = self._path(url)
        tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
        try:
            # renamed into place (never half a file), but not fsynced as record saves
            # are (core/atomic.py): a cache lost in a power cut is fetched again, and an
            # fsync on the GUI thread would stall the next keypress
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            return                  # a full or read-only cache is no error: fetch again
        self.trim(keep=self._path(url))

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last use, size, path) of every cached figure, oldest first."""
        out = []
        try:
            with os.scandir(self.folder) as it:
                for entry in it:
                    if entry.name.endswith(".img"):
                        try:
                            st = entry.stat()
                        except OSError:
                            continue
                        out.append((st.st_mtime_ns, st.st_size, Path(entry.path)))
        except OSError:
            return []
        return sorted(out)

    def size(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def trim(self, keep: Path | None = None) -> None:
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            try:
                path.unlink()
            except OSError:
                continue
            total -= size


@lru_cache(maxsize=8)
def _names_pattern(fields: tuple[str, str]) -> re.Pattern:
    keys = b"|".join(re.escape(f.encode()) for f in fields)
    return re.compile(rb"^(" + keys + rb"):[ \t]*(['\"]?)([^'\"\r\n#]+?)\2[ \t]*\r?$", re.M)


def figure_names(path: Path | str, fields: tuple[str, str],
                 limit: int = 65536) -> tuple[str | None, str | None]:
    """The values of a record file's two top-level ``fields`` (the profile's preview
    folder and image fields) read from its lines, without parsing the record (the
    window prefetches the figures of the next records)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(limit)
    except OSError:
        return None, None
    found = {}
    for match in _names_pattern(tuple(fields)).finditer(head):
        found.setdefault(match.group(1), match.group(3).decode("utf-8", "replace"))
    return found.get(fields[0].encode()), found.get(fields[1].encode())

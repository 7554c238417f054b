"""Opening record files safely: regular files only, never blocking on a FIFO or device,
and the advisory lock that Curator's writers take on a file while they check and
replace it.

The lock is ``flock`` on the file itself (no lock files beside 70,000 records). A writer
that replaces the file (rename) leaves the lock on the old inode, so whoever waited for it
finds, once it has the lock, that the path now names another file, and starts again on
that one (``locked``).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path

from curator.core.errors import RecordError

try:
    import fcntl
except ImportError:       # Windows: no advisory locks; the re-checks still apply
    fcntl = None

LOCK_TIMEOUT = 10.0      # seconds to wait for another writer (Curator's hold it for ms)
_LOCK_POLL = 0.002
_ATTEMPTS = 20           # the path replaced under us this often: give up (conflict)


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    """Open ``path`` for reading without blocking (a FIFO opened for reading waits for a
    writer forever) and check it is a regular file: (fd, its stat). OSError as ``open``
    raises it; RecordError (``io.read``) for a FIFO, device or folder."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise RecordError(path, "not a regular file", code="io.read")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_all(fd: int, limit: int | None = None) -> bytes:
    """The whole content of the open file ``fd`` from its start (up to ``limit`` + 1
    bytes: the caller can tell the file is larger)."""
    chunks, offset = [], 0
    if not hasattr(os, "pread"):     # Windows
        os.lseek(fd, 0, os.SEEK_SET)
    while limit is None or offset <= limit:
        chunk = os.pread(fd, 1 << 20, offset) if hasattr(os, "pread") else os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _flock(fd: int, path, timeout: float) -> None:
    if fcntl is None:
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                if exc.errno in (errno.ENOLCK, errno.EINVAL, errno.ENOTSUP):
                    return     # a filesystem without locks: the re-checks still apply
                raise
        if time.monotonic() >= deadline:
            raise RecordError(path, f"the file is locked by another program (waited "
                              f"{timeout:g} s); not written", code="io.locked")
        time.sleep(_LOCK_POLL)


@contextmanager
def locked(path: Path | str, timeout: float | None = None):
    """Hold Curator's write lock on the regular file ``path`` (symlinks resolved by the
    caller): yields (fd, stat) of the file the path names once the lock is held, or
    (None, None) when there is no file. RecordError for what is not a regular file or
    cannot be opened."""
    for _ in range(_ATTEMPTS):
        try:
            fd, st = open_regular(path)
        except FileNotFoundError:
            yield None, None
            return
        except OSError as exc:
            raise RecordError(path, f"cannot read: {exc.strerror or exc}",
                              code="io.read") from None
        try:
            _flock(fd, path, LOCK_TIMEOUT if timeout is None else timeout)
            try:
                now = os.stat(path)
            except FileNotFoundError:
                now = None
            if now is not None and same_file(now, st):
                yield fd, os.fstat(fd)
                return
        finally:
            os.close(fd)           # closing releases the lock
        if now is None:            # deleted while we waited: there is no file now
            yield None, None
            return
    raise RecordError(path, "the file kept being replaced by another program while "
                      "saving; not written", code="io.conflict")

"""Atomic file replacement: the file is either its old or its new complete content."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import RecordError

TEMP_SUFFIX = ".curator-tmp"


def write_atomic(path: Path | str, data: bytes, *, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``data``: a temporary file in the same folder is written,
    flushed, fsynced and renamed over the target, keeping the target's permissions; then
    the folder is fsynced so the rename survives a power loss (a caller writing many
    files may pass ``sync_folder=False`` and call ``fsync_folder`` once at the end).
    On any error the temporary file is removed and RecordError names the file."""
    with atomic_file(path, sync_folder=sync_folder) as fh:
        fh.write(data)


@contextmanager
def atomic_file(path: Path | str, *, sync_folder: bool = True):
    """A binary file to write ``path``'s new content into (``write_atomic`` for a stream,
    e.g. a pickle): renamed over ``path`` when the block ends, removed if it raises."""
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise RecordError(path, f"cannot write: {exc.strerror or exc}", code="io.write") from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                                   suffix=TEMP_SUFFIX)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, path)
        tmp = None
        if sync_folder:
            fsync_folder(path.parent)
    except OSError as exc:
        raise RecordError(path, f"cannot write: {exc.strerror or exc}", code="io.write") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_folder(folder: Path | str) -> None:
    """Make the renames done in ``folder`` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path | str) -> list[Path]:
    """Remove the temporary files that interrupted writes left in ``folder``: those whose
    writing process (its id is in the name) is no longer running."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        pid = _writer_pid(entry.name)
        if pid is not None and pid != os.getpid() and _running(pid):
            continue
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _writer_pid(name: str) -> int | None:
    parts = name[:-len(TEMP_SUFFIX)].split(".")
    for part in reversed(parts[:-1]):
        if part.isdigit():
            return int(part)
    return None


def _running(pid: int) -> bool:
    """Whether a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

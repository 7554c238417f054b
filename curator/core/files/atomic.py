"""Atomic, checked file replacement: a record file is either its old or its new complete
content, and a save never overwrites what another writer put in the file meanwhile.

``write_atomic`` writes the new bytes to a temporary file beside the target (through a
symlink: beside its target, which is what gets written), gives it the target's owner,
group, mode and extended attributes, fsyncs it and swaps it in. While it checks and
replaces, it holds Curator's write lock on the file (``fileio.locked``), which every
Curator writer honours (two ``curator fix`` runs, the window); just before the swap it
checks again that the name still holds the same file with the same bytes, and after an
atomic exchange (``filemeta.exchange``) that what it swapped out was that file, unchanged:
a write by a program that takes no lock, landing at any moment, is kept and the save is a
conflict naming the file. Read-only files and files with several hard links are refused
(a rename would replace the one or split the others).
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from curator.core.errors import RecordError
from curator.core.files.fileio import locked, read_all, same_file
from curator.core.files.filemeta import copy_metadata, exchange

TEMP_SUFFIX = ".curator-tmp"
_NAME_MAX = 255          # bytes in a file name (ext4, xfs, btrfs, APFS, NTFS)
_PREFIX_MAX = 80         # bytes of the record's name kept in its temporary name


def temp_name(path: Path) -> Path:
    """A fresh temporary name beside ``path``: ``.<start of the name>.<pid>.<random>``
    plus TEMP_SUFFIX, never longer than a file name may be (a legal 247-byte record name
    made a temporary name of 270 bytes, and such a record could never be saved)."""
    tail = f".{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}".encode()
    room = min(_PREFIX_MAX, _NAME_MAX - 1 - len(tail))
    # cut at a byte count; a character cut in two (or a byte that is not UTF-8) is dropped
    prefix = os.fsencode(path.name)[:room].decode("utf-8", "ignore").encode("utf-8")
    return path.parent / os.fsdecode(b"." + prefix + tail)


def _create_temp(path: Path, mode: int) -> tuple[int, Path]:
    for _ in range(100):
        tmp = temp_name(path)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0), mode)
        except FileExistsError:
            continue
        return fd, tmp
    raise FileExistsError(f"no free temporary name beside {path}")


def _unlink(path: Path | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def _conflict(path) -> RecordError:
    return RecordError(path, "another program wrote the file while it was being saved; "
                       "its version was kept, this one not written", code="io.conflict")


def write_atomic(path: Path | str, data: bytes, *, sync_folder: bool = True,
                 check: Callable[[bytes | None], bool] | None = None) -> bool:
    """Replace the file ``path`` names with ``data``; return whether it was written.

    ``check(current)`` is called under Curator's write lock with the file's bytes (None:
    there is no file): True writes, False leaves the file as it is, a RecordError refuses.
    Whatever another writer puts in the file before the new bytes take its name makes the
    save a RecordError ``io.conflict`` and is kept. The folder is fsynced so the rename
    survives a power loss (a caller writing many files may pass ``sync_folder=False`` and
    call ``fsync_folder`` once at the end). On any error the temporary file is removed
    and RecordError names the file."""
    path = Path(path)
    # a symlinked record: write its target (the folders on the way may be links too:
    # the temporary file goes beside whatever the name leads to, so only the name counts)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        with locked(target) as (fd, st):
            current = None if fd is None else read_all(fd)
            if check is not None and not check(current):
                return False
            if fd is None:
                _create(path, target, data)
            else:
                _refuse(path, target, st)
                _replace(path, target, data, fd, st, current)
        if sync_folder:
            fsync_folder(target.parent)
    except OSError as exc:
        raise RecordError(path, f"cannot write: {exc.strerror or exc}", code="io.write") from None
    return True


def _refuse(path: Path, target: Path, st: os.stat_result) -> None:
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise RecordError(path, "the file is read-only; not written", code="io.readonly")
    if st.st_nlink > 1:
        raise RecordError(path, f"the file has {st.st_nlink} hard links: replacing it would "
                          "split them (the other names would keep the old text); not "
                          "written", code="io.hardlink")


def _write_temp(path: Path, target: Path, data: bytes, mode: int, st=None, fd=None) -> Path:
    tmp_fd, tmp = _create_temp(target, mode)
    try:
        with os.fdopen(tmp_fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if st is not None:
                copy_metadata(path, st, fd, fh.fileno())
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _create(path: Path, target: Path, data: bytes) -> None:
    """A new file: linked to its name only if the name is still free."""
    tmp = _write_temp(path, target, data, 0o666)    # the umask applies
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise RecordError(path, "another program created the file while it was being "
                          "saved; not written", code="io.conflict") from None
    except OSError:              # a filesystem without hard links
        os.rename(tmp, target)
        tmp = None
    finally:
        _unlink(tmp)


def _unchanged(target: Path, fd: int, st: os.stat_result, current: bytes) -> bool:
    try:
        now = os.stat(target)
    except FileNotFoundError:
        return False
    return same_file(now, st) and read_all(fd) == current


def _replace(path: Path, target: Path, data: bytes, fd: int, st: os.stat_result,
             current: bytes) -> None:
    tmp = _write_temp(path, target, data, 0o600, st, fd)
    try:
        if not _unchanged(target, fd, st, current):
            raise _conflict(path)
        if exchange(tmp, target):       # tmp now names what target named
            swapped = os.stat(tmp)
            if not same_file(swapped, st) or read_all(fd) != current:
                try:
                    exchange(tmp, target)   # theirs back under the name
                except OSError as exc:      # keep theirs where it is, and say where
                    kept, tmp = tmp, None
                    raise RecordError(path, f"another program wrote the file while it was "
                                      f"being saved, and its version could not be put back "
                                      f"({exc.strerror or exc}): it is in {kept.name}",
                                      code="io.conflict") from None
                raise _conflict(path)
        else:
            os.replace(tmp, target)
            tmp = None
            theirs = read_all(fd)
            if theirs != current:       # written in place meanwhile: put it back
                back = _write_temp(path, target, theirs, 0o600, st, fd)
                os.replace(back, target)
                raise _conflict(path)
    finally:
        _unlink(tmp)


@contextmanager
def atomic_file(path: Path | str, *, sync_folder: bool = True):
    """A binary file to stream ``path``'s new content into (Curator's own files, e.g. the
    index cache's pickles, not records: no check, no lock): renamed over ``path`` when
    the block ends, removed if it raises."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = _create_temp(path, 0o666)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
        if sync_folder:
            fsync_folder(path.parent)
    except OSError as exc:
        raise RecordError(path, f"cannot write: {exc.strerror or exc}", code="io.write") from None
    finally:
        _unlink(tmp)


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

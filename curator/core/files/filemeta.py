"""What a replaced file keeps of the file it replaces (owner, group, mode, extended
attributes), and the atomic exchange of two names (Linux ``renameat2``) that lets a
writer check what it replaced.

A file written beside a record and renamed over it is a new inode: without these, a save
as root made the record root's (its owner could no longer read a 0600 file), and
``user.*`` attributes (tags, origin URLs) were dropped.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys

from curator.core.errors import RecordError


def copy_metadata(path, st: os.stat_result, src_fd: int, dst_fd: int) -> None:
    """Give the new file ``dst_fd`` the owner, group, mode and extended attributes of
    ``src_fd`` (whose stat is ``st``). RecordError (``io.owner``) when the owner or group
    cannot be kept: the file is then not replaced."""
    if hasattr(os, "fchown"):
        mine = os.fstat(dst_fd)
        if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
            try:
                os.fchown(dst_fd, st.st_uid, st.st_gid)
            except PermissionError:
                raise RecordError(path, f"cannot keep the file's owner and group (user "
                                  f"{st.st_uid}, group {st.st_gid}): saving would change "
                                  "them; not written", code="io.owner") from None
    os.fchmod(dst_fd, st.st_mode & 0o7777)      # after chown, which clears set-id bits
    copy_xattrs(path, src_fd, dst_fd)


def copy_xattrs(path, src_fd: int, dst_fd: int) -> None:
    """Copy every extended attribute the filesystem lets us read and write; failing to
    keep a ``user.*`` one is a RecordError (the others, e.g. ``security.*``, are the
    system's)."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(src_fd)
    except OSError:
        return
    for name in names:
        try:
            os.setxattr(dst_fd, name, os.getxattr(src_fd, name))
        except OSError as exc:
            if name.startswith("user."):
                raise RecordError(path, f"cannot keep the extended attribute {name} "
                                  f"({exc.strerror or exc}); not written",
                                  code="io.write") from None


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = None
if sys.platform.startswith("linux"):
    try:
        _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
        _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                               ctypes.c_uint]
    except (AttributeError, OSError):   # a libc without it
        _renameat2 = None


def exchange(a, b) -> bool:
    """Swap the names ``a`` and ``b`` atomically (both must exist); False when the
    system or the filesystem cannot (the caller renames instead)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), os.fsdecode(b))

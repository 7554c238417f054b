"""Giving the C heap's free pages back to the system (glibc's ``malloc_trim``).

After a large batch of work is let go (a word index's build, a bulk plan's preview), the
C allocator keeps the freed memory for later use; it is still counted in the window's
memory (resident set) until it is used again or handed back. Elsewhere than glibc this
does nothing."""

from __future__ import annotations


def give_back_memory() -> None:
    """Return the C heap's free pages to the system (glibc): a word index build's large
    temporaries stayed in the heap otherwise, 100 MB of RSS at 70,000 rows for an index
    of 31 MB (measured: 336 MB -> 277 MB after the build, 241 MB before it)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):   # not glibc
        pass

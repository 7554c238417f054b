"""Bulk edits over many record files, on every core: plan (preview), then write.

``plan`` opens each record, applies the operations (``operations.py``) and keeps the old
and the new bytes of every record that changes, so the preview shows exactly the diff the
save will make. ``write`` saves planned changes atomically, refusing any file that changed
on disk since it was planned. Files that cannot be parsed are skipped and listed.
"""

from __future__ import annotations

import difflib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from .atomic import _running, fsync_folder, write_atomic
from .errors import RecordError
from .index import CHUNK, PARALLEL_FROM, _pool_context
from .record import Record


@dataclass(frozen=True)
class Change:
    """One record's planned change: the bytes on disk and the bytes to write."""

    path: str
    old: bytes
    new: bytes

    def diff(self) -> str:
        """The unified diff of the file as it will be written."""
        return unified_diff(self.path, self.old, self.new)


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    skipped: list[RecordError] = field(default_factory=list)   # unreadable, never written
    unchanged: int = 0
    written: list[str] = field(default_factory=list)           # with commit=True

    def extend(self, other: "Plan") -> None:
        self.changes.extend(other.changes)
        self.skipped.extend(other.skipped)
        self.unchanged += other.unchanged
        self.written.extend(other.written)


def unified_diff(path: str, old: bytes, new: bytes) -> str:
    a = old.decode("utf-8-sig", errors="replace").splitlines(keepends=True)
    b = new.decode("utf-8-sig", errors="replace").splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def plan_file(path: str, operations, commit: bool = False) -> Plan:
    """Apply ``operations`` to one file: planned (or, with ``commit``, written)."""
    plan = Plan()
    try:
        record = Record.open(path, fast=True)
        for op in operations:
            op.apply(record.data, name=os.path.splitext(os.path.basename(path))[0])
        if not record.modified:
            plan.unchanged += 1
        elif commit:
            record.save(sync_folder=False)   # the caller syncs each folder once
            plan.written.append(path)
        else:
            plan.changes.append(Change(path, record.raw, record.render()))
    except RecordError as err:
        plan.skipped.append(err)
    return plan


def _plan_chunk(paths: list[str], operations, commit: bool, owner: int | None = None) -> Plan:
    plan = Plan()
    for path in paths:
        if owner is not None and not _running(owner):
            os._exit(1)  # the process that asked is gone (killed): write nothing more
        plan.extend(plan_file(path, operations, commit))
    for folder in {os.path.dirname(p) for p in plan.written}:
        fsync_folder(folder)
    return plan


def plan(paths, operations, *, commit: bool = False, jobs: int | None = None,
         progress: Callable[[int, int], None] | None = None,
         cancelled: Callable[[], bool] | None = None) -> Plan:
    """Plan ``operations`` on every file of ``paths`` (worker processes for many files);
    with ``commit`` each changed record is saved at once instead."""
    paths = [str(p) for p in paths]
    jobs = jobs or os.cpu_count() or 1
    total, done, result = len(paths), 0, Plan()
    chunks = [paths[i:i + CHUNK] for i in range(0, total, CHUNK)]
    if jobs == 1 or total < PARALLEL_FROM:
        results = (_plan_chunk(c, operations, commit) for c in chunks)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context())
        results = pool.map(_plan_chunk, chunks, [operations] * len(chunks),
                           [commit] * len(chunks), [os.getpid()] * len(chunks))
    try:
        for chunk, part in zip(chunks, results):
            result.extend(part)
            done += len(chunk)
            if progress:
                progress(done, total)
            if cancelled and cancelled():
                break
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return result


def write_change(change: Change) -> None:
    """Write one planned change, unless the file no longer holds the planned-from bytes."""
    try:
        with open(change.path, "rb") as fh:
            current = fh.read()
    except OSError as exc:
        raise RecordError(change.path, f"cannot read: {exc.strerror or exc}",
                          code="io.read") from None
    if current != change.old:
        raise RecordError(change.path, "the file changed on disk since the change was "
                          "planned; not written", code="io.conflict")
    write_atomic(change.path, change.new)


def write(changes, progress: Callable[[int, int], None] | None = None) -> list[RecordError]:
    """Write planned changes; return the errors (the other files are still written)."""
    errors = []
    for i, change in enumerate(changes, 1):
        try:
            write_change(change)
        except RecordError as err:
            errors.append(err)
        if progress:
            progress(i, len(changes))
    return errors

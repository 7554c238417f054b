"""Bulk edits over many record files, on every core: plan (preview), then write.

``plan`` opens each record, applies the operations (``operations.py``) and keeps the old
and the new bytes of every record that changes, so the preview shows exactly the diff the
save will make (and, with ``rows=True``, the record list's row of the new bytes, built by
the worker that rendered them). ``write_many`` saves planned changes atomically on a few
threads (fsync waits on the disk, not on the interpreter), refusing any file that changed
on disk since it was planned; each folder is fsynced once at the end. Files that cannot be
parsed are skipped and listed.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable

from curator.core.files.atomic import fsync_folder, write_atomic
from curator.core.errors import FieldPathError, RecordError
from curator.core.collection.index import CHUNK, PARALLEL_FROM
from curator.core.collection.index_row import IndexRow, SharedValues, row_for, share_parts
from curator.core.files.record import Record
from curator.core.checks.validate import validate
from curator.core.collection.workers import futures_process, start_pool
from curator.core.edits.planned import Change, Plan

COMMIT_ATTEMPTS = 5  # a file another writer changed between our read and our write is read
                    # again and edited again (committing runs only: nobody saw a preview)
WRITE_THREADS = 4   # files written at once: fsync releases the GIL (measured: 4 threads
                    # write 12,000 files in ~70% of the time one takes, on 2 cores)


def row_of_data(path: str, data: dict, profile=None) -> IndexRow:
    """The record list's row of a record whose file will hold ``data`` (size and time
    -1: the caller sets them from the written file). As ``index.index_file`` builds it,
    but validated without a parse of the new bytes (rendering parsed them already, to
    check they read back as ``data``): its problems carry no line numbers, which the
    list never shows; the record's own are re-validated when it is opened."""
    name = os.path.splitext(os.path.basename(path))[0]
    schema = profile.schema if profile is not None else None
    return row_for(path, -1, -1, data, validate(data, name=name, schema=schema),
                   profile=profile)


def apply_operations(data: dict, operations, path) -> None:
    """Apply ``operations`` to one record's data. An operation that fails on this record
    (a list index past its end, a key under a text value ...) is a RecordError naming the
    file (code ``edit.failed``): the other files go on."""
    name = os.path.splitext(os.path.basename(str(path)))[0]
    for op in operations:
        try:
            op.apply(data, name=name)
        except RecordError:
            raise
        except FieldPathError as exc:
            raise RecordError(path, f"{op.describe()}: {exc.message}",
                              code="edit.failed") from None
        except Exception as exc:   # never lose the other files to one record's failure
            raise RecordError(path, f"{op.describe()}: failed ({type(exc).__name__}: "
                              f"{exc})", code="edit.failed") from None


def plan_file(path: str, operations, commit: bool = False, rows: bool = False,
              profile=None) -> Plan:
    """Apply ``operations`` to one file: planned (or, with ``commit``, written); with
    ``rows`` each change carries the list row of its new bytes. Whatever goes wrong with
    this file is a RecordError in ``skipped``, never an exception. Committing, a file that
    another writer (a second ``curator fix``) changed since it was read is read and edited
    again, as a run started after that writer would have."""
    plan = Plan()
    try:
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            record = Record.open(path, fast=True)
            apply_operations(record.data, operations, path)
            if not record.modified:
                plan.unchanged += 1
            elif commit:
                try:
                    record.save(sync_folder=False)   # the caller syncs each folder once
                except RecordError as err:
                    if err.code == "io.conflict" and attempt < COMMIT_ATTEMPTS:
                        continue     # written meanwhile: apply the operations to that
                    raise
                plan.written.append(path)
            else:
                new = record.render()
                row = row_of_data(path, record.data, profile) if rows else None
                plan.changes.append(Change(path, record.raw, new, row))
            break
    except RecordError as err:
        plan.skipped.append(_without_frames(err))
    except Exception as exc:   # a bug must not stop the other files nor hide this one
        plan.skipped.append(RecordError(path, f"unexpected error ({type(exc).__name__}: "
                                        f"{exc}); not written", code="edit.failed"))
    return plan


def _without_frames(err: BaseException) -> BaseException:
    """``err`` with no traceback, nor its causes: their frames lead back to the plan
    that keeps ``err`` in its skipped files (a cycle, which only a full collection
    frees: a closed preview's whole plan stayed in memory with it)."""
    chain, seen = err, set()
    while chain is not None and id(chain) not in seen:
        seen.add(id(chain))
        chain.__traceback__ = None
        chain = chain.__cause__ or chain.__context__
    return err


def _plan_chunk(paths: list[str], operations, commit: bool, rows: bool = False,
                profile=None) -> Plan:
    """Plan (or commit) a chunk of files, in a worker (which exits by itself when the
    process that asked is killed: see workers.start_pool)."""
    plan = Plan()
    for path in paths:
        plan.extend(plan_file(path, operations, commit, rows, profile))
    for folder in {os.path.dirname(p) for p in plan.written}:
        fsync_folder(folder)
    if rows:    # equal problems pickled once per chunk
        _share_rows(plan, SharedValues())
    return plan


def _lost_chunk(paths: list[str], commit: bool, exc: BaseException) -> Plan:
    """A chunk whose worker process died (killed, out of memory): each file named."""
    what = "written" if commit else "planned"
    return Plan(skipped=[RecordError(p, f"its worker process stopped ({exc or 'killed'}); "
                                     f"not known to be {what}", code="edit.failed")
                         for p in paths])


def _share_rows(plan: Plan, shared: SharedValues, listed=None) -> None:
    """Make the equal problems of the changes' rows one object (see index_row.SharedValues),
    and their parts equal to the listed row's (``listed(path)``, None: not listed) the
    listed row's (``share_parts``)."""
    if plan.changes:
        rows = shared.rows([c.row for c in plan.changes])
        if listed is not None:
            rows = [share_parts(r, listed(c.path)) for c, r in zip(plan.changes, rows)]
        plan.changes = [c.with_row(r) for c, r in zip(plan.changes, rows)]


def plan(paths, operations, *, commit: bool = False, jobs: int | None = None,
         progress: Callable[[int, int], None] | None = None,
         cancelled: Callable[[], bool] | None = None, rows: bool = False,
         profile=None, listed: Callable[[str], IndexRow | None] | None = None) -> Plan:
    """Plan ``operations`` on every file of ``paths`` (worker processes for many files);
    with ``commit`` each changed record is saved at once instead. ``rows``: each change
    carries the list row of its new bytes (``Change.row``), as ``profile`` lists it,
    sharing the parts equal to those of the row ``listed(path)`` (None: not listed)."""
    paths = [str(p) for p in paths]
    jobs = jobs or os.cpu_count() or 1
    total, done, result = len(paths), 0, Plan()
    chunks = [paths[i:i + CHUNK] for i in range(0, total, CHUNK)]
    if jobs == 1 or total < PARALLEL_FROM:
        results = (_plan_chunk(c, operations, commit, rows, profile) for c in chunks)
        pool = None
    else:
        pool = start_pool(jobs)
        results = pool.map(_plan_chunk, chunks, [operations] * len(chunks),
                           [commit] * len(chunks), [rows] * len(chunks),
                           [profile] * len(chunks))
    shared = SharedValues() if rows else None
    broken = None
    try:
        for chunk in chunks:
            if broken is None:
                try:
                    part = next(results)
                except futures_process.BrokenProcessPool as exc:
                    broken = exc
            if broken is not None:      # this chunk and the rest: named, not lost
                part = _lost_chunk(chunk, commit, broken)
            if shared is not None:   # one Problem object per equal one, across chunks
                _share_rows(part, shared, listed)
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


def write_change(change: Change, *, sync_folder: bool = True) -> bool:
    """Write one planned change, unless the file no longer holds the planned-from bytes
    (RecordError ``io.conflict``; ``io.read`` when it cannot be read). A file that holds
    the new bytes already is left alone: False (written: True)."""
    def check(current: bytes | None) -> bool:      # under the write lock
        if current is None:
            raise RecordError(change.path, "the file was deleted since the change was "
                              "planned; not written", code="io.conflict")
        if current == change.new:
            return False
        if current != change.old:
            raise RecordError(change.path, "the file changed on disk since the change was "
                              "planned; not written", code="io.conflict")
        return True

    return write_atomic(change.path, change.new, sync_folder=sync_folder, check=check)


@dataclass
class Outcome:
    """What became of one change: the file now holds its new bytes (``stat`` of it,
    ``written`` False when it held them already), or ``error`` says why not."""

    change: Change
    stat: os.stat_result | None = None
    written: bool = False
    error: RecordError | None = None

    @property
    def done(self) -> bool:
        return self.error is None


def _write_one(change: Change) -> Outcome:
    try:
        written = write_change(change, sync_folder=False)
        try:
            st = os.stat(change.path)
        except OSError as exc:
            raise RecordError(change.path, f"written, but cannot be read back: "
                              f"{exc.strerror or exc}", code="io.read") from None
    except RecordError as err:
        return Outcome(change, error=err)
    except Exception as exc:   # never lose a file's outcome to an unexpected error
        return Outcome(change, error=RecordError(change.path, f"cannot write: {exc}",
                                                 code="io.write"))
    return Outcome(change, st, written)


def write_many(changes, *, threads: int | None = None,
               report: Callable[[list[Outcome], int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None,
               interval: float = 0.05) -> list[Outcome]:
    """Write planned changes on ``threads`` threads (default ``WRITE_THREADS``), each
    file atomically (see ``write_change``), then fsync each folder once. Returns the
    outcome of every change attempted, in the order they finished (a failure never
    stops the others).

    ``report(outcomes, done, total)`` is called on the calling thread with the outcomes
    finished since its last call, at least every ``interval`` seconds while files are
    being written (even when none finished: the caller may keep a window responsive)
    and once at the end. ``cancelled()``, asked as often, returning True stops
    writing: files being written are finished, the others are not attempted."""
    changes = list(changes)
    total = len(changes)
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for change in changes:
        todo.put(change)
    finished: queue.SimpleQueue = queue.SimpleQueue()
    stop = threading.Event()

    def writer() -> None:    # takes changes until there are none left, or a stop
        try:
            while not stop.is_set():
                try:
                    change = todo.get_nowait()
                except queue.Empty:
                    return
                finished.put(_write_one(change))
        finally:
            finished.put(None)       # this writer is done

    workers = [threading.Thread(target=writer, name=f"bulk-write-{i}", daemon=True)
               for i in range(max(1, min(threads or WRITE_THREADS, total)))]
    for worker in workers:
        worker.start()
    outcomes: list[Outcome] = []
    batch: list[Outcome] = []
    running = len(workers)
    last = time.monotonic()
    try:
        while running:
            try:
                item = finished.get(timeout=max(0.0, last + interval - time.monotonic()))
            except queue.Empty:
                item = False
            if item is None:
                running -= 1
            elif item is not False:
                batch.append(item)
            if item is False or not running or time.monotonic() >= last + interval:
                outcomes.extend(batch)
                if report:
                    report(batch, len(outcomes), total)
                batch = []
                last = time.monotonic()
                if cancelled and not stop.is_set() and cancelled():
                    stop.set()    # files being written are finished, no others begun
    finally:
        stop.set()
        for worker in workers:
            worker.join()
        while True:       # outcomes not yet taken (only when report raised)
            try:
                item = finished.get_nowait()
            except queue.Empty:
                break
            if item:
                outcomes.append(item)
        for folder in sorted({os.path.dirname(o.change.path) for o in outcomes
                              if o.written}):
            fsync_folder(folder)
    return outcomes


def write(changes, progress: Callable[[int, int], None] | None = None) -> list[RecordError]:
    """Write planned changes; return the errors (the other files are still written)."""
    def report(batch, done, total):
        if progress:
            progress(done, total)
    return [o.error for o in write_many(changes, report=report) if o.error is not None]

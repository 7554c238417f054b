"""Worker processes for work over many files (index scans, bulk plans): the one way to
start them.

Workers never fork from a process that may run Qt threads (forkserver on POSIX, spawn
elsewhere), and they die with the process that started them: each one watches its
parent's sentinel and exits at once when the parent is gone. Without that, a ``curator
fix`` killed while its workers waited for work left them (and with them the forkserver
and the resource tracker, which live while any of them does) blocked for minutes.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, wait
from typing import TYPE_CHECKING, Callable, Iterator

from curator.core.lazy import lazy

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# imported when a pool is first started (22 ms of every window's start otherwise; a warm
# reopen and a scan of fewer than PARALLEL_FROM files start none)
multiprocessing = lazy("multiprocessing")
connection = lazy("multiprocessing.connection")
futures_process = lazy("concurrent.futures.process")

PRELOAD = ["__main__", "curator.core.edits.bulk"]   # the parser and the rules, loaded once
ABANDON_JOIN_S = 5.0   # the longest an abandoned pool's threads are waited for
POLL_S = 0.05          # run_chunks looks at its cancel flag this often


def pool_context():
    # Never fork a process that may run Qt threads: forkserver (POSIX) or spawn.
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # workers fork from a server that has the parser and the rules loaded already
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def start_pool(jobs: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool of ``jobs`` (at least 1) worker processes that die with this process;
    ``initializer(*initargs)`` runs in each worker as it starts (a module-level function)."""
    return futures_process.ProcessPoolExecutor(
        max_workers=max(1, jobs), mp_context=pool_context(), initializer=_start_worker,
        initargs=(initializer, initargs))


def run_chunks(chunks: list, work: Callable, local: Callable, jobs: int, *,
               initializer=None, initargs: tuple = (),
               cancelled: Callable[[], bool] | None = None,
               stop=None) -> Iterator:
    """``work(chunk)`` of every chunk, as they finish, by a pool of ``jobs`` workers
    (``start_pool``). Until a worker has delivered, the calling thread does chunks itself
    with ``local(chunk)``, from the first: those not handed out yet (the workers are
    handed chunks from the last), or handed out and not begun (their futures cancelled).
    A new worker imports the parser and the rules before its first chunk (0.2-0.4 s,
    longer on a busy machine): a cold open of 12,000 records had one core idle and
    nothing to show for that long. The first rows shown are the first chunk's, as before:
    the top of a list sorted as the files are.

    ``cancelled()`` returning True ends it within ``POLL_S``: ``stop`` (an Event of
    ``pool_context()`` that ``work`` looks at) is set and the pool abandoned. A worker
    that dies raises ``BrokenProcessPool`` here, as ``future.result()`` does."""
    todo = deque(chunks)
    handed: queue.SimpleQueue = queue.SimpleQueue()   # futures, then None (or an error)
    chunk_of: dict = {}          # future -> its chunk, while it may be taken back
    is_cancelled = cancelled or (lambda: False)
    with start_pool(jobs, initializer, initargs) as pool:
        def feed() -> None:      # submitting spawns the workers: it waits for them
            try:
                while not is_cancelled():
                    try:
                        chunk = todo.pop()
                    except IndexError:
                        break
                    future = pool.submit(work, chunk)
                    chunk_of[future] = chunk
                    handed.put(future)
            except BaseException as exc:   # a broken pool; or abandoned, shut down
                handed.put(exc)
            handed.put(None)

        def take_back():
            """A chunk no worker has begun, the first first; None when there is none."""
            try:
                return todo.popleft()
            except IndexError:
                pass
            while newest:
                future = newest.pop()
                if future not in pending:
                    continue                 # done and handed on already
                if not future.cancel():
                    return None      # running: so are all handed out before it
                pending.discard(future)
                return chunk_of.pop(future)
            return None

        feeder = threading.Thread(target=feed, name="curator-pool-feed", daemon=True)
        feeder.start()
        pending: set = set()
        newest: list = []            # the futures handed out before a worker delivered
        fed = delivered = False
        try:
            while not fed or pending:
                idle = delivered or not todo
                while True:
                    try:
                        item = handed.get(block=idle and not pending, timeout=POLL_S)
                    except queue.Empty:
                        break
                    if item is None:
                        fed = True
                    elif isinstance(item, BaseException):
                        raise item
                    else:
                        pending.add(item)
                        if not delivered:
                            newest.append(item)
                if not delivered and any(future.done() for future in pending):
                    delivered = True       # a worker is up: this thread stops parsing
                if delivered:
                    newest.clear()   # a done future holds its rows: 70,000 rows' worth
                chunk = None if delivered else take_back()
                if chunk is not None:
                    yield local(chunk)
                elif pending:
                    finished, pending = wait(pending, timeout=POLL_S,
                                             return_when=FIRST_COMPLETED)
                    while finished:      # each let go once handed on (it holds its rows)
                        future = finished.pop()
                        delivered = True
                        chunk_of.pop(future, None)
                        yield future.result()
                if is_cancelled():
                    return
        finally:
            if pending or not fed:      # cancelled, or failed: the rest is not wanted
                todo.clear()
                if stop is not None:
                    stop.set()
                abandon(pool)
            feeder.join(ABANDON_JOIN_S)


def abandon(pool: ProcessPoolExecutor, timeout: float = ABANDON_JOIN_S) -> bool:
    """Stop ``pool`` now, its work unwanted (a cancelled scan, which only reads files): the
    queued work is dropped and the workers are killed, instead of waiting for each to
    finish what it holds. A worker still starting (reading the NCBI names takes about
    0.4 s) would otherwise hold a quit for as long.

    The pool's processes and its manager thread are joined for at most ``timeout``
    seconds each; whether the manager stopped. (Its broken-pool path, which killed workers
    take it down, closes the pipe of queued calls so its feeder cannot block: gh-94777.)
    """
    table = getattr(pool, "_processes", None)
    table = {} if table is None else table   # the pool's own dict, even while empty
    processes = list(table.values())
    pool.shutdown(wait=False, cancel_futures=True)   # waits for a submit spawning a worker
    processes += [p for p in list(table.values()) if p not in processes]   # that one
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass          # gone already, or never started
    for process in processes:
        try:
            process.join(timeout)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout)
        return not manager.is_alive()
    return True


def _start_worker(initializer, initargs: tuple) -> None:
    _die_with_parent()
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent() -> None:
    """In a worker: exit as soon as the process that started the pool is gone."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        connection.wait([sentinel])
        os._exit(1)   # nothing of this worker's work is wanted any more; files stay whole

    threading.Thread(target=watch, name="curator-parent-watch", daemon=True).start()

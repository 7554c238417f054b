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
import sys
import threading
from typing import TYPE_CHECKING

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


def abandon(pool: ProcessPoolExecutor, timeout: float = ABANDON_JOIN_S) -> bool:
    """Stop ``pool`` now, its work unwanted (a cancelled scan, which only reads files): the
    queued work is dropped and the workers are killed, instead of waiting for each to
    finish what it holds. A worker still starting (reading the NCBI names takes about
    0.4 s) would otherwise hold a quit for as long.

    The pool's processes and its manager thread are joined for at most ``timeout``
    seconds each; whether the manager stopped. (Its broken-pool path, which killed workers
    take it down, closes the pipe of queued calls so its feeder cannot block: gh-94777.)
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
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

"""Worker processes (core/workers.py): abandoning a pool whose work is unwanted kills the
workers at once, whatever they are doing (a quit during a folder scan waited for each
worker to finish its first file: about a second, with the NCBI names read first)."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from curator.core.collection.workers import abandon, pool_context, run_chunks, start_pool


def _stuck() -> None:          # a worker that never finishes starting
    time.sleep(3600)


def _pid() -> int:
    return os.getpid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _abandon_in_thread(pool) -> threading.Thread:
    done = threading.Thread(target=abandon, args=(pool,), daemon=True)
    done.start()
    done.join(60)        # a hang fails the test instead of holding the suite for an hour
    return done


def test_abandoning_a_pool_whose_workers_are_still_starting_returns_and_kills_them():
    pool = start_pool(2, _stuck)
    pool.submit(_pid)
    pids = [p.pid for p in pool._processes.values()]
    assert pids
    assert not _abandon_in_thread(pool).is_alive()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


def test_abandoning_a_pool_that_did_its_work_is_harmless():
    pool = start_pool(1)
    assert pool.submit(_pid).result(timeout=60) != os.getpid()
    assert not _abandon_in_thread(pool).is_alive()


def _busy(_payload) -> None:   # a worker that holds its call and reads no more
    time.sleep(3600)


def test_abandoning_a_pool_whose_call_pipe_is_full_returns():
    """Workers busy, calls too big for the pipe queued behind them: the pool's feeder is
    blocked writing into a pipe nobody reads once the workers are killed. Abandoning
    must still return (and say whether the pool's threads stopped)."""
    pool = start_pool(2)
    big = "x" * (4 << 20)
    futures = [pool.submit(_busy, big) for _ in range(8)]
    deadline = time.monotonic() + 60
    while sum(f.running() for f in futures) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    result = []
    done = threading.Thread(target=lambda: result.append(abandon(pool)), daemon=True)
    done.start()
    done.join(60)
    assert not done.is_alive()
    assert result == [True]


def _gate(release) -> None:    # a worker that starts only when the test says so
    release.wait(120)


def _numbers_and_pid(chunk: list) -> list:
    return [(n, os.getpid()) for n in chunk]


def test_chunks_are_done_here_until_a_worker_delivers_and_each_is_done_once():
    """While the workers are starting (here: held in their initializer until the sixth
    chunk done in this thread), run_chunks does the chunks not begun by a worker itself,
    from the first (the workers are handed them from the last: the first rows shown are
    the top of the list); every chunk's result comes exactly once."""
    release = pool_context().Event()
    chunks = [[n] for n in range(12)]
    here = []

    def local(chunk):
        here.append(chunk)
        if len(here) == 6:
            release.set()
        return _numbers_and_pid(chunk)

    results = list(run_chunks(chunks, _numbers_and_pid, local, 2, initializer=_gate,
                              initargs=(release,)))
    assert sorted(n for part in results for n, _ in part) == list(range(12))
    assert len(here) >= 6
    assert here == [[n] for n in range(len(here))]     # from the first, in order
    mine = {n for part in results for n, pid in part if pid == os.getpid()}
    assert mine == {n for chunk in here for n in chunk}


def test_cancelling_run_chunks_stops_the_workers_and_returns():
    release = pool_context().Event()      # never set: the workers never start
    stop = pool_context().Event()
    chunks = [[n] for n in range(40)]
    done = []

    def run():
        for part in run_chunks(chunks, _numbers_and_pid, _numbers_and_pid, 2,
                               initializer=_gate, initargs=(release,),
                               cancelled=lambda: len(done) >= 3, stop=stop):
            done.append(part)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    assert len(done) == 3 and stop.is_set()


_ran = None     # in a worker: the Event it sets once it has done a chunk


def _keep_ran(ran) -> None:
    global _ran
    _ran = ran


def _numbers_and_pid_slowly(chunk: list) -> list:
    time.sleep(0.5)
    _ran.set()                 # a chunk done: its result is on its way
    return _numbers_and_pid(chunk)


def test_this_thread_stops_doing_chunks_once_a_worker_has_delivered():
    ran = pool_context().Event()
    chunks = [[n] for n in range(24)]
    here = []

    def local(chunk):
        here.append(chunk)
        if len(here) > 1:      # from the second: once a worker has done one, 0.2 s each
            assert ran.wait(120)
            time.sleep(0.2)
        return _numbers_and_pid(chunk)

    results = list(run_chunks(chunks, _numbers_and_pid_slowly, local, 2,
                              initializer=_keep_ran, initargs=(ran,)))
    assert sorted(n for part in results for n, _ in part) == list(range(24))
    # going on while it could take chunks back from the workers, it did 11
    assert len(here) <= 6


def _die(_chunk) -> None:        # a worker that dies with its chunk
    os._exit(3)


def test_a_worker_that_dies_raises_broken_pool_from_run_chunks():
    def local(chunk):          # slow here: the workers are handed chunks
        time.sleep(0.2)
        return chunk

    with pytest.raises(BrokenProcessPool):
        list(run_chunks([[n] for n in range(20)], _die, local, 2))


class _Box:
    """A chunk's result that can be watched (weakref) once handed on."""

    def __init__(self, n: int) -> None:
        self.n = n


def _boxed(chunk: list) -> _Box:
    return _Box(chunk[0])


def test_run_chunks_lets_each_result_go_once_it_is_handed_on():
    """A scan's results are 70,000 rows: run_chunks holding the done futures (and so
    their rows) until its end kept a second copy of every row a cold open had shared
    (the window's peak: +60 MB at 70,000 records)."""
    import gc
    import weakref

    def local(chunk):           # slow here: the workers do most chunks
        time.sleep(0.1)
        return _boxed(chunk)

    refs = []
    results = run_chunks([[n] for n in range(40)], _boxed, local, 2)
    for i, box in enumerate(results):
        refs.append(weakref.ref(box))
        del box
        if i == 30:
            gc.collect()
            alive = [ref for ref in refs[:25] if ref() is not None]
            assert len(alive) <= 3
    assert len(refs) == 40

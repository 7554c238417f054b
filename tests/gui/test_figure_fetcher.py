"""Figures fetched from a real HTTP server on 127.0.0.1: every state a curator can see,
the disk cache and its bound, prefetching, and fetching turned off."""

from __future__ import annotations

import threading

import pytest

from curator.core.collection.figures import FigureCache
from curator.gui.figure.figure_fetcher import (
    FAILED, LOADING, NOT_FOUND, NOT_IMAGE, OFFLINE, SHOWN, TIMED_OUT, TOO_LARGE,
    FigureFetcher,
)


@pytest.fixture
def fetcher(qapp, tmp_path):
    f = FigureFetcher(FigureCache(tmp_path / "cache", max_bytes=10 * 1024 * 1024),
                      max_bytes=1024 * 1024, timeout_ms=20000)
    yield f
    f.stop()


def _fetched(qtbot, fetcher, url, timeout=20000) -> str:
    state = fetcher.fetch(url)
    if state == LOADING:
        qtbot.waitUntil(lambda: fetcher.state(url) not in (None, LOADING), timeout=timeout)
    return fetcher.state(url)


@pytest.mark.parametrize("name", ["fig.png", "fig.jpg"])
def test_a_real_image_is_fetched_decoded_and_cached(qtbot, fetcher, figure_server, name):
    url = figure_server.url(name)
    assert fetcher.fetch(url) == LOADING
    with qtbot.waitSignal(fetcher.figure_changed, timeout=20000) as signal:
        pass
    assert signal.args == [url, SHOWN]
    image = fetcher.image(url)
    assert image is not None and (image.width(), image.height()) == (640, 480)
    assert fetcher.cache.get(url) == figure_server.files[name][1]


def test_a_cached_figure_is_shown_at_once_without_the_network(qtbot, fetcher,
                                                               figure_server, tmp_path):
    url = figure_server.url("fig.png")
    assert _fetched(qtbot, fetcher, url) == SHOWN
    fresh = FigureFetcher(FigureCache(tmp_path / "cache"), enabled=False)
    assert fresh.fetch(url) == SHOWN          # from disk, though fetching is off
    assert fresh.image(url).width() == 640
    assert figure_server.hits["fig.png"] == 1
    fresh.stop()


def test_fetched_and_prefetched_figures_are_decoded_off_the_gui_thread(
        qtbot, fetcher, figure_server, tmp_path, monkeypatch):
    from curator.gui.figure import figure_fetcher
    threads = []
    real = figure_fetcher.decode
    monkeypatch.setattr(figure_fetcher, "decode",
                        lambda data: threads.append(threading.current_thread()) or real(data))
    url = figure_server.url("fig.png")
    assert _fetched(qtbot, fetcher, url) == SHOWN              # from the network
    again = FigureFetcher(FigureCache(tmp_path / "cache"))
    again.prefetch([url])                                      # from the disk cache
    qtbot.waitUntil(lambda: again.image(url) is not None, timeout=20000)
    again.stop()
    assert len(threads) == 2
    assert all(t is not threading.main_thread() for t in threads)


@pytest.mark.parametrize("name, state", [
    ("missing", NOT_FOUND), ("truncated", FAILED), ("huge", TOO_LARGE),
    ("huge-nolength", TOO_LARGE), ("page.html", NOT_IMAGE), ("fake.png", NOT_IMAGE),
    ("loop", FAILED), ("offsite", FAILED), ("bomb.png", TOO_LARGE)])
def test_each_failure_has_its_state_and_nothing_is_cached(qtbot, fetcher, figure_server,
                                                          name, state):
    url = figure_server.url(name)
    assert _fetched(qtbot, fetcher, url) == state
    assert fetcher.image(url) is None
    assert url not in fetcher.cache


def test_a_redirect_on_this_machine_is_followed(qtbot, fetcher, figure_server):
    assert _fetched(qtbot, fetcher, figure_server.url("moved")) == SHOWN


def test_a_redirect_loop_stops_at_the_limit(qtbot, fetcher, figure_server):
    assert _fetched(qtbot, fetcher, figure_server.url("loop")) == FAILED
    # each hop once: the first request and max_redirects redirects followed, no more (a
    # hop Qt's network stack sends again on a closed keep-alive connection counts once)
    hops = sorted((n for n in figure_server.hits if n.startswith("loop")),
                  key=lambda n: int(n.partition("-")[2] or 0))
    assert hops == ["loop"] + [f"loop-{k}" for k in range(1, fetcher.max_redirects + 1)]


def test_a_server_that_does_not_answer_times_out(qtbot, tmp_path, figure_server):
    fetcher = FigureFetcher(FigureCache(tmp_path), timeout_ms=300)
    assert _fetched(qtbot, fetcher, figure_server.url("slow")) == TIMED_OUT
    assert fetcher.image(figure_server.url("slow")) is None
    fetcher.stop()


def test_no_server_listening_reads_offline(qtbot, fetcher, monkeypatch):
    import os
    url = os.environ["CURATOR_PMC_BASE"] + "/pmc/articles/PMC1/bin/fig.png"  # closed port
    assert _fetched(qtbot, fetcher, url) == OFFLINE


def test_fetching_turned_off_never_touches_the_network(qtbot, fetcher, figure_server):
    fetcher.enabled = False
    url = figure_server.url("fig.png")
    assert fetcher.fetch(url) == OFFLINE
    fetcher.prefetch([figure_server.url("fig.jpg")])
    assert fetcher.requests == 0 and not figure_server.hits
    fetcher.enabled = True
    fetcher.forget_failures()
    assert _fetched(qtbot, fetcher, url) == SHOWN


def test_prefetch_fills_the_caches_so_showing_needs_no_request(qtbot, fetcher,
                                                               figure_server):
    urls = [figure_server.url(n) for n in ("fig.png", "fig.jpg")]
    fetcher.prefetch(urls)
    qtbot.waitUntil(lambda: all(fetcher.state(u) == SHOWN for u in urls), timeout=20000)
    sent = fetcher.requests
    assert [fetcher.fetch(u) for u in urls] == [SHOWN, SHOWN]
    assert fetcher.requests == sent
    fetcher.prefetch(urls)                     # known: not fetched again
    assert fetcher.requests == sent


def test_a_failed_figure_is_not_prefetched_again(qtbot, fetcher, figure_server):
    url = figure_server.url("missing")
    assert _fetched(qtbot, fetcher, url) == NOT_FOUND
    fetcher.prefetch([url])
    assert fetcher.requests == 1


def test_the_disk_cache_stays_within_its_bound(qtbot, tmp_path, figure_server):
    for i in range(6):
        figure_server.files[f"f{i}.png"] = ("image/png", figure_server.files["fig.png"][1])
    one = len(figure_server.files["fig.png"][1])
    cache = FigureCache(tmp_path / "small", max_bytes=int(one * 2.5))
    fetcher = FigureFetcher(cache)
    for i in range(6):
        assert _fetched(qtbot, fetcher, figure_server.url(f"f{i}.png")) == SHOWN
        assert cache.size() <= cache.max_bytes
    assert len(cache.entries()) == 2
    assert figure_server.url("f5.png") in cache and figure_server.url("f0.png") not in cache
    fetcher.stop()

"""Where a figure comes from: the PMC URL of a record's file, only allowed servers, and a
disk cache that keeps to its bound by dropping the least recently used figures."""

from __future__ import annotations

import os

import pytest

from curator.core.collection.figures import (
    BASE_ENV, FigureCache, figure_url, image_folders, image_path, pmc_base, url_allowed,
)


def test_the_figure_url_is_the_one_pfocr_uses(monkeypatch):
    monkeypatch.delenv(BASE_ENV, raising=False)
    assert pmc_base() == "https://www.ncbi.nlm.nih.gov"
    assert figure_url("PMC10017456", "fpls-14-1084358-g002.jpg") == \
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10017456/bin/fpls-14-1084358-g002.jpg"


def test_the_base_can_point_at_a_local_server(monkeypatch):
    monkeypatch.setenv(BASE_ENV, "http://127.0.0.1:8123/")
    assert figure_url("PMC1", "a.png") == "http://127.0.0.1:8123/pmc/articles/PMC1/bin/a.png"


@pytest.mark.parametrize("pmcid, filename", [
    ("PMC1", "../etc/passwd"), ("PMC1", "/etc/passwd"), ("PMC1", "a/b.png"),
    ("PMC1", ""), ("PMC1", None), ("1234", "a.png"), ("PMC1/../x", "a.png"),
    ("PMC1", "a..png"), ("PMC1", "a.png?x=1"), ("PMC1", "a b.png")])
def test_a_record_cannot_steer_the_url(pmcid, filename):
    assert figure_url(pmcid, filename) is None


@pytest.mark.parametrize("url, ok", [
    ("https://www.ncbi.nlm.nih.gov/x", True), ("http://127.0.0.1:9/x", True),
    ("http://localhost/x", True), ("http://[::1]:80/x", True),
    ("http://www.ncbi.nlm.nih.gov/x", False), ("ftp://127.0.0.1/x", False),
    ("file:///etc/passwd", False), ("javascript:alert(1)", False),
    ("https://user:pw@example.org/x", False), ("http://10.0.0.1/x", False)])
def test_only_https_or_http_to_this_machine_is_fetched(url, ok):
    assert url_allowed(url) is ok


def test_a_base_that_is_not_allowed_gives_no_url():
    assert figure_url("PMC1", "a.png", base="http://example.org") is None
    assert figure_url("PMC1", "a.png", base="file://") is None


def test_local_images_are_found_in_order_inside_the_folders(tmp_path):
    collection = tmp_path / "records"
    chosen = tmp_path / "chosen"
    for folder in (collection / "images", chosen):
        folder.mkdir(parents=True)
    (chosen / "f.png").write_bytes(b"x")
    folders = image_folders(collection, str(chosen))
    assert image_path("f.png", folders) == (chosen / "f.png").resolve()
    (collection / "images" / "f.png").write_bytes(b"x")
    assert image_path("f.png", folders) == (collection / "images" / "f.png").resolve()
    (tmp_path / "secret.png").write_bytes(b"x")
    assert image_path("../secret.png", folders) is None


def test_the_cache_returns_what_it_kept(tmp_path):
    cache = FigureCache(tmp_path / "cache", max_bytes=1000)
    assert cache.get("https://x/a") is None
    cache.put("https://x/a", b"abc")
    assert cache.get("https://x/a") == b"abc"
    assert "https://x/a" in cache and "https://x/b" not in cache


def _age(cache, url, seconds):
    path = cache._path(url)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def test_the_cache_keeps_to_its_bound_dropping_the_least_recently_used(tmp_path):
    cache = FigureCache(tmp_path, max_bytes=250)
    for i, url in enumerate(("https://x/1", "https://x/2")):
        cache.put(url, bytes(100))
        _age(cache, url, 100 - i * 10)        # 1 is older than 2
    assert cache.get("https://x/1") == bytes(100)   # 1 used now: 2 is the oldest
    cache.put("https://x/3", bytes(100))
    assert cache.size() <= 250
    assert "https://x/2" not in cache
    assert "https://x/1" in cache and "https://x/3" in cache


def test_a_figure_bigger_than_the_cache_is_not_kept(tmp_path):
    cache = FigureCache(tmp_path, max_bytes=50)
    cache.put("https://x/big", bytes(51))
    assert "https://x/big" not in cache and cache.size() == 0


def test_an_unwritable_cache_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    cache = FigureCache(blocker / "cache", max_bytes=100)
    cache.put("https://x/a", b"abc")
    assert cache.get("https://x/a") is None


def test_figure_names_are_read_from_the_file_without_parsing_it(tmp_path):
    from curator.core.collection.figures import figure_names
    path = tmp_path / "r.md"
    path.write_text("---\nfigid: PMC1__a\npmcid: 'PMC1'\nfilename: a-b.jpg\n"
                    "caption: 'filename: no.png'\n---\n", encoding="utf-8")
    assert figure_names(path, ("pmcid", "filename")) == ("PMC1", "a-b.jpg")
    assert figure_names(tmp_path / "gone.md", ("pmcid", "filename")) == (None, None)


def test_the_cache_folder_follows_the_index_cache_override(monkeypatch, tmp_path):
    from curator.core.collection.figures import default_cache_folder
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path / "index"))
    assert default_cache_folder() == tmp_path / "index-figures"
    monkeypatch.delenv("CURATOR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_folder() == tmp_path / "xdg" / "curator" / "figures"

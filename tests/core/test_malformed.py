"""A file the app cannot parse is reported with its file and line, and never written."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from recordfiles import SEEDS

from curator.core.files import frontmatter
from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.files.record import Record

GOOD = (SEEDS / "PMC11482725__ppat.1012188.g007.md").read_bytes()

MALFORMED = {
    "no front matter": (b"figid: PMC1__x\n", "parse.frontmatter", 1),
    "never closed": (GOOD.replace(b"\n---\n", b"\n", 1)[:-4] + b"\n", "parse.frontmatter", 1),
    "invalid yaml": (GOOD.replace(b"pmcid: PMC11482725", b"pmcid: [PMC11482725"),
                     "parse.yaml", None),
    "bad indentation": (GOOD.replace(b"number: F7", b"number: F7\n  bad: indent"),
                        "parse.yaml", None),
    "not utf-8": (GOOD.replace(b"Mtb infection", b"Mtb \xe9infection"), "parse.encoding", 13),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "parse.encoding", 3),
    "list, not mapping": (b"---\n- a\n- b\n---\n", "parse.notmapping", 2),
    "scalar, not mapping": (b"---\njust text\n---\n", "parse.notmapping", 2),
    "duplicate key": (GOOD.replace(b"number: F7\n", b"number: F7\nnumber: F8\n"),
                      "parse.duplicate", 12),
    "python tag": (GOOD.replace(b"seo: CreativeWork",
                                b"seo: !!python/object/apply:os.system ['touch /tmp/pwned']"),
                   "parse.tag", 33),
    "alias": (b"---\na: &x [1, 2]\nb: *x\n---\n", "parse.alias", 3),
    "alias bomb": (b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
                   b"c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c]\n"
                   b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n", "parse.alias", 3),
    "merge key": (b"---\na: {x: 1}\nb:\n  <<: {y: 2}\n---\n", "parse.alias", 4),
    "deep flow nesting": (b"---\na: " + b"[" * 100000 + b"]" * 100000 + b"\n---\n",
                          "parse.depth", 2),
    "deep block nesting": (b"---\n" + b"".join(b" " * i + b"k:\n" for i in range(2000))
                           + b"---\n", "parse.depth", None),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_is_reported_and_never_written(name, tmp_path):
    raw, code, line = MALFORMED[name]
    path = tmp_path / "PMC1__broken.md"
    path.write_bytes(raw)
    before = path.stat().st_mtime_ns
    for parse in (Record.open, lambda p: parse_fast(p.read_bytes(), p)):
        started = time.perf_counter()
        with pytest.raises(RecordError) as info:
            parse(path)
        assert time.perf_counter() - started < 10  # no hang (a generous bound, not a benchmark)
        err = info.value
        assert err.code == code
        assert err.path == path
        if line is not None:
            assert err.line == line
        assert str(err).startswith(f"{path}:")
    assert path.read_bytes() == raw
    assert path.stat().st_mtime_ns == before
    assert list(tmp_path.iterdir()) == [path]


def test_python_tag_is_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    raw = b"---\nseo: !!python/object/apply:os.system ['touch " + str(marker).encode() + b"']\n---\n"
    with pytest.raises(RecordError):
        Record(raw, tmp_path / "x.md")
    with pytest.raises(RecordError):
        parse_fast(raw, tmp_path / "x.md")
    assert not marker.exists()


def test_empty_front_matter_is_an_empty_record():
    record = Record(b"---\n---\nbody\n")
    assert record.data == {}
    record.set(("figid",), "PMC1__x")
    assert record.render() == b"---\nfigid: PMC1__x\n---\nbody\n"


def test_dot_dot_dot_closes_the_front_matter():
    record = Record(b"---\na: 1\n...\nbody\n")
    record.set(("a",), 2)
    assert record.render() == b"---\na: 2\n...\nbody\n"


_PIECES = ["-", ".", "\n", "\r", " ", "\t", "a", "---", "...", "\r\n", "a: 1", "…"]


@given(st.lists(st.sampled_from(_PIECES), max_size=24), st.sampled_from(["\n", "\r\n", "\r"]))
@settings(max_examples=3000, deadline=None)
def test_the_closing_line_is_found_where_the_closing_pattern_matches_first(pieces, newline):
    """frontmatter._close (str.find) finds the closing line exactly where a search with
    the _CLOSE regular expression does, on any mix of dashes, dots and line endings."""
    text = "---" + newline + "".join(pieces)
    start = frontmatter._OPEN.match(text).end()
    found = frontmatter._CLOSE.search(text, start)
    assert frontmatter._close(text, start) == (found.start() if found else -1)

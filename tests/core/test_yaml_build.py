"""yamlnodes.build (checks and builds the data in one walk) and LineMap, for both loaders."""

from __future__ import annotations

import pytest
import yaml
from recordfiles import SEEDS, record_paths

from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.files.rtload import parse_roundtrip

LOADERS = [parse_fast, parse_roundtrip]
LOADER_IDS = ["libyaml", "ruamel"]

# Front matters whose data must be exactly PyYAML's: values, types, key order, tzinfo.
TRICKY = {
    "ints": "a: 1\nb: -0\nc: 0o17\nd: 017\ne: 0x1F\nf: 0b101\ng: 1_000\nh: +1\ni: 0\n",
    "sexagesimal": "a: 1:30\nb: -1:30:00\nc: 190:20:30.15\nd: 1_2:3_0\n",
    "floats": "a: 1.5\nb: .inf\nc: -.Inf\nd: .NaN\ne: 1e3\nf: 1.0e+3\ng: 685_230.15\n"
              "h: 1.\ni: +.5\nj: 6.8523015e+5\n",
    "bools": "a: yes\nb: No\nc: on\nd: OFF\ne: TRUE\nf: tRUE\ng: y\nh: n\ni: false\n",
    "nulls": "a: ~\nb: null\nc: Null\nd:\ne: ''\nf: NULL\n",
    "timestamps": "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\n"
                  "c: 2001-12-14 21:59:43.10 -5\nd: 2001-12-15T02:59:43.1Z\n"
                  "e: 2002-12-14 10:00:00\nf: 2001-1-1\ng: 2001-01-01 1:02:03\n",
    "explicit tags": "a: !!str 1\nb: !!int \"3\"\nc: !!float 1\nd: !!bool \"yes\"\n"
                     "e: !!null ''\nf: !!timestamp 2001-01-01\ng: ! 12\nh: !!str\n"
                     "i: !!map {x: 1}\nj: !!seq [1]\n",
    "quoted": "a: '1'\nb: \"true\"\nc: \"multi\\nline\\a\"\nd: 'it''s'\ne: '=x'\n",
    "block scalars": "a: |\n  lit\n  eral\nb: >\n  fol\n  ded\n\n  more\n   kept\n  end\n"
                     "c: >-\n  x\n  y\nd: >+\n  x\n  y\n\ne: |-\n  z\n",
    "folded key": "? >\n  long\n  key\n: v\n",
    "plain multi-line": "a: one\n  two\n\n  three\n",
    "non-string keys": "m: {1: a, 2.5: b, false: c, ~: d, 2001-01-01: e, '1': f, 0x2: g}\n",
    "nesting": "a:\n  b:\n  - c: [1, {d: [], e: {}}]\n    f: !!str 2\n  - - x\n    - y: >\n"
               "        z\n        w\ng: {h: [i, j]}\n",
    "anchor without alias": "a: &x 1\nb: &y [1, 2]\n",
}


def _typed(value) -> str:
    """repr shows types (True vs 1, date vs datetime), tzinfo, key order and nan."""
    return repr(value)


@pytest.mark.parametrize("loader", LOADERS, ids=LOADER_IDS)
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_data_is_pyyaml_safe_load(name, loader):
    text = TRICKY[name]
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    assert _typed(loader(f"---\n{text}---\n".encode()).data) == _typed(expected)


def test_both_loaders_read_every_record_as_pyyaml():
    for path in record_paths() + sorted(SEEDS.glob("*.md")):
        raw = path.read_bytes()
        expected = yaml.load(raw.decode("utf-8").split("---\n", 2)[1], Loader=yaml.CSafeLoader)
        assert _typed(parse_fast(raw).data) == _typed(expected), path.name
        assert _typed(parse_roundtrip(raw).data) == _typed(expected), path.name


def _error(loader, text: str) -> RecordError:
    with pytest.raises(RecordError) as info:
        loader(f"---\n{text}---\n".encode())
    return info.value


@pytest.mark.parametrize("text, line, message", [
    ("true: 1\nyes: 2\n", 3, "duplicate key 'yes' (the same key as 'true')"),
    ("a:\n  b:\n    null: 1\n    ~: 2\n", 5, "duplicate key '~' (the same key as 'null')"),
    ("a:\n- x: 1\n  1: 2\n  0x1: 3\n", 5, "duplicate key '0x1' (the same key as '1')"),
    ("a: {b: {1: x, 1.0: y}}\n", 2, "duplicate key '1.0' (the same key as '1')"),
    ("a:\n  .nan: 1\n  .NaN: 2\n", 4, "duplicate key '.NaN' (the same key as '.nan')"),
    ("a:\n  k: 1\n  k: 2\n", 4, "duplicate key 'k' (first on line 3)"),
    ("a:\n  .nan: 1\n  .nan: 2\n", 4, "duplicate key '.nan' (first on line 3)"),
    ("&k x: 1\n*k : 2\n", 2, "duplicate key 'x' (first on line 2)"),  # the node's line
], ids=["top level", "nested", "in a list item", "flow", "nan", "same spelling",
        "same nan", "alias key"])
@pytest.mark.parametrize("loader", LOADERS, ids=LOADER_IDS)
def test_duplicate_keys_at_any_level(loader, text, line, message):
    err = _error(loader, text)
    assert (err.code, err.line, err.message) == ("parse.duplicate", line, message)


@pytest.mark.parametrize("text, code, line", [
    ("a: 1\nb: &x [1]\nc: *x\n", "parse.alias", 4),
    ("&k x: *k\n", "parse.alias", 2),
    ("a:\n  b: &x {c: *x}\n", "parse.alias", 3),
    ("a: !!str [x]\n", "parse.yaml", 2),
    ("a:\n  b: !!map x\n", "parse.yaml", 3),
    ("a:\n  b: !foo x\n", "parse.tag", 3),
    ("a:\n  !foo b: x\n", "parse.tag", 3),
    ("a:\n  <<: {b: 1}\n", "parse.alias", 3),
    ("a:\n  [b]: 1\n", "parse.key", 3),
], ids=["alias", "key as its own value", "recursive", "!!str on a list", "!!map on a scalar",
        "local tag", "local tag on a key", "merge key", "list as key"])
@pytest.mark.parametrize("loader", LOADERS, ids=LOADER_IDS)
def test_rejected_alike_by_both_loaders(loader, text, code, line):
    err = _error(loader, text)
    assert (err.code, err.line) == (code, line)
    assert str(err) == str(_error(LOADERS[0], text))


def _probes(full: dict) -> list[tuple]:
    """Every path of the map, and paths next to them that are not in it."""
    near = [p[:-1] + (x,) for p in full for x in (-1, 99, True, "nope", "0")]
    return [*full, *near, *(p + (0,) for p in full), (), ("nope",), (0,)]


@pytest.mark.parametrize("loader", LOADERS, ids=LOADER_IDS)
def test_line_map_get_agrees_with_the_full_map(loader):
    for path in record_paths():
        raw = path.read_bytes()
        full = dict(loader(raw).lines.items())
        lines = loader(raw).lines   # asked path by path, before any full access
        assert lines
        for probe in _probes(full):
            assert lines.get(probe) == full.get(probe), (path.name, probe)
            assert (probe in lines) == (probe in full), (path.name, probe)
        assert lines == full and len(lines) == len(full) and list(lines) == list(full)


@pytest.mark.parametrize("loader", LOADERS, ids=LOADER_IDS)
def test_line_map_of_keys_spelled_alike(loader):
    """Keys compare by their text, as the dict the loaders built did: of '1' and 1, the
    later wins, down to their children. A list item's line is where its node starts."""
    lines = loader(b"---\n'1': {x: 1}\n1:\n  x: 2\n  y: 3\nl:\n- a\n-\n  - b\n---\n").lines
    assert lines.get(("1",)) == 3 and lines[("1", "x")] == 4 and lines[("1", "y")] == 5
    assert lines.get((1,)) is None and lines.get(("l", 1, 0)) == 9
    assert dict(lines.items()) == {("1",): 3, ("l",): 6, ("1", "x"): 4, ("1", "y"): 5,
                                   ("l", 0): 7, ("l", 1): 9, ("l", 1, 0): 9}
    with pytest.raises(KeyError):
        lines[("2",)]
    assert not loader(b"---\n---\n").lines and loader(b"---\n---\n").lines == {}


def test_a_parsed_record_is_freed_without_the_cyclic_collector():
    """The window reads the shown record with libyaml on every switch (issue 20). build's
    recursive closure held itself, and through it the whole node tree, in a reference
    cycle: a few hundred objects a record left to the collector, whose runs took 10 ms of
    a switch. (ruamel.yaml's own objects hold cycles: it reads only for saving.)"""
    import gc

    raws = [path.read_bytes() for path in record_paths()[:5]]
    gc.collect()
    gc.disable()
    try:
        for raw in raws:
            parse_fast(raw)
        assert gc.collect() == 0
    finally:
        gc.enable()

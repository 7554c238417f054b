"""Hostile files: each is reported with a clear error and never written (issue #9).

Files that are not UTF-8, binary files named ``.md``, front matter that never closes,
nesting deep enough to crash a C parser, alias bombs, Python tags, duplicate keys, a 10 MB
caption. Every one is parsed in a subprocess with a time limit (a segfault or a hang fails
the test instead of killing or stalling the test run) by each reader the app has: the
editor's ``Record``, the bulk editor's ``Record(fast=True)``, ``parse_fast`` and the folder
index's ``index_file``. A file that cannot be read is a ``parse.*`` problem naming its line
where the line is known; it is never written; nothing in it is executed.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from recordfiles import RECORDS

from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.collection.index import index_file
from curator.core.files.record import Record
from curator.core.checks.validate import validate
from curator.core.fields.values import same

REPO = Path(__file__).parents[2]
GOOD_PATH = RECORDS / "PMC100008__mb2411709009.md"
GOOD = GOOD_PATH.read_bytes()
TRIED: list[str] = []

# Runs in a fresh interpreter: every reader on one file, as JSON on stdout.
PROBE = r"""
import json, sys, time
from pathlib import Path
from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.collection.index import index_file
from curator.core.files.record import Record

path = Path(sys.argv[1])
raw = path.read_bytes()
out = {}
readers = {
    "record": lambda: Record.open(path),
    "record_fast": lambda: Record.open(path, fast=True),
    "parse_fast": lambda: parse_fast(raw, path),
}
for name, read in readers.items():
    started = time.perf_counter()
    try:
        got = read()
        result = {"ok": True}
        if isinstance(got, Record):
            result["noop_identical"] = got.render() == raw
            result["saved"] = got.save()
    except RecordError as err:
        result = {"ok": False, "type": "RecordError", "code": err.code, "line": err.line,
                  "message": err.message, "path": str(err.path)}
    except BaseException as exc:
        result = {"ok": False, "type": type(exc).__name__, "message": str(exc)[:300]}
    result["seconds"] = time.perf_counter() - started
    out[name] = result
started = time.perf_counter()
row = index_file(str(path))
out["index"] = {"parsed": row.parsed, "seconds": time.perf_counter() - started,
                "problems": [[p.code, p.line, p.message] for p in row.problems
                             if p.code.startswith(("parse.", "io."))]}
print(json.dumps(out))
"""


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def probe(path: Path, timeout: float = 60) -> dict:
    """Every reader's outcome on ``path``, from a subprocess (a crash or a hang fails)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=REPO, env=env,
                              capture_output=True, timeout=timeout, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{path.name}: no answer within {timeout} s (a hang)") from None
    assert proc.returncode == 0, (f"{path.name}: the reader process died (exit "
                                  f"{proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return json.loads(proc.stdout)


def _line_of(raw: bytes, needle: bytes) -> int:
    return raw.count(b"\n", 0, raw.index(needle)) + 1


def _deep_block(levels: int, step: int = 2) -> bytes:
    return b"---\n" + b"".join(b" " * (i * step) + b"k:\n" for i in range(levels)) \
        + b" " * (levels * step) + b"k: x\n---\n"


def _bomb() -> bytes:
    lines = [b"---", b"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    prev = b"a"
    for name in b"bcdefghi":
        ref = b"*" + prev
        lines.append(bytes([name]) + b": &" + bytes([name]) + b" [" + b", ".join([ref] * 9) + b"]")
        prev = bytes([name])
    return b"\n".join(lines + [b"---", b""])


def _python(tag: str, marker: Path) -> bytes:
    return GOOD.replace(b"seo: CreativeWork", f"seo: {tag} ['touch {marker}']".encode())


def _hostile(marker: Path) -> dict:
    """name -> (bytes, expected code, expected line or None when not knowable)."""
    rnd = random.Random(9)
    random_bytes = rnd.randbytes(65536)
    no_nul = bytes(b or 1 for b in random_bytes)
    latin1 = GOOD.replace("β".encode(), b"\xe9", 1)
    cp1252 = GOOD.replace(b"Cooperation", b"\x93Cooperation\x94", 1)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + rnd.randbytes(2000)
    utf16 = GOOD.decode().encode("utf-16")
    never_closed = GOOD[:GOOD.rindex(b"\n---")] + b"\n"
    deep_flow = b"---\na: " + b"[" * 100_000 + b"]" * 100_000 + b"\n---\n"
    deep_flow_map = b"---\na: " + b"{a: " * 100_000 + b"}" * 100_000 + b"\n---\n"
    deep_compact = b"---\na:\n" + b"- " * 100_000 + b"x\n---\n"
    deep_mixed = (b"---\n" + b"".join(b" " * i + b"k:\n" for i in range(399))
                  + b" " * 399 + b"k: " + b"[" * 99 + b"]" * 99 + b"\n---\n")
    dup = GOOD.replace(b"number: F9\n", b"number: F9\nnumber: F10\n")
    dup_nested = GOOD.replace(b"  license: CC0\n", b"  license: CC0\n  license: CC-BY\n")
    dup_item = GOOD.replace(b"  hgnc_symbol: PLCB3\n", b"  hgnc_symbol: PLCB3\n  word: X\n")
    root_tag = (f"---\n!!python/object/apply:os.system\n- touch {marker}\n---\n").encode()
    nul_late = GOOD.replace(b"figtype: Figure\n", b"padding: " + b"x " * 5000
                            + b"\nfigtype: Fig\x00ure\n")
    seo = _line_of(GOOD, b"seo: CreativeWork")
    key_tag = GOOD.replace(b"seo: CreativeWork",
                           f"? !!python/object/apply:os.system ['touch {marker}']\n"
                           f": x".encode())
    return {
        "not utf-8 (latin-1 byte)": (latin1, "parse.encoding", _line_of(latin1, b"\xe9")),
        "not utf-8 (windows-1252 quotes)": (cp1252, "parse.encoding", _line_of(cp1252, b"\x93")),
        "png named .md": (png, "parse.encoding", _line_of(png, b"\x00")),
        "random bytes": (random_bytes, "parse.encoding", _line_of(random_bytes, b"\x00")),
        "random bytes without NUL": (no_nul, "parse.encoding", None),
        "utf-16 with BOM": (utf16, "parse.encoding", 1),
        "utf-16-le without BOM": (GOOD.decode().encode("utf-16-le"), "parse.encoding", 1),
        "utf-32": (GOOD.decode().encode("utf-32"), "parse.encoding", 1),
        "empty file": (b"", "parse.frontmatter", 1),
        "only the opening line": (b"---\n", "parse.frontmatter", 1),
        "front matter never closes": (never_closed, "parse.frontmatter", 1),
        "front matter after a blank line": (b"\n" + GOOD, "parse.frontmatter", 1),
        "deep flow nesting (100k [)": (deep_flow, "parse.depth", 2),
        "deep flow mapping nesting (100k {)": (deep_flow_map, "parse.depth", 2),
        "deep block nesting (2000 levels)": (_deep_block(2000), "parse.depth", None),
        "deep compact lists (100k '- ')": (deep_compact, "parse.depth", 3),
        "deep 1-space block + 99 brackets": (deep_mixed, "parse.depth", None),
        "65 levels of mappings": (_deep_block(65), "parse.depth", None),
        "billion laughs": (_bomb(), "parse.alias", 3),
        "merge key": (b"---\na: {x: 1}\nb:\n  <<: {y: 2}\n---\n", "parse.alias", 4),
        "python/object/apply": (_python("!!python/object/apply:os.system", marker),
                                "parse.tag", seo),
        "python/object/new": (_python("!!python/object/new:os.system", marker),
                              "parse.tag", seo),
        "python/name": (GOOD.replace(b"seo: CreativeWork", b"seo: !!python/name:os.system"),
                        "parse.tag", seo),
        "python/module": (GOOD.replace(b"seo: CreativeWork", b"seo: !!python/module:os"),
                          "parse.tag", seo),
        "verbatim python tag": (_python("!<tag:yaml.org,2002:python/object/apply:os.system>",
                                        marker), "parse.tag", seo),
        "python tag on the root": (root_tag, "parse.tag", 2),
        "python tag on a key": (key_tag, "parse.key", seo),
        "local tag": (GOOD.replace(b"seo: CreativeWork", b"seo: !local CreativeWork"),
                      "parse.tag", seo),
        "duplicate key": (dup, "parse.duplicate", _line_of(dup, b"number: F10")),
        "duplicate nested key": (dup_nested, "parse.duplicate",
                                 _line_of(dup_nested, b"  license: CC-BY")),
        "duplicate key in a list item": (dup_item, "parse.duplicate",
                                         _line_of(dup_item, b"  word: X")),
        "front matter is a list": (b"---\n- a\n- b\n---\n", "parse.notmapping", 2),
        "key longer than libyaml's 1024": (b"---\n" + b"k" * 2000 + b": 1\n---\n",
                                           "parse.yaml", 2),
        "NUL after the first 8 KB": (nul_late, "parse.encoding", _line_of(nul_late, b"\x00")),
    }


KNOWN_BUGS: dict[str, str] = {}
_NAMES = [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
          if name in KNOWN_BUGS else name for name in sorted(_hostile(Path("/nonexistent")))]


@pytest.mark.parametrize("name", _NAMES)
def test_hostile_file_is_reported_and_never_written(name, tmp_path):
    marker = tmp_path / "pwned"
    raw, code, line = _hostile(marker)[name]
    path = tmp_path / "PMC100008__mb2411709009.md"
    path.write_bytes(raw)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    TRIED.append(name)
    out = probe(path)
    for reader in ("record", "record_fast", "parse_fast"):
        got = out[reader]
        assert not got["ok"], f"{reader} read the hostile file"
        assert got["type"] == "RecordError", f"{reader}: {got}"
        assert got["code"] == code, f"{reader}: {got}"
        assert got["message"].strip() and got["path"] == str(path)
        if line is not None:
            assert got["line"] == line, f"{reader}: {got}"
        if got["line"] is not None:
            assert 1 <= got["line"] <= raw.count(b"\n") + 1
        assert got["seconds"] < 10, f"{reader} took {got['seconds']:.1f} s"
    index = out["index"]
    assert not index["parsed"] and index["problems"][0][0] == code
    if line is not None:
        assert index["problems"][0][1] == line
    assert index["seconds"] < 10
    assert path.read_bytes() == raw
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]   # no marker, no temp


def test_ten_megabyte_caption_round_trips_and_survives_another_edit(tmp_path):
    TRIED.append("10 MB caption")
    rnd = random.Random(3)
    words = ["signaling", "pathway", "β-adrenergic", "kinase", "receptor", "activation",
             "of", "the", "and", "MAPK", "中文", "😀", "–"]
    caption = ""
    while len(caption.encode()) < 10_000_000:
        caption += " ".join(rnd.choice(words) for _ in range(10_000)) + " "
    caption = caption.strip()
    record = Record(GOOD)
    record.set(("caption",), caption)
    raw = record.render()
    assert len(raw) > 10_000_000
    path = tmp_path / GOOD_PATH.name
    path.write_bytes(raw)
    started = time.perf_counter()
    opened = Record.open(path)
    open_time = time.perf_counter() - started
    assert opened.get(("caption",)) == caption
    assert opened.render() == raw
    started = time.perf_counter()
    opened.set(("figtitle",), "Cooperation between β-AR and B2R signaling")
    assert opened.save()
    save_time = time.perf_counter() - started
    saved = path.read_bytes()
    reread = parse_fast(saved).data
    assert reread["caption"] == caption
    assert reread["figtitle"] == "Cooperation between β-AR and B2R signaling"
    old_lines, new_lines = raw.split(b"\n"), saved.split(b"\n")
    start = old_lines.index(next(l for l in old_lines if l.startswith(b"caption: ")))
    end = next(i for i in range(start + 1, len(old_lines)) if not old_lines[i].startswith(b" "))
    assert new_lines[start:end] == old_lines[start:end]      # the caption's lines, untouched
    started = time.perf_counter()
    row = index_file(str(path))
    index_time = time.perf_counter() - started
    assert row.parsed
    # the times are printed, not asserted (they failed CI on a loaded machine); the
    # figures with their same-run floor are benchmarks/bench_big_record.py's
    print(f"10 MB caption: open {open_time:.1f} s, edit+save {save_time:.1f} s, "
          f"index {index_time:.1f} s")


def test_path_traversal_filename_is_stored_and_reported(tmp_path):
    """The core stores ``filename`` as text and never opens it; the validator flags it.
    (For the GUI: never join ``filename`` to a folder to load an image without checking.)"""
    TRIED.append("filename ../../etc/passwd")
    path = tmp_path / GOOD_PATH.name
    path.write_bytes(GOOD.replace(b"filename: mb2411709009.jpg",
                                  b"filename: ../../etc/passwd"))
    record = Record.open(path)
    assert record.get(("filename",)) == "../../etc/passwd"
    codes = {p.code for p in validate(record.data, name=path.stem, lines=record.lines)}
    assert "filename.format" in codes
    record.set(("figtitle",), "Edited")
    assert record.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert b"filename: ../../etc/passwd\n" in path.read_bytes()


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JaVaScRiPt:alert(document.domain)",
                                  "data:text/html,<script>alert(1)</script>",
                                  "https://evil.example/pmc/articles/PMC100008/figure/F9/"])
def test_script_figlink_is_reported(link):
    TRIED.append(f"figlink {link}")
    record = Record(GOOD.replace(b"figlink: /pmc/articles/PMC100008/figure/F9/",
                                 f"figlink: '{link}'".encode()))
    assert record.get(("figlink",)) == link
    problems = [p for p in validate(record.data, name="PMC100008__mb2411709009",
                                    lines=record.lines) if p.field == "figlink"]
    assert "figlink.format" in {p.code for p in problems}
    assert all(p.line == 3 for p in problems)


@pytest.mark.parametrize("size", [100_000])
def test_many_keys_parse_in_bounded_time(size, tmp_path):
    """Parsed in a subprocess that is killed past the timeout (a hang, or quadratic
    time); the seconds are not asserted: with both cores loaded a 30 s bound failed at
    42 s."""
    TRIED.append(f"{size} keys")
    raw = b"---\n" + b"".join(b"k%d: v\n" % i for i in range(size)) + b"---\n"
    path = tmp_path / "PMC1__many.md"
    path.write_bytes(raw)
    out = probe(path, timeout=240)
    for reader in ("record", "record_fast", "parse_fast"):
        assert out[reader]["ok"], out[reader]
        if "noop_identical" in out[reader]:
            assert out[reader]["noop_identical"] and out[reader]["saved"] is False


def test_the_cli_lists_every_hostile_file_and_writes_only_the_good_one(tmp_path):
    """``curator fix`` over a folder of hostile files and one good record: each hostile
    file named on stderr, none written, the good one edited, exit 2, in bounded time."""
    marker = tmp_path / "pwned"
    folder = tmp_path / "records"
    folder.mkdir()
    cases = _hostile(marker)
    names = {}
    for i, (name, (raw, _, _)) in enumerate(sorted(cases.items())):
        path = folder / f"PMC{i}__hostile.md"
        path.write_bytes(raw)
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        names[path] = raw
    good = folder / GOOD_PATH.name
    good.write_bytes(GOOD)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "curator", "fix", "--set", "figtitle=Hostile",
                           str(folder)], cwd=REPO, env=env, capture_output=True, timeout=300,
                          preexec_fn=_limit_memory)
    elapsed = time.perf_counter() - started
    err = proc.stderr.decode()
    assert proc.returncode == 2, err[-3000:]
    assert "Traceback" not in err
    for path, raw in names.items():
        assert f"{path}" in err, f"{path.name} not listed"
        assert path.read_bytes() == raw and path.stat().st_mtime_ns == 1_000_000_000
    assert parse_fast(good.read_bytes()).data["figtitle"] == "Hostile"
    assert not marker.exists()
    assert sorted(folder.iterdir()) == sorted([*names, good])
    assert elapsed < 120


# -- bugs found (strict xfail: each turns green when fixed) ---------------------------------

@pytest.mark.parametrize("raw", [b"---\ntrue: 1\nyes: 2\n---\n", b"---\nnull: 1\n~: 2\n---\n",
                                 b"---\n1: a\n0x1: b\n---\n", b"---\n1: a\n1.0: b\n---\n"],
                         ids=["true/yes", "null/~", "1/0x1", "1/1.0"])
def test_duplicate_keys_spelled_differently_are_reported(raw):
    TRIED.append(f"duplicate spelled differently {raw!r}")
    with pytest.raises(RecordError) as info:
        parse_fast(raw)
    assert info.value.code == "parse.duplicate"


def test_lone_surrogate_escape_is_rejected_by_the_editor_as_by_the_index():
    TRIED.append("lone surrogate escape")
    raw = b'---\na: "\\ud800"\nb: 1\n---\n'
    with pytest.raises(RecordError):
        parse_fast(raw)
    with pytest.raises(RecordError):
        Record(raw)


def test_cr_only_line_endings():
    TRIED.append("CR-only line endings")
    record = Record(b"---\ra: 1\rb: 2\r---\r")
    record.set(("b",), 3)
    assert record.render() == b"---\ra: 1\rb: 3\r---\r"


@pytest.mark.xfail(strict=True, raises=RecordError, reason=(
    "yamlnodes.precheck counts every '[' and '{' of the text, inside quoted strings too: "
    "a valid caption holding 101 unmatched '[' is rejected as parse.depth"))
def test_brackets_inside_a_quoted_string_are_not_nesting():
    TRIED.append("101 '[' in a quoted caption")
    raw = b'---\ncaption: "' + b"[" * 101 + b'"\n---\n'
    assert parse_fast(raw).data == {"caption": "[" * 101}
    assert Record(raw).data == {"caption": "[" * 101}


def _cli_fix(folder: Path, timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "curator", "fix", "--set", "figtitle=X",
                           str(folder)], cwd=REPO, env=env, capture_output=True,
                          timeout=timeout, preexec_fn=_limit_memory)


def test_fix_over_a_folder_with_a_fifo_named_md_does_not_hang(tmp_path):
    TRIED.append("FIFO named .md")
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / GOOD_PATH.name).write_bytes(GOOD)
    os.mkfifo(folder / "PMC1__pipe.md")
    proc = _cli_fix(folder, timeout=15)
    assert proc.returncode == 2 and "PMC1__pipe.md" in proc.stderr.decode()


def test_fix_over_a_folder_with_a_device_named_md_fails_cleanly(tmp_path):
    TRIED.append("symlink to /dev/zero named .md")
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / GOOD_PATH.name).write_bytes(GOOD)
    (folder / "PMC1__zero.md").symlink_to("/dev/zero")
    proc = _cli_fix(folder, timeout=60)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err and "PMC1__zero.md" in err


def test_zz_report_count(capsys):
    with capsys.disabled():
        sys.stderr.write(f"\nhostile files tried: {len(TRIED)}\n")

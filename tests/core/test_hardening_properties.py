"""Property-based hardening of the record core (issue #9).

A curator's promise is that the app never damages a record: a record opened and saved
without edits is the same bytes, an edit changes only the edited field's lines and reads
back as exactly what was typed, an edit undone gives back the original bytes, and a file
the app cannot read is reported (``RecordError`` naming file and line), never rewritten.

Records are generated the way the PFOCR pipeline writes them (PyYAML ``yaml.dump`` with
``allow_unicode=True, sort_keys=False, width=80``) with the field shapes PFOCR uses:
unicode text, long wrapped captions, strings that need quotes, multi-line text, numbers,
booleans, nulls, lists, ``schema-jsonld``-like mappings and ``genes``-like lists of
mappings; framed with or without body, CRLF, BOM, final newline and indented lists.
Real records are corrupted byte by byte to check the parse never fails in any other way.

The number of examples each property ran is printed by the last test of the module;
``CURATOR_FUZZ_SCALE=N`` multiplies them.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import os
import re
import signal
import string
import sys
from collections import Counter

import pytest
import yaml
from recordfiles import record_paths
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from ruamel.yaml.reader import ReaderError

from curator.core.files import emit
from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.files.frontmatter import split
from curator.core.collection.index import index_file
from curator.core.files.record import Record
from curator.core.files.style import detect_style
from curator.core.fields.values import format_path, get, same

COUNTS: Counter = Counter()
REAL = [p.read_bytes() for p in record_paths()]

# -- generated records ----------------------------------------------------------------------

_PLAIN = string.ascii_letters + string.digits + "    .,;:()/-'\"_+=?"
_UNICODE = ("αβγδκμΔΩ" "–—" "中文字蛋白" "😀🧬" "éüñç" "\u00a0" "°±×" "\t\u200b\ufeff")
_ALPHABET = st.sampled_from(_PLAIN + _UNICODE)

word = st.text(_ALPHABET, min_size=1, max_size=12)
text = st.lists(word, max_size=8).map(" ".join)

NEEDS_QUOTES = [
    "yes", "no", "on", "off", "true", "False", "2001", "0.5", "1e3", "0x1F", ": ", "a: b",
    "-", "- x", "-1", "[x", "[1, 2]", "*x", "&x", "!x", "%x", "@x", "`x", "{a}", "a #b",
    "#x", "trailing ", " leading", "", "null", "Null", "~", "'quoted'", '"dq"', "|", ">",
    "?", "? x", "x,y", "2001-01-01", ".na.character", "NA", "---", "...", "=",
]
quoted = st.one_of(
    st.sampled_from(NEEDS_QUOTES),
    st.tuples(st.sampled_from(NEEDS_QUOTES), text).map("".join),
    st.tuples(text, st.sampled_from([" #x", ": y", "  ", " "])).map("".join),
)
caption = st.lists(word, min_size=60, max_size=320).map(" ".join).map(lambda s: s[:2000])
multiline = st.lists(text, min_size=2, max_size=5).flatmap(
    lambda parts: st.sampled_from(["\n", "\n\n"]).map(lambda sep: sep.join(parts))
).flatmap(lambda s: st.sampled_from([s, s + "\n", "  " + s]))
string_value = st.one_of(text, text, quoted, caption, multiline)
scalar = st.one_of(
    string_value, string_value, string_value,
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.floats(allow_nan=False, allow_infinity=True),
    st.booleans(), st.none(),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
)

PFOCR_KEYS = [
    "figid", "figlink", "number", "caption", "pmcid", "papertitle", "reftext", "year",
    "pmc_ranked_result_index", "pathway_score", "filename", "figtitle", "organisms", "ndex",
    "annotations", "seo", "schema-jsonld", "redirect_from", "doi", "journal_title",
    "genes", "keywords", "@context", "@id", "@type", "hgnc_symbol", "entrez",
]
# Keys PyYAML writes as explicit "? key" entries (empty, longer than 128 characters) are
# among them (issue 14, item 11: they were a known bug).
key = st.one_of(st.sampled_from(PFOCR_KEYS), st.sampled_from(PFOCR_KEYS), quoted.filter(
    lambda k: len(k) < 60), st.text(string.ascii_lowercase + "_-@", min_size=1, max_size=20),
    st.text(string.ascii_lowercase, min_size=129, max_size=140))

small_list = st.lists(st.one_of(text, quoted), max_size=6)
flat_mapping = st.dictionaries(key, st.one_of(scalar, small_list), min_size=1, max_size=5)
schema_like = st.dictionaries(key, st.one_of(scalar, small_list, flat_mapping),
                              min_size=1, max_size=6)
genes_like = st.lists(st.one_of(
    st.fixed_dictionaries({"hgnc_symbol": word, "entrez": st.one_of(word, st.integers(0, 10**6)),
                           "source": text}),
    flat_mapping), min_size=1, max_size=5)
value = st.one_of(scalar, scalar, scalar, small_list, schema_like, genes_like,
                  st.builds(list), st.builds(dict))
pfocr_like = st.fixed_dictionaries(
    {"figid": word, "figlink": text, "number": word, "caption": caption, "pmcid": word,
     "papertitle": string_value, "year": st.one_of(quoted, st.integers(1900, 2100)),
     "organisms": st.one_of(small_list, text), "annotations": small_list,
     "schema-jsonld": schema_like, "genes": genes_like},
    optional={"figtitle": string_value, "pathway_score": st.floats(0, 1),
              "ndex": st.one_of(st.none(), text), "keywords": small_list})
front_data = st.one_of(
    st.dictionaries(key, value, min_size=1, max_size=10),
    st.tuples(pfocr_like, st.dictionaries(key, value, max_size=3)).map(
        lambda pair: {**pair[0], **pair[1]}))


def _known_bug(value) -> bool:
    """A new value hitting a bug reported by a strict xfail test (kept out of the random
    edits, so that the properties go on finding new ones). None now: values written as
    ``|+`` blocks were one (issue 14, item 11)."""
    return False


new_value = value.filter(lambda v: not _known_bug(v))


class _Dumper(yaml.Dumper):
    """The PFOCR writer (equal values are written out, never as aliases)."""

    def ignore_aliases(self, data):
        return True


class _IndentedDumper(_Dumper):
    """The PFOCR writer with lists indented under their key ("key:\\n  - x")."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


body_text = st.one_of(st.just(""), st.lists(st.one_of(text, st.just("---"), st.just("")),
                                            max_size=4).map(lambda ls: "\n" + "\n".join(ls) + "\n"))


@st.composite
def record_files(draw):
    """(file bytes, data as PyYAML reads it)."""
    data = draw(front_data)
    indented = draw(st.booleans())
    dumped = yaml.dump(data, Dumper=_IndentedDumper if indented else _Dumper,
                       allow_unicode=True, sort_keys=False, width=80)
    expected = yaml.safe_load(dumped)
    if not draw(st.integers(0, 3)):   # hand-edited files: comments and blank lines
        lines = dumped.split("\n")
        for i in reversed(range(len(lines))):
            top_key = lines[i][:1] not in ("", " ", "-", "?", ":")
            if top_key and draw(st.integers(0, 2)) == 0:
                lines.insert(i, draw(st.sampled_from(["# a comment", "", "#", "  # indented"])))
        dumped = "\n".join(lines)
        assert same(yaml.safe_load(dumped), expected)
    text_ = "---\n" + dumped + "---\n" + draw(body_text)
    if draw(st.booleans()):
        text_ = text_.replace("\n", "\r\n")
    if not draw(st.integers(0, 4)):
        text_ = text_.rstrip("\r\n")
    raw = text_.encode("utf-8")
    if not draw(st.integers(0, 4)):
        raw = b"\xef\xbb\xbf" + raw
    note(f"file: {raw!r}")
    return raw, expected


# -- helpers --------------------------------------------------------------------------------

@contextlib.contextmanager
def time_limit(seconds: int):
    """TimeoutError if the block runs longer than ``seconds`` (a hang, not a slow run)."""
    def _alarm(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8-sig")


def _yaml_end_line(record: Record) -> int:
    """1-based line of the closing '---'."""
    front = record.front
    return front.first_line + front.yaml.count("\n")


def field_span(record: Record, path: tuple) -> tuple[int, int]:
    """First and last 1-based lines of the field at ``path`` (its key, or its list item,
    up to the next field that is not inside it); the whole front matter for ``()``."""
    lines = record.lines
    end = _yaml_end_line(record)
    if not path:
        return record.front.first_line, end - 1
    start = lines[path]
    later = [n for p, n in lines.items() if n > start and p[:len(path)] != path]
    return start, (min(later) if later else end) - 1


def assert_changes_within(old_raw: bytes, new_raw: bytes, span: tuple[int, int], what: str):
    """Every original line outside ``span`` (1-based, inclusive) is still there, in order:
    the new file is the original lines before the span, any lines, the original lines
    after it. (Checked as prefix and suffix rather than by difflib opcodes, which align
    repeated lines arbitrarily; the opcodes are shown when the check fails.)"""
    a, b = _text(old_raw).split("\n"), _text(new_raw).split("\n")
    lo, hi = span
    before, after = a[:lo - 1], a[hi:]
    ok = (b[:len(before)] == before and len(b) >= len(before) + len(after)
          and b[len(b) - len(after):] == after)
    if not ok:
        opcodes = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False)
                   .get_opcodes() if op[0] != "equal"]
        raise AssertionError(f"{what}: lines outside the field's lines {lo}..{hi} changed; "
                             f"opcodes {opcodes}")


def assert_no_new_trailing_whitespace(old_raw: bytes, new_raw: bytes):
    old = {line.rstrip("\r") for line in _text(old_raw).split("\n")}
    for line in _text(new_raw).split("\n"):
        line = line.rstrip("\r")
        if line != line.rstrip(" \t"):
            assert line in old, f"new trailing whitespace: {line!r}"


def assert_reads_back(record: Record, out: bytes, raw: bytes):
    assert same(parse_fast(out).data, record.data)
    assert out.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in raw.split(b"\n", 1)[0] + b"\n":   # a CRLF file stays CRLF
        assert b"\n" not in out.replace(b"\r\n", b"")


def _lists(data, prefix=()):
    """Field paths of every list in ``data``."""
    found = []
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        found.append(prefix)
        items = enumerate(data)
    else:
        return found
    for k, v in items:
        found.extend(_lists(v, prefix + (k,)))
    return found


@st.composite
def edits(draw, record: Record):
    """One random edit of ``record``: (kind, path, new value or None, allowed line span)."""
    data = record.original
    paths = sorted(record.lines, key=lambda p: tuple(str(x) for x in p))
    lists = _lists(data)
    kinds = (["set", "delete", "add"] if paths else ["add"]) \
        + (["append", "remove"] if lists else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "set":
        path = draw(st.sampled_from(paths))
        new = draw(new_value.filter(lambda v: not same(v, get(data, path))))
        return kind, path, new
    if kind == "add":
        name = draw(key.filter(lambda k: k not in data and not _known_bug(k)))
        return kind, (name,), draw(new_value)
    if kind == "delete":
        return kind, draw(st.sampled_from(paths)), None
    path = draw(st.sampled_from(lists))
    items = get(data, path)
    if kind == "append" or not items:
        return "append", path, items + draw(st.lists(st.one_of(scalar, flat_mapping).filter(
            lambda v: not _known_bug(v)), min_size=1, max_size=3))
    index = draw(st.integers(0, len(items) - 1))
    return "remove", path + (index,), None


def apply_edit(record: Record, kind: str, path: tuple, new) -> tuple[int, int]:
    """Apply the edit; return the lines it may touch."""
    if kind in ("set", "append"):
        assert record.set(path, new)
        return field_span(record, path)
    if kind == "add":
        assert record.set(path, new)
        root = record.front.yaml.lstrip()
        if not record.original or root.startswith("{"):
            return field_span(record, ())
        last = max(n for p, n in record.lines.items() if len(p) == 1)
        return last, _yaml_end_line(record) - 1
    # delete a key or a list item
    assert record.delete(path)
    parent = path[:-1]
    siblings = get(record.data, parent)
    old_item = get(record.original, path)
    if not siblings:                                   # the container became empty
        return field_span(record, parent)
    if isinstance(path[-1], str) and parent and isinstance(parent[-1], int) \
            and record.lines[path] == record.lines[parent]:
        return field_span(record, parent)              # the key shares its line with a dash
    if _text(record.raw).split("\n")[record.lines[path] - 1].lstrip(" ").startswith(":"):
        return field_span(record, parent)              # it shares a line with ": " after "? key"
    if isinstance(path[-1], int) and sum(same(x, old_item) for x in get(record.original,
                                                                            parent)) > 1:
        return field_span(record, parent)              # which equal item went is moot
    return field_span(record, path)


def undo_edit(record: Record, kind: str, path: tuple) -> None:
    if kind == "add":
        record.delete(path)
    elif kind == "remove":
        record.set(path[:-1], get(record.original, path[:-1]))
    elif kind == "delete":
        record.revert()
    else:
        record.set(path, get(record.original, path))


# CURATOR_FUZZ_SCALE=20 runs every property 20 times longer (a deeper, nightly run).
SCALE = max(1, int(os.environ.get("CURATOR_FUZZ_SCALE", "1")))
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                          HealthCheck.data_too_large])


# -- generated records: properties ----------------------------------------------------------

@settings(SETTINGS, max_examples=300 * SCALE)
@given(record_files())
def test_generated_record_noop_save_is_byte_identical(file):
    raw, expected = file
    COUNTS["generated records (no-op save)"] += 1
    for fast in (False, True):
        record = Record(raw, fast=fast)
        assert same(record.data, expected)
        assert record.render() == raw
        assert not record.modified
    assert same(parse_fast(raw).data, expected)


@settings(SETTINGS, max_examples=400 * SCALE)
@given(record_files(), st.data())
def test_generated_record_edit_changes_only_its_lines_and_reverts(file, data):
    raw, _ = file
    record = Record(raw, fast=data.draw(st.booleans(), label="fast"))
    kind, path, new = data.draw(edits(record), label="edit")
    note(f"edit: {kind} {format_path(path)} -> {new!r}")
    COUNTS[f"edits: {kind}"] += 1
    span = apply_edit(record, kind, path, new)
    out = record.render()
    note(f"rendered: {out!r}")
    assert_reads_back(record, out, raw)
    assert_changes_within(raw, out, span, f"{kind} {format_path(path)}")
    assert_no_new_trailing_whitespace(raw, out)
    undo_edit(record, kind, path)
    assert not record.modified
    assert record.render() == raw


@settings(SETTINGS, max_examples=150 * SCALE)
@given(record_files(), st.data())
def test_generated_record_several_edits_read_back_and_save_again(file, data):
    """Edits one after another, saved in between (as the window's autosave would)."""
    raw, _ = file
    fast = data.draw(st.booleans(), label="fast")
    record = Record(raw, fast=fast)
    current = raw
    for step in range(data.draw(st.integers(1, 4), label="edits")):
        kind, path, new = data.draw(edits(record), label=f"edit {step}")
        note(f"edit {step}: {kind} {format_path(path)} -> {new!r}")
        COUNTS["edits: chained"] += 1
        apply_edit(record, kind, path, new)
        if not record.modified:
            continue
        out = record.render()
        assert_reads_back(record, out, raw)
        assert_no_new_trailing_whitespace(current, out)
        record = Record(out, fast=fast)          # the saved file, reopened
        assert record.render() == out
        current = out


def _has_multiline(value) -> bool:
    if isinstance(value, str):
        return "\n" in value
    if isinstance(value, dict):
        return any(_has_multiline(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_multiline(v) for v in value)
    return False


@settings(SETTINGS, max_examples=120 * SCALE)
@given(record_files(), st.data())
def test_generated_record_edit_saved_then_undone_gives_the_original_bytes(file, data):
    """Edit, save, reopen, set the old value back: the original file, byte for byte
    (the writer's style is the file's style). Exempt: multi-line strings but where one is
    set to a string PyYAML quotes (PyYAML wrote them quoted and folded; the app writes
    them so in a field PyYAML quoted, but in a plain field or a list written anew as
    literal blocks), and files whose edit removed the last list that showed their list
    indentation."""
    raw, _ = file
    fast = data.draw(st.booleans(), label="fast")
    record = Record(raw, fast=fast)
    kind, path, new = data.draw(edits(record), label="edit")
    assume(kind in ("set", "append", "add"))
    if kind != "add":
        old = get(record.original, path)
        assume(not _has_multiline(old) or isinstance(old, str) and isinstance(new, str)
               and emit.writer_style(new) != "")
    note(f"edit: {kind} {format_path(path)} -> {new!r}")
    COUNTS["edits: saved then undone"] += 1
    apply_edit(record, kind, path, new)
    reopened = Record(record.render(), fast=fast)
    assume(detect_style(reopened._parsed.root, source=reopened.front.yaml)
           == detect_style(record._parsed.root, source=record.front.yaml))
    if kind == "add":
        reopened.delete(path)
    else:
        reopened.set(path, get(record.original, path))
    assert reopened.render() == raw


# -- corrupted real records -----------------------------------------------------------------

JUNK = ["- ", ": ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "!!python/name:os.system ",
        "|", ">", "'", '"', "#", "%YAML 1.1", "? ", ",", "\t", "key", "value", "---", "...",
        "<<: ", "@", "`", "\\", "\u2028", "\x85", "\ufeff", "é", "  "]


@st.composite
def corruptions(draw):
    """(a real record's bytes corrupted by 1 to 3 random operations, what was done)."""
    raw = bytearray(draw(st.sampled_from(REAL)))
    done = []
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "junk line",
                                   "indent", "swap lines", "duplicate line"]))
        size = len(raw)
        at = draw(st.integers(0, max(size - 1, 0)))
        if op == "flip" and size:
            raw[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete" and size:
            del raw[at:at + draw(st.integers(1, 40))]
        elif op == "truncate":
            del raw[at:]
        else:
            lines = bytes(raw).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "junk line":
                junk = "".join(draw(st.lists(st.sampled_from(JUNK), min_size=1, max_size=6)))
                lines.insert(i, (" " * draw(st.integers(0, 6)) + junk).encode())
            elif op == "indent":
                body = lines[i].lstrip(b" ")
                lines[i] = b" " * draw(st.integers(0, 8)) + body
            elif op == "swap lines":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(i, lines[j])
            raw = bytearray(b"\n".join(lines))
        done.append(op)
    return bytes(raw), done


NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                           "\U00010000-\U0010ffff]")


class KnownBug(Exception):
    """An outcome a strict xfail test already reports."""


def _known_crash(exc: Exception, raw: bytes) -> bool:
    """Whether ``exc`` escaping the round-trip loader is one of the crashes the strict
    xfail tests report: ruamel.yaml's ReaderError for a control character in the front
    matter, its IndexError for a ``%YAML`` directive line."""
    yaml_text = split(raw).yaml
    if isinstance(exc, ReaderError):
        return bool(NON_PRINTABLE.search(yaml_text))
    return isinstance(exc, IndexError) and bool(re.search(r"(?m)^%YAML", yaml_text))


def _parse_outcome(parse, raw: bytes):
    """The parsed value, or the RecordError (checked); any other exception propagates,
    but for the known bug of control characters (test_control_character_...)."""
    line_count = raw.count(b"\n") + 1
    # libyaml counts U+2028, U+2029 and U+0085 as line breaks: the known bug of
    # test_field_lines_after_a_line_separator_character moves its lines down by as many.
    separators = sum(raw.count(c.encode()) for c in "\u2028\u2029\x85")
    try:
        with time_limit(10):
            return parse(raw)
    except (ReaderError, IndexError) as exc:
        if not _known_crash(exc, raw):
            raise
        COUNTS[f"corruptions hitting a known crash ({type(exc).__name__})"] += 1
        raise KnownBug from None
    except RecordError as err:
        assert err.message and err.message.strip()
        assert err.code.startswith("parse.")
        if err.line is not None:
            assert 1 <= err.line <= line_count + separators, (err.line, line_count, str(err))
            if err.line > line_count:
                COUNTS["corruptions: error line past the end (known U+2028 bug)"] += 1
        return err


@settings(SETTINGS, max_examples=1000 * SCALE)
@given(corruptions())
def test_corrupted_record_is_rejected_cleanly_or_round_trips(corrupted):
    raw, done = corrupted
    note(f"corruptions: {done}")
    COUNTS["corruptions tried"] += 1
    try:
        rt = _parse_outcome(Record, raw)
    except KnownBug:
        return
    fast = _parse_outcome(parse_fast, raw)
    if isinstance(rt, RecordError):
        COUNTS["corruptions rejected (round-trip loader)"] += 1
    else:
        COUNTS["corruptions still parsing"] += 1
        assert rt.render() == raw
    if not isinstance(fast, RecordError):
        assert Record(raw, fast=True).render() == raw
    if isinstance(rt, RecordError) != isinstance(fast, RecordError):
        COUNTS["corruptions: the two loaders disagree on parsing"] += 1
        which = "fast only" if isinstance(rt, RecordError) else "round-trip only"
        COUNTS[f"  parsed by the {which} loader"] += 1
    elif not isinstance(rt, RecordError) and not same(rt.data, fast.data):
        # known bug (test_line_separator_characters_read_alike): libyaml breaks lines at
        # U+2028, U+2029 and U+0085, ruamel.yaml does not
        assert any(c in split(raw).yaml for c in "\u2028\u2029\x85"), \
            "the two loaders read different data"
        COUNTS["corruptions: loaders read different data (known U+2028 bug)"] += 1


@pytest.fixture(scope="module")
def corrupt_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("corrupt")


@settings(SETTINGS, max_examples=300 * SCALE,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(corruptions(), st.booleans())
def test_corrupted_record_file_is_never_written_unless_it_parses(corrupt_dir, corrupted, fast):
    """Opened as the editor (``Record``) or the bulk editor (``fast``) opens it."""
    raw, done = corrupted
    note(f"corruptions: {done}")
    COUNTS["corrupted files opened and saved"] += 1
    path = corrupt_dir / "PMC1__corrupt.md"
    for stray in corrupt_dir.iterdir():
        stray.unlink()
    path.write_bytes(raw)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    try:
        with time_limit(10):
            record = Record.open(path, fast=fast)
    except (ReaderError, IndexError) as exc:
        if not _known_crash(exc, raw):
            raise
        COUNTS[f"corrupted files hitting a known crash ({type(exc).__name__})"] += 1
        assert path.read_bytes() == raw
        return
    except RecordError as err:
        assert err.path == path and str(err).startswith(f"{path}")
        row = index_file(str(path))       # the folder list shows it as a parse problem
        assert path.read_bytes() == raw
        assert path.stat().st_mtime_ns == 1_000_000_000
        assert list(corrupt_dir.iterdir()) == [path]
        if not row.parsed:
            assert row.problems[0].code.startswith("parse.")
        return
    assert record.save() is False                    # nothing edited: nothing written
    assert path.stat().st_mtime_ns == 1_000_000_000
    record.set(("figtitle",), "Hardening: an edited title")
    try:
        record.save()
    except RecordError:   # refused (the edit would not read back): the file is untouched
        COUNTS["corrupted files: edit refused at save"] += 1
        assert path.read_bytes() == raw
        assert path.stat().st_mtime_ns == 1_000_000_000
    else:
        COUNTS["corrupted files: edit saved"] += 1
        assert same(parse_fast(path.read_bytes()).data, record.data)
    assert list(corrupt_dir.iterdir()) == [path]


# -- bugs found by the properties above (strict xfail: each turns green when fixed) -----------

def test_control_character_in_front_matter_is_a_record_error():
    with pytest.raises(RecordError) as info:
        Record(b"---\na: \x06\n---\n")
    assert info.value.code.startswith("parse.") and info.value.line == 2


def test_yaml_directive_in_front_matter_is_a_record_error():
    with pytest.raises(RecordError) as info:
        Record(b"---\n%YAML 1.1\na: 1\n---\n")
    assert info.value.code.startswith("parse.")


@pytest.mark.parametrize("value", ["x\n\n", "\n", "caption\n\n\n"],
                         ids=["x+2 breaks", "1 break only", "caption+3 breaks"])
def test_value_ending_in_blank_lines_can_be_saved(value):
    record = Record(b"---\na: old\nb: 1\n---\n")
    record.set(("a",), value)
    assert parse_fast(record.render()).data == {"a": value, "b": 1}


def test_value_with_next_line_character_can_be_saved():
    record = Record(b"---\na: old\n---\n")
    record.set(("a",), "a\x85b")
    assert parse_fast(record.render()).data == {"a": "a\x85b"}


@pytest.mark.parametrize("raw, path", [
    (b"---\na: 1\n? b\n: 2\n---\n", ("b",)),
    (b"---\n? ''\n: null\n---\n", ("figid",)),
    (b"---\nm:\n  ? b\n  : 2\n---\n", ("m", "z")),
    (b"---\nl:\n- ? b\n  : 2\n---\n", ("l", 0, "b")),
    (b"---\n? b\na: 1\n---\n", ("b",)),
], ids=["edit an explicit key's value", "add a key after an explicit empty key",
        "add a key after a nested explicit key", "explicit key in a list item",
        "explicit key without a value"])
def test_explicit_key_entries_can_be_edited(raw, path):
    """Issue 14, item 11 (was a strict xfail): an explicit entry is written anew."""
    record = Record(raw)
    record.set(path, 3)
    out = record.render()
    assert same(parse_fast(out).data, record.data)


def test_explicit_key_entry_is_deleted_with_its_lines_only():
    record = Record(b"---\n# top\na: 1\n? b\n: 2\nc: 3  # kept\n---\n")
    record.delete(("b",))
    assert record.render() == b"---\n# top\na: 1\nc: 3  # kept\n---\n"


@pytest.mark.parametrize("fast", [False, True], ids=["ruamel", "fast"])
def test_list_on_an_explicit_keys_colon_line_does_not_set_the_list_style(fast):
    """CI found it (hypothesis): ``? key`` then ``: - item`` puts the dash at column 2 on
    the ``:`` line; that list said "indented" and a 0-indented list written back came out
    indented. Only a dash that opens its line tells how the file indents its lists."""
    raw = b"---\n? " + b"a" * 131 + b"\n: - ''\n# a comment\n'False':\n- ''\n---"
    record = Record(raw, fast=fast)
    record.set(("False",), "")
    reopened = Record(record.render(), fast=fast)
    reopened.set(("False",), [""])
    assert reopened.render() == raw


@pytest.mark.parametrize("raw, path, value", [
    (b"---\na: ''\n  # indented\nb: null\n---\n", ("a",), "\n0"),
    (b"---\na: x\n\n  # indented\nb: null\n---\n", ("a",), "two\nlines"),
    (b"---\nl:\n- a\n  # c\nb: 1\n---\n", ("l", 0), "a\nb"),
    (b"---\nl:\n- a\n  # c\nb: 1\n---\n", ("l",), ["a", "x\ny"]),
], ids=["entry", "entry, blank line between", "list item", "appended item"])
def test_multi_line_value_before_an_indented_comment_keeps_the_comment_out(raw, path, value):
    """Hypothesis found it: a "|" block written before an indented comment line took the
    comment as its text, and the write was refused. Such a value is double-quoted."""
    record = Record(raw)
    record.set(path, value)
    out = record.render()
    comment = next(line for line in raw.split(b"\n") if b"#" in line)
    assert comment in out.split(b"\n") and same(parse_fast(out).data, record.data)


def test_empty_key_is_rejected_by_the_editor_as_by_the_index():
    raw = b"---\n: \na: 1\n---\n"
    with pytest.raises(RecordError):
        parse_fast(raw)
    with pytest.raises(RecordError):
        Record(raw)


def test_tab_after_colon_opens_in_the_editor():
    raw = b"---\na: \tb\n---\n"
    assert parse_fast(raw).data == {"a": "b"}
    assert Record(raw).data == {"a": "b"}


def test_field_lines_after_a_line_separator_character():
    raw = "---\na: 'x\u2028  y'\nb: 1\n---\n".encode()
    assert Record(raw).lines[("b",)] == 3
    assert parse_fast(raw).lines[("b",)] == 3


def test_error_line_after_line_separator_characters_is_in_the_file():
    raw = '---\na: "x\u2028\u2028\u2028\n---\n'.encode()
    with pytest.raises(RecordError) as info:
        parse_fast(raw)
    assert info.value.line <= raw.count(b"\n")


@pytest.mark.parametrize("raw", ["---\nl:\n- a\u2028- b\n---\n", "---\na: x\x85b: y\n---\n"],
                         ids=["U+2028 in a list", "U+0085 in a mapping"])
def test_line_separator_characters_read_alike(raw):
    raw = raw.encode()
    fast = parse_fast(raw).data
    assert same(Record(raw).data, fast)


def test_zz_report_counts(capsys):
    """Print how many examples each property ran."""
    lines = [f"  {k}: {v}" for k, v in sorted(COUNTS.items())]
    with capsys.disabled():
        sys.stderr.write("\nhardening property counts:\n" + "\n".join(lines) + "\n")

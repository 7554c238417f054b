"""The walk of a composed YAML node tree that both loaders share.

Both the fast index loader (PyYAML) and the round-trip loader (ruamel.yaml) compose a node
tree. ``build`` walks it once, and

* rejects what a record must never contain: tags outside the YAML core schema (such as
  ``!!python/object``), aliases (which is also what defeats alias bombs) and merge keys,
  duplicate keys (also one key spelled two ways, "yes"/"true"), nesting deeper than
  ``MAX_DEPTH``;
* builds the plain data with PyYAML's conversions, so both loaders read the same values.

``LineMap`` maps a field path to its 1-based line in the file, for problem reports, read
from the tree when asked. ``precheck`` bounds the nesting depth from the raw text before a
parser sees it, because PyYAML's C composer recurses on the C stack and crashes the process
on deep nesting.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from contextlib import contextmanager

import yaml
from yaml.nodes import ScalarNode

from curator.core.errors import RecordError

MAX_DEPTH = 64
_MAX_FLOW_OPEN = 100
_MAX_LEADING = 400

CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)

_BRACKET = re.compile(r"[][{}]")
_DEEP_INDENT = re.compile(r"[ \t?:-]{%d}" % (_MAX_LEADING + 1))
_DEEP_LINE = re.compile(r"[\r\n][ \t?:-]{%d}" % (_MAX_LEADING + 1))


def precheck(yaml_text: str, path, first_line: int) -> None:
    """Raise RecordError when the text may nest deeper than the parsers can take."""
    if yaml_text.count("[") + yaml_text.count("{") > _MAX_FLOW_OPEN:
        depth = 0
        for m in _BRACKET.finditer(yaml_text):  # unclosed brackets bound flow nesting
            depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
            if depth > _MAX_FLOW_OPEN:
                raise RecordError(path, f"nesting deeper than {_MAX_FLOW_OPEN} levels of "
                                  "brackets", line=first_line + line_breaks(
                                      yaml_text, 0, m.start()), code="parse.depth")
    # The first line, then a break + indent: 5 times faster than searching for ^ + indent.
    m = _DEEP_INDENT.match(yaml_text) or _DEEP_LINE.search(yaml_text)
    if m is not None:
        raise RecordError(path, f"a line indented by more than {_MAX_LEADING} characters: "
                          "nesting too deep", line=first_line + line_breaks(
                              yaml_text, 0, m.start() + 1), code="parse.depth")


_SEPARATORS = ("\u2028", "\u2029", "\x85")
_BREAK = re.compile(r"\r\n|\r|\n")


class _SeparatedLines(int):
    """The first line of a front matter holding U+2028, U+2029 or U+0085, which libyaml
    (YAML 1.1) counts as line breaks in its marks but a text editor does not: ``at``
    takes a mark's line from its character index instead."""

    breaks: list[int]


def first_line_of(text: str, first_line: int) -> int:
    """``first_line``, to pass to ``build``, ``LineMap`` and ``parse_error``, such that
    their lines are the file's lines whatever line separators ``text`` holds."""
    if not any(sep in text for sep in _SEPARATORS):
        return first_line
    lines = _SeparatedLines(first_line)
    lines.breaks = [m.end() for m in _BREAK.finditer(text)]
    return lines


def at(first_line: int, mark) -> int:
    """The 1-based file line of a node's (or an error's) mark."""
    if first_line.__class__ is int:
        return first_line + mark.line
    return int(first_line) + bisect.bisect_right(first_line.breaks, mark.index)


def _tag(node) -> str:
    tag = node.tag
    return tag if tag.__class__ is str else str(tag.value)


def _alias_line(root, first_line: int) -> int:
    """The line of the first reference to an already seen node, walking in document
    order (slow, only run once an alias is known to exist)."""
    seen: set[int] = set()
    stack = [(root, at(first_line, root.start_mark))]
    while stack:
        node, line = stack.pop()
        if id(node) in seen:
            return line
        seen.add(id(node))
        if node.id == "mapping":
            children = []
            for knode, vnode in node.value:
                kline = at(first_line, knode.start_mark)
                children += [(knode, kline), (vnode, kline)]
        elif node.id == "sequence":
            children = [(item, line) for item in node.value]
        else:
            children = []
        stack.extend(reversed(children))
    return at(first_line, root.start_mark)


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_ALIAS = "aliases (*name) are not allowed in a record"
# The node kind each collection tag needs; every other core tag needs a scalar.
_KIND = {"tag:yaml.org,2002:map": "mapping", "tag:yaml.org,2002:seq": "sequence"}
# PyYAML's own conversions (CSafeLoader's), so that both loaders read a value alike. They
# take a PyYAML ScalarNode; ruamel.yaml's nodes are wrapped in one.
_KIND_NAME = {"timestamp": "date", "bool": "boolean"}
_SAFE = yaml.constructor.SafeConstructor()
_CONVERT = {"tag:yaml.org,2002:" + t: getattr(_SAFE, "construct_yaml_" + t)
            for t in ("int", "float", "bool", "null", "timestamp")}


def build(root, path, first_line: int, *, aliases: bool = True, roundtrip: bool = False):
    """Check the node tree (see module doc) and return its plain data (str, int, float,
    bool, None, date, datetime, dict, list) as PyYAML's safe loader makes it. One walk, in
    document order: the first problem in the text is the one reported.

    ``aliases=False``: the text has no ``*``, so no alias, and no node needs remembering.
    ``roundtrip``: ruamel.yaml's round-trip nodes, whose plain strings are not final (see
    ``scalar``)."""
    if root is None:
        return None
    seen: set[int] = set()   # a node met twice is an alias (or an alias bomb)
    see = seen.add
    # Scalars are most nodes: a plain string (tag STR) is taken inline, without a call.
    inline_str = None if roundtrip else _STR

    def fail(message: str, node, code: str):
        raise RecordError(path, message, line=at(first_line, node.start_mark), code=code)

    def alias():
        raise RecordError(path, _ALIAS, line=_alias_line(root, first_line), code="parse.alias")

    def scalar(node):
        tag = _tag(node)
        value = node.value
        if node.style == ">":   # ruamel.yaml's round-trip scanner marks the folds of a
            value = value.replace("\a", "")   # '>' scalar with "\a" (never raw in YAML)
        if tag == _STR:
            return value
        if tag not in CORE_TAGS:
            fail(f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in a record",
                 node, "parse.tag")
        if tag in _KIND:
            fail(f"invalid YAML: expected a {_KIND[tag]} node, but found scalar", node,
                 "parse.yaml")
        try:
            return _CONVERT[tag](node if node.__class__ is ScalarNode else ScalarNode(tag, value))
        except Exception as exc:   # "!!int abc", "2001-02-30": the value's own line
            kind = tag.replace("tag:yaml.org,2002:", "")
            detail = f" ({exc})" if isinstance(exc, ValueError) else ""
            fail(f"invalid YAML: {value!r} is not a valid {_KIND_NAME.get(kind, kind)}{detail}",
                 node, "parse.yaml")

    def collection(node, depth: int):
        if depth > MAX_DEPTH:
            fail(f"nesting deeper than {MAX_DEPTH} levels", node, "parse.depth")
        tag = _tag(node)
        kind = node.id
        if tag not in CORE_TAGS:
            fail(f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in a record",
                 node, "parse.tag")
        if _KIND.get(tag) != kind:   # such as "!!str [a]"
            fail(f"invalid YAML: expected a {_KIND.get(tag, 'scalar')} node, but found "
                 f"{kind}", node, "parse.yaml")
        depth += 1
        if kind == "sequence":
            items = []
            for item in node.value:
                if aliases:
                    if id(item) in seen:
                        alias()
                    see(id(item))
                if item.id != "scalar":
                    items.append(collection(item, depth))
                elif item.tag == inline_str:
                    items.append(item.value)
                else:
                    items.append(scalar(item))
            return items
        data: dict = {}
        for knode, vnode in node.value:
            if knode.id != "scalar":
                fail("a key must be a plain value, not a list or mapping", knode, "parse.key")
            if knode.tag == inline_str:
                key = knode.value
            else:
                ktag = _tag(knode)
                if ktag not in CORE_TAGS:
                    if ktag == _MERGE:
                        fail("merge keys (<<) are not allowed in a record", knode,
                             "parse.alias")
                    fail(f"tag {ktag} is not allowed in a record", knode, "parse.tag")
                key = scalar(knode)
            if key in data:
                _duplicate(node, knode, key, path, first_line)
            if aliases:
                if id(knode) in seen:
                    alias()
                see(id(knode))
                if id(vnode) in seen:   # after adding the key: "&k x: *k"
                    alias()
                see(id(vnode))
            if vnode.id != "scalar":
                data[key] = collection(vnode, depth)
            elif vnode.tag == inline_str:
                data[key] = vnode.value
            else:
                data[key] = scalar(vnode)
        return data

    see(id(root))
    try:
        return scalar(root) if root.id == "scalar" else collection(root, 0)
    finally:   # the recursive closure holds itself, and so the node tree, in a cycle:
        collection = None   # left for the cyclic collector, 10 ms a run (issue 20)


def _duplicate(mapping, knode, key, path, first_line: int):
    """Raise the error for ``knode``, whose value ``key`` an earlier key of ``mapping``
    already has: spelled the same, or spelled another way ("yes"/"true", "~"/"null", 1/1.0)."""
    for first, _ in mapping.value:   # the keys before it are distinct: one equals it
        earlier = build(first, path, first_line)
        if earlier is key or earlier == key:
            break
    if (_tag(first), first.value) == (_tag(knode), knode.value):
        detail = f"first on line {at(first_line, first.start_mark)}"
    else:
        detail = f"the same key as {first.value!r}"
    raise RecordError(path, f"duplicate key {knode.value!r} ({detail})",
                      line=at(first_line, knode.start_mark), code="parse.duplicate")


class LineMap(Mapping):
    """{field path: 1-based line} of a composed mapping, read from the node tree when
    asked: a field's key line; a list item's first line. Most records are only asked for
    the few lines of their problems, so the full map is only made on full access (once).
    As a dict built in document order, a key spelled the same twice (``'1'`` and ``1``)
    maps to the later one."""

    __slots__ = ("_root", "_first", "_all")

    def __init__(self, root, first_line: int) -> None:
        self._root = root
        self._first = first_line
        self._all: dict | None = None

    def get(self, key, default=None):
        if self._all is not None or key.__class__ is not tuple or not key:
            return self._lines().get(key, default)
        line = self._find(self._root, key)
        return default if line is None else line

    def _find(self, node, fpath: tuple):
        part, rest = fpath[0], fpath[1:]
        if node is None:
            return None
        if node.id == "mapping":
            for knode, vnode in reversed(node.value):   # the later of two same spellings
                if knode.value == part:
                    line = at(self._first, knode.start_mark) if not rest else \
                        self._find(vnode, rest)
                    if line is not None:
                        return line
        elif node.id == "sequence" and isinstance(part, int) and 0 <= part < len(node.value):
            item = node.value[part]
            return at(self._first, item.start_mark) if not rest else self._find(item, rest)
        return None

    def _lines(self) -> dict:
        if self._all is None:
            self._all = {}
            if self._root is not None:
                self._walk(self._root, ())
        return self._all

    def _walk(self, node, fpath: tuple) -> None:
        # Each collection's own entries first, then its children's: the order (and, for
        # keys spelled the same, the winner) of the dict the loaders used to build.
        if node.id == "mapping":
            children = [(vnode, fpath + (knode.value,), knode) for knode, vnode in node.value]
        elif node.id == "sequence":
            children = [(item, fpath + (i,), item) for i, item in enumerate(node.value)]
        else:
            return
        for _, child, node_at in children:
            self._all[child] = at(self._first, node_at.start_mark)
        for cnode, child, _ in children:
            self._walk(cnode, child)

    def __getitem__(self, key):
        line = self.get(key)
        if line is None:
            raise KeyError(key)
        return line

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __bool__(self) -> bool:   # ``lines or {}`` must not build the full map
        root = self._root
        return root is not None and root.id != "scalar" and bool(root.value)

    def __iter__(self):
        return iter(self._lines())

    def __len__(self) -> int:
        return len(self._lines())

    def keys(self):
        return self._lines().keys()

    def items(self):
        return self._lines().items()

    def values(self):
        return self._lines().values()

    def __repr__(self) -> str:
        return f"LineMap({self._lines()!r})"


def line_breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """How many line breaks (CRLF, LF or a lone CR, as YAML counts them, but for the
    U+2028-like breaks only YAML 1.1 knows) ``text[start:end]`` holds."""
    if end is None:
        end = len(text)
    return text.count("\n", start, end) + text.count("\r", start, end) \
        - text.count("\r\n", start, end)


@contextmanager
def errors_named(path, first_line: int, text: str, yaml_error: type):
    """Turn what composing and building a front matter may raise into a RecordError
    naming the file and line (``yaml_error``: the loader's own error class)."""
    try:
        yield
    except yaml_error as exc:
        raise parse_error(exc, path, first_line, text) from None
    except (RecursionError, MemoryError):
        raise RecordError(path, "front matter too deeply nested or too large",
                          line=first_line, code="parse.depth") from None
    except RecordError:
        raise
    except Exception as exc:  # a loader on some malformed input; a value ("!!int x")
        raise RecordError(path, f"invalid YAML ({type(exc).__name__}: {exc})",
                          line=first_line, code="parse.yaml") from None


def parse_error(exc: Exception, path, first_line: int, text: str = "") -> RecordError:
    """A RecordError for a PyYAML or ruamel.yaml parse error, at its line in the file."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = at(first_line, mark) if mark is not None else None
    position = getattr(exc, "position", None)   # a reader error
    if line is None and isinstance(position, int) and text:
        # ``position`` is a character offset for ruamel.yaml but a UTF-8 byte offset for
        # libyaml; the first occurrence of the refused character is where either stopped.
        character = getattr(exc, "character", None)
        found = text.find(chr(character)) if isinstance(character, int) else -1
        line = int(first_line) + line_breaks(text, 0, found if found >= 0 else position)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    seps = [(text.find(sep), sep) for sep in _SEPARATORS if sep in text]
    if seps:   # the likely cause: a line break to libyaml, not to the editor
        index, sep = min(seps)
        message += (f"; line {int(first_line) + line_breaks(text, 0, index)} holds a raw "
                    f"U+{ord(sep):04X} character, a line break in YAML 1.1: write it escaped "
                    f"(\\{_ESCAPE[sep]} in a double-quoted string) or remove it")
    return RecordError(path, message, line=line, code="parse.yaml")


_ESCAPE = {"\u2028": "L", "\u2029": "P", "\x85": "N"}


def as_fields(data, path, first_line: int) -> dict:
    """The front matter's data as a field mapping, or RecordError when it is not one."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RecordError(path, f"the front matter is a {type(data).__name__}, not a "
                          "mapping of fields", line=first_line, code="parse.notmapping")
    return data

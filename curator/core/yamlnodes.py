"""Checks on a composed YAML node tree that both loaders share.

Both the fast index loader (PyYAML) and the round-trip loader (ruamel.yaml) compose a node
tree first. Before anything is constructed from it, ``inspect`` walks it once, without
recursion, and

* rejects what a record must never contain: tags outside the YAML core schema (such as
  ``!!python/object``), aliases (which is also what defeats alias bombs) and merge keys,
  duplicate keys, nesting deeper than ``MAX_DEPTH``;
* maps every field path to its 1-based line in the file, for problem reports.

``precheck`` bounds the nesting depth from the raw text before a parser sees it, because
PyYAML's C composer recurses on the C stack and crashes the process on deep nesting.
"""

from __future__ import annotations

import re

from .errors import RecordError

MAX_DEPTH = 64
_MAX_FLOW_OPEN = 100
_MAX_LEADING = 400

CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)

_BRACKET = re.compile(r"[][{}]")
_DEEP_INDENT = re.compile(r"^[ \t?:-]{%d}" % (_MAX_LEADING + 1), re.MULTILINE)

Path = tuple  # a field path: keys (str) and list indexes (int)


def precheck(yaml_text: str, path, first_line: int) -> None:
    """Raise RecordError when the text may nest deeper than the parsers can take."""
    if yaml_text.count("[") + yaml_text.count("{") > _MAX_FLOW_OPEN:
        depth = 0
        for m in _BRACKET.finditer(yaml_text):  # unclosed brackets bound flow nesting
            depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
            if depth > _MAX_FLOW_OPEN:
                raise RecordError(path, f"nesting deeper than {_MAX_FLOW_OPEN} levels of "
                                  "brackets", line=first_line + yaml_text.count(
                                      "\n", 0, m.start()), code="parse.depth")
    m = _DEEP_INDENT.search(yaml_text)
    if m is not None:
        raise RecordError(path, f"a line indented by more than {_MAX_LEADING} characters: "
                          "nesting too deep", line=first_line + yaml_text.count(
                              "\n", 0, m.start()), code="parse.depth")


def _tag(node) -> str:
    tag = node.tag
    return tag if tag.__class__ is str else str(tag.value)


def _fail(path, message: str, line: int, code: str):
    raise RecordError(path, message, line=line, code=code)


def _alias_line(root, first_line: int) -> int:
    """The line of the first reference to an already seen node, walking in document
    order (slow, only run once an alias is known to exist)."""
    seen: set[int] = set()
    stack = [(root, first_line + root.start_mark.line)]
    while stack:
        node, at = stack.pop()
        if id(node) in seen:
            return at
        seen.add(id(node))
        if node.id == "mapping":
            children = []
            for knode, vnode in node.value:
                kline = first_line + knode.start_mark.line
                children += [(knode, kline), (vnode, kline)]
        elif node.id == "sequence":
            children = [(item, at) for item in node.value]
        else:
            children = []
        stack.extend(reversed(children))
    return first_line + root.start_mark.line


def inspect(root, path, first_line: int) -> dict[Path, int]:
    """Check the node tree (see module doc) and return {field path: 1-based line}."""
    try:
        return _inspect(root, path, first_line)
    except RecordError as err:
        if err.code == "parse.alias" and "aliases" in err.message:
            err.line = _alias_line(root, first_line)
            err.args = (str(err),)
        raise


def _inspect(root, path, first_line: int) -> dict[Path, int]:
    lines: dict[Path, int] = {}
    if root is None:
        return lines
    seen: set[int] = set()
    core_tags = CORE_TAGS
    merge = "tag:yaml.org,2002:merge"
    # Walk in document order, so that the second visit of a node is the alias. ``at`` is
    # the line of the key (or list) referring to the node. Scalars are checked in place
    # rather than pushed: most nodes are scalars.
    stack = [(root, (), 0, first_line + root.start_mark.line)]
    while stack:
        node, fpath, depth, at = stack.pop()
        if id(node) in seen:
            _fail(path, "aliases (*name) are not allowed in a record", at, "parse.alias")
        seen.add(id(node))
        line = first_line + node.start_mark.line
        if depth > MAX_DEPTH:
            _fail(path, f"nesting deeper than {MAX_DEPTH} levels", line, "parse.depth")
        tag = _tag(node)
        if tag not in core_tags:
            _fail(path, f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in "
                  "a record", line, "parse.tag")
        children = []
        if node.id == "mapping":
            keys: dict = {}
            for knode, vnode in node.value:
                kline = first_line + knode.start_mark.line
                if knode.id != "scalar":
                    _fail(path, "a key must be a plain value, not a list or mapping", kline,
                          "parse.key")
                ktag = _tag(knode)
                if ktag not in core_tags:
                    if ktag == merge:
                        _fail(path, "merge keys (<<) are not allowed in a record", kline,
                              "parse.alias")
                    _fail(path, f"tag {ktag} is not allowed in a record", kline, "parse.tag")
                ident = (ktag, knode.value)
                if ident in keys:
                    _fail(path, f"duplicate key {knode.value!r} (first on line "
                          f"{keys[ident]})", kline, "parse.duplicate")
                keys[ident] = kline
                if id(knode) in seen:
                    _fail(path, "aliases (*name) are not allowed in a record", kline,
                          "parse.alias")
                seen.add(id(knode))
                child = fpath + (knode.value,)
                lines[child] = kline
                children.append((vnode, child, depth + 1, kline))
        elif node.id == "sequence":
            for i, item in enumerate(node.value):
                child = fpath + (i,)
                lines[child] = first_line + item.start_mark.line
                children.append((item, child, depth + 1, at))
        for child in reversed(children):
            cnode = child[0]
            if cnode.id == "scalar":  # check in place
                if id(cnode) in seen:
                    _fail(path, "aliases (*name) are not allowed in a record", child[3],
                          "parse.alias")
                seen.add(id(cnode))
                ctag = _tag(cnode)
                if ctag not in core_tags:
                    _fail(path, f"tag {ctag.replace('tag:yaml.org,2002:', '!!')} is not "
                          "allowed in a record", first_line + cnode.start_mark.line,
                          "parse.tag")
            else:
                stack.append(child)
    return lines


def parse_error(exc: Exception, path, first_line: int, text: str = "") -> RecordError:
    """A RecordError for a PyYAML or ruamel.yaml parse error, at its line in the file."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = first_line + mark.line if mark is not None else None
    position = getattr(exc, "position", None)   # a reader error: a character offset
    if line is None and isinstance(position, int) and text:
        line = first_line + text.count("\n", 0, position)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    return RecordError(path, message, line=line, code="parse.yaml")


def as_fields(data, path, first_line: int) -> dict:
    """The front matter's data as a field mapping, or RecordError when it is not one."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RecordError(path, f"the front matter is a {type(data).__name__}, not a "
                          "mapping of fields", line=first_line, code="parse.notmapping")
    return data

"""Write edited front matter as a minimal change to the original text.

``render_yaml`` compares the original data with the current data along the composed node
tree of the original text. Untouched keys, values, comments and blank lines keep their
original characters; only a changed value's span is replaced by new text in the file's
style and its field's (see ``style``, ``emit``). Where a minimal edit is impossible (a key
sharing its line with a list dash is removed, a list is reordered) the smallest enclosing
value is rewritten.
"""

from __future__ import annotations

import dataclasses

import yaml

from curator.core.files import emit
from curator.core.files.style import explicit_offset, field_style
from curator.core.fields.values import same


class _Rewrite(Exception):
    """The enclosing value must be written anew."""


class _Renderer:
    def __init__(self, text: str, style: emit.Style, newline: str) -> None:
        self.text = text
        self.style = style
        self.newline = newline
        self.nl = "\r" if newline == "\r" else "\n"   # the character lines end with
        self.edits: list[tuple[int, int, str]] = []

    # -- positions ---------------------------------------------------------------------
    def content_end(self, node) -> int:
        """Index just past the last character of a value (trailing blank lines and
        comments excluded; a ``|+`` block keeps its blank lines but for the last break)."""
        if node.id == "scalar":
            end = node.end_mark.index
            if node.value == "" and not node.style:  # an empty value ends at its ':' or '-'
                return len(self.text[:node.start_mark.index].rstrip(" \t\r\n"))
            if node.style in ("|", ">"):
                start = node.start_mark.index
                header_end = self.text.find(self.nl, start, end)
                header = self.text[start:header_end if header_end >= 0 else end]
                if "+" not in header.split("#", 1)[0]:
                    body = self.text[start:end].rstrip(" \t\r\n")
                    end = start + len(body)
                elif self.text[end - 1:end] in ("\n", "\r"):   # ends at a line's start
                    end -= 2 if self.text[end - 2:end] == "\r\n" else 1
            return end
        if node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1][1] if node.id == "mapping" else node.value[-1]
        return self.content_end(last)

    def line_start(self, index: int) -> int:
        return self.text.rfind(self.nl, 0, index) + 1

    def line_end(self, index: int) -> int:
        """Index of the line break ending the line that holds ``index``."""
        nl = self.text.find(self.nl, index)
        if nl < 0:
            return len(self.text)
        return nl - 1 if nl > 0 and self.text[nl - 1] == "\r" and self.nl == "\n" else nl

    def whole_lines(self, start: int, node) -> tuple[int, int]:
        """The span of whole lines from ``start`` to the end of ``node``'s content,
        including the final line break; _Rewrite if ``start`` does not begin its line."""
        line_start = self.line_start(start)
        if self.text[line_start:start].strip(" "):
            raise _Rewrite
        end = self.line_end(self.content_end(node))
        nl = self.text.find(self.nl, end)
        return line_start, (nl + 1 if nl >= 0 else end)

    def style_before(self, index: int, column: int) -> emit.Style:
        """The style for a value ending on the line of ``index``, in an entry or item at
        ``column``: no ``|`` block when the next line with text is a comment indented
        deeper than ``column``, which the block would take as its own text."""
        nl = self.text.find(self.nl, self.line_end(index))
        for line in (self.text[nl + 1:].split(self.nl) if nl >= 0 else ()):
            text = line.strip(" \t\r")
            if text:
                deeper = len(line) - len(line.lstrip(" \t")) > column
                if text.startswith("#") and deeper:
                    return dataclasses.replace(self.style, literal=False)
                break
        return self.style

    def dash_index(self, item) -> int:
        return self.text.rfind("-", 0, item.start_mark.index)

    def entry_start(self, knode) -> int:
        """Where a mapping entry begins: its key, or the ``?`` of an explicit key."""
        return knode.start_mark.index - explicit_offset(self.text, knode)

    # -- values ------------------------------------------------------------------------
    def replace(self, start: int, end: int, new: str) -> None:
        if "\n" in new:
            end, new = self.keep_comment(start, end, new)
        self.edits.append((start, end, new.replace("\n", self.newline)))

    def keep_comment(self, start: int, end: int, new: str) -> tuple[int, str]:
        """A multi-line ``new`` replacing ``text[start:end]`` where a comment follows on
        the line: the comment moves where YAML still reads it as one (after the new
        text's first line, or after the header of the block scalar the new text ends
        in) when it would otherwise become part of a value."""
        stop = self.line_end(end)
        rest = self.text[end:stop]
        if not rest.lstrip(" \t").startswith("#"):
            return end, new
        comment = "  " + rest.lstrip(" \t")
        prefix = self.text[self.line_start(start):start]
        lines = (prefix + new).split("\n")
        try:
            tokens = [t for t in yaml.scan(prefix + new, Loader=yaml.SafeLoader)
                      if isinstance(t, yaml.ScalarToken)]
        except yaml.YAMLError:
            return end, new
        if not tokens:
            return end, new
        if not any(t.start_mark.line == 0 < t.end_mark.line and t.style not in ("|", ">")
                   for t in tokens):
            at = 0                              # the first line can end with a comment
        elif tokens[-1].style in ("|", ">"):
            at = tokens[-1].start_mark.line     # the header of the final block scalar
        else:
            return end, new                     # the comment ends a plain or quoted value
        lines[at] += comment
        return stop, "\n".join(lines)[len(prefix):]

    def entry_value(self, knode, vnode, key, old, new) -> None:
        """Bring the value of one mapping entry from ``old`` to ``new``."""
        if isinstance(old, dict) and isinstance(new, dict) and new and vnode.id == "mapping" \
                and not vnode.flow_style and vnode.value:
            try:
                return self.mapping(vnode, old, new)
            except _Rewrite:
                pass
        elif isinstance(old, list) and isinstance(new, list) and new \
                and vnode.id == "sequence" and not vnode.flow_style and vnode.value:
            try:
                return self.sequence(vnode, old, new)
            except _Rewrite:
                pass
        flow = bool(vnode.id != "scalar" and vnode.flow_style and vnode.value)
        start, end = self.entry_start(knode), self.content_end(vnode)
        column = start - self.line_start(start)
        style = field_style(self.style_before(end, column), vnode, old, new)
        if start != knode.start_mark.index:   # "? key" / ": value": the entry anew
            return self.replace(start, end, emit.emit_entry(key, new, style, column, flow))
        key_width = knode.end_mark.index - knode.start_mark.index
        text = emit.emit_after_key(key_width, new, style, knode.start_mark.column, flow)
        self.replace(knode.end_mark.index, end, text)

    def item_value(self, inode, old, new) -> None:
        """Bring one list item from ``old`` to ``new``."""
        if isinstance(old, dict) and isinstance(new, dict) and new and inode.id == "mapping" \
                and not inode.flow_style and inode.value:
            try:
                return self.mapping(inode, old, new)
            except _Rewrite:
                pass
        flow = bool(inode.id != "scalar" and inode.flow_style and inode.value)
        end, dash = self.content_end(inode), self.dash_index(inode)
        style = self.style_before(end, dash - self.line_start(dash))
        style = field_style(style, inode, old, new)
        text = emit.emit_item(new, style, inode.start_mark.column, flow)
        self.replace(inode.start_mark.index, end, text)

    def mapping(self, node, old: dict, new: dict) -> None:
        """Edit a non-empty block mapping in place: changed, removed and added keys."""
        edits_before = len(self.edits)
        try:
            for (knode, vnode), key in zip(node.value, old):
                if key not in new:
                    self.replace(*self.whole_lines(self.entry_start(knode), vnode), "")
                elif not same(old[key], new[key]):
                    self.entry_value(knode, vnode, key, old[key], new[key])
            added = [key for key in new if key not in old]
            if added:
                kept = [v for (_, v), key in zip(node.value, old) if key in new]
                if not kept:
                    raise _Rewrite
                first = self.entry_start(node.value[0][0])
                column = first - self.line_start(first)
                at = self.line_end(self.content_end(kept[-1]))
                style = self.style_before(at, column)
                text = "".join("\n" + " " * column
                               + emit.emit_entry(key, new[key], style, column)
                               for key in added)
                self.replace(at, at, text)
        except _Rewrite:
            del self.edits[edits_before:]
            raise

    def sequence(self, node, old: list, new: list) -> None:
        """Edit a non-empty block list in place: changed items, items appended or removed."""
        if len(old) == len(new):
            for inode, a, b in zip(node.value, old, new):
                if not same(a, b):
                    self.item_value(inode, a, b)
        elif len(new) > len(old) and all(same(a, b) for a, b in zip(old, new)):
            dash = self.dash_index(node.value[0])
            column = dash - self.line_start(dash)
            at = self.line_end(self.content_end(node))
            style = self.style_before(at, column)
            self.replace(at, at, "".join(
                "\n" + " " * column + "- " + emit.emit_item(v, style, column + 2)
                for v in new[len(old):]))
        else:
            keep = _subsequence(old, new)
            if keep is None:
                raise _Rewrite
            edits_before = len(self.edits)
            try:
                for i, inode in enumerate(node.value):
                    if i not in keep:
                        self.replace(*self.whole_lines(self.dash_index(inode), inode), "")
            except _Rewrite:
                del self.edits[edits_before:]
                raise


def _subsequence(old: list, new: list) -> set[int] | None:
    """Indexes of ``old`` that make up ``new`` in order, when ``new`` only drops items."""
    keep, j = set(), 0
    for i, value in enumerate(old):
        if j < len(new) and same(value, new[j]):
            keep.add(i)
            j += 1
    return keep if j == len(new) else None


def _whole(new: dict, style: emit.Style, newline: str) -> str:
    """The whole front matter written anew (only when it cannot be edited in place: an
    emit of a whole record costs more than parsing it)."""
    return (emit.emit_value(new, style, 0) + "\n").replace("\n", newline)


def render_yaml(yaml_text: str, root, old: dict, new: dict, style: emit.Style,
                newline: str = "\n") -> str:
    """The front matter text for ``new``, changed from ``yaml_text`` (parsed as ``old``)
    only where the values differ; new lines end with ``newline``."""
    if same(old, new):
        return yaml_text
    if not new:
        return ""
    r = _Renderer(yaml_text, style, newline)
    if root is None or root.flow_style or not root.value:
        return _whole(new, style, newline)
    try:
        r.mapping(root, old, new)
    except _Rewrite:  # every root key removed and others added
        return _whole(new, style, newline)
    out = yaml_text
    # From the end back; of insertions at one place (items appended to the last value,
    # then keys added after it) the later goes in first, so that they read in order.
    order = sorted(range(len(r.edits)), key=lambda i: (r.edits[i][:2], i), reverse=True)
    for start, end, text in (r.edits[i] for i in order):
        out = out[:start] + text + out[end:]
    return out

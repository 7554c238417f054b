"""A file's own YAML style, read from its composed node tree, for the values written into it.

``detect_style`` gives what the whole file shows (mapping indentation, list style, the
width its long strings are wrapped at); ``field_style`` what one edited string value asks
for beyond it (the quotes or block of the value it replaces). A file that shows nothing
gets the PFOCR writer's style (``emit.Style()``: PyYAML at width 80).
"""

from __future__ import annotations

import dataclasses

from curator.core.files import emit

# The widths PyYAML writers are commonly given; a file's evidence rarely pins one number.
_USUAL_WIDTHS = (80, 120)
_BREAKS = "\n\r\x85\u2028\u2029"


def detect_style(root, source: str | None = None) -> emit.Style:
    """The file's mapping indentation and list style, from its first nested collections,
    and its wrap width (``detect_width``, given ``source``). ``source`` (the text ``root``
    was composed from) places explicit ``? key`` entries at their ``?``; without it every
    key is taken at its own column."""
    indent, indented_seqs = None, None
    stack = [root] if root is not None else []

    def column(knode) -> int:
        return knode.start_mark.column if source is None else \
            knode.start_mark.column - explicit_offset(source, knode)

    while stack and (indent is None or indented_seqs is None):
        node = stack.pop(0)
        if node.id != "mapping" or node.flow_style:
            continue
        for knode, vnode in node.value:
            if vnode.id == "mapping" and not vnode.flow_style and vnode.value and indent is None:
                indent = column(vnode.value[0][0]) - column(knode)
            if vnode.id == "sequence" and not vnode.flow_style and vnode.value \
                    and indented_seqs is None and _opens_line(source, vnode):
                dash = vnode.start_mark.column
                indented_seqs = dash > column(knode)
            stack.append(vnode)
            if vnode.id == "sequence":
                stack.extend(vnode.value)
    width = detect_width(root, source) if source is not None else emit.Style.width
    return emit.Style(width=width, indent=indent if indent and indent > 0 else 2,
                      indent_sequences=bool(indented_seqs))


def detect_width(root, text: str) -> int:
    """The width the file's long strings were wrapped at, as PyYAML (and libyaml, and
    ruamel.yaml) wrap: a plain or single-quoted value breaks at the first single space
    found past the width. So every single space in such a value stands at a column no
    greater than the width, and every line of it that ends before the value does ends
    past the width. A width in that range is taken (80, else 120, else a round number,
    else the least); a file that never wraps a line it could have broken past column
    120 is unwrapped (``emit.UNWRAPPED``). No evidence, or none that one width explains
    (hand-wrapped text), gives the default 80."""
    low, high = 0, None
    for node in _block_scalars(root):
        if node.end_mark.column <= 80 and node.start_mark.line == node.end_mark.line:
            continue                                  # short: shows nothing beyond 80
        if node.style not in (None, "", "'") or any(c in node.value for c in _BREAKS):
            continue
        start, end = node.start_mark.index, node.end_mark.index
        if node.style == "'":                         # no break next to the quotes
            start, end = start + 1, end - 1
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        lines = text[line_start:end].replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for i, line in enumerate(lines):
            first = start - line_start if i == 0 else len(line) - len(line.lstrip(" \t"))
            line = line.rstrip(" \t")
            col = len(line)
            while col > low:                          # the line's last single space
                col = line.rfind(" ", first + 1, col)
                if col > low and line[col - 1] != " " and line[col + 1] != " ":
                    low = col
            if i < len(lines) - 1:
                high = len(line) - 1 if high is None else min(high, len(line) - 1)
    if high is None:
        return emit.Style.width if low <= 80 else 120 if low <= 120 else emit.UNWRAPPED
    if low > high:
        return emit.Style.width
    usual = [w for w in _USUAL_WIDTHS if low <= w <= high]
    if usual:
        return usual[0]
    round_ = [w for w in range(low, high + 1) if w % 10 == 0]
    return round_[0] if round_ else low


def _block_scalars(root):
    """The scalar values (not keys) of the file's block collections."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if node.id == "scalar":
            yield node
        elif node.flow_style:
            continue
        elif node.id == "mapping":
            stack.extend(v for _, v in node.value)
        else:
            stack.extend(node.value)


def field_style(style: emit.Style, node, old, new) -> emit.Style:
    """``style`` for writing ``new`` over the scalar ``node`` (which read as ``old``),
    keeping the node's quotes or block kind where they were the file's choice.

    A style is not a choice where the value needed it or the writers would have given it
    anyway (PyYAML quotes ``'yes'`` and double-quotes a tab; the app writes multi-line
    text as a ``|`` block): the new value is then written in the default style, so that
    an edit undone writes the original text again. Quotes the value did not need
    (``"plain text"``), a ``>`` block and a ``|`` block of one line are kept. Quotes
    PyYAML put around multi-line text, or that multi-line text replaces, are PyYAML's
    way of writing it, which the new value follows (quoted as PyYAML quotes it, plain
    where PyYAML writes it plain). ``emit`` falls back to the default where
    ``new`` cannot be written so (a block holding trailing spaces, blank lines at its
    end, or followed by a deeper comment; single quotes around a tab)."""
    if node.id != "scalar" or not isinstance(new, str) or not node.style:
        return style
    wanted = node.style
    if isinstance(old, str):
        writer = emit.writer_style(old) or None
        if wanted == writer and wanted in ("'", '"') and ("\n" in old or "\n" in new):
            wanted = emit.writer_style(new) or None     # PyYAML's quotes for multi-line text
            if wanted is None:
                return style
        elif wanted in (writer, emit.default_style(old, style.literal),
                        "|" if "\n" in old else None):
            return style
    return dataclasses.replace(style, scalar=wanted)


def _opens_line(text: str | None, node) -> bool:
    """Whether ``node`` is the first thing on its line: a list written on the line of
    its key's ``:`` (``? key`` then ``: - item``) says nothing of how lists are indented."""
    if text is None:
        return True
    i = node.start_mark.index
    return not text[text.rfind("\n", 0, i) + 1:i].strip(" \t")


def explicit_offset(text: str, knode) -> int:
    """How far before ``knode`` its entry begins: at the ``?`` of an explicit key
    (``? key``), else at the key itself (0)."""
    i = j = knode.start_mark.index
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j > 0 and text[j - 1] == "?" and (j == 1 or text[j - 2] in " \t\r\n"):
        return i - (j - 1)
    return 0

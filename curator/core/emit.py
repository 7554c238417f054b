"""Write new YAML values in the style of the PFOCR record files.

The records were written by a libyaml-style emitter: plain scalars where YAML allows them,
single quotes where it does not, long strings wrapped at the first space past column 80,
two-space indentation, list items (``- x``) at their key's column. PyYAML's emitter is that
emitter, so new text comes from it. ``Style`` carries what may differ per file (width,
indentation, indented lists); the text is produced at column 0 with the width reduced by
the target column and then shifted, which wraps exactly as if written in place.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Style:
    width: int = 80
    indent: int = 2
    indent_sequences: bool = False   # "key:\n  - x" rather than "key:\n- x"
    literal: bool = True             # multi-line strings as "|" blocks, else double-quoted


class _Dumper(yaml.SafeDumper):
    """SafeDumper writing multi-line strings as literal blocks."""

    indent_sequences = False
    literal = True

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, indentless and not self.indent_sequences)


class _IndentedDumper(_Dumper):
    indent_sequences = True


_YAML_BREAKS = ("\x85", "\u2028", "\u2029")   # line breaks to YAML, not to Python


def _represent_str(dumper, value):
    if any(ch in value for ch in _YAML_BREAKS):
        style = '"'   # escaped (\N, \L, \P); written raw they would break the line
    elif value.endswith("\n") and (len(value) == 1 or value[-2] == "\n"):
        style = '"'   # a "|+" block would also keep the blank lines that follow it
    elif "\n" in value:
        style = "|" if dumper.literal else '"'
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


for _d in (_Dumper, _IndentedDumper):
    _d.add_representer(str, _represent_str)


def _dump(data, style: Style, column: int, flow: bool, flow_value: bool = False) -> str:
    """``data`` as YAML at column 0, ``flow``: all in flow style; ``flow_value``: the one
    value of the mapping ``data`` in flow style (``k: [a, b]``, ``k: {a: 1}``)."""
    dumper_class = _IndentedDumper if style.indent_sequences else _Dumper
    width = max(style.width - column, 2 * style.indent + 1)
    stream = io.StringIO()
    dumper = dumper_class(stream, default_flow_style=flow, width=width, indent=style.indent,
                          allow_unicode=True, sort_keys=False)
    dumper.literal = style.literal
    try:
        dumper.open()
        node = dumper.represent_data(data)
        if flow_value:
            node.value[0][1].flow_style = True
        dumper.serialize(node)
        dumper.close()
    finally:
        dumper.dispose()
    text = stream.getvalue()
    if text.endswith("\n...\n"):  # a bare scalar document
        text = text[:-4]
    return text[:-1] if text.endswith("\n") else text   # keep a "|+" block's blank lines


def _shift(text: str, column: int) -> str:
    pad = " " * column
    return "\n".join(line if i == 0 or not line else pad + line
                     for i, line in enumerate(text.split("\n")))


def emit_after_key(key_width: int, value, style: Style, column: int,
                   flow: bool = False) -> str:
    """The text that follows a key of ``key_width`` characters at ``column``: ``": value"``
    with its continuation lines indented in place."""
    text = _dump({"k" * key_width: value}, style, column, False, flow_value=flow)
    return _shift(text[key_width:], column)


def emit_entry(key, value, style: Style, column: int, flow: bool = False) -> str:
    """A whole ``key: value`` entry for a block mapping at ``column`` (``flow``: a
    collection value in flow style)."""
    return _shift(_dump({key: value}, style, column, False, flow_value=flow), column)


def emit_item(value, style: Style, column: int, flow: bool = False) -> str:
    """The text of a list item's value whose first character is at ``column``."""
    if flow:
        return _shift(_dump(value, style, column, True), column)
    text = _dump([value], style, column - 2, False)
    return _shift(text[2:], column - 2)


def emit_value(value, style: Style, column: int, flow: bool = False) -> str:
    """A value standing alone at ``column`` (the whole front matter, a flow collection)."""
    return _shift(_dump(value, style, column, flow), column)

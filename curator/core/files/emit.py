"""Write new YAML values in the style of the PFOCR record files.

The records were written by a libyaml-style emitter: plain scalars where YAML allows them,
single quotes where it does not, long strings wrapped at the first space past column 80,
two-space indentation, list items (``- x``) at their key's column. PyYAML's emitter is that
emitter, so new text comes from it. ``Style`` carries what may differ per file (width,
indentation, indented lists, see ``style``) and the style one edited string asks for; the
text is produced at column 0 with the width reduced by the target column and then
shifted, which wraps exactly as if written in place.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import yaml

UNWRAPPED = sys.maxsize   # the width of a file whose long lines are never folded
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Style:
    width: int = 80
    indent: int = 2
    indent_sequences: bool = False   # "key:\n  - x" rather than "key:\n- x"
    literal: bool = True             # multi-line strings as "|" blocks, else double-quoted
    # The style the string value being written asks for ('"', "'", "|", ">"): its field's
    # own (see ``style.field_style``); None: the default above.
    scalar: str | None = None


class _Dumper(yaml.SafeDumper):
    """SafeDumper writing multi-line strings as literal blocks."""

    indent_sequences = False
    literal = True

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, indentless and not self.indent_sequences)


class _IndentedDumper(_Dumper):
    indent_sequences = True


_YAML_BREAKS = ("\x85", "\u2028", "\u2029")   # line breaks to YAML, not to Python


def default_style(value: str, literal: bool = True) -> str | None:
    """The style the app writes a string in: a ``|`` block (``literal``) or double quotes
    for multi-line text, else None (PyYAML's choice: plain, else quoted)."""
    if any(ch in value for ch in _YAML_BREAKS):
        return '"'   # escaped (\N, \L, \P); written raw they would break the line
    if _blank_end(value):
        return '"'   # a "|+" block would also keep the blank lines that follow it
    if "\n" in value:
        return "|" if literal else '"'
    return None


def _blank_end(value: str) -> bool:
    return value.endswith("\n") and (len(value) == 1 or value[-2] == "\n")


_ANALYZER = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_RESOLVER = yaml.resolver.Resolver()


def _asked_style(value: str, style: Style) -> str | None:
    """The style for ``value`` written where ``style.scalar`` is asked: that style where
    YAML can hold the value so, else the default."""
    asked = style.scalar
    if asked is None or any(ch in value for ch in _YAML_BREAKS):
        return default_style(value, style.literal)
    if asked in ("|", ">"):
        if not style.literal or _blank_end(value) \
                or not _ANALYZER.analyze_scalar(value).allow_block:
            return default_style(value, style.literal)
    elif asked == "'" and not _ANALYZER.analyze_scalar(value).allow_single_quoted:
        return '"'
    return asked


def writer_style(value: str) -> str:
    """The style PyYAML (the PFOCR writer) gives ``value`` as a block mapping's value:
    ``''`` (plain), ``"'"`` or ``'"'``, as ``Emitter.choose_scalar_style`` chooses."""
    analysis = _ANALYZER.analyze_scalar(value)
    implicit = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR
    if implicit and analysis.allow_block_plain and not analysis.empty:
        return ""
    return "'" if analysis.allow_single_quoted else '"'


def _represent_str(dumper, value):
    return dumper.represent_scalar(_STR, value, style=default_style(value, dumper.literal))


for _d in (_Dumper, _IndentedDumper):
    _d.add_representer(str, _represent_str)


def _dump(data, style: Style, column: int, flow: bool, flow_value: bool = False,
          wrapped: bool = True) -> str:
    """``data`` as YAML at column 0, ``flow``: all in flow style. ``wrapped``: ``data`` is
    a one-entry mapping or one-item list holding the value being written, which
    ``flow_value`` writes in flow style (``k: [a, b]``, ``k: {a: 1}``) and which is
    written in ``style.scalar`` if it is a string."""
    dumper_class = _IndentedDumper if style.indent_sequences else _Dumper
    width = max(style.width - column, 2 * style.indent + 1)
    stream = io.StringIO()
    dumper = dumper_class(stream, default_flow_style=flow, width=width, indent=style.indent,
                          allow_unicode=True, sort_keys=False)
    dumper.literal = style.literal
    try:
        dumper.open()
        node = dumper.represent_data(data)
        inner = None if not wrapped else \
            node.value[0][1] if node.id == "mapping" else node.value[0]
        if flow_value:
            inner.flow_style = True
        if style.scalar and inner is not None and inner.id == "scalar" and inner.tag == _STR:
            inner.style = _asked_style(inner.value, style)
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
        return _shift(_dump(value, style, column, True, wrapped=False), column)
    text = _dump([value], style, column - 2, False)
    return _shift(text[2:], column - 2)


def emit_value(value, style: Style, column: int, flow: bool = False) -> str:
    """A value standing alone at ``column`` (the whole front matter, a flow collection)."""
    return _shift(_dump(value, style, column, flow, wrapped=False), column)

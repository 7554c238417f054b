"""Round-trip parsing of one record with ruamel.yaml, for editing and saving.

``parse_roundtrip`` returns the composed node tree (whose marks give the exact text span of
every key and value, so that a save rewrites only what changed) and the plain data built
from it, in the same ``Parsed`` shape as the fast loader. Scalars are resolved as PyYAML resolves them (YAML 1.1 without the one-letter
booleans), so an edited record and the fast index never disagree about a value's type.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.resolver import VersionedResolver

from curator.core.files import frontmatter, yamlnodes
from curator.core.errors import RecordError
from curator.core.files.fastload import Parsed, parse_fast
from curator.core.fields.values import same


def _pyyaml_table() -> dict:
    table: dict = {}
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        table[first] = list(resolvers)
    return table


class PyYAMLResolver(VersionedResolver):
    """ruamel.yaml's resolver with PyYAML's implicit rules (the fast loader's)."""

    _table = _pyyaml_table()

    @property
    def versioned_resolver(self):
        return {k: list(v) for k, v in self._table.items()}


def parse_roundtrip(raw: bytes, path: Path | str | None = None) -> Parsed:
    """Parse a record file's bytes for editing; raise RecordError naming file and line.

    The record reads exactly as the index, ``curator validate`` and the save's verify
    step read it (libyaml, ``parse_fast``): a front matter libyaml refuses is refused here
    with libyaml's error, and where ruamel.yaml reads hand-edited text otherwise (a tab
    after ``key:``, which it refuses; U+2028, U+2029 or U+0085, line breaks to YAML 1.1
    only) the record is edited along libyaml's nodes, whose spans serve as well."""
    reference = parse_fast(raw, path)
    try:
        parsed = _parse_ruamel(raw, path)
    except RecordError:
        return reference
    return parsed if same(parsed.data, reference.data) else reference


def _parse_ruamel(raw: bytes, path: Path | str | None) -> Parsed:
    front = frontmatter.split(raw, path)
    text = front.yaml
    first = yamlnodes.first_line_of(text, front.first_line)
    yamlnodes.precheck(text, path, first)
    loader = YAML(typ="rt", pure=True)
    loader.Resolver = PyYAMLResolver
    parser = None
    try:
        with yamlnodes.errors_named(path, first, text, RuamelError):
            constructor, parser = loader.get_constructor_parser(text)
            root = constructor.composer.get_single_node()
            data = yamlnodes.build(root, path, first, aliases="*" in text, roundtrip=True)
    finally:
        if parser is not None:
            parser.dispose()
    data = yamlnodes.as_fields(data, path, first)
    if root is not None and root.id != "mapping":
        root = None
    return Parsed(front, data, yamlnodes.LineMap(root, first), root)

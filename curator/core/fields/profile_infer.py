"""A profile for a folder that names none: inferred from its records' front matter (the
field names seen, and each field's type from the values seen: short strings get line
editors, long ones text editors, lists of strings list editors; dates, numbers and
booleans their own types), so any folder of Markdown + YAML front matter opens usefully."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from curator.core.collection.paths import SUFFIX
from curator.core.errors import RecordError
from curator.core.files.fastload import read_fast
from curator.core.fields.field_types import TYPES
from curator.core.fields.schema import FieldSpec, Schema

LONG_TEXT = 80          # a string longer than this (or of several lines): a text editor
GROUP = "Fields"        # the one form tab of an inferred profile
TITLE_NAMES = ("title", "name", "heading")


def sample_records(folder: Path, limit: int, seen: list | None = None) -> list[dict]:
    """The front matter of up to ``limit`` record files under ``folder``, spread over
    its files (unreadable files are skipped: the index reports them). ``seen``: a list
    to add the folders listed and the files read to (``profile_choice`` remembers the
    choice while none of them changes)."""
    found: list[tuple[str, list[str]]] = []      # (folder, its record file names)
    total = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = sorted(f for f in files if f.endswith(SUFFIX) and not f.startswith("."))
        found.append((root, names))
        total += len(names)
        if total >= limit * 8:
            break
    step = max(1, total // max(limit, 1))
    paths: list[str] = []       # every step-th file: only those paths are joined
    offset = 0
    for root, names in found:
        paths += [os.path.join(root, f) for f in names[(-offset) % step::step]]
        offset += len(names)
    if seen is not None:
        seen += [root for root, _ in found]
        seen += paths[:limit]
    out = []
    for path in paths[:limit]:
        try:
            data = read_fast(Path(path)).data
        except RecordError:
            continue
        if isinstance(data, dict):
            out.append(data)
    return out


def _kind(values: list) -> str | None:
    """The type of a field from the values seen (None: no one type fits them)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    for name in ("boolean", "date", "number"):
        if all(TYPES[name].check(v) for v in values):
            return name
    if all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in values):
        return "list"
    if all(isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v))
           for v in values):
        return "string" if all(isinstance(v, str) for v in values) else "string_or_list"
    if all(isinstance(v, dict) for v in values):
        return "mapping"
    if all(isinstance(v, list) and all(isinstance(i, dict) for i in v) for v in values):
        return "records"
    return None


def _widget(kind: str, values: list) -> str:
    if kind == "string" and any(isinstance(v, str) and (len(v) > LONG_TEXT or "\n" in v)
                                for v in values):
        return "text"
    return TYPES[kind].widget


def infer_schema(records: list[dict]) -> Schema:
    seen: dict[str, list] = {}
    for data in records:
        for key, value in data.items():
            if isinstance(key, str):
                seen.setdefault(key, []).append(value)
    fields = {}
    for key, values in seen.items():
        kind = _kind(values)
        if kind is None:
            continue          # undeclared: shown and kept as it is, never checked
        fields[key] = FieldSpec(name=key, label=key.replace("_", " ").capitalize(),
                                type=kind, widget=_widget(kind, values), group=GROUP)
    return Schema(fields=fields, missing_markers=(), year_min=1900, title={})


def infer_profile(records: list[dict], name: str):
    from curator.core.fields.profile import LIST_COLUMNS, Column, Profile
    schema = infer_schema(records)
    kinds = {n: s.type for n, s in schema.fields.items()}
    strings = [n for n, k in kinds.items() if k == "string"]
    title = next((n for n in TITLE_NAMES if kinds.get(n) == "string"), None) or \
        next(iter(strings), None)
    # list columns, as many as the list has: a date, the lists (tags), then the short
    # strings; a long text (a summary) makes no column
    columns = [n for n, k in kinds.items() if k == "date"][:1]
    columns += [n for n, k in kinds.items() if k in ("list", "string_or_list")]
    columns += [n for n in strings if n != title and schema.fields[n].widget != "text"]
    columns = columns[:LIST_COLUMNS]
    search = [title] if title else []
    search += [n for n, k in kinds.items() if n != title
               and k in ("string", "list", "string_or_list")][:3]
    digest = hashlib.sha256(repr(sorted(kinds.items())).encode()).hexdigest()
    return Profile(name=name, label=f"{name} (inferred)", schema=schema, title_field=title,
                   id_label="File", title_label=schema.fields[title].label if title
                   else "Title",
                   columns=tuple(Column(n, schema.fields[n].label) for n in columns),
                   search=tuple(search), tabs=(GROUP,), inferred=True, fingerprint=digest)

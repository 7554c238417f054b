"""Collection profiles: everything that differs between collections, read from a profile
folder ``resources/collections/<name>/`` (``schema.yaml`` + ``profile.yaml``).

A profile names the schema, the record's id and title fields, the list's columns and
search fields, the form's tabs and tables, the figure preview's fields and the curation
helpers' fields. The code reads these names from the profile and never spells a
collection's field names itself. A folder chooses its profile (``choose``): a file
``.curator/profile.yaml`` or ``curator-profile.yaml`` naming a shipped profile or giving
one inline, else the shipped profile whose ``detect:`` fields its records hold, else a
profile inferred from its records (``profile_infer``); a folder with no readable record
gets the default profile (PFOCR's).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from curator.core import resources
from curator.core.fields.schema import (
    Schema, SchemaError, fast_yaml, parse_schema, schema_from_mapping,
)

COLLECTIONS = "collections"
PROFILE_FILES = (".curator/profile.yaml", "curator-profile.yaml")
DEFAULT = "pfocr"       # the profile of a window or a command given none
LIST_COLUMNS = 4        # the list shows up to four field columns after the title
DETECT_SAMPLE = 12      # record files read to detect a folder's profile (8x to infer one)

_TOP_KEYS = frozenset({"label", "detect", "id_field", "title_field", "list", "search",
                       "form", "preview", "curation", "profile", "schema"})
_SECTION_KEYS = {
    "list": frozenset({"id_label", "title_label", "columns", "search_hint"}),
    "form": frozenset({"tabs", "growing", "tall", "tables", "notes"}),
    "preview": frozenset({"image", "folder", "link"}),
    "curation": frozenset({"paper_title"}),
}


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    hidden: bool = False    # not shown until chosen in the header's menu


@dataclass(frozen=True)
class Table:
    """A mapping field whose keys the schema does not declare, shown as a key/value
    table on a form tab."""
    field: str
    tab: str
    label: str


@dataclass(frozen=True)
class Preview:
    """The figure pane's fields: the image file's name, the folder id that places it at
    PMC, and the link of the figure's page."""
    image: str
    folder: str | None = None
    link: str | None = None

    @property
    def fields(self) -> frozenset:
        return frozenset(f for f in (self.image, self.folder, self.link) if f)


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    schema: Schema = field(repr=False)
    id_field: str | None = None
    title_field: str | None = None
    id_label: str = "Name"
    title_label: str = "Title"
    columns: tuple = ()                 # Column, at most LIST_COLUMNS
    search: tuple = ()                  # field names
    tabs: tuple = ()                    # form tab order (groups of the schema)
    growing: tuple = ()
    tall: dict = field(default_factory=dict)
    tables: tuple = ()                  # Table
    notes: dict = field(default_factory=dict)
    preview: Preview | None = None
    paper_title: str | None = None
    curation: bool = False              # the curation decisions (a curation: section)
    search_hint: str = ""               # "figure ID, title, ..." in the search box
    detect: tuple = ()
    inferred: bool = False
    fingerprint: str = ""               # changes when the profile or its schema does

    def column(self, i: int) -> Column | None:
        return self.columns[i] if i < len(self.columns) else None

    @property
    def search_text(self) -> str:
        """What the search box says it looks in."""
        if self.search_hint:
            return self.search_hint
        labels = [self.schema.fields[f].label for f in self.search if f in self.schema.fields]
        return ", ".join(label[:1].lower() + label[1:] for label in labels)


class ProfileError(SchemaError):
    """A profile file is wrong (an unknown key, a profile name that is not shipped)."""


def _fail(source: str, where, key, message: str):
    line = None
    try:
        line = (where.lc.key(key)[0] if key is not None and key in where
                else where.lc.line) + 1
    except (AttributeError, KeyError, TypeError):
        pass
    raise ProfileError(f"{source}:{line}: {message}" if line else f"{source}: {message}")


def _check_keys(source: str, raw, allowed, what: str) -> None:
    if not isinstance(raw, dict):
        _fail(source, None, None, f"{what} should be a mapping")
    for key in raw:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), sorted(allowed), 1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            _fail(source, raw, key, f"{what}: unknown key {key!r}{hint}")


def _load_yaml(text: str, source: str):
    try:
        return YAML(typ="rt").load(text) or {}
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{source}:{mark.line + 1}" if mark is not None else source
        raise ProfileError(f"{at}: not valid YAML: {getattr(exc, 'problem', exc)}") from None


def build_profile(name: str, raw: dict, schema: Schema, source: str, *,
                  inferred: bool = False, fingerprint: str = "") -> Profile:
    """A profile from its parsed ``profile.yaml`` mapping; every field it names must be
    declared by ``schema`` (an error at its line otherwise)."""
    _check_keys(source, raw, _TOP_KEYS, "profile")
    for section, keys in _SECTION_KEYS.items():
        if raw.get(section) is not None:
            _check_keys(source, raw[section], keys, section)

    def declared(where, key, value):
        if value is not None and schema.spec(str(value)) is None:
            _fail(source, where, key, f"{key}: {value!r} is not a field of the schema")
        return None if value is None else str(value)

    lst, form = raw.get("list") or {}, raw.get("form") or {}
    columns = tuple(Column(declared(c, "field", c.get("field")),
                           str(c.get("label") or c.get("field")), c.get("hidden") is True)
                    for c in lst.get("columns") or ())
    if len(columns) > LIST_COLUMNS:
        _fail(source, lst, "columns", f"list: at most {LIST_COLUMNS} columns")
    for i, f in enumerate(raw.get("search") or ()):
        declared(raw["search"], i, f)
    tables = tuple(Table(declared(t, "field", t.get("field")), str(t.get("tab", "Other")),
                         str(t.get("label", t.get("field")))) for t in form.get("tables") or ())
    preview = raw.get("preview")
    return Profile(
        name=name, label=str(raw.get("label", name)), schema=schema,
        id_field=declared(raw, "id_field", raw.get("id_field")),
        title_field=declared(raw, "title_field", raw.get("title_field")),
        id_label=str(lst.get("id_label", "Name")), title_label=str(lst.get("title_label",
                                                                           "Title")),
        columns=columns, search=tuple(str(f) for f in raw.get("search") or ()),
        tabs=tuple(str(t) for t in form.get("tabs") or ()),
        growing=tuple(str(t) for t in form.get("growing") or ()),
        tall={str(k): int(v) for k, v in (form.get("tall") or {}).items()},
        tables=tables, notes={str(k): str(v) for k, v in (form.get("notes") or {}).items()},
        preview=None if not preview else Preview(
            declared(preview, "image", preview.get("image")),
            declared(preview, "folder", preview.get("folder")),
            declared(preview, "link", preview.get("link"))),
        paper_title=declared(raw.get("curation") or {}, "paper_title",
                             (raw.get("curation") or {}).get("paper_title")),
        curation="curation" in raw, search_hint=str(lst.get("search_hint", "")),
        detect=tuple(str(f) for f in raw.get("detect") or ()), inferred=inferred,
        fingerprint=fingerprint)


@lru_cache(maxsize=None)
def shipped(name: str) -> Profile:
    """The profile shipped in ``resources/collections/<name>/``."""
    folder = f"{COLLECTIONS}/{name}"
    profile_path, schema_path = resources.path(f"{folder}/profile.yaml"), \
        resources.path(f"{folder}/schema.yaml")
    if not profile_path.is_file():
        raise ProfileError(f"no shipped profile {name!r} (shipped: "
                           f"{', '.join(shipped_names())})")
    schema_text, profile_text = schema_path.read_text("utf-8"), profile_path.read_text("utf-8")
    digest = hashlib.sha256((schema_text + "\0" + profile_text).encode()).hexdigest()
    # PyYAML's C loader: the files are ours (schema.fast_yaml); a wrong schema is read
    # again by parse_schema itself, for its error's line
    schema = parse_schema(schema_text, str(schema_path), fast=True)
    try:
        return build_profile(name, fast_yaml(profile_text), schema, str(profile_path),
                             fingerprint=digest)
    except (SchemaError, ValueError, TypeError, AttributeError):
        pass      # read again with ruamel.yaml: the error with its line
    return build_profile(name, _load_yaml(profile_text, str(profile_path)), schema,
                         str(profile_path), fingerprint=digest)


def shipped_names() -> list[str]:
    root = resources.path(COLLECTIONS)
    return sorted(p.name for p in root.iterdir() if (p / "profile.yaml").is_file())


def shipped_profiles() -> dict[str, Profile]:
    return {name: shipped(name) for name in shipped_names()}


def default_profile() -> Profile:
    return shipped(DEFAULT)


def profile_file(folder: Path) -> Path | None:
    """The profile file of the collection holding ``folder`` (it or a parent)."""
    folder = Path(folder).resolve()
    for where in (folder, *folder.parents):
        for name in PROFILE_FILES:
            if (where / name).is_file():
                return where / name
    return None


def read_profile_file(path: Path) -> Profile:
    """The profile a collection's own file gives: ``profile: <shipped name>``, or a
    profile inline (the keys of ``profile.yaml``, and the schema under ``schema:`` or,
    without one, inferred from the records of the collection the file is in)."""
    text = Path(path).read_text("utf-8")
    raw = _load_yaml(text, str(path))
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a profile file is a mapping")
    if "profile" in raw:
        _check_keys(str(path), raw, {"profile"}, "profile file")
        try:
            return shipped(str(raw["profile"]))
        except ProfileError as exc:
            _fail(str(path), raw, "profile", str(exc))
    folder = Path(path).parent
    root = folder.parent if folder.name == ".curator" else folder     # the collection's
    if raw.get("schema") is not None:
        schema = schema_from_mapping(raw["schema"], str(path))
    else:
        from curator.core.fields.profile_infer import infer_schema, sample_records
        schema = infer_schema(sample_records(root, DETECT_SAMPLE * 8))
    digest = hashlib.sha256(text.encode() + repr(sorted(schema.fields)).encode()).hexdigest()
    name = root.name
    return build_profile(name, raw, schema, str(path),
                         fingerprint=digest)


def detect(records: list[dict]) -> Profile | None:
    """The shipped profile whose ``detect:`` fields most of ``records`` hold."""
    if not records:
        return None
    for profile in shipped_profiles().values():
        if profile.detect and sum(all(f in r for f in profile.detect) for r in records) \
                * 2 > len(records):
            return profile
    return None


def choose(folder: Path, seen: list | None = None) -> Profile:
    """The profile of the collection in ``folder`` (see the module's text). ``seen``: a
    list to add the folders listed and the record files read for the detection to."""
    from curator.core.fields.profile_infer import infer_profile, sample_records
    own = profile_file(folder)
    if own is not None:
        return read_profile_file(own)
    records = sample_records(Path(folder), DETECT_SAMPLE, seen)
    if not records:           # nothing to detect or infer from: the default collection's
        return default_profile()
    found = detect(records)
    if found is not None:
        return found
    return infer_profile(sample_records(Path(folder), DETECT_SAMPLE * 8) or records,
                         Path(folder).name)


def for_path(path: Path) -> Profile:
    """The profile of the collection holding ``path`` (a folder, or a record file)."""
    path = Path(path)
    return choose(path if path.is_dir() else path.parent)

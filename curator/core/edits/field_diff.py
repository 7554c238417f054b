"""Field-level differences between two versions of a record: "figtitle: old -> new", list
items added and removed. Used by review (work tree against HEAD) and by a record's history
(each commit against its parent)."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from curator.core.files import fastload, frontmatter
from curator.core.errors import RecordError
from curator.core.fields.values import same

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class FieldChange:
    """One field that differs. ``items_added``/``items_removed`` are set for lists."""

    field: str
    kind: str                  # added, removed or changed
    old: object = None
    new: object = None
    items_added: list = field(default_factory=list)
    items_removed: list = field(default_factory=list)

    def describe(self) -> str:
        if self.kind == ADDED:
            return f"{self.field}: added {show(self.new)}"
        if self.kind == REMOVED:
            return f"{self.field}: removed (was {show(self.old)})"
        if self.items_added or self.items_removed:
            parts = [f"+{show(v)}" for v in self.items_added]
            parts += [f"-{show(v)}" for v in self.items_removed]
            if parts:
                return f"{self.field}: {', '.join(parts)}"
        return f"{self.field}: {show(self.old)} → {show(self.new)}"

    def detail(self, width: int = 60) -> str:
        """``describe`` where it fits one line; else the field's name, then the whole old
        and new values on lines of their own (a caption is read whole, not cut at 80)."""
        short = self.describe()
        if len(short) <= width + len(self.field) and "…" not in short:
            return short
        if self.items_added or self.items_removed:
            lines = [f"  + {show(v, 10**6)}" for v in self.items_added]
            lines += [f"  − {show(v, 10**6)}" for v in self.items_removed]
            return "\n".join([f"{self.field}:", *lines])
        lines = [f"{self.field}:"]
        if isinstance(self.old, str) and isinstance(self.new, str):
            lines.append(f"  words: {'; '.join(word_edits(self.old, self.new))}")
        if self.kind != ADDED:
            lines.append(f"  was: {show(self.old, 10**6)}")
        if self.kind != REMOVED:
            lines.append(f"  now: {show(self.new, 10**6)}")
        return "\n".join(lines)

    def as_json(self) -> dict:
        out = {"field": self.field, "kind": self.kind, "old": _plain(self.old),
               "new": _plain(self.new)}
        if self.items_added or self.items_removed:
            out["items_added"] = _plain(self.items_added)
            out["items_removed"] = _plain(self.items_removed)
        return out


def word_edits(old: str, new: str, most: int = 6) -> list[str]:
    """The words that differ between two texts, as "−old words +new words" (at most
    ``most``, then how many more): where a long caption changed, at a glance."""
    a, b = old.split(), new.split()
    edits = [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in
             difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal"]
    found = [" ".join(filter(None, [f"−{' '.join(x)}" if x else "",
                                    f"+{' '.join(y)}" if y else ""])) for x, y in edits[:most]]
    if len(edits) > most:
        found.append(f"… and {len(edits) - most} more")
    return found


def show(value, limit: int = 80) -> str:
    """A value as one short line of text."""
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(_plain(value), ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _key(value) -> str:
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, default=str)


def data_of(raw: bytes | None, path: Path | str | None = None) -> dict | None:
    """A version's front matter as data (None for a version that does not exist);
    RecordError when it cannot be parsed."""
    if raw is None:
        return None
    return fastload.parse_fast(raw, path).data


def diff_data(old: dict | None, new: dict | None) -> list[FieldChange]:
    """The fields that differ between two front matters, in the order they appear. A mapping
    (``schema-jsonld``) is compared key by key, as ``parent.key`` fields."""
    return list(_diff(old or {}, new or {}, ""))


def _diff(old: dict, new: dict, prefix: str):
    for key in dict.fromkeys([*old, *new]):
        name = f"{prefix}{key}"
        if key not in new:
            yield FieldChange(name, REMOVED, old=old[key])
        elif key not in old:
            yield FieldChange(name, ADDED, new=new[key])
        elif same(old[key], new[key]):
            continue
        elif isinstance(old[key], dict) and isinstance(new[key], dict) and not prefix:
            yield from _diff(old[key], new[key], name + ".")
        elif isinstance(old[key], list) and isinstance(new[key], list):
            before, after = [_key(v) for v in old[key]], [_key(v) for v in new[key]]
            added = [v for v, k in zip(new[key], after) if k not in set(before)]
            removed = [v for v, k in zip(old[key], before) if k not in set(after)]
            yield FieldChange(name, CHANGED, old[key], new[key], added, removed)
        else:
            yield FieldChange(name, CHANGED, old[key], new[key])


def diff_bytes(old: bytes | None, new: bytes | None,
               path: Path | str | None = None) -> list[FieldChange]:
    """``diff_data`` of two versions' bytes; RecordError naming ``path`` when either side
    cannot be parsed.

    Where both versions are plain block mappings (as every record Curator writes is), only
    the top-level fields whose lines differ are parsed: a field's value depends on its own
    lines alone, so a field whose lines are the same in both is the same. A review of a
    thousand one-field edits then parses a few lines a record, not two whole front matters.
    Anything else (anchors, tags, flow or quoted keys, a value that may run past its
    lines, a duplicate key, a changed part that does not parse alone) is parsed whole."""
    if old is not None and new is not None:
        a, b = _blocks(frontmatter.split(old, path).yaml), \
            _blocks(frontmatter.split(new, path).yaml)
        if a is not None and b is not None:
            same_text = set(a) & set(b)
            try:
                return diff_data(_part([t for t in a if t not in same_text]),
                                 _part([t for t in b if t not in same_text]))
            except RecordError:
                pass   # parsed whole below, for the error's right line
    return diff_data(data_of(old, path), data_of(new, path))


# A top-level field's first line: a plain key, a colon, then a space or the line's end.
_TOP_KEY = re.compile(r"[A-Za-z0-9_][\w.\-]*:(?:[ \t]|\r?\n|\r|$)")
_TOP_LINE = re.compile(r"\n(?=[^ \t#\r\n-])")     # where a top-level line begins
_ODD_DASH = re.compile(r"^-[^ \t\r\n]", re.M)     # a line starting "-x": no list item
_MARKS = re.compile(r"[&*!%]")
_CLOSERS = {'"': '"', "'": "'", "[": "]", "{": "}"}


def _blocks(text: str) -> list[str] | None:
    """The front matter's top-level fields, each as the text of its lines (its comment
    and blank lines after it included); None when it is not a plain block mapping of
    distinct plain keys whose values end on their own lines."""
    if _not_local(text) or _ODD_DASH.search(text):
        return None
    parts = _TOP_LINE.split(text)
    if not _TOP_KEY.match(parts[0]):
        if any(line.strip() and not line.lstrip().startswith("#")
               for line in parts[0].splitlines()):
            return None          # content before the first key: an indented mapping
        parts = parts[1:]
    keys, found = set(), []
    for part in parts:
        if not _TOP_KEY.match(part):
            return None
        colon = part.index(":")
        if part[:colon] in keys:
            return None          # a duplicate key: the whole parse says where
        keys.add(part[:colon])
        closer = _CLOSERS.get(part[colon + 1:].lstrip(" \t")[:1])
        if closer and not part.rstrip().endswith(closer):
            return None          # a quoted or flow value that may run on
        found.append(part if part.endswith("\n") else part + "\n")
    return found


def _not_local(text: str) -> bool:
    """Whether a value may depend on other lines: an anchor, an alias or a tag (``&x``,
    ``*x``, ``!x`` starting a token), or a directive (``%`` starting a line)."""
    for m in _MARKS.finditer(text):
        i = m.start()
        before = text[i - 1] if i else "\n"
        if text[i] == "%":
            if before == "\n":
                return True
        elif before in " \t\n[{," and text[i + 1:i + 2] not in ("", " ", "\t", "\n", "\r"):
            return True
    return False


def _part(blocks: list[str]) -> dict:
    """The fields of some of a front matter's top-level blocks."""
    if not blocks:
        return {}
    return fastload.parse_fast(("---\n" + "".join(blocks) + "---\n").encode("utf-8")).data


def line_diff(old: bytes | None, new: bytes | None, name: str = "record",
              old_name: str | None = None) -> str:
    """The unified line diff of two versions (``a/OLD_NAME`` against ``b/NAME``; the old
    name differs for a renamed record)."""
    a = (old or b"").decode("utf-8", "replace").splitlines(keepends=True)
    b = (new or b"").decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, f"a/{old_name or name}", f"b/{name}"))


__all__ = ["FieldChange", "diff_data", "diff_bytes", "line_diff", "show", "RecordError"]

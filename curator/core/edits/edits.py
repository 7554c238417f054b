"""One edit of one field, as data: the values it sets (the field and the fields derived
from it), the values they had, and how consecutive edits of a field merge into one undo
step. The window's undo commands, the fixes and the bulk operations all make their edits
here, so a derived field follows its sources by one rule.

The rule: a derived field (``schema-jsonld.description`` from ``caption``,
``figid_alias`` from ``figid``, then ``redirect_from`` from ``figid_alias``) is recomputed
when a field it reads changes, where the record has it (a missing marker such as ``NA``
or null included). A record that lacks the derived field is not given one by an edit of
its sources: the validator reports the missing field and offers its fix.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from curator.core.fields.derive import derived_value
from curator.core.fields.schema import Schema
from curator.core.fields.values import (
    ABSENT, FieldPath, format_path, get, parse_path, put, remove, same, same_or_absent,
)


def derived_changes(data: dict, name: str, schema: Schema) -> dict[FieldPath, object]:
    """The derived fields that read ``name`` (and those that read them), as ``data`` now
    stands, that would change: their new values, in the order they are computed."""
    out: dict[FieldPath, object] = {}
    for spec in schema.dependents(name):
        value = derived_value(spec, data, schema)
        current = get(data, spec.path, ABSENT)
        if value is None or current is ABSENT or same(current, value):
            continue
        put(data, spec.path, value)
        out[spec.path] = value
    return out


def follow_sources(data: dict, name: str, schema: Schema) -> list[str]:
    """Bring the fields derived from ``name`` in ``data`` up to date; their dotted names."""
    return [format_path(p) for p in derived_changes(data, name, schema)]


def apply_values(data: dict, values: dict[FieldPath, object]) -> None:
    """Set each path to its value (``ABSENT``: delete it, where it exists)."""
    for path, value in values.items():
        if value is ABSENT:
            try:
                remove(data, path)
            except KeyError:
                pass
        else:
            put(data, path, value)


@dataclass
class FieldEdit:
    """Values set in one record: one field and the derived fields that follow it (``name``
    the field), or what bulk operations did to it (``name`` empty). ``new`` is what redo
    sets, ``old`` what undo puts back (``ABSENT``: not there)."""

    record: str
    name: str = ""
    new: dict[FieldPath, object] = field(default_factory=dict)
    old: dict[FieldPath, object] = field(default_factory=dict)

    @property
    def fields(self) -> list[str]:
        return [format_path(p) for p in self.new]

    @property
    def undo_values(self) -> dict[FieldPath, object]:
        """``old`` in reverse order, so that parents come back before their children."""
        return dict(reversed(list(self.old.items())))

    @property
    def is_noop(self) -> bool:
        """Whether the edit sets every value back to what it was (typed, then deleted)."""
        return all(same_or_absent(self.old.get(p, ABSENT), v) for p, v in self.new.items())

    def absorb(self, later: FieldEdit) -> None:
        """Take in a later edit of the same field (keystrokes merging into one step)."""
        for path, value in later.new.items():
            self.new[path] = value
            self.old.setdefault(path, later.old[path])


def edit_field(record: str, data: dict, name: str, value, schema: Schema) -> FieldEdit:
    """The edit setting ``name`` to ``value`` in ``data`` (which is left as it was)."""
    work = copy.deepcopy(data)
    path = parse_path(name)
    new: dict[FieldPath, object] = {path: value}
    apply_values(work, new)
    new.update(derived_changes(work, name, schema))
    old = {p: copy.deepcopy(get(data, p, ABSENT)) for p in new}
    return FieldEdit(record, name, new, old)

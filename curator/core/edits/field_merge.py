"""A three-way merge of a record's fields: what the file had when it was opened (base),
the curator's unsaved edits (ours) and the file as it is on disk now (theirs).

Fields changed on one side only take that side's value; fields changed the same way on
both sides are kept; a field changed differently on both sides is a conflict the
curator settles (keep mine, or take the disk's). Mappings (``schema-jsonld``) are merged
key by key, so an edited caption's derived ``schema-jsonld.description`` does not clash
with another key changed on disk; lists and scalars are whole values.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from curator.core.fields.values import ABSENT, FieldPath, format_path, same_or_absent

"""The value of a field one side does not have (deleted, or never there)."""
OURS, THEIRS = "ours", "theirs"
KEPT, TAKEN, BOTH, CONFLICT = "kept", "taken", "both", "conflict"
"""Outcomes: the curator's edit kept, the disk's change taken, the same change on both
sides, or a conflict."""


@dataclass(frozen=True)
class FieldOutcome:
    path: FieldPath
    base: object
    ours: object
    theirs: object
    kind: str

    @property
    def name(self) -> str:
        return format_path(self.path)


@dataclass
class FieldMerge:
    """The outcome of every field that changed on either side; ``choices`` settles
    conflicts (path -> OURS or THEIRS)."""

    theirs: dict
    outcomes: list[FieldOutcome]
    choices: dict = field(default_factory=dict)

    @property
    def conflicts(self) -> list[FieldOutcome]:
        return [o for o in self.outcomes if o.kind == CONFLICT]

    @property
    def resolved(self) -> bool:
        return all(self.choices.get(o.path) in (OURS, THEIRS) for o in self.conflicts)

    def choose(self, path: FieldPath, side: str) -> None:
        if side not in (OURS, THEIRS):
            raise ValueError(f"not a side: {side!r}")
        if path not in {o.path for o in self.conflicts}:
            raise KeyError(format_path(path))
        self.choices[path] = side

    def value(self, outcome: FieldOutcome):
        """The merged value of one field (ABSENT: the field goes)."""
        if outcome.kind == KEPT:
            return outcome.ours
        if outcome.kind in (TAKEN, BOTH):
            return outcome.theirs
        side = self.choices.get(outcome.path)
        if side is None:
            raise ValueError(f"{outcome.name}: changed here and on disk; choose a side")
        return outcome.ours if side == OURS else outcome.theirs

    def our_values(self) -> dict[FieldPath, object]:
        """What to set on top of the disk's version to get the merge: the curator's
        kept edits and the conflicts settled for them (ABSENT: delete)."""
        out = {}
        for o in self.outcomes:
            value = self.value(o)
            if not same_or_absent(value, o.theirs):
                out[o.path] = value
        return out

    def result(self) -> dict:
        """The merged data (ValueError while a conflict is unsettled)."""
        data = copy.deepcopy(self.theirs)
        for path, value in self.our_values().items():
            _put(data, path, value)
        return data


def merge_fields(base: dict, ours: dict, theirs: dict) -> FieldMerge:
    outcomes: list[FieldOutcome] = []
    _merge(base, ours, theirs, (), outcomes)
    return FieldMerge(theirs=copy.deepcopy(theirs), outcomes=outcomes)


def _merge(base, ours, theirs, prefix: FieldPath, out: list) -> None:
    keys = list(dict.fromkeys([*theirs, *ours, *base]))
    for key in keys:
        b, o, t = (d.get(key, ABSENT) for d in (base, ours, theirs))
        path = prefix + (key,)
        if same_or_absent(o, b) and same_or_absent(t, b):
            continue
        if same_or_absent(o, t):
            out.append(FieldOutcome(path, b, o, t, BOTH))
        elif same_or_absent(o, b):
            out.append(FieldOutcome(path, b, o, t, TAKEN))
        elif same_or_absent(t, b):
            out.append(FieldOutcome(path, b, o, t, KEPT))
        elif all(isinstance(v, dict) for v in (b, o, t)):
            _merge(b, o, t, path, out)
        else:
            out.append(FieldOutcome(path, b, o, t, CONFLICT))


def _put(data: dict, path: FieldPath, value) -> None:
    node = data
    for part in path[:-1]:
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = node[part] = {}
        node = nxt
    if value is ABSENT:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)

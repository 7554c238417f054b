"""Bulk operations on records open with unsaved edits: their plan (the file on disk against
the file as it will be written) and their undo data (the edits made in memory)."""

from __future__ import annotations

import copy

from curator.core.edits import bulk
from curator.core.edits.edits import FieldEdit
from curator.core.errors import RecordError
from curator.core.files.record import Record
from curator.core.fields.values import ABSENT, same_or_absent


def plan_open_record(rec: Record, operations) -> bulk.Plan:
    """The plan of one record open with unsaved edits: the file on disk against the file
    as it will be written (its edits plus the operations)."""
    plan = bulk.Plan()
    clone = Record(rec.raw, rec.path, fast=True)
    clone.data = copy.deepcopy(rec.data)
    try:
        bulk.apply_operations(clone.data, operations, rec.path)
        new = clone.render()
    except RecordError as err:
        plan.skipped.append(err)
        return plan
    if new == rec.render():
        plan.unchanged += 1
    else:
        plan.changes.append(bulk.Change(str(rec.path), rec.raw, new))
    return plan


def edit_open_record(path: str, data: dict, operations) -> FieldEdit | None:
    """The operations applied to an open record's current ``data`` (left as it was), as
    the top-level fields they change; None when they change nothing. RecordError (naming
    the file) when an operation fails on it."""
    after = copy.deepcopy(data)
    bulk.apply_operations(after, operations, path)
    keys = dict.fromkeys([*data, *after])
    new = {(k,): _copy(after.get(k, ABSENT)) for k in keys
           if not same_or_absent(data.get(k, ABSENT), after.get(k, ABSENT))}
    if not new:
        return None
    return FieldEdit(path, "", new, {p: _copy(data.get(p[0], ABSENT)) for p in new})


def _copy(value):
    return value if value is ABSENT else copy.deepcopy(value)

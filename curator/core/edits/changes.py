"""What one operation changed, told once when it is done (as Anki's ``OpChanges``): the
records and fields it changed and what started it, so that every view (the record list,
the open record, the facets, the status bar) refreshes from one change set instead of
being patched by the operation itself."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, eq=False)
class OpChanges:
    """The change set of one operation.

    ``paths`` are the records it changed (files written, or data changed in memory);
    ``fields`` the top-level fields it changed (None: it cannot tell, any field);
    ``origin`` what started it ("Bulk edit", "Undo of the bulk edit", "Save All" ...).
    ``written`` are the paths whose files it wrote: an open record without unsaved
    edits is read again from them; ``rows`` the record list's rows of those files,
    with the written file's size and time (so a look at the disk finds nothing new).
    ``note`` is its one line for the status bar; ``failures`` (RecordError) the records
    it could not change, named by ``failure_text``; ``stopped``: the curator stopped it.
    ``lists_new``: the rows of files not listed yet are listed (files new on disk); else
    only the rows already listed are replaced.
    """

    origin: str
    paths: frozenset = frozenset()
    fields: frozenset | None = frozenset()
    written: frozenset = frozenset()
    rows: dict = field(default_factory=dict)
    note: str = ""
    failures: tuple = ()
    failure_text: str = ""
    stopped: bool = False
    lists_new: bool = False

    @property
    def empty(self) -> bool:
        """Nothing changed and nothing to tell."""
        return not self.paths and not self.failures and not self.note

    def touches(self, name: str) -> bool:
        """Whether the top-level field ``name`` may have changed."""
        return bool(self.paths) and (self.fields is None or name in self.fields)


def fields_of(operations, schema=None) -> frozenset | None:
    """The top-level fields ``operations`` may change: the field each names, and the
    schema's derived fields (which follow their sources); None when one of them does not
    name its field (clear every field, apply a fix)."""
    names = set()
    for op in operations:
        path = getattr(op, "path", None)
        name = path[0] if path else getattr(op, "field", None)
        if not isinstance(name, str):
            return None
        names.add(name)
    if schema is not None:
        names.update(spec.name.split(".")[0] for spec in schema.derived_fields())
    return frozenset(names)

"""Writing a bulk edit's planned changes as one operation, off the GUI thread: the files
(``bulk.write_many``), then the record list's row of each file written, with the written
file's size and time, so that the list can show them and a look at the disk finds nothing
new. No Qt: the GUI runs ``write_changes`` on its operation runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from curator.core.collection.index import file_key, index_file
from curator.core.edits import bulk

PROGRESS_EVERY_S = 0.1      # the progress is told this often while files are written


@dataclass
class Written:
    """What ``write_changes`` did: every change attempted (``bulk.Outcome``), the list rows
    of the files written (path -> IndexRow), and whether it was stopped."""

    outcomes: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)
    stopped: bool = False

    @property
    def done(self) -> list:
        """The changes whose file now holds their new bytes."""
        return [o.change for o in self.outcomes if o.done]


def write_changes(changes, *, rows=None, listed=None, profile=None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Written:
    """Write ``changes`` (each atomically, only over the bytes it was planned from: see
    ``bulk.write_change``). ``rows`` (path -> IndexRow) are the rows to list for the
    files written (default: each change's own ``row``), given the written file's size
    and time; a file with none is indexed again. Rows are made only for ``listed``
    paths (None: every path). ``cancelled()`` returning True stops: the files being
    written are finished, the others not begun."""
    changes = list(changes)

    def report(batch, done, total) -> None:
        if progress is not None:
            progress(done, total)

    outcomes = bulk.write_many(changes, report=report, cancelled=cancelled,
                               interval=PROGRESS_EVERY_S) if changes else []
    out = Written(outcomes, stopped=bool(cancelled is not None and cancelled()))
    for outcome in outcomes:
        path = outcome.change.path
        if not outcome.done or (listed is not None and path not in listed):
            continue
        row = rows.get(path) if rows is not None else outcome.change.row
        key = file_key(outcome.stat)
        out.rows[path] = row.with_key(key) if row is not None else \
            index_file(path, *key, profile=profile)
    return out

"""Records read before the curator asks for them (issue 20).

Reading and checking the record a switch shows is about a tenth of the switch (2-2.5 ms
of a PFOCR record). Between two presses of Alt+Down, even held at 30 a second, the
window waits for the next key for most of the 33 ms; the list's neighbours of the shown
record are read then, and the switch to one of them takes what was read.

What was read ahead is taken only while it is still what ``Workspace.read`` would give:
the file's stat key (size, mtime, inode, ctime) is the one read, and the workspace checks
records with the same profile and schema. Anything else is read again.
"""

from __future__ import annotations

from collections import OrderedDict

from curator.core.collection.index_row import row_key, stat_key
from curator.core.edits.workspace import Opened, Workspace

KEEP = 4     # records held: the shown one's neighbours, and the two it came from


class ReadAhead:
    """``Workspace.read`` results kept for the paths ``prepare`` was given."""

    def __init__(self, workspace: Workspace, keep: int = KEEP) -> None:
        self.workspace = workspace
        self.keep = keep
        self._kept: OrderedDict[str, tuple[Opened, object, object]] = OrderedDict()

    def __contains__(self, path: str) -> bool:
        return str(path) in self._kept

    def prepare(self, paths) -> int:
        """Read those of ``paths`` not open and not read already; the number read."""
        read = 0
        for path in map(str, paths):
            if path in self._kept:
                self._kept.move_to_end(path)
                continue
            if self.workspace.is_open(path):
                continue
            self._kept[path] = (self.workspace.read(path), self.workspace.profile,
                                self.workspace.schema)
            read += 1
            while len(self._kept) > self.keep:
                self._kept.popitem(last=False)
        return read

    def read(self, path: str) -> Opened:
        """What ``workspace.read(path)`` gives now: the record read ahead when it is
        still current, else read now."""
        path = str(path)
        kept = self._kept.pop(path, None)
        if kept is not None:
            opened, profile, schema = kept
            ws = self.workspace
            if profile is ws.profile and schema is ws.schema and opened.row is not None \
                    and row_key(opened.row) == stat_key(path):
                return opened
        return self.workspace.read(path)

    def clear(self) -> None:
        self._kept.clear()

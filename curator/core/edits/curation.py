"""Curation decisions and learned title preambles.

Decisions (curated, rejected as not a pathway figure, non-human) live in an append-only log
in the collection folder, ``.curation-log.jsonl``, one JSON object a line, so that they
travel with the records in git and each decision is a one-line diff. A record's state is
its latest line; undoing a decision appends the state it replaced. Records are never
touched by a decision.
"""

from __future__ import annotations

import datetime
import getpass
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from curator.core.errors import RecordError

LOG_NAME = ".curation-log.jsonl"
DECISIONS = ("curated", "rejected", "nonhuman")
LABELS = {"curated": "Curated", "rejected": "Not a pathway figure", "nonhuman": "Non-human",
          None: "Not yet curated"}


@dataclass(frozen=True)
class Entry:
    figid: str
    decision: str | None        # one of DECISIONS, or None (decision withdrawn)
    previous: str | None
    at: str
    by: str


class CurationLog:
    """The decisions of one collection folder."""

    def __init__(self, folder: Path | str) -> None:
        self.path = Path(folder) / LOG_NAME
        self.state: dict[str, str] = {}
        self.history: list[Entry] = []
        self._undoable: list[Entry] = []   # this session's decisions, latest last
        self._read()

    def _read(self) -> None:
        if not self.path.exists():
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordError(self.path, f"cannot read the curation log: {exc}",
                              code="io.read") from None
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                entry = Entry(raw["figid"], raw.get("decision"), raw.get("previous"),
                              raw.get("at", ""), raw.get("by", ""))
            except (ValueError, KeyError, TypeError):
                raise RecordError(self.path, "not a curation log line", line=n,
                                  code="parse.log") from None
            self._apply(entry)

    def _apply(self, entry: Entry) -> None:
        self.history.append(entry)
        if entry.decision is None:
            self.state.pop(entry.figid, None)
        else:
            self.state[entry.figid] = entry.decision

    def decision(self, figid: str) -> str | None:
        return self.state.get(figid)

    def decide(self, figid: str, decision: str | None) -> Entry:
        """Record a decision (None withdraws it); appended to the log at once."""
        if decision is not None and decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        entry = self._write(figid, decision)
        self._undoable.append(entry)
        return entry

    def undo_last(self) -> Entry | None:
        """Take back this session's latest decision, restoring the state it replaced."""
        if not self._undoable:
            return None
        last = self._undoable.pop()
        return self._write(last.figid, last.previous)

    def _write(self, figid: str, decision: str | None) -> Entry:
        entry = Entry(figid, decision, self.state.get(figid),
                      datetime.datetime.now(datetime.timezone.utc).isoformat(
                          timespec="seconds"), _user())
        line = json.dumps({"figid": entry.figid, "decision": entry.decision,
                           "previous": entry.previous, "at": entry.at, "by": entry.by},
                          ensure_ascii=False)
        try:
            with open(self.path, "a", encoding="utf-8", newline="\n") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise RecordError(self.path, f"cannot write the curation log: "
                              f"{exc.strerror or exc}", code="io.write") from None
        self._apply(entry)
        return entry

    def counts(self, figids) -> Counter:
        return Counter(self.state.get(f) for f in figids)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return ""


class PreambleLearner:
    """Title preambles a curator removed by hand, most frequent first, kept in a JSON file
    (the window keeps it in the user's data directory)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else None
        self.counts: Counter = Counter()
        if self.path and self.path.exists():
            try:
                self.counts.update(json.loads(self.path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                pass  # a damaged list is relearned

    def learn(self, old: str, new: str) -> str | None:
        from curator.core.checks.titles import learned_preamble

        preamble = learned_preamble(old, new)
        if preamble:
            self.counts[preamble] += 1
            self._save()
        return preamble

    def most_common(self, n: int = 8) -> list[str]:
        return [p for p, _ in self.counts.most_common(n)]

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(dict(self.counts), ensure_ascii=False, indent=0),
                                 encoding="utf-8")
        except OSError:
            pass

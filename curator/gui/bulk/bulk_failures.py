"""What a bulk edit tells the curator of the files it could not write: the message
naming them, grouped by why (``failure_box``), and the reason in the curator's terms."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from curator.core.errors import RecordError

MAX_LISTED = 12        # failures named in the message; all of them under "Show Details"


def plural_count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def show_failures(parent, title: str, text: str, failures: list[RecordError]) -> None:
    """Tell the curator which files were not written, naming each (tests replace this)."""
    failure_box(parent, title, text, failures).exec()


def failure_box(parent, title: str, text: str, failures: list[RecordError]) -> QMessageBox:
    """The message naming the files not written, grouped by why: the first few, and all
    of them (full paths) under Show Details."""
    groups: dict[str, list[str]] = {}
    for err in failures:
        groups.setdefault(err.message, []).append(Path(str(err.path)).name)
    each = max(2, MAX_LISTED // len(groups)) if groups else 0
    lines = []
    for why, names in groups.items():
        lines.append(f"{why[:1].upper()}{why[1:]} ({len(names):,}):")
        lines.extend(f"    {name}" for name in names[:each])
        if len(names) > each:
            lines.append(f"    … and {len(names) - each:,} more (Show Details)")
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setInformativeText("\n".join(lines))
    box.setDetailedText("\n".join(f"{e.path}: {e.message}" for e in failures))
    return box


def why_not_written(err: RecordError, forward: bool) -> RecordError:
    """A write's failure in the curator's terms (the core's words are for the planner)."""
    if err.code != "io.conflict" or "unsaved edits" in err.message:
        return err
    since = "since the preview" if forward else "since the bulk edit saved it"
    what = "deleted" if "deleted" in err.message else "changed on disk"
    return RecordError(err.path, f"{what} {since}", code=err.code)

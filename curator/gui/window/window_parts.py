"""What the window's parts are given instead of the window (issue 17).

A part (``disk_watch``, ``window_resume``, …) is handed the typed pieces it uses: the
layout (``window_layout.WindowLayout``), the session, and these small bundles of the
window's list and prompts. It never holds the window to reach through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import SignalInstance

from curator.gui.records.record_filter import RecordFilterModel
from curator.gui.records.record_table_model import RecordTableModel


@dataclass(frozen=True)
class Listing:
    """The record list: its rows, what is shown, and moving to another record."""

    model: RecordTableModel
    proxy: RecordFilterModel
    folder: Callable[[], Path | None]        # the folder listed (None before one is opened)
    current_path: Callable[[], str]          # the record shown ("" for none)
    select_record: Callable[[str], None]     # show a record and select its row
    scroll_to_row: Callable[..., None]       # (row, hint): the list's row into view
    current_record_changed: SignalInstance   # (path): another record is shown
    folder_loaded: SignalInstance            # (): the list is complete


@dataclass(frozen=True)
class Prompts:
    """The window's questions and messages (tests replace the window's: late-bound)."""

    show_save_error: Callable[[list], None]          # [(path, RecordError)]
    ask_conflict: Callable[[str, str, bool], str]    # (path, diff, deleted) -> choice
    ask_restore: Callable[[list], bool]              # [JournalEntry]: restore them?


def listing_of(window) -> Listing:
    return Listing(model=window.model, proxy=window.proxy,
                   folder=lambda: window.folder,
                   current_path=lambda: window.current_path,
                   select_record=window.select_record,
                   scroll_to_row=window.scroll_to_row,
                   current_record_changed=window.current_record_changed,
                   folder_loaded=window.folder_loaded)


def prompts_of(window) -> Prompts:
    return Prompts(show_save_error=lambda failures: window.show_save_error(failures),
                   ask_conflict=lambda path, diff, deleted:
                   window.ask_conflict(path, diff, deleted),
                   ask_restore=lambda entries: window.ask_restore(entries))

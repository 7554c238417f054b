"""The collection's git state, read off the GUI thread: the repository holding the open
folder, its branch, and each record's state against HEAD. Every git call of the window runs
through ``GitStatus.run`` on one worker thread, so they never overlap and never block the
window; results come back as signals on the GUI thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from curator.core.history import vcs
from curator.core.errors import RecordError

REFRESH_DELAY_MS = 400   # saves and focus changes come in bursts: read the status once


class GitStatus(QObject):
    """Signals:
        status_changed(object, str, object): repo (or None), branch, {path: state}.
        failed(str): a git call failed; the message says why.
        done(object, object): (tag, result) of a ``run`` call, on the GUI thread.
    """

    status_changed = Signal(object, str, object)
    failed = Signal(str)
    done = Signal(object, object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="curator-git")
        self._folder: Path | None = None
        self._generation = 0      # results for an older folder are dropped
        self.repo: vcs.Repo | None = None
        self.branch = ""
        self.states: dict[str, str] = {}
        self._closed = False
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._result_ready.connect(self._on_result_ready)

    _result_ready = Signal(int, object, object, object)   # generation, tag, result, error

    @property
    def folder(self) -> Path | None:
        return self._folder

    def set_folder(self, folder: Path | str | None) -> None:
        self._folder = Path(folder) if folder else None
        self._generation += 1
        self.repo, self.branch, self.states = None, "", {}
        self.status_changed.emit(None, "", {})
        if self._folder is not None:
            self.refresh(now=True)

    def refresh(self, now: bool = False) -> None:
        """Read the status again (soon: several calls in a burst read it once)."""
        if self._folder is None or self._closed:
            return
        if now:
            self._timer.stop()
            self._on_timer_timeout()
        else:
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        folder = self._folder
        self.run("status", lambda: _read_status(folder))

    def run(self, tag, work) -> None:
        """Run ``work()`` on the git thread; ``done(tag, result)`` or ``failed(message)``
        follows on the GUI thread (nothing when the folder changed meanwhile)."""
        if self._closed:
            return
        generation = self._generation

        def call():
            try:
                result, error = work(), None
            except (vcs.GitError, RecordError, OSError) as exc:
                result, error = None, exc
            if not self._closed:
                self._result_ready.emit(generation, tag, result, error)
        self._pool.submit(call)

    def _on_result_ready(self, generation: int, tag, result, error) -> None:
        if generation != self._generation or self._closed:
            return
        if error is not None:
            self.failed.emit(str(error))
            return
        if tag == "status":
            self.repo, self.branch, self.states = result
            self.status_changed.emit(self.repo, self.branch, self.states)
            return
        self.done.emit(tag, result)

    def shutdown(self) -> None:
        """Stop: a running git call finishes (they are short), queued ones are dropped."""
        self._closed = True
        self._timer.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _read_status(folder: Path):
    """(repo, branch, {path: state}) with paths written as the folder index writes them
    (the folder as given, then the file's path inside it)."""
    repo = vcs.Repo.discover(folder)
    if repo is None:
        return None, "", {}
    inside = folder.resolve()
    states = {}
    for path, st in repo.status(folder).items():
        key = listed_path(folder, inside, path)
        if key is not None:
            states[key] = st.state
    return repo, repo.branch(), states


def listed_path(folder: Path, inside: Path, path: Path) -> str | None:
    """``path`` (as git names it, under the resolved ``inside``) written as the folder index
    writes it: the folder as given, then the path inside it. None: not under the folder."""
    try:
        return str(Path(folder) / path.relative_to(inside))
    except ValueError:
        return None

"""Driving Curator's real window on a real X server, as a user's keyboard does.

``AppWindow.start`` runs the window as a process of its own on the xcb platform (the
test process runs Qt offscreen), either plainly (``python -m curator FOLDER``, for the
quitting tests) or with a probe inside (``python window_driver.py --probe FOLDER``): the
same start-up (``curator.gui.app.run``) plus a line-based JSON channel on stdin/stdout
that reports the widgets' state and sets a scene up. Keys are real key presses sent by
``xdotool key`` (XTEST) to the focused window, so Qt sees the modifier state a keyboard
gives it; the window is closed as a window manager does (``WM_DELETE_WINDOW``).

Every wait polls a condition with a deadline; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import ctypes
import json
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

PROBE = "PROBE "
WAIT_S = 60          # generous: the suite must pass on a loaded machine


def app_env(display, home: Path) -> dict[str, str]:
    """A private home (settings, data, caches) for one app process on ``display``."""
    dirs = {name: home / name for name in ("config", "data", "cache")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    return display.env(HOME=str(home), XDG_CONFIG_HOME=str(dirs["config"]),
                       XDG_DATA_HOME=str(dirs["data"]), XDG_CACHE_HOME=str(dirs["cache"]),
                       CURATOR_CACHE_DIR=str(dirs["cache"] / "curator"),
                       CURATOR_DATA_DIR=str(dirs["data"] / "curator"),
                       PYTHONFAULTHANDLER="1")


def make_folder(folder: Path, n: int, sources: list[Path]) -> Path:
    """``n`` record files named like PFOCR's (copies of ``sources`` with new PMC ids)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        stem = src.stem.split("__", 1)[1]
        (folder / f"PMC{90000000 + i}__{stem}.md").write_bytes(src.read_bytes())
    return folder


def wait_until(condition, timeout: float = WAIT_S, what: str = "condition"):
    """Poll ``condition()`` until it returns something true; its value, or TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)   # polling interval, not a synchronisation


class AppWindow:
    """One Curator process shown on a real X server."""

    def __init__(self, display, process: subprocess.Popen, probe: bool) -> None:
        self.display = display
        self.process = process
        self.probe = probe
        self._wid: str | None = None

    @classmethod
    def start(cls, display, home: Path, *args: str, probe: bool = True) -> "AppWindow":
        if probe:
            command = [sys.executable, str(Path(__file__).resolve()), "--probe", *args]
        else:
            command = [sys.executable, "-m", "curator", *args]
        process = subprocess.Popen(command, env=app_env(display, home), text=True,
                                   stdin=subprocess.PIPE if probe else subprocess.DEVNULL,
                                   stdout=subprocess.PIPE if probe else subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, cwd=str(home))
        return cls(display, process, probe)

    # -- the X window -------------------------------------------------------------------
    def _xdotool(self, *args: str) -> str:
        run = subprocess.run(["xdotool", *args], env=self.display.env(),
                             capture_output=True, text=True, timeout=WAIT_S)
        return run.stdout.strip() if run.returncode == 0 else ""

    def window_id(self) -> str:
        """The X id of the main window (once it is mapped)."""
        if self._wid is None:
            def found():
                self._check_alive()
                ids = self._xdotool("search", "--onlyvisible", "--pid",
                                    str(self.process.pid), "--name", "Curator").split()
                return ids[-1] if ids else ""
            self._wid = wait_until(found, what="the Curator window to be mapped")
        return self._wid

    def focus(self) -> None:
        """Give the window the keyboard focus (there is no window manager on Xvfb)."""
        wid = self.window_id()
        wait_until(lambda: self._xdotool("windowfocus", "--sync", wid) is not None and
                   self._xdotool("getwindowfocus") == wid, what="the window to get focus")
        if self.probe:
            wait_until(lambda: self.state()["active"], what="Qt to see the window active")

    def key(self, *keys: str) -> None:
        """Press and release each key (xdotool names: ctrl+Down, ctrl+Return, ctrl+z)."""
        self._check_alive()
        subprocess.run(["xdotool", "key", "--clearmodifiers", *keys],
                       env=self.display.env(), check=True, timeout=WAIT_S)

    def hold(self, key: str, seconds: float, repeat_per_s: int = 30) -> float:
        """Hold ``key`` down for ``seconds`` (the X server repeats it after 250 ms,
        ``repeat_per_s`` times a second); the time.monotonic() at which it was let go."""
        self._check_alive()
        set_key_repeat(self.display.name, 250, 1000 // repeat_per_s)
        mods, _, main = key.rpartition("+")
        env = self.display.env()
        subprocess.run(["xdotool", "keydown", key], env=env, check=True, timeout=WAIT_S)
        time.sleep(seconds)     # how long the curator holds it: the thing measured
        subprocess.run(["xdotool", "keyup", main], env=env, check=True, timeout=WAIT_S)
        released = time.monotonic()
        if mods:
            subprocess.run(["xdotool", "keyup", *mods.split("+")], env=env, check=True,
                           timeout=WAIT_S)
        return released

    def close_window(self) -> None:
        """Ask the window to close as a window manager's close button does."""
        send_wm_delete_window(self.display.name, int(self.window_id()))

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def wait_exit(self, timeout: float = WAIT_S) -> tuple[int, str]:
        """The exit status and what the process wrote on stderr."""
        try:
            _, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # SIGABRT: faulthandler (PYTHONFAULTHANDLER=1) writes every thread's stack
            self.process.send_signal(signal.SIGABRT)
            try:
                _, err = self.process.communicate(timeout=WAIT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                _, err = self.process.communicate()
            raise AssertionError(f"the window did not exit within {timeout} s; "
                                 f"stderr: {err}") from None
        return self.process.returncode, err or ""

    def stop(self) -> None:
        """End the process whatever state it is in (test teardown)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()

    def _check_alive(self) -> None:
        if self.process.poll() is not None:
            err = self.process.stderr.read() if self.process.stderr else ""
            raise AssertionError(f"the window exited ({self.process.returncode}): {err}")

    # -- the probe ----------------------------------------------------------------------
    def ask(self, do: str, **args) -> dict:
        """Send one command to the probe inside the app and return its JSON answer."""
        self._check_alive()
        self.process.stdin.write(json.dumps({"do": do, **args}) + "\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 1.0)
            if not ready:
                self._check_alive()
                continue
            line = self.process.stdout.readline()
            if not line:
                self._check_alive()
                raise AssertionError("the probe closed its output")
            if line.startswith(PROBE):
                answer = json.loads(line[len(PROBE):])
                if "error" in answer:
                    raise AssertionError(f"probe: {answer['error']}")
                return answer
        raise TimeoutError(f"the probe did not answer {do!r}")

    def state(self) -> dict:
        return self.ask("state")

    def wait_state(self, condition, what: str) -> dict:
        """Poll the window's state until ``condition(state)``; the state then."""
        return wait_until(lambda: (lambda s: s if condition(s) else None)(self.state()),
                          what=what)


# -- closing a window as a window manager does ------------------------------------------
class _ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


def set_key_repeat(display_name: str, delay_ms: int, interval_ms: int) -> None:
    """The X server's key repeat (what ``xset r rate`` sets), through XKB."""
    x = ctypes.CDLL("libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XkbSetAutoRepeatRate.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint,
                                       ctypes.c_uint]
    x.XFlush.argtypes = x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x.XOpenDisplay(display_name.encode())
    if not dpy:
        raise RuntimeError(f"cannot open X display {display_name}")
    try:
        x.XkbSetAutoRepeatRate(dpy, 0x100, delay_ms, interval_ms)   # XkbUseCoreKbd
        x.XFlush(dpy)
    finally:
        x.XCloseDisplay(dpy)


def send_wm_delete_window(display_name: str, wid: int) -> None:
    """Send ``WM_DELETE_WINDOW`` (ICCCM) to ``wid``: what a close button does."""
    x = ctypes.CDLL("libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                             ctypes.POINTER(_XEvent)]
    x.XFlush.argtypes = x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x.XOpenDisplay(display_name.encode())
    if not dpy:
        raise RuntimeError(f"cannot open X display {display_name}")
    try:
        event = _XEvent()
        event.xclient.type = 33                        # ClientMessage
        event.xclient.window = wid
        event.xclient.message_type = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        event.xclient.format = 32
        event.xclient.data[0] = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        event.xclient.data[1] = 0                      # CurrentTime
        x.XSendEvent(dpy, wid, 0, 0, ctypes.byref(event))
        x.XFlush(dpy)
    finally:
        x.XCloseDisplay(dpy)


# -- inside the app process -------------------------------------------------------------
def _name(path: str) -> str:
    return Path(path).name if path else ""


class _Probe:
    """Answers the driver's commands from inside the app (stdin -> stdout, one line)."""

    def __init__(self, app) -> None:
        from PySide6.QtCore import QSocketNotifier

        self.app = app
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self._on_stdin)

    @property
    def window(self):
        from curator.gui import MainWindow

        return next(w for w in self.app.topLevelWidgets() if isinstance(w, MainWindow))

    def _on_stdin(self, *args) -> None:
        line = sys.stdin.readline()
        if not line:
            self.notifier.setEnabled(False)
            return
        try:
            command = json.loads(line)
            answer = getattr(self, "do_" + command.pop("do"))(**command)
        except Exception as exc:   # reported to the driver, which fails the test
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(PROBE + json.dumps(answer) + "\n")
        sys.stdout.flush()

    def do_state(self) -> dict:
        w = self.window
        proxy, rows = w.proxy, w.table.selectionModel().selectedRows()
        curation = w.curation
        dock = ("Curation" if curation.panel.isVisible() else
                "Selection" if curation.summary.isVisible() else "")
        return {"current": _name(w.current_path),
                "current_row": proxy.row_of(w.current_path) if w.current_path else -1,
                "selected": sorted(_name(proxy.path_at(i.row())) for i in rows),
                "bulk_selected": len(curation.selected_paths()),
                "dock": dock, "active": w.isActiveWindow(),
                "loading": w.loader.running, "rows": proxy.rowCount(),
                "names": [_name(proxy.path_at(r)) for r in range(proxy.rowCount())],
                "undo_index": w.undo_stack.index(),
                "modified": sorted(_name(p) for p in w.session.modified_paths())}

    def do_select_row(self, row: int) -> dict:
        w = self.window
        w.select_record(w.proxy.path_at(row))
        w.table.setFocus()
        return self.do_state()

    def do_watch_shown(self) -> dict:
        """From now on, note when each record is shown (``do_shown``)."""
        w = self.window
        self.shown: list = []
        w.current_record_changed.connect(lambda path: self.shown.append(
            (time.monotonic(), w.proxy.row_of(path) if path else -1)))
        return self.do_state()

    def do_shown(self) -> dict:
        """[(time.monotonic(), row)] of each record shown since ``do_watch_shown``."""
        return {"shown": self.shown, **self.do_state()}

    def do_set_field(self, field: str, value) -> dict:
        """Edit the shown record's field as typing in the form does (one undo step)."""
        from curator.gui.records.undo_commands import SetFieldCommand

        w = self.window
        w.undo_stack.push(SetFieldCommand(w.session, w.current_path, field, value,
                                          merge=False))
        return self.do_state()


def _serve(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from curator.gui.app import run_and_exit

    app = QApplication([sys.argv[0], *argv])
    probes = []
    QTimer.singleShot(0, lambda: probes.append(_Probe(app)))
    run_and_exit(argv)       # as the app's own entry point (curator/__main__.py) ends
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        sys.exit(_serve(sys.argv[2:]))
    sys.exit("usage: window_driver.py --probe [FOLDER]")

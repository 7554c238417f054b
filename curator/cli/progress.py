"""A progress line on stderr for long runs (only when stderr is a terminal, so that logs
and pipes get no carriage returns)."""

from __future__ import annotations

import sys
import time


class Progress:
    """``progress(done, total)`` callback that redraws one line at most ``rate`` times a
    second; ``close()`` erases it. Silent unless ``stream`` is a terminal."""

    def __init__(self, label: str, stream=None, rate: float = 10.0) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._every = 1.0 / rate
        self._last: float | None = None   # no line drawn yet (monotonic counts from boot)
        self._width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and self._last is not None and now - self._last < self._every:
            return
        self._last = now
        percent = 100 * done // total if total else 100
        self._draw(f"{self.label}: {done:,} of {total:,} records ({percent}%)")

    def _draw(self, text: str) -> None:
        pad = max(self._width - len(text), 0)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

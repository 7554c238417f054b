"""Figures fetched from PMC with Qt's network stack (asynchronous: the GUI thread only
starts requests and takes finished replies), checked, decoded and cached.

Each figure URL ends in one state: ``shown`` (an image), or why not: ``not found``,
``offline`` (no connection, or fetching turned off), ``timed out``, ``too large``,
``not an image``, ``failed`` (a cut-short download, too many redirects, a server error).
Only ``https`` and ``http`` to this machine are fetched, redirects included
(``core/figures.url_allowed``); a reply is only ever decoded as an image.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QBuffer, QByteArray, QObject, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkProxy, QNetworkReply, \
    QNetworkRequest, QSslConfiguration

from curator.core.collection.figures import FigureCache, url_allowed

LOADING, SHOWN, NOT_FOUND, OFFLINE, TIMED_OUT, TOO_LARGE, NOT_IMAGE, FAILED = (
    "loading", "shown", "not found", "offline", "timed out", "too large", "not an image",
    "failed")
MESSAGES = {
    LOADING: "Loading the figure from PMC…",
    NOT_FOUND: "PMC has no such figure file (404)",
    OFFLINE: "Offline: PMC cannot be reached",
    TIMED_OUT: "PMC did not answer in time",
    TOO_LARGE: "The figure file is too large to show",
    NOT_IMAGE: "PMC sent something that is not an image",
    FAILED: "The figure could not be fetched",
}
MAX_BYTES = 40 * 1024 * 1024
TIMEOUT_MS = 20_000
MAX_REDIRECTS = 5
MEMORY_IMAGES = 12        # decoded figures kept for the next keypress…
MEMORY_BYTES = 384 * 1024 * 1024   # …and at most this much of them (a 3000x2000 is 24 MB)
MAX_PIXELS = 80_000_000   # a figure that would decode bigger is "too large"
PARALLEL = 3              # requests at once (the shown record's jumps the queue)
OFFLINE_RETRY_S = 10.0    # offline: PMC is tried again this long after it failed

_E = QNetworkReply.NetworkError
_OFFLINE_ERRORS = {_E.ConnectionRefusedError, _E.HostNotFoundError,
                   _E.TemporaryNetworkFailureError, _E.NetworkSessionFailedError,
                   _E.UnknownNetworkError, _E.ProxyConnectionRefusedError,
                   _E.ProxyNotFoundError, _E.UnknownProxyError}
_A = QNetworkRequest.Attribute


def decode(data: bytes) -> QImage | str:
    """The image in ``data``; else why not: NOT_IMAGE (not one Qt can read whole) or
    TOO_LARGE (more than MAX_PIXELS once decoded: never allocated)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    if not reader.canRead():
        return NOT_IMAGE
    size = reader.size()
    if size.isValid() and size.width() * size.height() > MAX_PIXELS:
        return TOO_LARGE
    image = reader.read()
    return NOT_IMAGE if image.isNull() else image


_tls_warmed = False


def _warm_tls(pool: ThreadPoolExecutor) -> None:
    """Load the system's CA certificates on ``pool``'s thread, once a process: the first
    https request otherwise loads them on the GUI thread (130-240 ms, measured, inside the
    first record's display). Qt guards that global configuration with a mutex. The call
    holds the interpreter's lock throughout (the GUI thread waited 0.24 s in ``submit``,
    issue 20), so a fetcher made ``held`` sends nothing until ``release()``: the window
    releases it once it has started (``first_paint.py``)."""
    global _tls_warmed
    if not _tls_warmed:
        _tls_warmed = True
        pool.submit(QSslConfiguration.defaultConfiguration)


class FigureFetcher(QObject):
    """Figures by URL: from memory, the disk cache, or the network.

    Signals:
        figure_changed(str, str): a figure's state changed: its URL and the new state
            (``image(url)`` holds a shown figure).
    """

    figure_changed = Signal(str, str)
    _decoded = Signal(str, object, bool)      # from the decoding thread: url, image, fetched

    def __init__(self, cache: FigureCache, parent=None, *, enabled: bool = True,
                 max_bytes: int = MAX_BYTES, timeout_ms: int = TIMEOUT_MS,
                 max_redirects: int = MAX_REDIRECTS, held: bool = False) -> None:
        super().__init__(parent)
        self._held = held            # requests wait in the queue until release()
        self.cache = cache
        self.enabled = enabled
        self.max_bytes = max_bytes
        self.timeout_ms = timeout_ms
        self.max_redirects = max_redirects
        self.manager = QNetworkAccessManager(self)
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._states: dict[str, str] = {}
        self._replies: dict[str, QNetworkReply] = {}
        self._queue: list[str] = []
        self._wanted = ""
        self._decoding: set[str] = set()
        # JPEG/PNG decoding (10-20 ms a figure) and cache writes of prefetched figures run
        # on one worker thread, never in the gap between two keypresses
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="curator-figure-decode")
        self._decoded.connect(self._on_decoded)
        self.requests = 0            # requests sent (tests count them)
        self.seems_offline = False   # the last request that ended could not reach PMC
        self.offline_retry_s = OFFLINE_RETRY_S
        self._offline_at = 0.0       # when it ended (time.monotonic)
        if enabled and not held:
            _warm_tls(self._pool)

    def release(self) -> None:
        """Start sending the requests a ``held`` fetcher queued (the TLS certificates
        loaded first, once a process)."""
        if not self._held:
            return
        self._held = False
        if self.enabled and self._pool is not None:
            _warm_tls(self._pool)
        self._pump()

    # -- asking -------------------------------------------------------------------------
    def state(self, url: str) -> str | None:
        return self._states.get(url)

    def image(self, url: str) -> QImage | None:
        """The decoded figure when it is in memory (no disk, no network)."""
        image = self._images.get(url)
        if image is not None:
            self._images.move_to_end(url)
        return image

    def fetch(self, url: str) -> str:
        """Ask for the figure the window shows now: its state at once (``shown`` when
        it is in memory or the disk cache), else ``loading`` and ``figure_changed``
        later."""
        self._wanted = url
        if self._from_cache(url):
            return SHOWN
        if not self.enabled or self._still_offline():
            return self._set(url, OFFLINE, tell=False)
        if url in self._replies:
            return LOADING
        if url in self._queue:
            self._queue.remove(url)
        self._queue.insert(0, url)
        self._states[url] = LOADING
        self._pump()
        return LOADING

    def prefetch(self, urls) -> None:
        """Fetch these figures (the next records in the list) into the caches, after
        the shown one; figures already known are left alone."""
        for url in urls:
            if url in self._images or url in self._replies or url in self._queue or \
                    url in self._decoding:
                continue
            if self._states.get(url) not in (None, OFFLINE) and url not in self.cache:
                continue        # failed before: not again until it is shown
            if url in self.cache:
                self._decode_later(url, None)
            elif self.enabled and not self._still_offline():
                self._queue.append(url)
        self._pump()

    def _still_offline(self) -> bool:
        """PMC could not be reached a moment ago: a record switch does not ask again
        (a request started is 1.2 ms of the switch, issue 20) until ``offline_retry_s``
        has passed."""
        return self.seems_offline and \
            time.monotonic() - self._offline_at < self.offline_retry_s

    def forget_failures(self) -> None:
        """After fetching was turned back on: ask again for what failed."""
        self._states = {u: s for u, s in self._states.items() if s in (SHOWN, LOADING)}
        self.seems_offline = False

    def stop(self) -> None:
        """Abort every request and stop the decoding thread (the window is closing);
        nothing is fetched after."""
        self.enabled = False
        self._queue.clear()
        for reply in list(self._replies.values()):
            reply.setProperty("curatorState", OFFLINE)
            reply.abort()
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)

    # -- decoding off the GUI thread ----------------------------------------------------
    def _decode_later(self, url: str, data: bytes | None) -> bool:
        """Decode ``data`` (None: the disk cache's copy) on the worker thread; False
        once stopped."""
        if self._pool is None:
            return False
        self._decoding.add(url)
        self._pool.submit(self._decode_job, url, data)
        return True

    def _decode_job(self, url: str, data: bytes | None) -> None:   # on the worker thread
        fetched = data is not None
        if data is None:
            data = self.cache.get(url)
        image = decode(data) if data else NOT_IMAGE
        if isinstance(image, QImage) and fetched:
            self.cache.put(url, data)
        self._decoded.emit(url, image, fetched)

    def _on_decoded(self, url: str, image, fetched: bool) -> None:
        self._decoding.discard(url)
        if isinstance(image, QImage):
            if url not in self._images:
                self._remember(url, image)
            self._set(url, SHOWN)
        elif fetched:
            self._set(url, image)      # why it is not shown

    # -- caches -------------------------------------------------------------------------
    def _from_cache(self, url: str) -> bool:
        if self.image(url) is not None:
            return True
        data = self.cache.get(url)
        image = decode(data) if data else None
        if not isinstance(image, QImage):
            return False
        self._remember(url, image)
        return True

    def _remember(self, url: str, image: QImage) -> None:
        self._images[url] = image
        self._images.move_to_end(url)
        while len(self._images) > 1 and (
                len(self._images) > MEMORY_IMAGES or
                sum(i.sizeInBytes() for i in self._images.values()) > MEMORY_BYTES):
            self._images.popitem(last=False)
        self._states[url] = SHOWN

    def _set(self, url: str, state: str, tell: bool = True) -> str:
        self._states[url] = state
        if tell:
            self.figure_changed.emit(url, state)
        return state

    # -- network ------------------------------------------------------------------------
    def _pump(self) -> None:
        while self._queue and len(self._replies) < PARALLEL and not self._held:
            url = self._queue.pop(0)
            if not url_allowed(url):
                self._set(url, FAILED, tell=url == self._wanted)
                continue
            self._start(url)

    def _start(self, url: str) -> None:
        qurl = QUrl(url)
        self.manager.setProxy(QNetworkProxy(QNetworkProxy.ProxyType.NoProxy)
                              if qurl.scheme() == "http" else
                              QNetworkProxy(QNetworkProxy.ProxyType.DefaultProxy))
        request = QNetworkRequest(qurl)
        request.setTransferTimeout(self.timeout_ms)
        request.setMaximumRedirectsAllowed(self.max_redirects)
        request.setAttribute(_A.RedirectPolicyAttribute,
                             QNetworkRequest.RedirectPolicy.UserVerifiedRedirectPolicy)
        request.setRawHeader(b"Accept", b"image/*")
        self.requests += 1
        reply = self.manager.get(request)
        self._replies[url] = reply
        self._states.setdefault(url, LOADING)
        reply.redirected.connect(lambda target, r=reply: self._on_reply_redirected(r, target))
        reply.metaDataChanged.connect(lambda r=reply: self._on_reply_meta_data_changed(r))
        reply.downloadProgress.connect(
            lambda done, total, r=reply: self._on_reply_download_progress(r, done))
        reply.finished.connect(lambda u=url, r=reply: self._on_reply_finished(u, r))

    def _on_reply_redirected(self, reply: QNetworkReply, target: QUrl) -> None:
        downgrade = reply.url().scheme() == "https" and target.scheme() != "https"
        if url_allowed(target.toString()) and not downgrade:
            reply.redirectAllowed.emit()
        else:
            self._abort(reply, FAILED)

    def _abort(self, reply: QNetworkReply, state: str) -> None:
        if not reply.property("curatorState"):
            reply.setProperty("curatorState", state)
            reply.abort()

    def _on_reply_meta_data_changed(self, reply: QNetworkReply) -> None:
        status = reply.attribute(_A.HttpStatusCodeAttribute)
        if status != 200:
            return
        length = reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader)
        kind = str(reply.header(QNetworkRequest.KnownHeaders.ContentTypeHeader) or "")
        if length is not None and int(length) > self.max_bytes:
            self._abort(reply, TOO_LARGE)
        elif not kind.lower().startswith("image/"):
            self._abort(reply, NOT_IMAGE)

    def _on_reply_download_progress(self, reply: QNetworkReply, done: int) -> None:
        if done > self.max_bytes:
            self._abort(reply, TOO_LARGE)

    def _on_reply_finished(self, url: str, reply: QNetworkReply) -> None:
        self._replies.pop(url, None)
        reply.deleteLater()
        state = reply.property("curatorState") or self._outcome(url, reply)
        self.seems_offline = state == OFFLINE
        self._offline_at = time.monotonic()
        if state != LOADING:                   # LOADING: being decoded (_on_decoded)
            self._set(url, state)
        self._pump()

    def _outcome(self, url: str, reply: QNetworkReply) -> str:
        error = reply.error()
        status = reply.attribute(_A.HttpStatusCodeAttribute)
        if status in (404, 410) or error == _E.ContentNotFoundError:
            return NOT_FOUND
        if error in _OFFLINE_ERRORS:
            return OFFLINE
        if error == _E.OperationCanceledError:     # the transfer timeout aborts so
            return TIMED_OUT
        if error == _E.TimeoutError:
            return TIMED_OUT
        if error != _E.NoError or status != 200:
            return FAILED
        kind = str(reply.header(QNetworkRequest.KnownHeaders.ContentTypeHeader) or "")
        if not kind.lower().startswith("image/"):
            return NOT_IMAGE
        data = bytes(reply.readAll().data())
        if len(data) > self.max_bytes:
            return TOO_LARGE
        return LOADING if self._decode_later(url, data) else OFFLINE   # else: closing

"""A real HTTP server on 127.0.0.1 serving figure files and every way a fetch can fail."""

from __future__ import annotations

import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PySide6.QtCore import QBuffer, QByteArray
from PySide6.QtGui import QColor, QImage, QPainter

ARTICLE = "/pmc/articles/PMC1/bin/"


GENES = ("HK2", "GPI", "PFKP", "ALDOA", "TPI1", "GAPDH", "PGK1", "PGAM1", "ENO1", "PKM",
         "LDHA", "PDHA1", "CS", "ACO2", "IDH3A", "OGDH", "SUCLG1", "SDHA", "FH", "MDH2")


def image_bytes(fmt: str = "PNG", size=(640, 480), color: str = "steelblue") -> bytes:
    """A real image file's bytes: a pathway-like drawing (gene boxes, arrows, labels in
    a figure-sized font), so JPEG has work to do and a screenshot shows readability."""
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPixelSize(max(size[1] // 45, 9))
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(20, 10 + font.pixelSize(), "Glycolysis and TCA cycle")
    cols, rows = 5, 4
    w, h = size[0] // (cols + 1), size[1] // (rows + 2)
    for i, gene in enumerate(GENES):
        c, r = i % cols, i // cols
        x, y = w // 2 + c * w + w // 8, h + r * h + h // 4
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(x, y, w * 3 // 4, h // 2, 6, 6)
        painter.drawText(x + 6, y + h // 4 + font.pixelSize() // 3, gene)
        if c < cols - 1:
            painter.drawLine(x + w * 3 // 4, y + h // 4, x + w, y + h // 4)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(data.data())


def png_header_only(width: int, height: int) -> bytes:
    """A small PNG whose header says ``width`` x ``height`` (a decompression bomb's
    shape: a few bytes that would decode to hundreds of megabytes)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


class FigureServer:
    """``files``: name -> (content type, bytes) served under ``/pmc/articles/PMC1/bin/``;
    special names: ``missing`` (404), ``slow`` (answers only when released), ``truncated``
    (announces more than it sends), ``huge`` (announces and streams 2 MB), ``huge-nolength``
    (streams 2 MB without a length), ``page.html`` (text/html), ``loop`` (redirects
    without end: to ``loop-1``, then ``loop-2``, ... so that each hop has its own name),
    ``moved`` (redirects to fig.png), ``offsite`` (redirects off this machine)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, bytes]] = {
            "fig.png": ("image/png", image_bytes("PNG")),
            "fig.jpg": ("image/jpeg", image_bytes("JPEG", color="darkorange")),
            "fake.png": ("image/png", b"<html>not an image</html>"),
            "bomb.png": ("image/png", png_header_only(12000, 8000)),
        }
        self.hits: dict[str, int] = {}
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                server.hits[name] = server.hits.get(name, 0) + 1
                try:
                    server.answer(self, name)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"{self.base}{ARTICLE}{name}"

    def answer(self, h, name: str) -> None:
        if name in self.files:
            kind, data = self.files[name]
            h.send_response(200)
            h.send_header("Content-Type", kind)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
        elif name == "slow":
            self.release.wait(60)
            self.answer(h, "fig.png")
        elif name == "truncated":
            data = self.files["fig.png"][1]
            h.send_response(200)
            h.send_header("Content-Type", "image/png")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data[:len(data) // 2])
            h.wfile.flush()
            h.close_connection = True
        elif name in ("huge", "huge-nolength"):
            h.send_response(200)
            h.send_header("Content-Type", "image/png")
            if name == "huge":
                h.send_header("Content-Length", str(2 * 1024 * 1024))
            h.end_headers()
            for _ in range(32):
                h.wfile.write(bytes(64 * 1024))
            h.close_connection = True
        elif name == "page.html":
            body = b"<html><body>Figure page</body></html>"
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        elif name == "loop" or name.startswith("loop-"):     # loop -> loop-1 -> loop-2 ...
            hop = int(name[len("loop-"):] or 0) if name != "loop" else 0
            h.send_response(302)
            h.send_header("Location", self.url(f"loop-{hop + 1}"))
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif name in ("moved", "offsite"):
            target = {"moved": self.url("fig.png"),
                      "offsite": "http://example.org/fig.png"}[name]
            h.send_response(302)
            h.send_header("Location", target)
            h.send_header("Content-Length", "0")
            h.end_headers()
        else:
            h.send_error(404)

    def __enter__(self) -> "FigureServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)

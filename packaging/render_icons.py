"""Render the application icon's PNG sizes from resources/icons/curator.svg with Qt.

    python packaging/render_icons.py [--check]

Writes resources/icons/curator-<size>.png for each size in SIZES (the PNGs are committed
assets, rendered again whenever the SVG changes). With --check, renders in memory and exits
1 if a committed PNG is missing or differs from what the SVG gives now by more than
anti-aliasing does between Qt versions (TOLERANCE in any channel of any pixel).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SIZES = (16, 32, 48, 64, 128, 256)
TOLERANCE = 24
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "curator.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at size x size pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def differs(committed: Path, image: QImage) -> bool:
    """Whether the committed PNG is missing or looks different from the rendered image."""
    old = QImage(str(committed))
    if old.isNull() or old.size() != image.size():
        return True
    old = old.convertToFormat(QImage.Format.Format_ARGB32)
    new = image.convertToFormat(QImage.Format.Format_ARGB32)
    a, b = bytes(old.constBits()), bytes(new.constBits())
    return any(abs(x - y) > TOLERANCE for x, y in zip(a, b))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    app = QGuiApplication.instance() or QGuiApplication(["render_icons"])  # noqa: F841
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG for Qt", file=sys.stderr)
        return 2
    stale = []
    for size in SIZES:
        image = render(renderer, size)
        target = ICONS / f"curator-{size}.png"
        if check:
            if differs(target, image):
                stale.append(target.name)
        else:
            png = png_bytes(image)
            target.write_bytes(png)
            print(f"{target.relative_to(ICONS.parents[1])}: {size}x{size}, {len(png):,} bytes")
    if stale:
        print("out of date with curator.svg: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The figure preview shows local images from allowed folders only, and links to PMC."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage

from curator.gui.figure.figure_preview import FigurePreview, figure_url, image_path
from gui_helpers import RECORD, select


def _png(path, size=(40, 30)):
    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    assert image.save(str(path), "PNG")   # whatever the name says, a PNG inside
    return path


def test_image_path_stays_inside_its_folders(tmp_path):
    folder = tmp_path / "records"
    _png(folder / "images" / "fig.png")
    _png(tmp_path / "secret.png")
    folders = [folder, folder / "images"]
    assert image_path("fig.png", folders) == (folder / "images" / "fig.png").resolve()
    assert image_path("../secret.png", folders) is None
    assert image_path("../../etc/passwd", folders) is None
    assert image_path(str(tmp_path / "secret.png"), folders) is None
    assert image_path("images/../../secret.png", folders) is None
    assert image_path("", folders) is None
    assert image_path(None, folders) is None


def test_image_path_rejects_a_symlink_out_of_the_folder(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    outside = _png(tmp_path / "outside.png")
    (folder / "link.png").symlink_to(outside)
    assert image_path("link.png", [folder]) is None


def test_figure_url_only_for_pmc_paths():
    assert figure_url("/pmc/articles/PMC3092522/figure/F2/").toString() == \
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3092522/figure/F2/"
    for bad in ("javascript:alert(1)", "https://evil.example/pmc/", "//evil.example/pmc/",
                "/pmc/../../x", "file:///etc/passwd", "/other/path", None, 3):
        assert figure_url(bad) is None


def test_placeholder_link_opens_pmc_only(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    preview = FigurePreview()
    qtbot.addWidget(preview)
    preview.show_figure(None, "/pmc/articles/PMC1/figure/F1/")
    assert "Open at PMC" in preview.caption.text()
    preview.caption.linkActivated.emit(preview.url.toString())
    assert opened == [QUrl("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/figure/F1/")]
    preview.caption.linkActivated.emit("file:///etc/passwd")
    assert len(opened) == 1
    preview.show_figure(None, "javascript:alert(1)")
    assert preview.url is None and "href" not in preview.caption.text()


def test_window_shows_the_local_image_of_the_record(window, qtbot, seeds_copy):
    _png(seeds_copy / "images" / "nihms289124f2.jpg")    # the record's image file name
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    select(window, qtbot, seeds_copy / RECORD)
    assert window.preview.shown               # the viewer holds the local image
    assert window.preview.viewer.image_size().width() == 40
    assert "local file" in window.preview.note.toolTip()
    select(window, qtbot, seeds_copy / "PMC10036500__ga1.md")
    assert not window.preview.viewer.has_image
    # no local file: fetched from PMC, here a closed port on this machine (conftest.py)
    qtbot.waitUntil(lambda: "Offline" in window.preview.message.text(), timeout=20000)

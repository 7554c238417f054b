"""The desktop bundle, built the way a release is: packaging/build.sh run in a fresh clone.

What a packager would check by hand: the archive is named after the package's version and
holds one folder with both executables, the resources and the seeds; the bundled
`curator validate` and `curator fix` work on the bundled seeds (also with worker
processes); the bundled window starts on the offscreen platform and opens the seeds; only
the Qt it needs is inside; install.sh puts the app, the launcher, the menu entry and the
icons in a home folder, and uninstall.sh takes exactly those away again. Also: `pip install .`
gives a working `curator` command.

The build is of HEAD (a `git clone` of this repository), so uncommitted files are not in it.
To build the working tree as it is instead (while developing the packaging), run with
CURATOR_BUNDLE_FROM=worktree.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]

REPO = Path(__file__).resolve().parents[2]
APP_ID = "org.wikipathways.Curator"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
BUNDLE_MB_LIMIT = 200        # 117 MB when written, 191 MB with numpy (facets, clustering) and the NCBI names
# Qt libraries the window needs (Core/Gui/Widgets; DBus via Gui; Svg for the icon engine;
# Network for the figures fetched from PMC; the xcb and Wayland platform plugins' own).
# Anything else -- Qml, Quick, WebEngine, Multimedia, 3D, Pdf ... -- has no business in
# the bundle.
QT_LIBS_ALLOWED = {"Core", "Gui", "Widgets", "DBus", "Svg", "Network", "XcbQpa",
                   "WaylandClient",
                   "WlShellIntegration", "OpenGL", "EglFSDeviceIntegration",
                   "EglFsKmsSupport"}


def run(cmd, *, timeout=120, check=True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                            timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}\n--- stdout\n"
                             f"{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}")
    return result


def clean_env(home: Path, **extra) -> dict:
    """The environment of a user whose home is `home` (no XDG overrides unless given)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "QT_", "CURATOR_", "PYTHON"))}
    env.update(HOME=str(home), CURATOR_CACHE_DIR=str(home / ".cache" / "curator-test"))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def checkout(dest: Path) -> Path:
    """HEAD in a fresh clone, or (CURATOR_BUNDLE_FROM=worktree) the working tree's files."""
    if os.environ.get("CURATOR_BUNDLE_FROM") == "worktree":
        files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                    cwd=REPO).stdout.split("\0")
        for name in filter(None, files):
            src = REPO / name
            if src.is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / name)
    else:
        run(["git", "clone", "--quiet", "--no-hardlinks", REPO, dest])
    return dest


class Build:
    def __init__(self, root: Path, seconds: float):
        self.root = root
        self.seconds = seconds
        self.version = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]
        self.name = f"curator-{self.version}-linux-{os.uname().machine}"
        self.archive = root / "dist" / f"{self.name}.tar.gz"
        self.bundle = root / "build" / "pyinstaller" / "dist" / "curator"
        self.seeds = sorted(p.name for p in (root / "seeds").glob("*.md"))


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    if shutil.which("git") is None:
        pytest.skip("git is needed to take a clean checkout")
    root = checkout(tmp_path_factory.mktemp("checkout") / "curator")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "CURATOR_"))}
    env["PYTHON"] = sys.executable
    start = time.monotonic()
    run(["bash", root / "packaging" / "build.sh"], cwd=root, env=env, timeout=900)
    built = Build(root, time.monotonic() - start)
    size = sum(f.stat().st_size for f in built.bundle.rglob("*") if f.is_file()
               and not f.is_symlink())
    print(f"\nbundle built in {built.seconds:.0f} s: {size / 1e6:.0f} MB, archive "
          f"{built.archive.stat().st_size / 1e6:.0f} MB")
    return built


@pytest.fixture(scope="module")
def unpacked(build, tmp_path_factory) -> Path:
    """The archive unpacked as a user would: its one top folder."""
    dest = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(build.archive) as tar:
        tar.extractall(dest, filter="tar")
    return dest / build.name


def tree(root: Path) -> dict[str, str]:
    """Every path under root, with what it is (a link's target, a file's size)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = f"{path.stat().st_size} bytes"
    return out


# --- the archive ---------------------------------------------------------------------------

def test_archive_is_named_after_the_package_version_and_holds_one_folder(build):
    assert build.archive.is_file(), sorted(p.name for p in (build.root / "dist").iterdir())
    with tarfile.open(build.archive) as tar:
        names = tar.getnames()
    assert {n.split("/", 1)[0] for n in names} == {build.name}
    top = f"{build.name}/"
    for member in ("install.sh", "uninstall.sh", "curator/curator", "curator/curator-gui",
                   "curator/_internal/curator/resources/collections/pfocr/schema.yaml",
                   "curator/_internal/curator/resources/collections/jekyll/profile.yaml",
                   "curator/_internal/curator/resources/taxonomy_names.xz",
                   "curator/_internal/curator/resources/organism_placeholders.txt",
                   f"curator/_internal/curator/resources/{APP_ID}.desktop",
                   "curator/_internal/curator/resources/icons/curator.svg",
                   f"curator/_internal/curator-{build.version}.dist-info/METADATA"):
        assert top + member in names, member
    bundled_seeds = sorted(n.rsplit("/", 1)[1] for n in names
                           if n.startswith(top + "curator/_internal/seeds/") and n.endswith(".md"))
    assert bundled_seeds == build.seeds


def test_bundle_holds_only_the_qt_the_window_needs(build):
    internal = build.bundle / "_internal"
    qt_libs = {p.name.split(".so")[0].removeprefix("libQt6")
               for p in internal.rglob("libQt6*.so*")}
    assert {"Core", "Gui", "Widgets"} <= qt_libs
    assert qt_libs <= QT_LIBS_ALLOWED, sorted(qt_libs - QT_LIBS_ALLOWED)
    modules = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.so")}
    assert {"QtCore", "QtGui", "QtWidgets", "QtNetwork"} <= modules <= {
        "QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork"}
    platforms = {p.name for p in (internal / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so", "libqwayland.so"} <= platforms
    assert not list(internal.rglob("qml")) and not list(internal.rglob("*WebEngine*"))
    size = sum(f.stat().st_size for f in build.bundle.rglob("*")
               if f.is_file() and not f.is_symlink())
    assert size < BUNDLE_MB_LIMIT * 1e6, f"bundle is {size / 1e6:.0f} MB"


# --- the bundled command line --------------------------------------------------------------

def test_bundled_curator_reports_the_package_version(build, tmp_path):
    result = run([build.bundle / "curator", "--version"], env=clean_env(tmp_path))
    assert result.stdout.strip() == f"curator {build.version}"


def test_bundled_validate_lists_the_bundled_seeds(build, tmp_path):
    seeds = build.bundle / "_internal" / "seeds"
    result = run([build.bundle / "curator", "validate", seeds], env=clean_env(tmp_path),
                 check=False)
    assert result.returncode in (0, 1), result.stderr      # 1: some seed has errors
    assert f"{len(build.seeds)} records" in result.stdout.splitlines()[-1]
    named = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines()}
    assert named & set(build.seeds), result.stdout[:2000]


def test_bundled_validate_runs_worker_processes(build, tmp_path):
    """Past 256 files the index parses in worker processes (forkserver): the frozen
    executable has to start them as workers, not as another `curator`."""
    folder = tmp_path / "many"
    folder.mkdir()
    sources = sorted((build.root / "seeds").glob("*.md"))
    for i in range(300):
        src = sources[i % len(sources)]
        shutil.copy2(src, folder / f"{i:03d}-{src.name}")
    start = time.monotonic()
    result = run([build.bundle / "curator", "validate", "--no-cache", "--jobs", "2", folder],
                 env=clean_env(tmp_path), check=False, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    assert "300 records" in result.stdout.splitlines()[-1]
    assert "usage:" not in result.stderr
    assert time.monotonic() - start < 60


def test_bundled_fix_dry_run_shows_the_diff_and_writes_nothing(build, tmp_path):
    record = tmp_path / build.seeds[0]
    shutil.copy2(build.root / "seeds" / build.seeds[0], record)
    before = record.read_bytes()
    result = run([build.bundle / "curator", "fix", "--dry-run", "--set",
                  "figtitle=Packaged pathway", record], env=clean_env(tmp_path))
    assert "+figtitle: Packaged pathway" in result.stdout
    assert record.read_bytes() == before


# --- the bundled window --------------------------------------------------------------------

def _index_cache(cache_dir: Path, folder: Path) -> Path:
    """Where the folder index of `folder` is kept when CURATOR_CACHE_DIR is `cache_dir`
    (the core's own ``FolderIndex.cache_path``: it was a ``.pickle`` path here, which no
    Curator since cache format 3 writes)."""
    from curator.core.collection.index import FolderIndex

    kept = os.environ.get("CURATOR_CACHE_DIR")
    os.environ["CURATOR_CACHE_DIR"] = str(cache_dir)
    try:
        return FolderIndex(folder).cache_path
    finally:
        if kept is None:
            del os.environ["CURATOR_CACHE_DIR"]
        else:
            os.environ["CURATOR_CACHE_DIR"] = kept


@pytest.mark.parametrize("exe, args", [("curator-gui", ["SEEDS"]), ("curator", [])],
                         ids=["curator-gui SEEDS", "curator (no arguments)"])
def test_bundled_window_opens_the_seeds_on_the_offscreen_platform(build, tmp_path, exe, args):
    """The window starts and lists the seeds (given, or by default). With the app's smoke
    hook (CURATOR_SMOKE_TEST=1: print "loaded N records" after folder_loaded and quit) that
    is what it prints; without it, the folder index the window writes once the list is
    complete shows it (and the window is closed after)."""
    seeds = build.bundle / "_internal" / "seeds"
    cache, data = tmp_path / "cache", tmp_path / "data"
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen", CURATOR_SMOKE_TEST="1",
                    CURATOR_CACHE_DIR=cache, CURATOR_DATA_DIR=data,
                    XDG_CONFIG_HOME=tmp_path / "config",
                    CURATOR_PMC_BASE="http://127.0.0.1:9")   # figures: never the internet
    argv = [str(build.bundle / exe)] + [str(seeds) if a == "SEEDS" else a for a in args]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    # by default the window opens the user's copy of the seeds, never the install folder
    opened = seeds if args else data / "samples"
    index = _index_cache(cache, opened)
    deadline = time.monotonic() + 60
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if index.exists():
                try:
                    proc.wait(timeout=3)       # the smoke hook, if any, quits now
                except subprocess.TimeoutExpired:
                    pass
                break
            time.sleep(0.2)
        running = proc.poll() is None
        if running:
            os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if not running:  # it quit by itself: only the smoke hook does that
        assert proc.returncode == 0, err[-3000:]
        assert f"loaded {len(build.seeds)} records" in out, (out[-2000:], err[-2000:])
        return
    assert index.exists(), f"the window never listed {opened}\n{err[-3000:]}"
    cached = index.read_bytes()       # the rows' file names are kept as text in it
    assert all(Path(name).stem.encode() in cached for name in build.seeds)


# --- install.sh / uninstall.sh -------------------------------------------------------------

@pytest.mark.parametrize("xdg_data_home", [None, "data home"], ids=["default", "XDG_DATA_HOME"])
def test_install_then_uninstall_leaves_the_home_as_it_was(unpacked, build, tmp_path,
                                                          xdg_data_home):
    home = tmp_path / "a user"            # a space, as in real homes, tests the quoting
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "other-tool").write_text("#!/bin/sh\n")
    (home / ".config" / "other").mkdir(parents=True)
    extra = {}
    if xdg_data_home:
        extra["XDG_DATA_HOME"] = home / xdg_data_home
    data = Path(extra.get("XDG_DATA_HOME", home / ".local" / "share"))
    env = clean_env(home, **extra)
    before = tree(home)

    run(["sh", unpacked / "install.sh"], env=env)
    run(["sh", unpacked / "install.sh"], env=env)     # again: replaces, adds nothing
    launcher = home / ".local" / "bin" / "curator"
    assert os.readlink(launcher) == str(home / ".local" / "opt" / "curator" / "curator")
    assert run([launcher, "--version"], env=env).stdout.strip() == f"curator {build.version}"
    entry = data / "applications" / f"{APP_ID}.desktop"
    text = entry.read_text()
    assert f'Exec="{launcher}" %F' in text and f"Icon={APP_ID}" in text
    for size in ICON_SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        result = run(["desktop-file-validate", entry], check=False)
        problems = [line for line in result.stdout.splitlines() if ": hint: " not in line]
        assert result.returncode == 0 and not problems, result.stdout

    run(["sh", home / ".local" / "opt" / "curator" / "uninstall.sh"], env=env)
    assert tree(home) == before


def test_uninstall_keeps_what_others_put_in_the_folders_it_made(unpacked, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    run(["sh", unpacked / "install.sh"], env=env)
    other = home / ".local" / "share" / "applications" / "other.desktop"
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    (home / ".config" / "Curator").mkdir(parents=True)     # settings stay
    run(["sh", home / ".local" / "opt" / "curator" / "uninstall.sh"], env=env)
    assert other.read_text().startswith("[Desktop Entry]")
    assert (home / ".config" / "Curator").is_dir()
    assert not (home / ".local" / "opt").exists()
    assert not (home / ".local" / "bin").exists()
    assert not (home / ".local" / "share" / "icons").exists()


# --- the Debian package ---------------------------------------------------------------------

def test_deb_holds_the_bundle_launcher_entry_and_icons(build, tmp_path):
    debs = list((build.root / "dist").glob("*.deb"))
    if shutil.which("dpkg-deb") is None:
        assert not debs
        pytest.skip("dpkg-deb is not installed: no .deb is built")
    assert len(debs) == 1 and debs[0].name.startswith(f"curator_{build.version}_"), debs
    deb = debs[0]
    assert run(["dpkg-deb", "-f", deb, "Package", "Version"]).stdout.split() == \
        ["Package:", "curator", "Version:", build.version]
    run(["dpkg-deb", "-x", deb, tmp_path / "root"])
    root = tmp_path / "root"
    assert os.readlink(root / "usr" / "bin" / "curator") == "/opt/curator/curator"
    assert (root / "usr" / "share" / "applications" / f"{APP_ID}.desktop").is_file()
    for size in ICON_SIZES:
        assert (root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
                / f"{APP_ID}.png").is_file()
    result = run([root / "opt" / "curator" / "curator", "--version"], env=clean_env(tmp_path))
    assert result.stdout.strip() == f"curator {build.version}"


# --- pip install . ---------------------------------------------------------------------------

def test_pip_install_gives_the_curator_command(build, tmp_path):
    """`pip install .` into a fresh environment: `curator` and `python -m curator` both
    run (the dependencies come from this Python, so nothing is downloaded for them)."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", venv])
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", build.root], timeout=300)
    env = clean_env(tmp_path)
    for cmd in ([venv / "bin" / "curator", "--version"], [python, "-m", "curator", "--version"]):
        assert run(cmd, env=env, cwd=tmp_path).stdout.strip() == f"curator {build.version}"
    check = ("import curator; from curator.core import resources; print(curator.__file__); "
             "print(all(resources.path(n).is_file() for n in ("
             "'collections/pfocr/schema.yaml', 'collections/jekyll/schema.yaml', 'org.wikipathways.Curator.desktop', 'icons/curator.svg', "
             "'icons/curator-16.png', 'icons/curator-256.png')))")
    where, resources_there = run([python, "-c", check], env=env, cwd=tmp_path).stdout.split()
    assert where.startswith(str(venv))
    assert resources_there == "True"     # the package data globs take the new files in

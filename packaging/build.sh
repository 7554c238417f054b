#!/usr/bin/env bash
# Build Curator's Linux desktop bundle from this checkout:
#   dist/curator-<version>-linux-<arch>.tar.gz   the one-folder bundle + install.sh/uninstall.sh
#   dist/curator_<version>_<debarch>.deb         where dpkg-deb is available (skip: NO_DEB=1)
#
#   packaging/build.sh            (PYTHON=python3.12 packaging/build.sh for another Python)
#
# Uses the current Python: installs the app's dependencies and the `package` extra
# (PyInstaller) from pyproject.toml where missing, installs this checkout into build/site
# (the package, its resources and its dist-info, hence the version), then runs
# packaging/curator.spec. Everything it writes is under build/ and dist/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
start=$(date +%s)

step() { echo "== $*" >&2; }

step "requirements (pyproject: dependencies + the package extra)"
mapfile -t reqs < <("$PYTHON" - <<'EOF'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["package"]))
EOF
)
if ! "$PYTHON" - "${reqs[@]}" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
missing = []
for text in sys.argv[1:]:
    req = Requirement(text)
    try:
        if not req.specifier.contains(version(req.name), prereleases=True):
            missing.append(text)
    except PackageNotFoundError:
        missing.append(text)
sys.exit(1 if missing else 0)
EOF
then
    "$PYTHON" -m pip install --quiet "${reqs[@]}"
fi

step "the checkout into build/site"
# (setuptools builds in build/lib: stale files there would be installed too)
rm -rf build/site build/pyinstaller build/lib build/bdist.*
"$PYTHON" -m pip install --quiet --no-deps --no-compile --target build/site "$ROOT"
rm -rf build/site/bin
# -P below: the metadata of build/site, not of a curator.egg-info in the checkout
export PYTHONPATH=$ROOT/build/site${PYTHONPATH:+:$PYTHONPATH}
version=$("$PYTHON" -P -c 'from importlib.metadata import version; print(version("curator"))')
arch=$(uname -m)
name=curator-$version-linux-$arch

step "PyInstaller: curator $version"
# Run from build/pyinstaller: `python -m` puts the working folder first on sys.path, and the
# checkout's own curator/ and curator.egg-info must not shadow build/site.
mkdir -p build/pyinstaller
(cd build/pyinstaller && CURATOR_BUILD_SITE=$ROOT/build/site "$PYTHON" -m PyInstaller \
    --noconfirm --log-level WARN --distpath dist --workpath work "$ROOT/packaging/curator.spec")
bundle=build/pyinstaller/dist/curator

step "archive: dist/$name.tar.gz"
stage=build/$name
rm -rf "$stage"
mkdir -p "$stage" dist
cp -a "$bundle" "$stage/curator"
install -m 755 packaging/linux/install.sh packaging/linux/uninstall.sh "$stage/"
rm -f "dist/$name.tar.gz"
tar -C build --owner=0 --group=0 --numeric-owner -czf "dist/$name.tar.gz" "$name"

if [[ -z "${NO_DEB:-}" ]] && command -v dpkg-deb >/dev/null; then
    debarch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    deb=curator_${version}_$debarch.deb
    step "Debian package: dist/$deb"
    root=build/deb/curator
    res=$bundle/_internal/curator/resources
    rm -rf build/deb
    mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
        "$root/usr/share/icons/hicolor/scalable/apps"
    cp -a "$bundle" "$root/opt/curator"
    ln -s /opt/curator/curator "$root/usr/bin/curator"
    cp "$res/org.wikipathways.Curator.desktop" "$root/usr/share/applications/"
    for size in 16 32 48 64 128 256; do
        mkdir -p "$root/usr/share/icons/hicolor/${size}x$size/apps"
        cp "$res/icons/curator-$size.png" \
            "$root/usr/share/icons/hicolor/${size}x$size/apps/org.wikipathways.Curator.png"
    done
    cp "$res/icons/curator.svg" \
        "$root/usr/share/icons/hicolor/scalable/apps/org.wikipathways.Curator.svg"
    size_kb=$(du -sk "$root" | cut -f1)
    # Qt's xcb platform plugin loads these X libraries from the system; the rest is bundled.
    cat >"$root/DEBIAN/control" <<EOF
Package: curator
Version: $version
Architecture: $debarch
Maintainer: Curator maintainers <curator@wikipathways.org>
Installed-Size: $size_kb
Depends: libc6 (>= 2.28), libfontconfig1, libfreetype6, libglib2.0-0, libgl1, libegl1,
 libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0,
 libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-render0, libxcb-shape0,
 libxcb-shm0, libxcb-sync1, libxcb-util1, libxcb-xfixes0, libxcb-xkb1,
 libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1
Section: science
Priority: optional
Homepage: https://pfocr.wikipathways.org
Description: desktop editor for PFOCR pathway figure records
 Curator lists, edits and checks collections of Markdown records with YAML
 front matter -- the Pathway Figure OCR figures of WikiPathways -- and saves
 with a minimal diff. The same checks and fixes run headless with
 "curator validate" and "curator fix".
EOF
    rm -f "dist/$deb"
    dpkg-deb --root-owner-group -Zgzip --build "$root" "dist/$deb" >/dev/null
fi

elapsed=$(( $(date +%s) - start ))
bundle_mb=$(du -sm "$bundle" | cut -f1)
step "done in ${elapsed}s: bundle ${bundle_mb} MB"
ls -l dist/ >&2
echo "$ROOT/dist/$name.tar.gz"

#!/bin/sh
# Install Curator for the current user (no root needed):
#   the bundle       ~/.local/opt/curator/
#   the launcher     ~/.local/bin/curator  (a link to the bundle's `curator`)
#   the menu entry   $XDG_DATA_HOME/applications/org.wikipathways.Curator.desktop
#   the icons        $XDG_DATA_HOME/icons/hicolor/<N>x<N>/apps/org.wikipathways.Curator.png
#                    $XDG_DATA_HOME/icons/hicolor/scalable/apps/org.wikipathways.Curator.svg
# ($XDG_DATA_HOME defaults to ~/.local/share.) What it writes, and each folder it had to
# create, is listed in ~/.local/opt/curator/.install-manifest, which uninstall.sh (also copied
# there) reads to remove exactly that. Running it again replaces the previous install.
set -eu

APP_ID=org.wikipathways.Curator
SIZES="16 32 48 64 128 256"

here=$(cd "$(dirname "$0")" && pwd)
src=$here/curator
res=$src/_internal/curator/resources
[ -n "${HOME:-}" ] || { echo "install.sh: HOME is not set" >&2; exit 2; }
[ -x "$src/curator" ] && [ -f "$res/$APP_ID.desktop" ] || {
    echo "install.sh: no Curator bundle beside this script ($src)" >&2; exit 2; }

case ${XDG_DATA_HOME:-} in
    /*) data_home=$XDG_DATA_HOME ;;
    *) data_home=$HOME/.local/share ;;   # unset, empty or relative: the spec's default
esac
opt=$HOME/.local/opt/curator
bin=$HOME/.local/bin
apps=$data_home/applications
icons=$data_home/icons/hicolor
manifest=$opt/.install-manifest

new_manifest=$(mktemp)
trap 'rm -f "$new_manifest"' EXIT

# Folders (and the MIME cache) created by an earlier install stay ours to remove.
if [ -f "$manifest" ]; then
    grep -e '^dir ' -e '^file .*/mimeinfo\.cache$' "$manifest" >>"$new_manifest" || true
fi

make_dir() {  # mkdir -p that records in the manifest each folder it creates
    [ -d "$1" ] && return 0
    make_dir "$(dirname "$1")"
    mkdir "$1"
    echo "dir $1" >>"$new_manifest"
}

# The bundle: copied beside the old one, then swapped in.
make_dir "$(dirname "$opt")"
rm -rf "$opt.new"
cp -R "$src" "$opt.new"
cp "$here/uninstall.sh" "$opt.new/uninstall.sh"
rm -rf "$opt"
mv "$opt.new" "$opt"
echo "tree $opt" >>"$new_manifest"

# The launcher.
make_dir "$bin"
if [ -e "$bin/curator" ] && ! [ -L "$bin/curator" ]; then
    echo "install.sh: replacing $bin/curator (not installed by this script)" >&2
fi
rm -f "$bin/curator"
ln -s "$opt/curator" "$bin/curator"
echo "link $bin/curator" >>"$new_manifest"

# The menu entry: Exec names the launcher by its full path, since ~/.local/bin is not on
# every desktop session's PATH.
make_dir "$apps"
exec_path=$(printf '%s' "$bin/curator" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g')
while IFS= read -r line; do
    case $line in
        "Exec=curator "*) printf 'Exec="%s" %s\n' "$exec_path" "${line#Exec=curator }" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$res/$APP_ID.desktop" >"$apps/$APP_ID.desktop"
echo "file $apps/$APP_ID.desktop" >>"$new_manifest"

# The icons.
for size in $SIZES; do
    make_dir "$icons/${size}x$size/apps"
    cp "$res/icons/curator-$size.png" "$icons/${size}x$size/apps/$APP_ID.png"
    echo "file $icons/${size}x$size/apps/$APP_ID.png" >>"$new_manifest"
done
make_dir "$icons/scalable/apps"
cp "$res/icons/curator.svg" "$icons/scalable/apps/$APP_ID.svg"
echo "file $icons/scalable/apps/$APP_ID.svg" >>"$new_manifest"

# Let the desktop see the new entry and icons now rather than at the next login.
if command -v update-desktop-database >/dev/null 2>&1; then
    if ! [ -e "$apps/mimeinfo.cache" ]; then
        echo "file $apps/mimeinfo.cache" >>"$new_manifest"
    fi
    update-desktop-database -q "$apps" || true
fi
touch "$icons"
if [ -f "$icons/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$icons" || true
fi

sort -u "$new_manifest" >"$manifest"

version=$("$opt/curator" --version 2>/dev/null || echo curator)
echo "Installed $version in $opt"
echo "Start it from the applications menu or with: curator [FOLDER]"
case ":${PATH:-}:" in
    *":$bin:"*) ;;
    *) echo "Note: $bin is not on your PATH; add it, or run $bin/curator" ;;
esac
echo "Uninstall with: $opt/uninstall.sh"

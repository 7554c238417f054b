#!/bin/sh
# Remove what install.sh installed for the current user: the bundle (~/.local/opt/curator),
# the launcher (~/.local/bin/curator), the menu entry and the icons, then the folders install.sh
# had to create, if they are empty now. It reads the list install.sh wrote
# (~/.local/opt/curator/.install-manifest); without one it removes the same paths as computed
# from $HOME and $XDG_DATA_HOME. Settings and the index cache (~/.config, ~/.cache) are kept.
set -eu

APP_ID=org.wikipathways.Curator
SIZES="16 32 48 64 128 256"

[ -n "${HOME:-}" ] || { echo "uninstall.sh: HOME is not set" >&2; exit 2; }
case ${XDG_DATA_HOME:-} in
    /*) data_home=$XDG_DATA_HOME ;;
    *) data_home=$HOME/.local/share ;;
esac
opt=$HOME/.local/opt/curator
bin=$HOME/.local/bin
apps=$data_home/applications
icons=$data_home/icons/hicolor
manifest=$opt/.install-manifest

list=$(mktemp)
trap 'rm -f "$list"' EXIT
if [ -f "$manifest" ]; then
    cp "$manifest" "$list"
else
    {
        echo "tree $opt"
        echo "link $bin/curator"
        echo "file $apps/$APP_ID.desktop"
        for size in $SIZES; do echo "file $icons/${size}x$size/apps/$APP_ID.png"; done
        echo "file $icons/scalable/apps/$APP_ID.svg"
    } >"$list"
fi

apps_dir=""
while IFS= read -r line; do
    kind=${line%% *}
    path=${line#* }
    case $kind in
        tree)  # only a folder named as install.sh names it, whatever the list says
            case $path in */.local/opt/curator) rm -rf "$path" ;; esac ;;
        link)  # only the link to our bundle, not a `curator` someone else put there
            if [ -L "$path" ] && case $(readlink "$path") in */.local/opt/curator/curator) true ;; *) false ;; esac
            then rm -f "$path"; fi ;;
        file)
            rm -f "$path"
            case $path in *.desktop) apps_dir=$(dirname "$path") ;; esac ;;
    esac
done <"$list"

# Folders install.sh created, deepest first, where nothing else has been put since.
grep '^dir ' "$list" | cut -c5- | sort -r | while IFS= read -r dir; do
    rmdir "$dir" 2>/dev/null || true
done

# Other applications' entries still need the MIME cache.
if [ -n "$apps_dir" ] && [ -d "$apps_dir" ] && command -v update-desktop-database >/dev/null 2>&1 \
        && ls "$apps_dir"/*.desktop >/dev/null 2>&1; then
    update-desktop-database -q "$apps_dir" || true
fi

echo "Curator was removed. Its settings and cache, if any, were kept."

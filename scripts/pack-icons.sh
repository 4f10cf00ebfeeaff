#!/bin/sh
# Renders the committed PNG icons from their SVG sources with rsvg-convert (Debian/Ubuntu:
# librsvg2-bin; Fedora: librsvg2-tools). Run it after editing an SVG, and commit the PNGs: packaging
# and the tests use the PNGs, so neither needs rsvg-convert.
#
#   build/icons/ticket-tray.svg          -> build/icons/<n>x<n>.png, the application icon at every
#                                           size a Linux desktop asks for (electron-builder installs
#                                           them as /usr/share/icons/hicolor/<n>x<n>/apps/ticket-tray.png)
#   build/icons/tray/tray-<state>.svg    -> tray-<state>.png (22 px) and tray-<state>@2x.png (44 px),
#                                           the colour tray icons main loads (Electron picks @2x itself
#                                           on HiDPI screens)
#   build/icons/tray/tray-<state>-symbolic.svg
#                                        -> tray-<state>-dark.png (+@2x): a light glyph for dark panels
#                                           tray-<state>-light.png (+@2x): a dark glyph for light panels
#                                           (the naming of the ubuntu-mono-dark/-light icon themes)
#
# Usage (from anywhere): sh scripts/pack-icons.sh
set -eu
cd "$(dirname "$0")/.."

command -v rsvg-convert >/dev/null 2>&1 || {
  echo "pack-icons: rsvg-convert not found (apt install librsvg2-bin, or dnf install librsvg2-tools)" >&2
  exit 1
}

icons=build/icons
tray=$icons/tray
# The colour the symbolic sources are drawn in (GTK replaces it with the theme's foreground), and the
# two it becomes here: Adwaita's light foreground for dark panels, its dark foreground for light ones.
symbolic='#bebebe'
on_dark='#ffffff'
on_light='#2e3436'

render() { # render SRC SIZE OUT
  rsvg-convert --width "$2" --height "$2" --keep-aspect-ratio --format png --output "$3" "$1"
}

for n in 16 22 24 32 48 64 128 256 512; do
  render "$icons/ticket-tray.svg" "$n" "$icons/${n}x${n}.png"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for state in ok expiring problem none; do
  render "$tray/tray-$state.svg" 22 "$tray/tray-$state.png"
  render "$tray/tray-$state.svg" 44 "$tray/tray-$state@2x.png"
  for variant in dark light; do
    if [ "$variant" = dark ]; then colour=$on_dark; else colour=$on_light; fi
    sed "s/$symbolic/$colour/g" "$tray/tray-$state-symbolic.svg" > "$tmp/$state-$variant.svg"
    render "$tmp/$state-$variant.svg" 22 "$tray/tray-$state-$variant.png"
    render "$tmp/$state-$variant.svg" 44 "$tray/tray-$state-$variant@2x.png"
  done
done

echo "pack-icons: $(ls "$icons"/*x*.png "$tray"/*.png | wc -l) PNG files written under $icons/"

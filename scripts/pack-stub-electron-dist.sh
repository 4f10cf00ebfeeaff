#!/bin/sh
# Writes a stand-in Electron distribution for electron-builder's --config.electronDist and prints its
# absolute path. The Electron binary cannot be downloaded on the build machines (it comes from
# GitHub releases; docs/toolchain.md, "Traps"), so `npm run pack:check` packages against this
# stand-in: the result cannot run, but it checks what packaging decides: `files`, the app.asar
# contents, `asarUnpack`, extraResources, the package metadata, and the Electron fuses.
#
# The stand-in "binary" carries a fuse wire laid out as in a real Electron (the sentinel, the wire
# version 1, the number of fuses, then one byte per fuse, '1' on / '0' off, with Electron's defaults),
# so electron-builder's `electronFuses` step flips it exactly as it flips a real binary, and the
# packaging test reads the result back with @electron/fuses. Eight fuses: the ones @electron/fuses
# (the version electron-builder uses) knows by name, in its order: RunAsNode, EnableCookieEncryption,
# EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
# EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
# GrantFileProtocolExtraPrivileges.
#
# Usage (from the repository root): electron-builder --linux dir --config.electronDist="$(sh scripts/pack-stub-electron-dist.sh)"
set -eu
cd "$(dirname "$0")/.."
dir=build/stub-electron-dist
rm -rf "$dir"
mkdir -p "$dir/resources"
{
  printf '#!/bin/sh\n'
  printf 'echo "stand-in Electron: packaging check only, see scripts/pack-stub-electron-dist.sh" >&2\n'
  printf 'exit 1\n'
  # Never reached by sh (exit 1 above); bytes after the sentinel: version 1, 8 fuses, their states.
  printf '# fuse wire: dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\001\010%s\n' '10110001'
} > "$dir/electron"
chmod 755 "$dir/electron"
node -p "require('electron/package.json').version" > "$dir/version"
echo "$PWD/$dir"

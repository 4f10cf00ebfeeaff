#!/bin/sh
# `npm run pack:check`: builds the bundles, then the unpacked Linux app in dist/linux-unpacked/
# against a stand-in Electron (scripts/pack-stub-electron-dist.sh), because the real Electron binary
# cannot be downloaded here. The result cannot run; test/packaging/pack.test.ts inspects it (what
# app.asar holds, the unpacked kerberos addon, the metadata, the flipped fuses, the tray icons).
# Offline, about 5 s. The real packages: `npm run dist`, where GitHub is reachable.
set -eu
cd "$(dirname "$0")/.."
npx --no-install tsc --build
node scripts/build-cli.mjs
npx --no-install electron-vite build
stub=$(sh scripts/pack-stub-electron-dist.sh)
# npmRebuild is already false in electron-builder.yml; repeated so that no rebuild is tried offline
# even if that setting changes.
npx --no-install electron-builder --linux dir --config.npmRebuild=false --config.electronDist="$stub" \
  --config.afterPack=./scripts/pack-desktop-entry.mjs

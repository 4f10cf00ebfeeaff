// Test-only fault point for the "killed between the temporary write and the rename" tests, loaded
// into a child node process with `node --import=<this file>` (never into the product or the test
// runner). It wraps node:fs/promises `open` and `rename` (syncBuiltinESMExports updates the named
// imports atomic-file.js holds) and, at the point named by FAULT_PAUSE, says so on stdout
// (`PAUSED <point> <path>`) and waits for a line on stdin before going on. The test then changes the
// file under the product's feet, or SIGKILLs the process at exactly that moment.
//
//   FAULT_PAUSE=temp-open      the temporary file of FAULT_TARGET is about to be created (before the "last look")
//   FAULT_PAUSE=rename-backup  the temporary copy is about to become FAULT_TARGET.bak
//   FAULT_PAUSE=rename-target  the temporary file is about to replace FAULT_TARGET
//
// FAULT_TARGET is the absolute path of the file being edited. Each point pauses once.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';

const point = process.env.FAULT_PAUSE ?? '';
const target = process.env.FAULT_TARGET ?? '';
let paused = false;
const lines = createInterface({ input: process.stdin, terminal: false });
const waiting = [];
lines.on('line', () => waiting.shift()?.());

async function pause(name, file) {
  if (paused || name !== point) return;
  paused = true;
  process.stdout.write(`PAUSED ${name} ${file}\n`);
  await new Promise((resolve) => waiting.push(resolve));
}

const tempOf = (file) => {
  const base = path.basename(target);
  return (
    path.dirname(file) === path.dirname(target) &&
    new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tt-[0-9a-f]{12}\\.tmp$`).test(path.basename(file))
  );
};

const { open, rename } = fs.promises;
fs.promises.open = async function hookedOpen(file, flags, mode) {
  if (typeof file === 'string' && flags === 'wx' && tempOf(file)) await pause('temp-open', file);
  return open.call(this, file, flags, mode);
};
fs.promises.rename = async function hookedRename(from, to) {
  if (to === `${target}.bak`) await pause('rename-backup', to);
  else if (to === target) await pause('rename-target', to);
  return rename.call(this, from, to);
};
syncBuiltinESMExports();

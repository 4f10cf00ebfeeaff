#!/usr/bin/env node
// `npm test`: type-checks and builds the Node side (the CLI tests run the built command), runs every
// vitest project, and ends with the plain `N passed, N failed` line CI reads (vitest's own summary
// is not read), taken from vitest's JSON report. The exit status is vitest's.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = 'out/vitest-report.json';
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

if (run('npx', ['--no-install', 'tsc', '--build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
rmSync(report, { force: true });
const status = run('npx', [
  '--no-install', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
if (!existsSync(report)) {
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
const r = JSON.parse(readFileSync(report, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status);

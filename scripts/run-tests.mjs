#!/usr/bin/env node
// `npm test`: type-checks and builds the Node side and the CLI bundle (the CLI tests run the built command), checks the
// formatting (Prettier) and the lint rules (ESLint: import cycles, where `electron` may be imported,
// unhandled promises), runs every vitest project, and ends with the plain `N passed, N failed` line
// CI reads (vitest's own summary is not read), taken from vitest's JSON report. A formatting or lint
// finding counts as one failed check each and fails the run, after the tests have still run.
// Arguments are passed to vitest; `--no-lint` skips Prettier and ESLint (for a quick local run).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = 'out/vitest-report.json';
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
const args = process.argv.slice(2);
const lint = !args.includes('--no-lint');
const vitestArgs = args.filter((a) => a !== '--no-lint');

if (run('npx', ['--no-install', 'tsc', '--build']) !== 0 || run('node', ['scripts/build-cli.mjs']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
let checksFailed = 0;
if (lint) {
  if (run('npx', ['--no-install', 'prettier', '--check', '--log-level=warn', '.']) !== 0) {
    console.error('npm test: formatting differs from Prettier (npm run format fixes it)');
    checksFailed++;
  }
  if (run('npx', ['--no-install', 'eslint', '--max-warnings=0', '.']) !== 0) {
    console.error('npm test: ESLint found problems (npm run lint)');
    checksFailed++;
  }
}
rmSync(report, { force: true });
const status = run('npx', [
  '--no-install',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...vitestArgs,
]);
if (!existsSync(report)) {
  console.log(`0 passed, ${1 + checksFailed} failed`);
  process.exit(status || 1);
}
const r = JSON.parse(readFileSync(report, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const failed = r.numFailedTests + checksFailed;
console.log(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status || (checksFailed ? 1 : 0));

/**
 * 5. The `ticket-tray` command's start-up: `ticket-tray status` (one klist run, on an empty
 * collection, as the goal is stated: what is measured is our start-up, not klist's listing) and
 * `ticket-tray --version` (nothing but the command table), each against `node -e 0`, the least any
 * Node program costs. Three-way interleaved rounds of whole processes; medians.
 * Goals: status at most 1.5 times, --version at most 1.2 times `node -e 0`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestRealm } from '../test/support/realm/realm.js';
import { type Comparison, compare, interleaved } from './stats.js';

const BIN = fileURLToPath(new URL('../out/cli/ticket-tray.cjs', import.meta.url));

export interface CliResult {
  readonly statusVsNode: Comparison;
  readonly versionVsNode: Comparison;
}

/** Runs one process to its end; it must exit 0 (a failing command would time nothing useful). */
function exec(args: readonly string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited ${code}`))));
  });
}

export async function benchCli(realm: TestRealm, runs: number): Promise<CliResult> {
  if (!existsSync(BIN)) throw new Error('out/cli/ticket-tray.cjs is missing: run npm run build:cli first');
  const ccname = realm.newCollection('DIR');
  const env = realm.env(ccname);
  const samples = await interleaved({
    runs,
    warmup: 3,
    contenders: [
      { name: 'node', run: () => exec(['-e', '0'], env) },
      { name: 'status', run: () => exec([BIN, 'status'], env) },
      { name: 'version', run: () => exec([BIN, '--version'], env) },
    ],
  });
  return {
    statusVsNode: compare(samples['status']!, samples['node']!),
    versionVsNode: compare(samples['version']!, samples['node']!),
  };
}

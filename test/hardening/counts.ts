/**
 * The hardening suite's counts (inputs tried, failures found, the seed), merged per suite into
 * `out/hardening-counts.json` so the README's reliability section can quote them. Test files run
 * in parallel workers, so the read-merge-write is done under a lock directory and the file is
 * replaced atomically.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COUNTS_FILE = fileURLToPath(new URL('../../out/hardening-counts.json', import.meta.url));

export type Counts = Readonly<Record<string, string | number | boolean | null | Readonly<Record<string, number>>>>;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` holding a lock directory next to the file (a lock left by a killed run is broken after 30 s). */
function withLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile: try again
      }
      if (attempt > 1000) throw new Error(`could not lock ${lock}`);
      sleep(10);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Sets `suite`'s entry (replacing the previous run's), keeping the other suites' entries. */
export function recordCounts(suite: string, counts: Counts, file = COUNTS_FILE): void {
  withLock(file, () => {
    let all: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        all = parsed as Record<string, unknown>;
    } catch {
      // missing or unreadable: start afresh
    }
    all[suite] = { ...counts, recordedAt: new Date().toISOString() };
    const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
    const tmp = join(dirname(file), `.hardening-counts.${process.pid}.tmp`);
    writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
    renameSync(tmp, file);
  });
}

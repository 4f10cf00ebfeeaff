/**
 * The hardening suites' tallies (inputs tried, faults injected, secrets leaked, data lost, ...) in
 * `out/hardening-counts.json`, one key per suite. Several suites (and another helper's fuzz and IPC
 * suites) write the same file from parallel workers, so each write is a read-modify-write under a
 * lock directory, written to a temporary file and renamed, then read back to make sure the key
 * survived a writer that does not take the lock.
 */
import { mkdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const COUNTS_FILE = fileURLToPath(new URL('../../../out/hardening-counts.json', import.meta.url));

/** A suite's tallies; numbers, or short notes (e.g. why a case was skipped). */
export type SuiteCounts = Readonly<Record<string, number | string | boolean | readonly string[]>>;

const LOCK_STALE_MS = 10_000;

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = `${COUNTS_FILE}.lock`;
  await mkdir(path.dirname(COUNTS_FILE), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS || attempt > 200) await rmdir(lock).catch(() => undefined);
      await sleep(10 + Math.random() * 20);
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

async function readAll(): Promise<Record<string, unknown>> {
  try {
    const data: unknown = JSON.parse(await readFile(COUNTS_FILE, 'utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Merges `counts` under `suite` (replacing that suite's previous entry), keeping every other key. */
export async function recordCounts(suite: string, counts: SuiteCounts): Promise<void> {
  const entry = { ...counts, recordedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    await withLock(async () => {
      const all = await readAll();
      all[suite] = entry;
      const temp = `${COUNTS_FILE}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(temp, `${JSON.stringify(all, null, 2)}\n`);
      await rename(temp, COUNTS_FILE);
    });
    const back = await readAll();
    if (JSON.stringify(back[suite]) === JSON.stringify(entry)) return;
    await sleep(20 + Math.random() * 50);
  }
  throw new Error(`could not record the counts of ${suite} in ${COUNTS_FILE}`);
}

/** A mutable tally with named counters, recorded at the end of a suite. */
export class Tally {
  private readonly numbers = new Map<string, number>();
  private readonly notes = new Map<string, string[]>();

  add(name: string, by = 1): void {
    this.numbers.set(name, (this.numbers.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.numbers.get(name) ?? 0;
  }

  note(name: string, text: string): void {
    this.notes.set(name, [...(this.notes.get(name) ?? []), text]);
  }

  toJSON(): Record<string, number | readonly string[]> {
    return { ...Object.fromEntries(this.numbers), ...Object.fromEntries(this.notes) };
  }

  record(suite: string): Promise<void> {
    return recordCounts(suite, this.toJSON());
  }
}

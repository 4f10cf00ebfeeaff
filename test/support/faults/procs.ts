/**
 * Finding a child the product spawned, from the outside: the product never hands out its children's
 * pids, so a fault test looks for them in /proc by their environment (e.g. the KRB5CCNAME of the
 * flow under test) and their argv, then signals them.
 */
import { readFile, readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcMatch {
  /** Every string must occur in /proc/<pid>/environ (NUL-separated `KEY=value` entries). */
  readonly environ: readonly string[];
  /** Every string must be one of the argv words. */
  readonly argv?: readonly string[];
  /** argv[0] ends with this (e.g. `kinit`). */
  readonly program?: string;
}

export interface FoundProc {
  readonly pid: number;
  readonly argv: readonly string[];
}

async function matches(pid: string, want: ProcMatch): Promise<FoundProc | null> {
  const [cmdline, environ] = await Promise.all([
    readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => null),
    readFile(`/proc/${pid}/environ`, 'latin1').catch(() => null),
  ]);
  if (cmdline === null || environ === null) return null;
  const argv = cmdline.split('\0').filter((w) => w !== '');
  const env = environ.split('\0');
  if (want.program !== undefined && !(argv[0] ?? '').endsWith(want.program)) return null;
  if (!want.environ.every((e) => env.includes(e))) return null;
  if (want.argv && !want.argv.every((a) => argv.includes(a))) return null;
  return { pid: Number(pid), argv };
}

/** Polls /proc until a process matches (every few ms); null when none appeared within `timeoutMs`. */
export async function waitForProcess(want: ProcMatch, timeoutMs: number): Promise<FoundProc | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
    const found = (await Promise.all(pids.map((pid) => matches(pid, want)))).find((f) => f !== null);
    if (found) return found;
    await sleep(3);
  }
  return null;
}

/** Whether the process still exists (a zombie counts as gone once reaped by its parent). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

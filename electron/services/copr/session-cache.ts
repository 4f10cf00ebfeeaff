import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeAtomic, readVersioned } from '../files/atomic-file.js';

/**
 * python-copr's session cache, shared with copr-cli: `~/.cache/copr/<netloc>-session`, JSON
 * `{name, session, expiration}` (unix seconds), guarded by an exclusive flock(2) on `<file>.lock`
 * (python's filelock). Only GSSAPI logins write one; it is trusted for 10 hours.
 */
export const SESSION_LIFETIME_SECONDS = 36_000;

export interface CachedSession {
  readonly name: string;
  readonly session: string;
  /** Unix time in seconds, as python writes it. */
  readonly expiration: number;
}

export function sessionCachePath(home: string, netloc: string): string {
  return join(home, '.cache', 'copr', `${netloc}-session`);
}

/** Parses a cache file; anything malformed counts as no session (python would re-login too). */
export function parseSession(text: string): CachedSession | null {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null) return null;
    const { name, session, expiration } = data as Record<string, unknown>;
    if (
      typeof name !== 'string' ||
      typeof session !== 'string' ||
      typeof expiration !== 'number' ||
      !Number.isFinite(expiration)
    )
      return null;
    // Only what can be sent back as a cookie value (RFC 6265 cookie-octets), of a sane length:
    // anything else would break the request or never log in again.
    if (!/^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]{1,4096}$/.test(session)) return null;
    return { name, session, expiration };
  } catch {
    return null;
  }
}

/** Reads it without blocking on something that is not a regular file (a FIFO in its place). */
export async function readSession(path: string): Promise<CachedSession | null> {
  const read = await readVersioned(path);
  return read.exists ? parseSession(read.text) : null;
}

/** python-copr's format: 4-space indent and a trailing newline. */
export async function writeSession(path: string, session: CachedSession): Promise<boolean> {
  const current = await readVersioned(path);
  const result = await writeAtomic(path, `${JSON.stringify(session, null, 4)}\n`, {
    expected: current.exists ? current.version : 'absent',
    mode: 0o600,
  });
  return result.ok;
}

export async function clearSession(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Holds the exclusive lock python-copr takes while `fn` runs. Node has no flock(2), so a small
 * `flock(1)` child takes it and keeps it until its stdin closes; it says "locked" once it holds
 * it. Waits at most `timeoutMs` for the lock, then runs `fn` without it (a stuck copr-cli must
 * not freeze the app), reporting that through `locked: false`.
 */
export async function withSessionLock<T>(
  path: string,
  timeoutMs: number,
  fn: (locked: boolean) => Promise<T>,
): Promise<T> {
  // A read-only or full home: no lock file can exist, so go on without one rather than fail.
  const ready = await mkdir(dirname(path), { recursive: true, mode: 0o700 }).then(
    () => true,
    () => false,
  );
  if (!ready) return fn(false);
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  // Loaded on first use, as in process/run.ts: importing the Copr service must stay cheap.
  const { execa } = await import('execa');
  const child = execa(
    'flock',
    ['--exclusive', '--wait', seconds, `${path}.lock`, 'sh', '-c', 'echo locked; exec cat >/dev/null'],
    {
      input: undefined,
      stdin: 'pipe',
      reject: false,
      timeout: timeoutMs + 60_000,
      verbose: 'none',
      buffer: false,
    },
  );
  const locked = await new Promise<boolean>((resolve) => {
    child.stdout?.once('data', () => resolve(true));
    void child.then(
      () => resolve(false),
      () => resolve(false),
    );
  });
  try {
    return await fn(locked);
  } finally {
    child.stdin?.end();
    await child.catch(() => undefined);
  }
}

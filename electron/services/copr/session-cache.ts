import { rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { terminalSafe } from '../../../shared/text-safety.js';
import { writeAtomic, readVersioned } from '../files/atomic-file.js';
import { withFileLock } from '../files/file-lock.js';

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

/** python-copr writes a few hundred bytes; anything near this is not a session cache. */
const SESSION_FILE_LIMIT = 64 * 1024;
/** Copr user names are short; a longer `name` is a hostile server's. */
const NAME_LIMIT = 100;

/**
 * `<home>/.cache/copr/<netloc>-session`. Without a usable home (see files/home.ts) the path is
 * '' and every read, write and lock below refuses it, rather than using a relative path.
 */
export function sessionCachePath(home: string | null, netloc: string): string {
  return home === null || !isAbsolute(home) ? '' : join(home, '.cache', 'copr', `${netloc}-session`);
}

/**
 * The user name as it may be stored and shown: a server's `name` may carry terminal escapes (OSC
 * 52 writes the clipboard) and would reach copr-cli's output and ours from the file.
 */
export const storableName = (name: string) => terminalSafe(name, NAME_LIMIT);

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
    return { name: storableName(name), session, expiration };
  } catch {
    return null;
  }
}

/**
 * What copr-cli would crash on in a cache file, in words, or null when it reads it. python-copr
 * loads the file with a bare `json.load` and compares `data["expiration"]` with the time, so a file
 * that is not JSON (an empty one included), not an object, without `expiration` or with one that is
 * not a number stops it (JSONDecodeError, TypeError, KeyError) on every command until it is removed.
 * A JSON true or false is not a crash: python compares booleans as numbers.
 */
export function sessionCacheProblem(text: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return text.trim() === '' ? 'the file is empty' : 'the file is not JSON';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'the file holds no JSON object';
  if (!('expiration' in data)) return 'it has no "expiration"';
  const { expiration } = data as { expiration: unknown };
  if (typeof expiration !== 'number' && typeof expiration !== 'boolean') return '"expiration" is not a number';
  return null;
}

/** A cache file as read: absent, one copr-cli crashes on, or (possibly) a usable session. */
export type SessionFile =
  | { readonly state: 'absent' }
  | { readonly state: 'corrupt'; readonly problem: string }
  | { readonly state: 'read'; readonly session: CachedSession | null };

/**
 * Never blocks on something that is not a regular file (a FIFO in its place), reads a bounded
 * amount, and never reads through a symbolic link.
 */
const CACHE_READ = { maxBytes: SESSION_FILE_LIMIT, followSymlinks: false } as const;

export async function readSession(path: string): Promise<CachedSession | null> {
  const file = await readSessionFile(path);
  return file.state === 'read' ? file.session : null;
}

/** The cache file with what copr-cli would make of it. */
export async function readSessionFile(path: string): Promise<SessionFile> {
  if (path === '') return { state: 'absent' };
  const read = await readVersioned(path, CACHE_READ);
  if (!read.exists) return { state: 'absent' };
  const problem = sessionCacheProblem(read.text);
  return problem === null ? { state: 'read', session: parseSession(read.text) } : { state: 'corrupt', problem };
}

/**
 * python-copr's format: 4-space indent and a trailing newline. Always 0600 (it holds a cookie),
 * and a symbolic link in its place is replaced, never written through: a link to
 * `~/.ssh/authorized_keys` must not turn that file into session JSON.
 */
export async function writeSession(path: string, session: CachedSession): Promise<boolean> {
  if (path === '') return false;
  let current = await readVersioned(path, CACHE_READ);
  // Too large, or a FIFO: nothing python-copr could use either, and ours alone to replace.
  if (!current.exists && (current.unreadable === 'EFBIG' || current.unreadable === 'EINVAL')) {
    await rm(path, { force: true }).catch(() => undefined);
    current = await readVersioned(path, CACHE_READ);
  }
  const stored = { ...session, name: storableName(session.name) };
  const result = await writeAtomic(path, `${JSON.stringify(stored, null, 4)}\n`, {
    expected: current.exists ? current.version : 'absent',
    mode: 0o600,
    secret: true,
    followSymlinks: false,
  });
  return result.ok;
}

export async function clearSession(path: string): Promise<void> {
  if (path !== '') await rm(path, { force: true });
}

/**
 * Holds the exclusive lock python-copr takes while `fn` runs (see files/file-lock.ts). Waits at
 * most `timeoutMs` for the lock, then runs `fn` without it (a stuck copr-cli must not freeze the
 * app), reporting that through `locked: false`; so does a `.lock` that is a symbolic link, which
 * is never followed. The lock file stays, as python's filelock expects.
 */
export async function withSessionLock<T>(
  path: string,
  timeoutMs: number,
  fn: (locked: boolean) => Promise<T>,
): Promise<T> {
  if (path === '') return fn(false);
  return withFileLock(path, { timeoutMs }, (lock) => fn(lock.locked));
}

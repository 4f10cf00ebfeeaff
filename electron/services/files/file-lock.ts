/**
 * An exclusive flock(2) on `<file>.lock`, the lock python's filelock (so copr-cli) takes, and the
 * one that serialises our own edits of a file across processes: without it, two edits that read
 * the same version both pass their last look and one is lost while both report success.
 *
 * Node has no flock(2). We open the lock file ourselves (no-follow: a symlinked `.lock` must not
 * make us create or truncate the link's target) and hand that descriptor to a `flock(1)` child as
 * its fd 3. A flock belongs to the open file description, which the child shares with us, so the
 * lock outlives the child and is released when we close our descriptor (or when we die).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, unlink } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { errnoCode } from './safe-read.js';

/**
 * Held, or why not: `busy` when another process kept it past the wait, `unsafe` when the lock file
 * is a symbolic link or not a regular file, `unavailable` when no lock can be taken here at all
 * (no flock(1), a read-only directory).
 */
export type LockState =
  | { readonly locked: true }
  | { readonly locked: false; readonly problem: 'busy' | 'unsafe' | 'unavailable'; readonly detail: string };

export interface LockOptions {
  /** How long to wait for another holder. */
  readonly timeoutMs: number;
  /**
   * Remove the lock file when done, so an edited file gets no permanent neighbour. Safe because a
   * waiter checks, once it holds the lock, that the file it locked is still the one at the path.
   * Not for locks other programs take by path (python's filelock on the session cache).
   */
  readonly removeAfter?: boolean;
}

/** Waits for the flock on `fd` in a child; true once held, false when the wait ran out or flock(1) failed. */
function flockDescriptor(fd: number, waitMs: number): Promise<{ held: boolean; missing: boolean }> {
  return new Promise((resolve) => {
    const seconds = (Math.max(waitMs, 1) / 1000).toFixed(3);
    const child = spawn('flock', ['--exclusive', '--wait', seconds, '3'], {
      stdio: ['ignore', 'ignore', 'ignore', fd],
      // flock(1) ends by itself after --wait; this only guards against a child that never ends.
      timeout: waitMs + 10_000,
    });
    child.once('error', (error) => resolve({ held: false, missing: errnoCode(error) === 'ENOENT' }));
    child.once('close', (code) => resolve({ held: code === 0, missing: false }));
  });
}

type Opened = { readonly handle: FileHandle; readonly ino: number; readonly dev: number } | LockState;

async function openLockFile(lockPath: string): Promise<Opened> {
  const flags = constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let handle: FileHandle;
  try {
    handle = await open(lockPath, flags, 0o600);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ELOOP')
      return { locked: false, problem: 'unsafe', detail: `${lockPath} is a symbolic link; it is not followed` };
    return { locked: false, problem: 'unavailable', detail: `${code ?? 'error'} while opening ${lockPath}` };
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    return { locked: false, problem: 'unsafe', detail: `${lockPath} is not a regular file` };
  }
  return { handle, ino: info.ino, dev: info.dev };
}

/** Whether the path still names the file we locked (a holder that removed it leaves us a dead one). */
async function stillAtPath(lockPath: string, ino: number, dev: number): Promise<boolean> {
  const now = await lstat(lockPath).catch(() => null);
  return now !== null && now.ino === ino && now.dev === dev;
}

async function acquire(lockPath: string, deadline: number): Promise<{ handle: FileHandle } | LockState> {
  for (;;) {
    const opened = await openLockFile(lockPath);
    if ('locked' in opened) return opened;
    const { held, missing } = await flockDescriptor(opened.handle.fd, deadline - Date.now());
    if (held && (await stillAtPath(lockPath, opened.ino, opened.dev))) return { handle: opened.handle };
    await opened.handle.close();
    if (missing) return { locked: false, problem: 'unavailable', detail: 'flock(1) is not installed' };
    if (!held || Date.now() >= deadline)
      return { locked: false, problem: 'busy', detail: `another program holds ${lockPath}` };
  }
}

/** Runs `fn` holding the lock on `<path>.lock`; `fn` learns whether it got it, and decides what that means. */
export async function withFileLock<T>(
  path: string,
  options: LockOptions,
  fn: (lock: LockState) => Promise<T>,
): Promise<T> {
  // Without a usable home the path is '' (files/home.ts): a relative lock would land in the working directory.
  if (!isAbsolute(path))
    return fn({ locked: false, problem: 'unavailable', detail: `${path} is not an absolute path` });
  const lockPath = `${path}.lock`;
  const ready = await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 }).then(
    () => true,
    (error: unknown) => errnoCode(error),
  );
  if (ready !== true)
    return fn({ locked: false, problem: 'unavailable', detail: `${ready ?? 'error'} while creating its directory` });
  const got = await acquire(lockPath, Date.now() + options.timeoutMs);
  if ('locked' in got) return fn(got);
  try {
    return await fn({ locked: true });
  } finally {
    // Unlinked while still held, so nobody can lock this file after we let go of it.
    if (options.removeAfter) await unlink(lockPath).catch(() => undefined);
    await got.handle.close();
  }
}

/** How long one of our edits waits for another: each holds the lock for milliseconds. */
export const EDIT_LOCK_WAIT_MS = 10_000;

/**
 * For our own read-modify-write of a file: `fn` runs holding `<path>.lock` (removed afterwards),
 * so two edits never both read the same version. A lock held past the wait, or a `.lock` that is
 * a link, refuses the edit through `refuse(detail)`; where no lock can exist at all (no flock(1)),
 * the edit goes on guarded by writeAtomic's last look alone, as before locks existed.
 */
export async function withEditLock<T>(path: string, fn: () => Promise<T>, refuse: (detail: string) => T): Promise<T> {
  return withFileLock(path, { timeoutMs: EDIT_LOCK_WAIT_MS, removeAfter: true }, async (lock) => {
    if (!lock.locked && lock.problem !== 'unavailable') return refuse(lock.detail);
    return fn();
  });
}

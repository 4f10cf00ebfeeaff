/**
 * A tiny tmpfs for "the disk is full" (ENOSPC) and "the file system is read-only" (EROFS): as root,
 * directory permissions do not stop writes, so these faults need a real file system. Only works as
 * root where `mount` is allowed (a container may refuse it); callers skip with the reason otherwise.
 */
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

export type MountResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

async function run(args: readonly string[]): Promise<MountResult> {
  const result = await execa(args[0]!, args.slice(1), { reject: false, timeout: 10_000 });
  if (result.exitCode === 0) return { ok: true };
  return { ok: false, reason: `${args.join(' ')} failed: ${String(result.stderr || result.shortMessage).trim()}` };
}

/** Mounts a `sizeKiB` tmpfs (mode 0700) on `dir`, which must exist. */
export async function mountTmpfs(dir: string, sizeKiB: number): Promise<MountResult> {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root: cannot mount a tmpfs' };
  return run(['mount', '-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0700`, 'tmpfs', dir]);
}

export function remount(dir: string, mode: 'ro' | 'rw'): Promise<MountResult> {
  return run(['mount', '-o', `remount,${mode}`, dir]);
}

/** Unmounts (lazily, so a file still open elsewhere cannot keep the mount). */
export async function unmount(dir: string): Promise<void> {
  await run(['umount', '-l', dir]);
}

/** Fills the file system holding `dir` with `<dir>/filler` until ENOSPC; returns the bytes written. */
export async function fill(dir: string): Promise<number> {
  const handle = await open(path.join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 0x66);
  let written = 0;
  try {
    for (;;) {
      const { bytesWritten } = await handle.write(block);
      written += bytesWritten;
      if (bytesWritten < block.length) break;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
  return written;
}

export async function unfill(dir: string): Promise<void> {
  await rm(path.join(dir, 'filler'), { force: true });
}

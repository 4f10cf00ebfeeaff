/**
 * Reading a user's file without letting the file decide how that goes: a FIFO or device in its
 * place must not block the reader (Node's file-system threads are few, and a blocked open holds
 * one for good), a huge file must not be read whole (a 1 GiB config took seconds and gigabytes
 * before Node gave up), and where asked, a symbolic link is not followed.
 */
// The callback API, promisified: node:fs/promises would load Node's file-stream and readline code
// (about 4 ms), a large share of a `ticket-tray status` that reads only the DIR primary file.
import { close, constants, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';

const openFd = promisify(open);
const fstatFd = promisify(fstat);
const readFd = promisify(read);
const closeFd = promisify(close);

/** The most any of the small text files we read may hold (configs, `~/.k5identity`, settings). */
export const SMALL_FILE_LIMIT = 1024 * 1024;

export interface ReadLimits {
  /** Larger files are refused with `EFBIG`. Default {@link SMALL_FILE_LIMIT}. */
  readonly maxBytes?: number;
  /** False: a symbolic link in the path's last component is refused with `ELOOP`. Default true. */
  readonly followSymlinks?: boolean;
}

/** A regular file's bytes with what was seen of it when it was read. */
export interface RegularFile {
  readonly bytes: Buffer;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtimeMs: number;
}

/**
 * `absent` for ENOENT/ENOTDIR; `error` with an errno-style code otherwise: `EISDIR` for a
 * directory, `EINVAL` for a FIFO, device or socket, `EFBIG` for a file over the limit, `ELOOP` for
 * a link that was not to be followed.
 */
export type RegularRead =
  | { readonly state: 'absent' }
  | { readonly state: 'error'; readonly code: string }
  | ({ readonly state: 'file' } & RegularFile);

export function errnoCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** Reads at most `limit + 1` bytes: one byte more than allowed is enough to know the file is too large. */
async function readUpTo(fd: number, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
    const { bytesRead } = await readFd(fd, chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > limit) return null;
  }
}

/** Opens without blocking, reads only a regular file, and only up to the limit. Never throws for an errno. */
export async function readRegularFile(path: string, limits: ReadLimits = {}): Promise<RegularRead> {
  const maxBytes = limits.maxBytes ?? SMALL_FILE_LIMIT;
  const noFollow = limits.followSymlinks === false ? constants.O_NOFOLLOW : 0;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    const fd = await openFd(path, constants.O_RDONLY | constants.O_NONBLOCK | noFollow);
    try {
      const info = await fstatFd(fd);
      if (!info.isFile()) return { state: 'error', code: info.isDirectory() ? 'EISDIR' : 'EINVAL' };
      if (info.size > maxBytes) return { state: 'error', code: 'EFBIG' };
      const bytes = await readUpTo(fd, maxBytes);
      if (bytes === null) return { state: 'error', code: 'EFBIG' };
      return { state: 'file', bytes, mode: info.mode & 0o7777, uid: info.uid, gid: info.gid, mtimeMs: info.mtimeMs };
    } finally {
      await closeFd(fd);
    }
  } catch (error) {
    const code = errnoCode(error);
    if (code === null) throw error;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { state: 'absent' } : { state: 'error', code };
  }
}

const sizeInWords = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** Why a file was not read, as a sentence about `path`: for the codes `readRegularFile` gives and any other errno. */
export function describeReadProblem(path: string, code: string, maxBytes = SMALL_FILE_LIMIT): string {
  switch (code) {
    case 'EFBIG':
      return `${path} is larger than ${sizeInWords(maxBytes)}, too large to be the file it should be, so it was not read`;
    case 'EISDIR':
      return `${path} is a directory, not a file`;
    case 'EINVAL':
      return `${path} is not a regular file (a FIFO, device or socket), so it was not read`;
    case 'ELOOP':
      return `${path} is a symbolic link, which is not followed for this file`;
    default:
      return `${path} cannot be read (${code})`;
  }
}

/**
 * Replacing the user's own files (`~/.config/copr`, `~/.k5identity`, settings) without ever leaving
 * them half-written, and without overwriting what an editor or copr-cli saved after we read them:
 * a temporary file next to the target, fsync, rename, fsync of the directory, and a last look at the
 * file just before the rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { type Result, err, ok } from '../../../shared/result.js';
import { type ReadLimits, type RegularFile, errnoCode, readRegularFile } from './safe-read.js';

/** Enough to tell whether a file changed since it was read: its content hash and size, plus its mtime for reports. */
export interface FileVersion {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * A file as read for a later `writeAtomic`. `unreadable` (an errno code such as `EACCES`, `EISDIR`,
 * or `EFBIG` for a file over the read limit: see safe-read.ts) marks a path that exists but cannot be read: callers must not treat it as missing.
 * `utf8` is false when the bytes are not valid UTF-8, so `text` is lossy and must not be written back.
 */
export type VersionedRead =
  | { readonly exists: false; readonly unreadable?: string }
  | { readonly exists: true; readonly text: string; readonly version: FileVersion; readonly utf8: boolean };

/** Why nothing was written. `detail` names an errno code and a path, never the content. */
export type WriteFailure =
  | { readonly kind: 'file-changed'; readonly path: string }
  | { readonly kind: 'write-failed'; readonly path: string; readonly detail: string };

/** How `writeAtomic` decides whether it may replace the file, and what it keeps. */
export interface WriteOptions {
  /** The version the new text was derived from; 'absent' when the file did not exist. */
  readonly expected: FileVersion | 'absent';
  /**
   * Keep the replaced content as `<file>.bak` (written atomically too, always 0600). A function
   * gets the replaced text and returns what the backup holds: an edit that removes a secret
   * removes it from the backup as well, or the backup would keep what the user asked to drop.
   */
  readonly backup?: boolean | ((replaced: string) => string);
  /** Mode of a newly created file (an existing file keeps its own, unless `secret`). Default 0600. */
  readonly mode?: number;
  /** The file holds a secret (a token, a session cookie): it is left 0600 whatever mode it had. */
  readonly secret?: boolean;
  /**
   * False: a symbolic link at `path` is never written through; it is replaced by the file, as if
   * absent (for files whose content is ours alone, such as the session cache). Default true: a
   * symlinked dotfile (stow, chezmoi) keeps its link and the file it points to is edited.
   */
  readonly followSymlinks?: boolean;
}

type RawRead =
  | { readonly state: 'absent' }
  | { readonly state: 'error'; readonly code: string }
  | ({ readonly state: 'file'; readonly version: FileVersion } & RegularFile);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readRaw(path: string, limits: ReadLimits = {}): Promise<RawRead> {
  const read = await readRegularFile(path, limits);
  // A link that is not to be followed is a name we may replace, never a file we read.
  if (read.state === 'error' && read.code === 'ELOOP' && limits.followSymlinks === false) return { state: 'absent' };
  if (read.state !== 'file') return read;
  return { ...read, version: { sha256: sha256(read.bytes), size: read.bytes.length, mtimeMs: read.mtimeMs } };
}

function decodeUtf8(bytes: Buffer): { text: string; utf8: boolean } {
  try {
    // ignoreBOM keeps a byte-order mark in the text: python-copr and MIT see it too.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), utf8: true };
  } catch {
    return { text: bytes.toString('utf8'), utf8: false };
  }
}

/**
 * Reads a file together with the version `writeAtomic` needs to refuse clobbering later changes.
 * Never blocks on a FIFO, refuses files over the limit (`EFBIG`); with `followSymlinks: false` a
 * link reads as absent.
 */
export async function readVersioned(path: string, limits: ReadLimits = {}): Promise<VersionedRead> {
  const raw = await readRaw(path, limits);
  if (raw.state === 'absent') return { exists: false };
  if (raw.state === 'error') return { exists: false, unreadable: raw.code };
  return { exists: true, ...decodeUtf8(raw.bytes), version: raw.version };
}

function sameVersion(current: RawRead, expected: FileVersion | 'absent'): boolean {
  if (expected === 'absent') return current.state === 'absent';
  // Content decides: a file saved again with the same bytes (only its mtime moved) is safe to replace.
  return (
    current.state === 'file' && current.version.sha256 === expected.sha256 && current.version.size === expected.size
  );
}

/** A symlinked dotfile (stow, chezmoi) stays a symlink: the file it points to is replaced instead. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

const tempNameFor = (target: string) =>
  join(dirname(target), `.${basename(target)}.tt-${randomBytes(6).toString('hex')}.tmp`);

async function writeDurably(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.chmod(mode); // open() applied the umask
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Best effort: the rename has already happened, so a directory that cannot be fsynced is not a failed write. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // Some file systems refuse fsync on directories (EINVAL); nothing more can be done.
  }
}

/** `<file>.bak`, written with the same care and owner, and 0600 whatever the file's mode: it may hold the same secrets. */
async function writeBackup(
  target: string,
  bytes: Uint8Array,
  replaced: RawRead,
  leftovers: Set<string>,
): Promise<void> {
  const temp = tempNameFor(`${target}.bak`);
  leftovers.add(temp);
  await writeDurably(temp, bytes, 0o600);
  await takeOverAttributes(temp, replaced, 0o600);
  await rename(temp, `${target}.bak`);
  leftovers.delete(temp);
}

/** A writer killed between its temporary write and the rename leaves its temp file; one older than this is abandoned. */
const STALE_TEMP_MS = 60_000;

/**
 * Removes temporary files of `target` that a killed writer left behind: they may hold a token, and
 * nothing else would ever remove them. Recent ones may belong to a writer still at work.
 */
async function removeStaleTemps(target: string): Promise<void> {
  // The target's own temporary files and those of its `.bak`.
  const prefixes = [`.${basename(target)}.tt-`, `.${basename(target)}.bak.tt-`];
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of names.filter((n) => prefixes.some((p) => n.startsWith(p)) && n.endsWith('.tmp'))) {
    const path = join(dirname(target), name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && Date.now() - info.mtimeMs > STALE_TEMP_MS)
      await rm(path, { force: true }).catch(() => undefined);
  }
}

/**
 * The replacement keeps what the replaced file had: its mode (a secret-holding file is left 0600
 * whatever it was, since copr-cli may have left it 0644) and its owner and group, so `sudo
 * ticket-tray` editing a user's file does not leave it owned by root. A change of owner that is
 * not permitted (only root may give a file away) leaves the temporary file ours.
 */
async function takeOverAttributes(temp: string, current: RawRead, mode: number): Promise<void> {
  await chmod(temp, mode);
  if (current.state !== 'file') return;
  const mine = await stat(temp);
  if (mine.uid === current.uid && mine.gid === current.gid) return;
  await chown(temp, current.uid, current.gid).catch((error: unknown) => {
    if (errnoCode(error) !== 'EPERM') throw error;
  });
}

const modeFor = (current: RawRead, opts: WriteOptions) =>
  opts.secret ? 0o600 : current.state === 'file' ? current.mode : (opts.mode ?? 0o600);

const notAbsolute = (path: string) =>
  path === ''
    ? 'there is no home directory to write to (HOME is empty or relative, and the user database names none)'
    : `${path} is not an absolute path`;

const backupText = (opts: WriteOptions, replaced: Buffer): Uint8Array =>
  typeof opts.backup === 'function' ? Buffer.from(opts.backup(replaced.toString('utf8')), 'utf8') : replaced;

/**
 * Replaces `path` with `text` only if the file is still what the caller read (`expected`), so a
 * concurrent edit is reported as `file-changed` instead of being lost. Leaves no temporary file
 * behind (and removes those a killed writer left); failures say which step failed with which errno, never what the file holds.
 * A relative path is refused: it would land wherever the process happens to run.
 */
export async function writeAtomic(
  path: string,
  text: string,
  opts: WriteOptions,
): Promise<Result<FileVersion, WriteFailure>> {
  if (!isAbsolute(path)) return err({ kind: 'write-failed', path, detail: notAbsolute(path) });
  const follow = opts.followSymlinks ?? true;
  const target = follow ? await resolveTarget(path) : path;
  const bytes = Buffer.from(text, 'utf8');
  const leftovers = new Set<string>();
  let step = 'creating the directory of';
  try {
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await removeStaleTemps(target);
    step = 'writing a temporary file next to';
    const temp = tempNameFor(target);
    leftovers.add(temp);
    await writeDurably(temp, bytes, opts.mode ?? 0o600);
    step = 'reading';
    // The last look: as late as possible, so the window for a lost concurrent edit is tiny.
    const expectedSize = opts.expected === 'absent' ? 0 : opts.expected.size;
    const current = await readRaw(target, { followSymlinks: follow, maxBytes: Math.max(expectedSize, 1) });
    if (current.state === 'error' && current.code === 'EFBIG') return err({ kind: 'file-changed', path });
    if (current.state === 'error')
      return err({ kind: 'write-failed', path, detail: `${current.code} while reading ${path}` });
    if (!sameVersion(current, opts.expected)) return err({ kind: 'file-changed', path });
    step = 'writing a temporary file next to';
    await takeOverAttributes(temp, current, modeFor(current, opts));
    if (opts.backup && current.state === 'file') {
      step = 'saving the backup of';
      await writeBackup(target, backupText(opts, current.bytes), current, leftovers);
    }
    step = 'replacing';
    await rename(temp, target);
    leftovers.delete(temp);
    await syncDirectory(dirname(target));
    const written = await stat(target);
    return ok({ sha256: sha256(bytes), size: bytes.length, mtimeMs: written.mtimeMs });
  } catch (error) {
    const code = errnoCode(error);
    if (code === null) throw error;
    return err({ kind: 'write-failed', path, detail: `${code} while ${step} ${path}` });
  } finally {
    await Promise.all([...leftovers].map((file) => rm(file, { force: true }).catch(() => undefined)));
  }
}

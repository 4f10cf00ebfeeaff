/**
 * Credential cache names as MIT krb5 reads them (`TYPE:residual`): which one is the default, what
 * kind of collection it names, and where its files live. Pure string work, plus one small read of a
 * DIR collection's `primary` file, so the tray can tell what `klist` will show without running it.
 */
import type { CcacheType, CollectionInfo } from '../../../shared/krb.js';
import { readRegularFile } from '../files/safe-read.js';
import type { Krb5Config, Krb5Env } from './krb5-conf.js';

/** Who the names are expanded for. `euid` defaults to `uid`; `tmpdir` to /tmp (MIT uses TMPDIR). */
export interface CcacheNameContext {
  readonly uid: number;
  readonly euid?: number;
  readonly username?: string;
  readonly tmpdir?: string;
}

/** What readDirPrimary needs from the file system; tests may hand in their own. */
export interface PrimaryFs {
  readFile(path: string): Promise<string>;
}

/**
 * MIT writes one short cache name into a DIR collection's `primary` file; anything much larger is
 * not its file, and is not read (the snapshot reads this file on every look).
 */
export const PRIMARY_FILE_LIMIT = 4096;

/** The bounded, non-blocking read: a FIFO named `primary` must not hang every later snapshot. */
async function readPrimaryFile(path: string): Promise<string> {
  const read = await readRegularFile(path, { maxBytes: PRIMARY_FILE_LIMIT });
  if (read.state !== 'file') throw new Error(`${path}: ${read.state === 'absent' ? 'ENOENT' : read.code}`);
  return read.bytes.toString('utf8');
}

/** MIT's compiled-in default cache on Linux (DEFCCNAME), used when neither KRB5CCNAME nor krb5.conf say otherwise. */
export const MIT_DEFAULT_CCNAME = 'FILE:/tmp/krb5cc_%{uid}';

const KNOWN_TYPES: readonly CcacheType[] = ['FILE', 'DIR', 'KEYRING', 'KCM', 'MEMORY', 'API', 'MSLSA'];
/** Types whose name stands for a collection with a switchable primary. */
const COLLECTION_TYPES: readonly CcacheType[] = ['DIR', 'KEYRING', 'KCM', 'API'];

/** The value of one `%{token}`, or null to leave it as written. */
function tokenValue(token: string, ctx: CcacheNameContext): string | null {
  switch (token) {
    case 'uid':
    case 'USERID': // MIT's expand_userid: getuid() on Unix, like %{uid}.
      return String(ctx.uid);
    case 'euid':
      return String(ctx.euid ?? ctx.uid);
    case 'username':
      return ctx.username ?? null;
    case 'TEMP':
      return ctx.tmpdir ?? '/tmp';
    case 'null':
      return '';
    default:
      // LIBDIR, BINDIR and SBINDIR are build-time paths we cannot know; MIT rejects unknown tokens.
      return null;
  }
}

/**
 * Expands the `%{...}` parameters MIT allows in `default_ccache_name` (e.g. `KEYRING:persistent:%{uid}`
 * or `FILE:%{TEMP}/krb5cc_%{uid}`), so the tray names the same cache libkrb5 will. Tokens it cannot
 * expand stay as written.
 */
export function expandCcacheName(template: string, ctx: CcacheNameContext): string {
  return template.replace(/%\{([^}]*)\}/g, (whole, token: string) => tokenValue(token, ctx) ?? whole);
}

/**
 * The default credential cache (or collection) name, in libkrb5's order: KRB5CCNAME if set and not
 * empty, else `default_ccache_name` from [libdefaults] (expanded), else MIT's built-in
 * `FILE:/tmp/krb5cc_%{uid}`. `conf` may be null when KRB5CCNAME is known to be set.
 */
export function defaultCollectionName(
  env: Krb5Env,
  conf: Pick<Krb5Config, 'libdefault'> | null,
  ctx: CcacheNameContext,
): string {
  const fromEnv = env['KRB5CCNAME'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const tmpdir = ctx.tmpdir ?? env['TMPDIR'];
  const expandCtx: CcacheNameContext = tmpdir === undefined ? ctx : { ...ctx, tmpdir };
  return expandCcacheName(conf?.libdefault('default_ccache_name') ?? MIT_DEFAULT_CCNAME, expandCtx);
}

/** Splits `TYPE:residual` as krb5_cc_resolve does; a name without a type (or with a one-letter drive prefix) is a FILE. */
function splitName(name: string): { type: CcacheType; residual: string } {
  const colon = name.indexOf(':');
  if (colon < 0 || (colon === 1 && /^[A-Za-z]/.test(name))) return { type: 'FILE', residual: name };
  const prefix = name.slice(0, colon).toUpperCase();
  const type = KNOWN_TYPES.find((known) => known === prefix) ?? 'OTHER';
  return { type, residual: name.slice(colon + 1) };
}

/**
 * What kind of collection a cache name is, and whether it can hold several caches with a primary to
 * switch between: DIR, KEYRING, KCM and API can; FILE and MEMORY cannot, nor can `DIR::path`, which
 * names one cache inside a directory (MIT then shows only that cache).
 */
export function describeCollection(name: string): CollectionInfo {
  const { type, residual } = splitName(name);
  const switchable =
    COLLECTION_TYPES.includes(type) && !(type === 'DIR' && (residual === '' || residual.startsWith(':')));
  return { name, type, switchable };
}

/** The last `/`-separated directory of a path, or null if it has none. */
function parentDir(path: string): string | null {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return null;
  return slash === 0 ? '/' : path.slice(0, slash);
}

/**
 * The directory a DIR collection lives in, for watching it and reading its `primary` file:
 * `DIR:/path` gives `/path`, `DIR::/path/tktX` gives `/path`. null for other types.
 */
export function dirCollectionPath(name: string): string | null {
  const { type, residual } = splitName(name);
  if (type !== 'DIR' || residual === '') return null;
  if (!residual.startsWith(':')) return residual;
  return parentDir(residual.slice(1));
}

/** The file a FILE cache is kept in (`FILE:/x` or a bare `/x`), for watching it. null for other types. */
export function fileCachePath(name: string): string | null {
  const { type, residual } = splitName(name);
  return type === 'FILE' && residual !== '' ? residual : null;
}

/** Joins like MIT's k5_path_join: no doubled slash when the directory already ends in one. */
function joinPath(dir: string, file: string): string {
  return dir.endsWith('/') ? `${dir}${file}` : `${dir}/${file}`;
}

/**
 * The primary cache of a DIR collection, as `DIR::<dir>/<name>`: MIT keeps its file name (`tkt`,
 * `tktAbC123`) as the first line of `<dir>/primary`, and `kswitch` rewrites it. null if the file is
 * missing, unreadable, empty or not a small regular file, or holds something MIT would reject (a
 * path, or a name not starting with `tkt`). Note that MIT itself falls back to `tkt` when the file
 * does not exist.
 */
export async function readDirPrimary(
  dirPath: string,
  fs: PrimaryFs = { readFile: readPrimaryFile },
): Promise<string | null> {
  let text: string;
  try {
    text = await fs.readFile(joinPath(dirPath, 'primary'));
  } catch {
    return null;
  }
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.startsWith('tkt') || first.includes('/') || first.includes('\\')) return null;
  return `DIR::${joinPath(dirPath, first)}`;
}

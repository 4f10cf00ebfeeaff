/**
 * `~/.k5identity`: MIT krb5's per-user rules for the client principal GSSAPI uses towards a server
 * (lib/krb5/ccache/ccselect_k5identity.c). Each line is `principal [realm=… | service=… | host=…]*`;
 * the first line whose constraints all match wins. A `<principal> host=<copr host>` pin makes
 * GSSAPI use the Fedora ticket for Copr whatever the primary cache is. Pins are added and removed
 * without touching any other line.
 */
import type { CoprFailure } from '../../../shared/copr.js';
import { validatePrincipal } from '../../../shared/principal.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { type FileVersion, readVersioned, writeAtomic } from '../files/atomic-file.js';
import { withEditLock } from '../files/file-lock.js';
import { userHome } from '../files/home.js';
import { type TextLine, insertTextLine, joinTextLines, removeTextLines, splitTextLines } from '../files/line-edit.js';
import { describeReadProblem } from '../files/safe-read.js';

/** A line of the exact form `<principal> host=<host>`. `line` counts from 1. */
export interface K5Pin {
  readonly principal: string;
  readonly host: string;
  readonly line: number;
}

/** The file as read for display and for a later edit; `exists` is false for a missing or unreadable file. */
export interface K5IdentityFile {
  readonly exists: boolean;
  /** '' when the file is missing or unreadable. */
  readonly text: string;
  readonly version: FileVersion | 'absent';
  readonly pins: readonly K5Pin[];
  /** An errno code when the file exists but cannot be read (MIT then ignores it too). */
  readonly unreadable: string | null;
}

/** Whether the file was rewritten, and its text afterwards. */
export interface PinChange {
  readonly changed: boolean;
  readonly text: string;
}

/** MIT reads the file with `fgets` into 256 bytes: a longer line is cut into pieces and never matches as written. */
const MIT_LINE_BYTES = 255;
/** The service Copr's GSSAPI login asks for (`HTTP@<host>`). */
const COPR_SERVICE = 'HTTP';

/**
 * `$HOME/.k5identity`, else the passwd entry's, as MIT reads it. An empty or relative HOME is not
 * used (MIT would read `/.k5identity`): '' when there is no usable home, which reads as no file
 * and is never written.
 */
export function k5identityPath(env: Readonly<Record<string, string | undefined>>): string {
  const home = userHome(env);
  return home === null ? '' : `${home.replace(/\/$/, '')}/.k5identity`;
}

/** MIT splits fields on space, tab, CR and LF only. */
const fieldsOf = (line: string) => line.split(/[ \t\r\n]+/).filter((f) => f !== '');

function exactPin(line: string): { principal: string; host: string } | null {
  const fields = fieldsOf(line);
  if (fields.length !== 2 || fields[0]!.startsWith('#') || !fields[1]!.startsWith('host=')) return null;
  const host = fields[1]!.slice('host='.length);
  return host === '' ? null : { principal: fields[0]!, host };
}

const isPinFor = (line: string, host: string) => exactPin(line)?.host.toLowerCase() === host.toLowerCase();

/** Reads the file and its exact host pins; a missing or unreadable file has none (MIT ignores it). */
export async function readPins(path: string): Promise<K5IdentityFile> {
  const read = await readVersioned(path);
  if (!read.exists)
    return { exists: false, text: '', version: 'absent', pins: [], unreadable: read.unreadable ?? null };
  const pins = splitTextLines(read.text).flatMap((l, i) => {
    const pin = exactPin(l.text);
    return pin ? [{ ...pin, line: i + 1 }] : [];
  });
  return { exists: true, text: read.text, version: read.version, pins, unreadable: null };
}

/**
 * POSIX `fnmatch(pattern, text, 0)`: `*`, `?`, `[…]` (with `!`/`^`, ranges; a backwards range
 * matches nothing, as in glibc), backslash escapes. Matched without a regular expression, in at
 * most (pattern × text) steps: a pattern such as `************x` would make a backtracking regex
 * run for minutes, and `[z-a]` would make `new RegExp` throw.
 */
export function fnmatch(pattern: string, text: string): boolean {
  return matchGlob(globTokens(pattern), text);
}

/** One step of a pattern: `*`, or a test of one UTF-16 code unit. */
type GlobToken = { readonly kind: 'star' } | { readonly kind: 'one'; readonly test: (code: number) => boolean };

const literal = (code: number): GlobToken => ({ kind: 'one', test: (c) => c === code });

function globTokens(pattern: string): GlobToken[] {
  // closes[i]: the first `]` at or after i, so finding each bracket's end stays linear.
  const closes = new Int32Array(pattern.length + 1).fill(-1);
  for (let i = pattern.length - 1; i >= 0; i--) closes[i] = pattern[i] === ']' ? i : closes[i + 1]!;
  const tokens: GlobToken[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'one', test: () => true });
    else if (c === '\\' && i + 1 < pattern.length) tokens.push(literal(pattern.charCodeAt(++i)));
    else if (c === '[') {
      let start = i + 1;
      const negate = pattern[start] === '!' || pattern[start] === '^';
      if (negate) start++;
      const end = closes[pattern[start] === ']' ? start + 1 : start]!;
      if (end < 0) tokens.push(literal(c.charCodeAt(0)));
      else {
        tokens.push(bracket(pattern.slice(start, end), negate));
        i = end;
      }
    } else tokens.push(literal(c.charCodeAt(0)));
  }
  return tokens;
}

function bracket(body: string, negate: boolean): GlobToken {
  const ranges: Array<readonly [number, number]> = [];
  for (let i = 0; i < body.length; i++) {
    const low = body.charCodeAt(i);
    if (body[i + 1] === '-' && i + 2 < body.length) {
      ranges.push([low, body.charCodeAt(i + 2)]);
      i += 2;
    } else ranges.push([low, low]);
  }
  return { kind: 'one', test: (code) => ranges.some(([low, high]) => low <= code && code <= high) !== negate };
}

/** The classic wildcard match: on a mismatch, the last `*` takes one more character. */
function matchGlob(tokens: readonly GlobToken[], text: string): boolean {
  let t = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < text.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      star = t++;
      mark = s;
    } else if (token !== undefined && token.test(text.charCodeAt(s))) {
      t++;
      s++;
    } else if (star >= 0) {
      t = star + 1;
      s = ++mark;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** MIT's `check_constraint`: the host is folded to lower case, the pattern is not. */
function constraintHolds(field: string, host: string, serverRealm: string): boolean {
  const eq = field.indexOf('=');
  if (eq < 0) return false;
  const [name, value] = [field.slice(0, eq), field.slice(eq + 1)];
  if (name === 'realm') return fnmatch(value, serverRealm);
  if (name === 'service') return fnmatch(value, COPR_SERVICE);
  if (name === 'host') return fnmatch(value, host.toLowerCase());
  return false; // MIT treats unknown constraints as critical
}

function lineMatches(line: string, host: string, serverRealm: string): string | null {
  const [principal, ...constraints] = fieldsOf(line);
  if (principal === undefined || principal.startsWith('#')) return null;
  if (!constraints.every((c) => constraintHolds(c, host, serverRealm))) return null;
  return validatePrincipal(principal).ok ? principal : null;
}

function firstMatch(lines: readonly TextLine[], host: string, serverRealm: string): number {
  return lines.findIndex((l) => lineMatches(l.text, host, serverRealm) !== null);
}

/**
 * The principal MIT would pick for `HTTP/<host>` from this text: the first line whose constraints
 * all match (a line without constraints matches every server). `serverRealm` is the realm the host
 * maps to; '' (the referral realm) for a host krb5.conf does not map, like copr.fedorainfracloud.org.
 */
export function pinnedPrincipal(text: string, host: string, serverRealm = ''): string | null {
  for (const { text: line } of splitTextLines(text)) {
    const principal = lineMatches(line, host, serverRealm);
    if (principal !== null) return principal;
  }
  return null;
}

function checkPin(principal: string, host: string): string | null {
  const valid = validatePrincipal(principal);
  if (!valid.ok) return valid.error;
  if (principal.startsWith('#'))
    return 'A principal in ~/.k5identity cannot start with "#" (the line would be a comment).';
  if (!/^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_.])?$/.test(host))
    return 'The host must be a host name (letters, digits, "-", "." and "_").';
  if (Buffer.byteLength(`${principal} host=${host}\n`) > MIT_LINE_BYTES)
    return 'The pin line would be longer than the 255 bytes MIT reads per line.';
  return null;
}

type Editable = { readonly lines: TextLine[]; readonly text: string; readonly version: FileVersion | 'absent' };

async function readForEdit(path: string): Promise<Result<Editable, CoprFailure>> {
  const read = await readVersioned(path);
  if (!read.exists) {
    if (read.unreadable !== undefined)
      return err({ kind: 'write-failed', path, detail: describeReadProblem(path, read.unreadable) });
    return ok({ lines: [], text: '', version: 'absent' });
  }
  if (!read.utf8) return err({ kind: 'write-failed', path, detail: `${path} is not UTF-8 text; left untouched` });
  return ok({ lines: splitTextLines(read.text), text: read.text, version: read.version });
}

async function save(path: string, file: Editable, lines: readonly TextLine[]): Promise<Result<PinChange, CoprFailure>> {
  const text = joinTextLines(lines);
  if (text === file.text) return ok({ changed: false, text });
  const written = await writeAtomic(path, text, { expected: file.version, mode: 0o600 });
  return written.ok ? ok({ changed: true, text }) : err(written.error);
}

/**
 * Pins `principal` for `host`: rewrites the first `… host=<host>` pin in place, else adds one —
 * before the first line that would otherwise win for this host (MIT takes the first match), or at
 * the end. The host is written in lower case, as MIT only matches lower-case host names.
 */
export async function pinForHost(
  path: string,
  principal: string,
  host: string,
  serverRealm = '',
): Promise<Result<PinChange, CoprFailure>> {
  const invalid = checkPin(principal, host);
  if (invalid !== null) return err({ kind: 'config-invalid', problem: { path, line: null, message: invalid } });
  return underLock(path, () => pinLocked(path, principal, host, serverRealm));
}

/** Two of our edits (a pin and an unpin, two pins) run one after the other, each on what the other wrote. */
const underLock = (path: string, edit: () => Promise<Result<PinChange, CoprFailure>>) =>
  withEditLock(path, edit, (detail) => err({ kind: 'write-failed', path, detail }));

async function pinLocked(
  path: string,
  principal: string,
  host: string,
  serverRealm: string,
): Promise<Result<PinChange, CoprFailure>> {
  const file = await readForEdit(path);
  if (!file.ok) return file;
  const { lines } = file.value;
  const wanted = `${principal} host=${host.toLowerCase()}`;
  const exact = lines.findIndex((l) => isPinFor(l.text, host));
  const winner = firstMatch(lines, host, serverRealm);
  if (exact >= 0 && (winner < 0 || winner >= exact)) {
    const current = exactPin(lines[exact]!.text)!;
    if (current.principal === principal && current.host === host.toLowerCase())
      return ok({ changed: false, text: file.value.text });
    const next = lines.map((l, i) => (i === exact ? { text: wanted, eol: l.eol } : l));
    return save(path, file.value, next);
  }
  return save(path, file.value, insertTextLine(lines, winner >= 0 ? winner : lines.length, wanted));
}

/** Removes every exact `<principal> host=<host>` pin for `host`; comments, rules and other hosts' pins stay. */
export function unpinHost(path: string, host: string): Promise<Result<PinChange, CoprFailure>> {
  return underLock(path, () => unpinLocked(path, host));
}

async function unpinLocked(path: string, host: string): Promise<Result<PinChange, CoprFailure>> {
  const file = await readForEdit(path);
  if (!file.ok) return file;
  const { lines } = file.value;
  const drop = new Set(lines.flatMap((l, i) => (isPinFor(l.text, host) ? [i] : [])));
  if (drop.size === 0) return ok({ changed: false, text: file.value.text });
  return save(path, file.value, removeTextLines(lines, drop));
}

/**
 * Changes to `~/.config/copr` that touch only the lines they mean to: one key's line (its spelling,
 * separator and line ending kept), the `# expiration date:` comment, nothing else. The result is
 * read back as python-copr would read it before anything is written, and the write is refused when
 * the file changed since it was loaded.
 */
import { type CoprConfigSummary, type CoprFailure, DEFAULT_COPR_URL } from '../../../shared/copr.js';
import { type Result, err, ok } from '../../../shared/result.js';
import { writeAtomic } from '../files/atomic-file.js';
import { withEditLock } from '../files/file-lock.js';
import { type TextLine, insertTextLine, joinTextLines, removeTextLines } from '../files/line-edit.js';
import {
  COPR_SECTION,
  type LoadedCoprConfig,
  type ParsedCoprConfig,
  checkInsecureUrl,
  isCalendarDate,
  parseCoprConfigWithToken,
} from './config-parse.js';
import { type IniScan, scanIni } from './ini.js';
import { parseCoprUrl } from './url.js';

/** What the tray may change. `removeToken` drops the token (and its expiration comment); it cannot go with `token`. */
export interface CoprConfigEdits {
  readonly coprUrl?: string;
  readonly gssapi?: boolean;
  readonly login?: string;
  readonly token?: string;
  readonly tokenExpires?: string;
  readonly removeToken?: boolean;
}

/** Any comment the reader takes for the expiration (copr-cli's own regex is `# expiration date: .*`). */
const EXPIRATION_LINE = /^\s*#\s*expiration date:/i;

/** The [copr-cli] lines: its header index (-1 when absent) and the index after its last key or continuation line. */
function sectionBounds(scan: IniScan): { header: number; insertAt: number } {
  const header = scan.kinds.findIndex((k) => k.kind === 'header' && k.section === COPR_SECTION);
  if (header < 0) return { header, insertAt: scan.lines.length };
  let insertAt = header + 1;
  for (let i = header + 1; i < scan.kinds.length; i++) {
    const kind = scan.kinds[i]!.kind;
    if (kind === 'header') break;
    if (kind === 'option' || kind === 'continuation' || kind === 'invalid') insertAt = i + 1;
  }
  return { header, insertAt };
}

/** Indexes of a key line's continuation lines (comments and blank lines between them stay). */
function continuationsOf(scan: IniScan, at: number): Set<number> {
  const found = new Set<number>();
  for (let i = at + 1; i < scan.kinds.length; i++) {
    const kind = scan.kinds[i]!;
    if (kind.kind === 'continuation') found.add(i);
    else if (kind.kind !== 'blank' && kind.kind !== 'comment') break;
  }
  return found;
}

/** `key = value` in the style of an existing key line: same indent, separator and spacing. */
function styledLine(model: string | undefined, key: string, value: string): string {
  const shape = model === undefined ? null : /^(\s*)([^=:]*?)(\s*[=:]\s*)/.exec(model);
  if (!shape) return `${key} = ${value}`;
  const separator = /\s$/.test(shape[3]!) || !/^\s/.test(shape[3]!) ? shape[3]! : `${shape[3]} `;
  return `${shape[1]}${key}${separator}${value}`;
}

/** Rewrites one key line keeping its own key spelling, indent and separator spacing. */
function rewriteKeyLine(line: string, value: string): string {
  const shape = /^(\s*[^=:]*?)(\s*)([=:])(\s*)/.exec(line)!;
  const after = shape[4] !== '' || shape[2] === '' ? shape[4]! : ' ';
  return `${shape[1]}${shape[2]}${shape[3]}${after}${value}`;
}

/**
 * Sets `key` in [copr-cli]: rewrites its first line in place (dropping its continuation lines),
 * adds it after the section's last key when absent (creating the section if needed), or removes it
 * for null. `value` is what python-copr should read back; `%` is escaped as configparser needs.
 */
export function setConfigValue(text: string, key: string, value: string | null): string {
  if (value !== null && /[\r\n]/.test(value)) throw new Error('setConfigValue: a value must be a single line');
  const scan = scanIni(text);
  const name = key.toLowerCase();
  const escaped = value?.replace(/%/g, '%%') ?? null;
  const at = scan.kinds.findIndex((k) => k.kind === 'option' && k.section === COPR_SECTION && k.key === name);
  if (at >= 0) {
    const drop = continuationsOf(scan, at);
    if (escaped === null) drop.add(at);
    const lines = scan.lines.map((l, i): TextLine =>
      i === at && escaped !== null ? { text: rewriteKeyLine(l.text, escaped), eol: l.eol } : l,
    );
    return joinTextLines(removeTextLines(lines, drop));
  }
  if (escaped === null) return text;
  const { header, insertAt } = sectionBounds(scan);
  if (header < 0) return appendSection(scan.lines, `${name} = ${escaped}`);
  const model = lastKeyLineBefore(scan, header, insertAt);
  return joinTextLines(insertTextLine(scan.lines, insertAt, styledLine(model, name, escaped)));
}

function lastKeyLineBefore(scan: IniScan, header: number, end: number): string | undefined {
  for (let i = end - 1; i > header; i--) if (scan.kinds[i]!.kind === 'option') return scan.lines[i]!.text;
  return undefined;
}

function appendSection(lines: readonly TextLine[], entry: string): string {
  let out = [...lines];
  const last = out[out.length - 1];
  if (last !== undefined && last.text.trim() !== '') out = insertTextLine(out, out.length, '');
  out = insertTextLine(out, out.length, `[${COPR_SECTION}]`);
  return joinTextLines(insertTextLine(out, out.length, entry));
}

/**
 * Writes `# expiration date: <date>` the way `copr-cli new-api-token` does: every existing
 * expiration comment is rewritten in place; without one, a comment is added after the token line
 * (else at the end of [copr-cli]).
 */
export function setExpirationComment(text: string, date: string): string {
  if (!isCalendarDate(date)) throw new Error('setExpirationComment: the date must be YYYY-MM-DD');
  const scan = scanIni(text);
  const comment = `# expiration date: ${date}`;
  const existing = expirationLines(scan);
  if (existing.size > 0) {
    const lines = scan.lines.map((l, i) =>
      existing.has(i) ? { text: l.text.replace(/#.*$/s, comment), eol: l.eol } : l,
    );
    return joinTextLines(lines);
  }
  const token = scan.kinds.findIndex((k) => k.kind === 'option' && k.section === COPR_SECTION && k.key === 'token');
  const insertAt = token >= 0 ? Math.max(token, ...continuationsOf(scan, token)) + 1 : sectionBounds(scan).insertAt;
  return joinTextLines(insertTextLine(scan.lines, insertAt, comment));
}

function expirationLines(scan: IniScan): Set<number> {
  return new Set(
    scan.kinds.flatMap((k, i) => (k.kind === 'comment' && EXPIRATION_LINE.test(scan.lines[i]!.text) ? [i] : [])),
  );
}

/** Drops every `# expiration date:` comment: it describes a token that is gone. */
export function removeExpirationComment(text: string): string {
  const scan = scanIni(text);
  return joinTextLines(removeTextLines(scan.lines, expirationLines(scan)));
}

const SINGLE_TOKEN = /^[\x21-\x7e]{1,1024}$/;

/** Why the edits cannot be written, in words that never repeat the token; null when they are fine. */
export function validateEdits(edits: CoprConfigEdits): string | null {
  const url = edits.coprUrl;
  if (url !== undefined) {
    if (!/^https?:\/\//.test(url) || /[\r\n]/.test(url))
      return 'copr_url must be an http:// or https:// URL on one line, e.g. https://copr.fedorainfracloud.org.';
    const parsed = parseCoprUrl(url);
    // The same rule as for reading the file: an address readers could take for two hosts is never written.
    if (!parsed.ok) return `copr_url ${parsed.error}; nothing was written.`;
  }
  if (edits.login !== undefined && !SINGLE_TOKEN.test(edits.login))
    return 'The API login must be one line of printable characters without spaces.';
  if (edits.token !== undefined && !SINGLE_TOKEN.test(edits.token))
    return 'The API token must be one line of printable characters without spaces.';
  if (edits.token !== undefined && edits.removeToken) return 'Cannot set and remove the token at once.';
  if (edits.tokenExpires !== undefined && !isCalendarDate(edits.tokenExpires))
    return 'The token expiration must be a date as YYYY-MM-DD.';
  return null;
}

/** The new text: each edit applied to the lines it owns. */
export function applyEdits(text: string, edits: CoprConfigEdits): string {
  let next = text;
  if (edits.coprUrl !== undefined) next = setConfigValue(next, 'copr_url', edits.coprUrl);
  if (edits.gssapi !== undefined) next = setConfigValue(next, 'gssapi', edits.gssapi ? 'True' : 'False');
  if (edits.login !== undefined) next = setConfigValue(next, 'login', edits.login);
  if (edits.token !== undefined) next = setConfigValue(next, 'token', edits.token);
  if (edits.removeToken) next = removeExpirationComment(setConfigValue(next, 'token', null));
  if (edits.tokenExpires !== undefined) next = setExpirationComment(next, edits.tokenExpires);
  return next;
}

/** Which edit python-copr would not see after writing `parsed` (a `[DEFAULT]` value can shadow a removal). */
function unappliedEdit(parsed: ParsedCoprConfig, edits: CoprConfigEdits): string | null {
  const { summary, token } = parsed;
  if (edits.coprUrl !== undefined && summary.coprUrl !== edits.coprUrl) return 'copr_url';
  if (edits.gssapi !== undefined && summary.gssapi !== edits.gssapi) return 'gssapi';
  if (edits.login !== undefined && summary.login !== edits.login) return 'login';
  if (edits.token !== undefined && token !== edits.token) return 'token';
  if (edits.removeToken && token !== null) return 'token';
  if (edits.tokenExpires !== undefined && summary.tokenExpires !== edits.tokenExpires) return 'the expiration date';
  return null;
}

function checkResult(text: string, path: string, edits: CoprConfigEdits): Result<CoprConfigSummary, CoprFailure> {
  const parsed = parseCoprConfigWithToken(text, path);
  if (!parsed.ok) return err({ kind: 'config-invalid', problem: parsed.error });
  const insecure = checkInsecureUrl(parsed.value.summary);
  if (insecure) return err(insecure);
  const missed = unappliedEdit(parsed.value, edits);
  if (missed === null) return ok(parsed.value.summary);
  const message = `After this change python-copr would still not read the new ${missed}; is it also set in [DEFAULT]? Nothing was written.`;
  return err({ kind: 'config-invalid', problem: { path, line: null, message } });
}

/**
 * Applies `edits` to a loaded config and writes it atomically (keeping `<file>.bak`), refusing when
 * the file changed since it was loaded. Holds the file's edit lock while it writes, so it never
 * races another of our edits; to load and edit under one lock, see `loadAndEditCoprConfig`.
 */
export async function editCoprConfig(
  loaded: LoadedCoprConfig,
  edits: CoprConfigEdits,
): Promise<Result<CoprConfigSummary, CoprFailure>> {
  const path = loaded.summary.path;
  return withEditLock(
    path,
    () => writeCoprEdits(loaded, edits),
    (detail) => err({ kind: 'write-failed', path, detail }),
  );
}

/**
 * The edit itself, for a caller that already holds the edit lock. A missing default file is
 * created with mode 0600; a file that holds a token is left 0600.
 */
export async function writeCoprEdits(
  loaded: LoadedCoprConfig,
  edits: CoprConfigEdits,
): Promise<Result<CoprConfigSummary, CoprFailure>> {
  const path = loaded.summary.path;
  const invalid = validateEdits(edits);
  if (invalid !== null) return err({ kind: 'config-invalid', problem: { path, line: null, message: invalid } });
  const base =
    loaded.text ?? `[${COPR_SECTION}]\ncopr_url = ${(edits.coprUrl ?? DEFAULT_COPR_URL).replace(/%/g, '%%')}\n`;
  const next = applyEdits(base, edits);
  const checked = checkResult(next, path, edits);
  if (!checked.ok || next === loaded.text) return checked;
  const written = await writeAtomic(path, next, {
    expected: loaded.version,
    // The backup must not keep a token the user just asked to remove.
    backup: edits.removeToken ? (replaced) => applyEdits(replaced, { removeToken: true }) : true,
    mode: 0o600,
    secret: checked.value.hasToken,
  });
  return written.ok ? checked : err(written.error);
}

/**
 * `~/.config/copr` as python-copr's `config_from_file` reads it (python/copr/v3/helpers.py):
 * the `[copr-cli]` keys it uses, in its order, with configparser's rules. Where python-copr would
 * crash (no section, a non-boolean, no `copr_url`) or fail on the first request (a `copr_url` that
 * is not a URL), this returns a problem with the line to fix instead.
 */
import {
  type ConfigProblem,
  type CoprConfigSummary,
  type CoprFailure,
  DEFAULT_COPR_URL,
} from '../../../shared/copr.js';
import { type Result, err, ok } from '../../../shared/result.js';
import type { FileVersion } from '../files/atomic-file.js';
import {
  type IniError,
  type IniScan,
  getInterpolated,
  lookupOption,
  parseIniBoolean,
  pyStrip,
  scanIni,
} from './ini.js';
import { parseCoprUrl } from './url.js';

/** The only section python-copr reads; section names are case-sensitive. */
export const COPR_SECTION = 'copr-cli';

/** python-copr's own words (CoprConfigException) for an http:// URL while `encrypted` is on. */
export const INSECURE_URL_MESSAGE =
  'The `copr_url` should not be http, please obtain an up-to-date configuration from the Copr website';

/** python-copr's words for an explicitly chosen config file that does not exist. */
export const configMissingMessage = (path: string) => `File ${path} is missing.`;

/**
 * A config as loaded for reading and later editing. `token` is only for the HTTP client, and `text`
 * holds the token too: neither may reach a log, an error or the renderer.
 */
export interface LoadedCoprConfig {
  readonly summary: CoprConfigSummary;
  /** What `editCoprConfig` checks before writing; 'absent' for a missing default file. */
  readonly version: FileVersion | 'absent';
  readonly text: string | null;
  readonly token: string | null;
}

/** The summary plus the token itself, which only the HTTP client may see. */
export interface ParsedCoprConfig {
  readonly summary: CoprConfigSummary;
  readonly token: string | null;
}

const STRING_FIELDS = ['username', 'login', 'token', 'copr_url', 'gssapi'] as const;
type StringField = (typeof STRING_FIELDS)[number];

/** What python-copr uses when the default file is missing: only `copr_url`, the Fedora instance. */
export function defaultCoprSummary(path: string): CoprConfigSummary {
  return {
    path,
    exists: false,
    coprUrl: DEFAULT_COPR_URL,
    ...whereTo(DEFAULT_COPR_URL),
    username: null,
    login: null,
    hasToken: false,
    tokenExpires: null,
    gssapi: null,
    encrypted: true,
  };
}

/** Like `parseCoprConfig`, but also hands back the token for the HTTP client. */
export function parseCoprConfigWithToken(text: string, path: string): Result<ParsedCoprConfig, ConfigProblem> {
  const located = (e: IniError): Result<never, ConfigProblem> => err({ path, line: e.line, message: e.message });
  const scan = scanIni(text);
  if (scan.error) return located(scan.error);
  if (!scan.sections.has(COPR_SECTION)) return located(noSection(scan));
  const strings = readStrings(scan);
  if (!strings.ok) return located(strings.error);
  const encrypted = readBoolean(scan, 'encrypted');
  if (!encrypted.ok) return located(encrypted.error);
  const gssapi = readBoolean(scan, 'gssapi');
  if (!gssapi.ok) return located(gssapi.error);
  const url = checkUrl(scan, strings.value.copr_url);
  if (!url.ok) return located(url.error);
  const { username, login, token } = strings.value;
  const summary: CoprConfigSummary = {
    path,
    exists: true,
    coprUrl: url.value.text,
    netloc: url.value.netloc,
    host: url.value.host,
    username: username || null,
    login: login || null,
    hasToken: Boolean(token),
    tokenExpires: expirationComment(scan),
    gssapi: gssapi.value,
    encrypted: encrypted.value ?? true,
  };
  return ok({ summary, token: token || null });
}

/**
 * Reads the config text as python-copr would. The summary is returned even for an http:// URL with
 * `encrypted` on; `checkInsecureUrl` is the separate refusal python-copr makes after reading.
 */
export function parseCoprConfig(text: string, path: string): Result<CoprConfigSummary, ConfigProblem> {
  const parsed = parseCoprConfigWithToken(text, path);
  return parsed.ok ? ok(parsed.value.summary) : parsed;
}

/**
 * python-copr refuses `http://` unless `encrypted = False`. Stricter than python-copr, which only
 * checks the lower-case prefix: `HTTP://` would also send the token in clear, so it is refused too.
 */
export function checkInsecureUrl(summary: CoprConfigSummary): CoprFailure | null {
  return summary.encrypted && /^http:\/\//i.test(summary.coprUrl)
    ? { kind: 'insecure-url', coprUrl: summary.coprUrl }
    : null;
}

/** Joins copr_url and an API path with exactly one slash (python-copr would send `//api_3` for a trailing slash). */
export function apiUrl(summary: Pick<CoprConfigSummary, 'coprUrl'>, path: string): string {
  return `${summary.coprUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function noSection(scan: IniScan): IniError {
  const near = scan.kinds.findIndex((k) => k.kind === 'header' && k.section.trim().toLowerCase() === COPR_SECTION);
  const hint =
    near >= 0
      ? ` Line ${near + 1} has a section that only looks like it: section names are exact and case-sensitive.`
      : " Copr's snippet (https://copr.fedorainfracloud.org/api/) starts with that line.";
  return { line: null, message: `There is no [copr-cli] section, so python-copr stops with a KeyError.${hint}` };
}

function readStrings(scan: IniScan): Result<Record<StringField, string | null>, IniError> {
  const values: Partial<Record<StringField, string | null>> = {};
  for (const field of STRING_FIELDS) {
    const value = getInterpolated(scan, COPR_SECTION, field);
    if (!value.ok) return value;
    values[field] = value.value;
  }
  return ok(values as Record<StringField, string | null>);
}

function readBoolean(scan: IniScan, key: 'encrypted' | 'gssapi'): Result<boolean | null, IniError> {
  const value = getInterpolated(scan, COPR_SECTION, key);
  if (!value.ok) return value;
  if (value.value === null) return ok(null);
  const parsed = parseIniBoolean(value.value);
  if (parsed !== undefined) return ok(parsed);
  const line = lookupOption(scan, COPR_SECTION, key)!.line;
  // Only a short value is quoted (a typo such as `maybe`): a long one may be a token pasted on the wrong line.
  const shown = value.value.replace(/\s+/g, ' ');
  const what = shown.length <= 10 ? `\`${key} = ${shown}\`` : `\`${key}\``;
  return err({
    line,
    message: `${what} on line ${line} is not a boolean; use True or False (python-copr stops with a ValueError).`,
  });
}

function checkUrl(scan: IniScan, url: string | null): Result<{ text: string; netloc: string; host: string }, IniError> {
  if (url === null) {
    const header = scan.kinds.findIndex((k) => k.kind === 'header' && k.section === COPR_SECTION) + 1;
    return err({
      line: header,
      message: `[copr-cli] on line ${header} has no \`copr_url\`, the one key python-copr needs (it crashes on None.startswith). Add \`copr_url = ${DEFAULT_COPR_URL}\`.`,
    });
  }
  const parsed = parseCoprUrl(url);
  if (parsed.ok) return ok({ text: url, netloc: parsed.value.netloc, host: parsed.value.host });
  const line = lookupOption(scan, COPR_SECTION, 'copr_url')!.line;
  return err({ line, message: `\`copr_url\` on line ${line} ${urlRefusal(url, parsed.error)}` });
}

/** Why copr_url cannot be used and what to write instead; never quotes the address (it may hold a password). */
export function urlRefusal(url: string, problem: string): string {
  const example = `Use e.g. ${DEFAULT_COPR_URL}.`;
  if (url.includes('\n'))
    return `continues on the next line (an indented line after it is read as part of the value); python-copr would fail on its first request. ${example}`;
  if (url === '' || !/^https?:\/\//i.test(url))
    return `${url === '' ? 'is empty' : 'is not an http:// or https:// URL'}; python-copr would fail on its first request. ${example}`;
  return `${problem}. Such an address is refused: programs can disagree on which host it names, and the login would go to the wrong one. ${example}`;
}

/** The host GSSAPI targets and python's netloc (the session cache's name) of an address known to parse. */
function whereTo(url: string): { netloc: string; host: string } {
  const parsed = parseCoprUrl(url);
  if (!parsed.ok) throw new Error(`not a usable Copr address: ${parsed.error}`);
  return { netloc: parsed.value.netloc, host: parsed.value.host };
}

const EXPIRATION = /^#\s*expiration date:\s*(\d{4}-\d{2}-\d{2})\s*$/i;

/** The first `# expiration date: YYYY-MM-DD` comment (Copr's snippet writes one beside the token). */
function expirationComment(scan: IniScan): string | null {
  for (const [i, kind] of scan.kinds.entries()) {
    if (kind.kind !== 'comment') continue;
    const date = EXPIRATION.exec(pyStrip(scan.lines[i]!.text))?.[1];
    if (date && isCalendarDate(date)) return date;
  }
  return null;
}

/** YYYY-MM-DD naming a real day. */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

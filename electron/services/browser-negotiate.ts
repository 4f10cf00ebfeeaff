/**
 * Whether the user's browsers would answer Copr's "gssapi-login" with SPNEGO (HTTP Negotiate).
 * Copr's web login only works when the browser is told to trust `.fedorainfracloud.org` for
 * Negotiate; otherwise the browser ignores the server's challenge and the login page shows 401,
 * whatever tickets the user has. This module reads what each browser would read and applies the
 * browser's own matching rules, so the tray can say "Firefox profile X will not try Kerberos here"
 * instead of leaving the user to guess.
 *
 * Sources, and the rules that were followed:
 * - Firefox: `network.negotiate-auth.trusted-uris`, matched as in Gecko's
 *   netwerk/protocol/http/HttpAuthUtils.cpp (`URIMatchesPrefPattern`/`MatchesBaseURI`). The value
 *   is the profile's user value (`user.js` over `prefs.js`), unless an enterprise policy
 *   (`Authentication.SPNEGO`, locked unless `"Locked": false`) sets it; with neither, the
 *   install's default prefs apply (Fedora's Firefox ships `"https://"` there, which trusts every
 *   https site). `/etc/firefox/policies/policies.json`, when present, replaces the install's
 *   `distribution/policies.json` (Firefox reads only one of them).
 * - Chromium / Chrome: the `AuthServerAllowlist` policy (older name `AuthServerWhitelist`) from the
 *   managed policy directories, matched as in Chromium's net/base/scheme_host_port_matcher_rule.cc.
 *   Files are merged with the last file in sorted order winning, as ConfigDirPolicyLoader does.
 *   Without the policy, Chromium on Linux never sends Negotiate.
 *
 * Plain Node with async fs only; nothing here throws: a file that cannot be read is treated as
 * absent, and a policy file that is not valid JSON is reported as an entry saying so.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** One browser configuration that was read, and what it means for the Copr host. */
export interface BrowserNegotiateStatus {
  readonly browser: 'firefox' | 'chromium' | 'chrome';
  /** The file or profile that was read; a note in parentheses says where the value came from or what was wrong. */
  readonly where: string;
  /** Whether the browser, configured like this, would answer the host's Negotiate challenge. */
  readonly allowed: boolean;
  /** The setting's value as found (host patterns, not a secret); null when unset or unreadable. */
  readonly value: string | null;
}

/** Everything found for one host. `browsersSeen` is false when no Firefox, Chromium or Chrome trace was found at all. */
export interface NegotiateReport {
  readonly host: string;
  readonly found: readonly BrowserNegotiateStatus[];
  readonly anyAllowed: boolean;
  readonly browsersSeen: boolean;
}

type Browser = BrowserNegotiateStatus['browser'];

/** The URL a browser would be talking to: Negotiate rules can restrict scheme and port as well as host. */
interface Target {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { https: 443, http: 80 };

/** Accepts `copr.fedorainfracloud.org` (taken as https on 443) or a full URL. */
function targetOf(host: string): Target {
  const trimmed = host.trim();
  try {
    const url = new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`);
    const scheme = url.protocol.slice(0, -1);
    return { scheme, host: url.hostname.toLowerCase(), port: url.port === '' ? (DEFAULT_PORTS[scheme] ?? -1) : Number(url.port) };
  } catch {
    return { scheme: 'https', host: trimmed.toLowerCase(), port: 443 };
  }
}

// ---------------------------------------------------------------------------------------------
// Firefox matching

/** Gecko's host test: `host` ends with `pattern` at a label boundary, or `pattern` itself starts with a dot. */
function firefoxHostMatches(host: string, pattern: string): boolean {
  if (pattern === '') return true;
  const lower = pattern.toLowerCase();
  if (!host.endsWith(lower)) return false;
  return host.length === lower.length || lower.startsWith('.') || host[host.length - lower.length - 1] === '.';
}

/** One comma-separated entry, `[scheme "://"] [host [":" port]]`, read the way Gecko's tokenizer reads it. */
function firefoxEntryMatches(rawEntry: string, target: Target): boolean {
  let entry = rawEntry.replace(/^[ \t]+/, '');
  const scheme = /^([A-Za-z_][A-Za-z0-9_]*):\/\//.exec(entry);
  if (scheme) {
    // Gecko compares the scheme exactly (the URI's scheme is lower case), so "HTTPS://" never matches.
    if (scheme[1] !== target.scheme) return false;
    entry = entry.slice(scheme[0].length);
  }
  if (entry.startsWith('[')) return entry === target.host || entry === `[${target.host}]`;
  // Gecko reads one token before looking for ':', so a leading ':' is part of the host, not a port.
  const colon = entry.indexOf(':', 1);
  const hostPart = colon === -1 ? entry : entry.slice(0, colon);
  if (colon !== -1) {
    const port = entry.slice(colon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) !== target.port) return false;
  }
  // Everything up to the end (or the port) is the host: a trailing space or "/" stays part of it and
  // then never matches, exactly as in Firefox.
  return firefoxHostMatches(target.host, hostPart);
}

/**
 * Whether Firefox, with `network.negotiate-auth.trusted-uris` set to `value`, would send Negotiate
 * to `host` (a host name, taken as https, or a URL). Entries are comma-separated and matched by
 * domain suffix on a label boundary: `fedorainfracloud.org` and `.fedorainfracloud.org` both match
 * `copr.fedorainfracloud.org`, `fedorainfracloud.org.evil.com` does not. An entry may name a scheme
 * (`https://`, which alone matches every https site) and a port. Whitespace before an entry is
 * skipped, but Firefox keeps whitespace (or a `/`) after the host name as part of it, so
 * `"a.org , b.org"` silently disables `a.org`; this function reports that the way Firefox behaves.
 */
export function firefoxAllows(value: string, host: string): boolean {
  const target = targetOf(host);
  return value.split(',').some((entry) => entry.trim() !== '' && firefoxEntryMatches(entry, target));
}

// ---------------------------------------------------------------------------------------------
// Chromium matching

interface ChromiumRule {
  readonly scheme: string;
  readonly pattern: string;
  readonly port: number;
}

/** `*` and `?` wildcards with `\` escaping, as base::MatchPattern; Chromium lower-cases both sides. */
function globMatches(text: string, pattern: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 's').test(text);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** One rule, `[scheme "://"] host-pattern [":" port]`; null where Chromium would drop the rule or it cannot match a host name. */
function parseChromiumRule(raw: string): ChromiumRule | null {
  let rest = raw.trim();
  let scheme = '';
  const schemeEnd = rest.indexOf('://');
  if (schemeEnd !== -1) {
    scheme = rest.slice(0, schemeEnd).toLowerCase();
    rest = rest.slice(schemeEnd + 3);
    if (scheme === '') return null;
  }
  // Empty, CIDR blocks ("10.0.0.0/8") and special rules ("<local>") never match a DNS name.
  if (rest === '' || rest.includes('/') || rest.startsWith('<')) return null;
  let port = -1;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1) {
    const digits = rest.slice(colon + 1);
    if (!/^\d+$/.test(digits) || Number(digits) > 0xffff) return null;
    port = Number(digits);
    rest = rest.slice(0, colon);
  }
  // Chromium rewrites ".example.com" to "*.example.com".
  const pattern = (rest.startsWith('.') ? `*${rest}` : rest).toLowerCase();
  return { scheme, pattern, port };
}

/**
 * Whether Chromium or Chrome, with the `AuthServerAllowlist` policy set to `value`, would send
 * Negotiate to `host` (a host name, taken as https, or a URL). Entries are separated by `,` or `;`
 * and trimmed; each is a glob over the whole host name, so `*.fedorainfracloud.org`,
 * `.fedorainfracloud.org` (read as `*.fedorainfracloud.org`) and `*fedorainfracloud.org` match
 * `copr.fedorainfracloud.org`, while a bare `fedorainfracloud.org` matches only that exact name.
 * Note that `*fedorainfracloud.org` also matches `evilfedorainfracloud.org`, as in Chromium.
 * An entry may name a scheme and a port.
 */
export function chromiumAllows(value: string, host: string): boolean {
  const target = targetOf(host);
  return value.split(/[,;]/).some((entry) => {
    const rule = parseChromiumRule(entry);
    if (rule === null) return false;
    if (rule.port !== -1 && rule.port !== target.port) return false;
    if (rule.scheme !== '' && rule.scheme !== target.scheme) return false;
    return globMatches(target.host, rule.pattern);
  });
}

// ---------------------------------------------------------------------------------------------
// Firefox preference files

/** JavaScript's `\s`: the white space allowed between the tokens of a pref call. */
const JS_SPACES = new Set('\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff');
const PREF_FUNCTIONS = ['user_pref', 'pref', 'sticky_pref'] as const;
/** Characters that may start something other than plain text: a comment, a string, a pref call. */
const PREF_SPECIAL = new Set(['"', "'", '/', '#', 'u', 'p', 's']);

interface PrefCall {
  readonly fn: string;
  /** The name's literal, quotes included. */
  readonly name: string;
  /** The value as written: a literal with its quotes, or other text up to the next `,` or `)`. */
  readonly value: string;
  readonly end: number;
}

/**
 * Reads a prefs file in one pass: comments (`//`, `#`, `/* *\/`), string literals (skipped whole, so
 * "//" inside one is not a comment), and pref calls `fn("name", value[, …])`. Every look-ahead is a
 * table lookup (the next `)`, the next `,` or `)`, the ends of a run of spaces), and a string that
 * never closes is remembered, so reading stays linear in the file's length whatever it holds.
 */
class PrefReader {
  private readonly nextParen: Int32Array;
  private readonly nextStop: Int32Array;
  private readonly spaceRunEnd: Int32Array;
  private readonly spaceRunStart: Int32Array;
  /** Per quote character: a start from which the string never closes (nor does one starting later). */
  private readonly neverCloses = new Map<string, number>();

  constructor(private readonly text: string) {
    const n = text.length;
    this.nextParen = new Int32Array(n + 1).fill(n);
    this.nextStop = new Int32Array(n + 1).fill(n);
    this.spaceRunEnd = new Int32Array(n + 1).fill(n);
    this.spaceRunStart = new Int32Array(n + 1);
    for (let i = n - 1; i >= 0; i--) {
      const ch = text[i]!;
      this.nextParen[i] = ch === ')' ? i : this.nextParen[i + 1]!;
      this.nextStop[i] = ch === ')' || ch === ',' ? i : this.nextStop[i + 1]!;
      this.spaceRunEnd[i] = JS_SPACES.has(ch) ? this.spaceRunEnd[i + 1]! : i;
    }
    for (let i = 1; i <= n; i++) this.spaceRunStart[i] = JS_SPACES.has(text[i - 1]!) ? this.spaceRunStart[i - 1]! : i;
  }

  /** Where the string literal opening at `at` ends (after its closing quote), or -1 when it never closes. */
  stringEnd(at: number): number {
    const quote = this.text[at]!;
    const never = this.neverCloses.get(quote);
    if (never !== undefined && at >= never) return -1;
    for (let i = at + 1; i < this.text.length; i++) {
      const ch = this.text[i];
      if (ch === quote) return i + 1;
      if (ch === '\\') i++;
    }
    this.neverCloses.set(quote, at);
    return -1;
  }

  /** The pref call starting at `at`, or null. */
  call(at: number): PrefCall | null {
    const { text } = this;
    const before = text[at - 1];
    if (before !== undefined && /[\w$]/.test(before)) return null;
    const fn = PREF_FUNCTIONS.find((f) => text.startsWith(f, at));
    if (fn === undefined) return null;
    const open = this.spaceRunEnd[at + fn.length]!;
    if (text[open] !== '(') return null;
    const nameStart = this.spaceRunEnd[open + 1]!;
    if (text[nameStart] !== '"' && text[nameStart] !== "'") return null;
    const nameEnd = this.stringEnd(nameStart);
    if (nameEnd < 0) return null;
    const comma = this.spaceRunEnd[nameEnd]!;
    if (text[comma] !== ',') return null;
    const valueStart = this.spaceRunEnd[comma + 1]!;
    const name = text.slice(nameStart, nameEnd);
    if (text[valueStart] === '"' || text[valueStart] === "'") {
      const valueEnd = this.stringEnd(valueStart);
      const end = valueEnd < 0 ? -1 : this.callEnd(valueEnd);
      if (end >= 0) return { fn, name, value: text.slice(valueStart, valueEnd), end };
    }
    // Not a string literal followed by the end of the call: the text up to the next `,` or `)`.
    const stop = this.nextStop[valueStart]!;
    const end = stop < text.length ? this.callEnd(stop) : -1;
    if (end < 0) return null;
    return { fn, name, value: text.slice(valueStart, Math.max(valueStart, this.spaceRunStart[stop]!)), end };
  }

  /** After a value ending at `at`: spaces, then `)` or `, …)`. The end of the call, or -1. */
  private callEnd(at: number): number {
    const next = this.spaceRunEnd[at]!;
    if (this.text[next] === ')') return next + 1;
    if (this.text[next] !== ',') return -1;
    const close = this.nextParen[next]!;
    return close < this.text.length ? close + 1 : -1;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };

/** The text of a quoted literal, with the escapes Firefox's pref parser knows (\" \' \\ \n \r \t \xNN \uNNNN). */
function decodeLiteral(literal: string): string {
  return literal.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (_all, escape: string) =>
    escape.length > 1 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : (SIMPLE_ESCAPES[escape] ?? escape),
  );
}

/** The last string value given to `name` by one of `functions` in a prefs file; non-string values are ignored. */
function lastPrefValue(text: string, name: string, functions: readonly string[]): string | null {
  const reader = new PrefReader(text);
  let found: string | null = null;
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if ((ch === '/' && text[pos + 1] === '/') || ch === '#') {
      const newline = text.indexOf('\n', pos);
      pos = newline < 0 ? text.length : newline;
    } else if (ch === '/' && text[pos + 1] === '*') {
      const close = text.indexOf('*/', pos + 2);
      pos = close < 0 ? text.length : close + 2;
    } else if (ch === '"' || ch === "'") {
      const end = reader.stringEnd(pos);
      pos = end < 0 ? pos + 1 : end;
    } else if (ch === 'u' || ch === 'p' || ch === 's') {
      const call = reader.call(pos);
      if (call === null) pos++;
      else {
        const isString = call.value.startsWith('"') || call.value.startsWith("'");
        if (functions.includes(call.fn) && isString && decodeLiteral(call.name) === name) found = decodeLiteral(call.value);
        pos = call.end;
      }
    } else {
      pos++;
      while (pos < text.length && !PREF_SPECIAL.has(text[pos]!)) pos++;
    }
  }
  return found;
}

/**
 * The value a profile's `prefs.js` or `user.js` gives the string pref `name`, or null when it sets
 * none. Firefox applies the lines in order, so the last `user_pref("name", "…")` wins. Comments
 * (`//`, `#`, `/* *\/`) are skipped, quotes may be single or double, and escapes such as `\"` are
 * decoded, so the result is the value Firefox would use.
 */
export function parseFirefoxPref(text: string, name: string): string | null {
  return lastPrefValue(text, name, ['user_pref']);
}

// ---------------------------------------------------------------------------------------------
// File helpers (never throw)

const TRUSTED_URIS = 'network.negotiate-auth.trusted-uris';

type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: boolean; readonly reason: string };

async function readText(path: string): Promise<ReadResult> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', reason: code };
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Regular files (or links to them) in `dir`, sorted by name; [] when the directory is missing or unreadable. */
async function filesIn(dir: string, suffix = ''): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of names.filter((n) => n.endsWith(suffix)).sort()) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) files.push(path);
  }
  return files;
}

/** A JSON file's object, or a reason it is not one (null when the file is absent). */
async function readJsonObject(path: string): Promise<{ value: Record<string, unknown> } | { problem: string } | null> {
  const read = await readText(path);
  if (!read.ok) return read.missing ? null : { problem: `unreadable: ${read.reason}` };
  try {
    const value: unknown = JSON.parse(read.text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { value: value as Record<string, unknown> };
    return { problem: 'not a JSON object' };
  } catch {
    return { problem: 'not valid JSON' };
  }
}

const problemStatus = (browser: Browser, path: string, problem: string): BrowserNegotiateStatus => ({
  browser,
  where: `${path} (skipped: ${problem})`,
  allowed: false,
  value: null,
});

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

// ---------------------------------------------------------------------------------------------
// Firefox: system-wide sources

/** A value for the pref and the file it came from. */
interface Sourced {
  readonly value: string;
  readonly where: string;
}

interface FirefoxPolicy extends Sourced {
  readonly locked: boolean;
}

/** What one policies.json means: absent, broken (Firefox then applies no policy at all), or its SPNEGO setting if any. */
type PolicyRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'problem'; readonly status: BrowserNegotiateStatus }
  | { readonly kind: 'ok'; readonly policy: FirefoxPolicy | null };

async function readFirefoxPolicy(path: string): Promise<PolicyRead> {
  const json = await readJsonObject(path);
  if (json === null) return { kind: 'absent' };
  if ('problem' in json) return { kind: 'problem', status: problemStatus('firefox', path, json.problem) };
  const auth = asRecord(asRecord(json.value['policies'])?.['Authentication']);
  const spnego = auth?.['SPNEGO'];
  if (!Array.isArray(spnego) || !spnego.every((entry) => typeof entry === 'string')) return { kind: 'ok', policy: null };
  // Firefox joins the list with ", " and locks the pref unless the policy says "Locked": false.
  return { kind: 'ok', policy: { value: spnego.join(', '), where: path, locked: auth?.['Locked'] !== false } };
}

/** Install-wide defaults (`pref(...)` lines), later files and later lines winning, as Firefox loads them. */
async function readFirefoxDefaults(installDir: string): Promise<Sourced | null> {
  let found: Sourced | null = null;
  for (const dir of [join(installDir, 'defaults', 'pref'), join(installDir, 'browser', 'defaults', 'preferences')]) {
    for (const file of await filesIn(dir, '.js')) {
      const read = await readText(file);
      const value = read.ok ? lastPrefValue(read.text, TRUSTED_URIS, ['pref', 'sticky_pref']) : null;
      if (value !== null) found = { value, where: file };
    }
  }
  return found;
}

/** The system sources a Firefox profile sees. */
interface FirefoxSystem {
  readonly policy: FirefoxPolicy | null;
  readonly defaults: Sourced | null;
}

interface FirefoxSystemRead {
  /** For profiles of a Firefox installed from the distribution's package. */
  readonly native: FirefoxSystem;
  /** For the Snap, which reads /etc/firefox/policies but has its own install. */
  readonly snap: FirefoxSystem;
  readonly installDir: string | null;
  readonly problems: readonly BrowserNegotiateStatus[];
}

const FIREFOX_INSTALL_DIRS = ['/usr/lib64/firefox', '/usr/lib/firefox'];

async function readFirefoxSystem(root: string): Promise<FirefoxSystemRead> {
  let installDir: string | null = null;
  for (const dir of FIREFOX_INSTALL_DIRS) {
    if (installDir === null && (await isDirectory(join(root, dir)))) installDir = join(root, dir);
  }
  const problems: BrowserNegotiateStatus[] = [];
  const etc = await readFirefoxPolicy(join(root, '/etc/firefox/policies/policies.json'));
  // Firefox reads /etc's file when it exists, and the install's distribution file only otherwise.
  const distribution = installDir === null ? null : join(installDir, 'distribution', 'policies.json');
  const effective = etc.kind === 'absent' && distribution !== null ? await readFirefoxPolicy(distribution) : etc;
  for (const read of effective === etc ? [etc] : [etc, effective]) if (read.kind === 'problem') problems.push(read.status);
  const etcPolicy = etc.kind === 'ok' ? etc.policy : null;
  const policy = effective.kind === 'ok' ? effective.policy : null;
  const defaults = installDir === null ? null : await readFirefoxDefaults(installDir);
  return { native: { policy, defaults }, snap: { policy: etcPolicy, defaults: null }, installDir, problems };
}

// ---------------------------------------------------------------------------------------------
// Firefox: profiles

type Packaging = 'native' | 'flatpak' | 'snap';

interface FirefoxProfile {
  readonly dir: string;
  readonly packaging: Packaging;
}

/** Where each packaging keeps profiles.ini, relative to the home directory. */
const FIREFOX_PROFILE_ROOTS: readonly { readonly dir: string; readonly packaging: Packaging }[] = [
  { dir: '.mozilla/firefox', packaging: 'native' },
  // Firefox 147 and later keep new profiles under the XDG config directory.
  { dir: '.config/mozilla/firefox', packaging: 'native' },
  { dir: '.var/app/org.mozilla.firefox/.mozilla/firefox', packaging: 'flatpak' },
  { dir: '.var/app/org.mozilla.firefox/config/mozilla/firefox', packaging: 'flatpak' },
  { dir: 'snap/firefox/common/.mozilla/firefox', packaging: 'snap' },
];

/** Profile directories listed in a profiles.ini (`[ProfileN]` sections, `Path=`, `IsRelative=`). */
function profilePathsOf(iniText: string, iniDir: string): string[] {
  const paths: string[] = [];
  let section = '';
  let entry: { path?: string; relative?: boolean } = {};
  const flush = () => {
    if (/^profile\d+$/i.test(section) && entry.path) {
      const relative = entry.relative ?? !isAbsolute(entry.path);
      paths.push(relative ? join(iniDir, entry.path) : entry.path);
    }
  };
  for (const raw of iniText.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      flush();
      section = header[1] ?? '';
      entry = {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq === -1 || line.startsWith(';') || line.startsWith('#')) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'path') entry.path = value;
    if (key === 'isrelative') entry.relative = value === '1';
  }
  flush();
  return paths;
}

/** Every profile of every Firefox packaging; `seen` is true when any profiles.ini exists. */
async function findFirefoxProfiles(home: string): Promise<{ profiles: FirefoxProfile[]; seen: boolean }> {
  const profiles: FirefoxProfile[] = [];
  let seen = false;
  for (const root of FIREFOX_PROFILE_ROOTS) {
    const iniDir = join(home, root.dir);
    const ini = await readText(join(iniDir, 'profiles.ini'));
    if (!ini.ok) continue;
    seen = true;
    for (const dir of profilePathsOf(ini.text, iniDir)) {
      if (!profiles.some((p) => p.dir === dir)) profiles.push({ dir, packaging: root.packaging });
    }
  }
  return { profiles, seen };
}

/** The profile's own value: user.js is applied after prefs.js, so it wins. */
async function profileUserValue(dir: string): Promise<Sourced | null> {
  for (const name of ['user.js', 'prefs.js']) {
    const read = await readText(join(dir, name));
    const value = read.ok ? parseFirefoxPref(read.text, TRUSTED_URIS) : null;
    if (value !== null) return { value, where: join(dir, name) };
  }
  return null;
}

/** Firefox's order: a locked policy, else the user's value, else the policy's default, else the install's default. */
function effectiveFirefoxValue(user: Sourced | null, system: FirefoxSystem): Sourced | null {
  if (system.policy?.locked) return system.policy;
  return user ?? system.policy ?? system.defaults;
}

const NO_SYSTEM: FirefoxSystem = { policy: null, defaults: null };

async function firefoxProfileStatus(profile: FirefoxProfile, system: FirefoxSystemRead, host: string): Promise<BrowserNegotiateStatus> {
  // A Flatpak Firefox cannot see the host's /etc or /usr, and the Snap only sees /etc's policies.
  const sources = profile.packaging === 'native' ? system.native : profile.packaging === 'snap' ? system.snap : NO_SYSTEM;
  const user = await profileUserValue(profile.dir);
  const decided = effectiveFirefoxValue(user, sources);
  if (decided === null) return { browser: 'firefox', where: `${profile.dir} (not set)`, allowed: false, value: null };
  const where = decided === user ? decided.where : `${profile.dir} (value from ${decided.where})`;
  return { browser: 'firefox', where, allowed: firefoxAllows(decided.value, host), value: decided.value };
}

async function readFirefox(home: string, root: string, host: string): Promise<{ statuses: BrowserNegotiateStatus[]; seen: boolean }> {
  const system = await readFirefoxSystem(root);
  const { profiles, seen } = await findFirefoxProfiles(home);
  const statuses = [...system.problems];
  for (const profile of profiles) statuses.push(await firefoxProfileStatus(profile, system, host));
  if (profiles.length === 0 && system.installDir !== null) {
    // Installed but never started: what a new profile would get.
    const decided = effectiveFirefoxValue(null, system.native);
    const where = `${system.installDir} (no profile yet${decided ? `; value from ${decided.where}` : ''})`;
    const allowed = decided !== null && firefoxAllows(decided.value, host);
    statuses.push({ browser: 'firefox', where, allowed, value: decided?.value ?? null });
  }
  return { statuses, seen: seen || system.installDir !== null };
}

// ---------------------------------------------------------------------------------------------
// Chromium and Chrome

interface ChromiumLayout {
  readonly browser: 'chromium' | 'chrome';
  /** Managed (mandatory) policy directories under the root; AuthServerAllowlist cannot be "recommended". */
  readonly policyDirs: readonly string[];
  /** User data directories under the home: their presence shows the browser is in use. */
  readonly userDirs: readonly string[];
}

const CHROMIUM_LAYOUTS: readonly ChromiumLayout[] = [
  {
    browser: 'chromium',
    policyDirs: ['/etc/chromium/policies/managed', '/etc/chromium-browser/policies/managed'],
    userDirs: ['.config/chromium', '.var/app/org.chromium.Chromium/config/chromium', 'snap/chromium/common/chromium'],
  },
  {
    browser: 'chrome',
    policyDirs: ['/etc/opt/chrome/policies/managed'],
    userDirs: ['.config/google-chrome', '.var/app/com.google.Chrome/config/google-chrome'],
  },
];

const ALLOWLIST_NAMES = ['AuthServerAllowlist', 'AuthServerWhitelist'] as const;

/** The merged AuthServerAllowlist of one policy directory (last file wins; the new name beats the old one). */
async function readChromiumPolicyDir(browser: Browser, dir: string): Promise<{ found: Sourced | null; problems: BrowserNegotiateStatus[] }> {
  const latest = new Map<string, Sourced>();
  const problems: BrowserNegotiateStatus[] = [];
  for (const file of await filesIn(dir)) {
    const json = await readJsonObject(file);
    if (json === null) continue;
    if ('problem' in json) {
      problems.push(problemStatus(browser, file, json.problem));
      continue;
    }
    for (const name of ALLOWLIST_NAMES) {
      const value = json.value[name];
      if (typeof value === 'string') latest.set(name, { value, where: file });
      else if (value !== undefined) problems.push(problemStatus(browser, file, `${name} is not a string`));
    }
  }
  return { found: latest.get('AuthServerAllowlist') ?? latest.get('AuthServerWhitelist') ?? null, problems };
}

async function readChromiumLike(layout: ChromiumLayout, home: string, root: string, host: string) {
  const statuses: BrowserNegotiateStatus[] = [];
  let anyPolicy = false;
  for (const dir of layout.policyDirs) {
    const { found, problems } = await readChromiumPolicyDir(layout.browser, join(root, dir));
    statuses.push(...problems);
    if (found === null) continue;
    anyPolicy = true;
    statuses.push({ browser: layout.browser, where: found.where, allowed: chromiumAllows(found.value, host), value: found.value });
  }
  let userDir: string | undefined;
  for (const dir of layout.userDirs) if (userDir === undefined && (await isDirectory(join(home, dir)))) userDir = join(home, dir);
  if (!anyPolicy && userDir !== undefined) {
    statuses.push({ browser: layout.browser, where: `${userDir} (no AuthServerAllowlist policy)`, allowed: false, value: null });
  }
  return { statuses, seen: anyPolicy || userDir !== undefined };
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Reads every Firefox profile (native, XDG, Flatpak, Snap) and the Chromium and Chrome policy
 * directories, and says for each whether it would send Negotiate to `host`. `rootDir` (default
 * '/') prefixes the /etc and /usr paths so tests can use a temporary tree. Never throws.
 */
export async function readBrowserNegotiate(host: string, options: { home: string; rootDir?: string }): Promise<NegotiateReport> {
  const root = options.rootDir ?? '/';
  const found: BrowserNegotiateStatus[] = [];
  let browsersSeen = false;
  try {
    const chromiumLike = CHROMIUM_LAYOUTS.map((layout) => readChromiumLike(layout, options.home, root, host));
    const parts = [readFirefox(options.home, root, host), ...chromiumLike];
    for (const part of await Promise.all(parts)) {
      found.push(...part.statuses);
      browsersSeen ||= part.seen;
    }
  } catch {
    // Every reader already catches its own fs errors; this only guards against the unforeseen.
  }
  return { host, found, anyAllowed: found.some((status) => status.allowed), browsersSeen };
}

/** `*.fedorainfracloud.org`, `.fedorainfracloud.org` or `fedorainfracloud.org` → `fedorainfracloud.org`. */
const bareDomain = (domain: string) => domain.trim().toLowerCase().replace(/^\*/, '').replace(/^\.+/, '');

function chromiumPolicySteps(name: string, dir: string, domain: string): string {
  const json = JSON.stringify({ AuthServerAllowlist: `*.${domain}` });
  return [
    `${name} takes this setting only from an administrator policy, so it needs root:`,
    `  sudo mkdir -p ${dir}`,
    `  echo '${json}' | sudo tee ${dir}/ticket-tray.json`,
    `If another file in ${dir} already sets AuthServerAllowlist, add ",*.${domain}" to its value instead (the file that sorts last wins).`,
    `Restart ${name}, then check chrome://policy that AuthServerAllowlist shows the new value.`,
  ].join('\n');
}

/**
 * Plain instructions for letting `browser` use Kerberos (Negotiate) with `domain`
 * (e.g. "fedorainfracloud.org", with or without a leading "." or "*."), shown when the check
 * finds it not allowed: Firefox through about:config, Chromium and Chrome through a policy file.
 */
export function howToEnable(browser: Browser, domain: string): string {
  const bare = bareDomain(domain);
  switch (browser) {
    case 'firefox':
      return [
        'In Firefox, open about:config (accept the warning) and search for network.negotiate-auth.trusted-uris.',
        `Edit it and add ".${bare}". If it already lists something, append ", .${bare}" after it.`,
        'Do not put a space before a comma or a "/" after a name: Firefox then ignores that entry.',
        'The change applies at once; reload the Copr page and use its Kerberos (gssapi) login again.',
      ].join('\n');
    case 'chromium':
      return [
        chromiumPolicySteps('Chromium', '/etc/chromium/policies/managed', bare),
        '(Older Ubuntu chromium-browser packages read /etc/chromium-browser/policies/managed instead.)',
      ].join('\n');
    case 'chrome':
      return chromiumPolicySteps('Google Chrome', '/etc/opt/chrome/policies/managed', bare);
  }
}

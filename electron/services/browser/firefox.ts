/**
 * Firefox: `network.negotiate-auth.trusted-uris` matching, profiles (native, XDG, Flatpak, Snap) and
 * the system-wide sources (enterprise policy, install defaults). See service.ts.
 */
import { isAbsolute, join } from 'node:path';
import {
  asRecord,
  filesIn,
  isDirectory,
  problemStatus,
  readJsonObject,
  readText,
  targetOf,
  type Sourced,
  type Target,
} from './common.js';
import { lastPrefValue, parseFirefoxPref } from './firefox-prefs.js';
import type { BrowserNegotiateStatus } from './types.js';

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

const TRUSTED_URIS = 'network.negotiate-auth.trusted-uris';

// ---------------------------------------------------------------------------------------------
// Firefox: system-wide sources

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
  if (!json.ok) return { kind: 'problem', status: problemStatus('firefox', path, json.error) };
  const auth = asRecord(asRecord(json.value['policies'])?.['Authentication']);
  const spnego = auth?.['SPNEGO'];
  if (!Array.isArray(spnego) || !spnego.every((entry) => typeof entry === 'string'))
    return { kind: 'ok', policy: null };
  // Firefox joins the list with ", " and locks the pref unless the policy says "Locked": false.
  return { kind: 'ok', policy: { value: spnego.join(', '), where: path, locked: auth?.['Locked'] !== false } };
}

/** Install-wide defaults (`pref(...)` lines), later files and later lines winning, as Firefox loads them. */
async function readFirefoxDefaults(installDir: string): Promise<Sourced | null> {
  let found: Sourced | null = null;
  for (const dir of [join(installDir, 'defaults', 'pref'), join(installDir, 'browser', 'defaults', 'preferences')]) {
    for (const file of await filesIn(dir, '.js')) {
      const read = await readText(file);
      const value = read.ok ? lastPrefValue(read.value, TRUSTED_URIS, ['pref', 'sticky_pref']) : null;
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
  for (const read of effective === etc ? [etc] : [etc, effective])
    if (read.kind === 'problem') problems.push(read.status);
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
    for (const dir of profilePathsOf(ini.value, iniDir)) {
      if (!profiles.some((p) => p.dir === dir)) profiles.push({ dir, packaging: root.packaging });
    }
  }
  return { profiles, seen };
}

/** The profile's own value: user.js is applied after prefs.js, so it wins. */
async function profileUserValue(dir: string): Promise<Sourced | null> {
  for (const name of ['user.js', 'prefs.js']) {
    const read = await readText(join(dir, name));
    const value = read.ok ? parseFirefoxPref(read.value, TRUSTED_URIS) : null;
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

async function firefoxProfileStatus(
  profile: FirefoxProfile,
  system: FirefoxSystemRead,
  host: string,
): Promise<BrowserNegotiateStatus> {
  // A Flatpak Firefox cannot see the host's /etc or /usr, and the Snap only sees /etc's policies.
  const sources =
    profile.packaging === 'native' ? system.native : profile.packaging === 'snap' ? system.snap : NO_SYSTEM;
  const user = await profileUserValue(profile.dir);
  const decided = effectiveFirefoxValue(user, sources);
  if (decided === null) return { browser: 'firefox', where: `${profile.dir} (not set)`, allowed: false, value: null };
  const where = decided === user ? decided.where : `${profile.dir} (value from ${decided.where})`;
  return { browser: 'firefox', where, allowed: firefoxAllows(decided.value, host), value: decided.value };
}

export async function readFirefox(
  home: string,
  root: string,
  host: string,
): Promise<{ statuses: BrowserNegotiateStatus[]; seen: boolean }> {
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

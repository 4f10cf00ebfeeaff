/**
 * Chromium and Chrome: `AuthServerAllowlist` matching and the managed policy directories. See
 * service.ts.
 */
import { join } from 'node:path';
import { filesIn, isDirectory, problemStatus, readJsonObject, targetOf, type Sourced } from './common.js';
import type { Browser, BrowserNegotiateStatus } from './types.js';

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
// Chromium and Chrome

interface ChromiumLayout {
  readonly browser: 'chromium' | 'chrome';
  /** Managed (mandatory) policy directories under the root; AuthServerAllowlist cannot be "recommended". */
  readonly policyDirs: readonly string[];
  /** User data directories under the home: their presence shows the browser is in use. */
  readonly userDirs: readonly string[];
}

export const CHROMIUM_LAYOUTS: readonly ChromiumLayout[] = [
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
async function readChromiumPolicyDir(
  browser: Browser,
  dir: string,
): Promise<{ found: Sourced | null; problems: BrowserNegotiateStatus[] }> {
  const latest = new Map<string, Sourced>();
  const problems: BrowserNegotiateStatus[] = [];
  for (const file of await filesIn(dir)) {
    const json = await readJsonObject(file);
    if (json === null) continue;
    if (!json.ok) {
      problems.push(problemStatus(browser, file, json.error));
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

export async function readChromiumLike(layout: ChromiumLayout, home: string, root: string, host: string) {
  const statuses: BrowserNegotiateStatus[] = [];
  let anyPolicy = false;
  for (const dir of layout.policyDirs) {
    const { found, problems } = await readChromiumPolicyDir(layout.browser, join(root, dir));
    statuses.push(...problems);
    if (found === null) continue;
    anyPolicy = true;
    statuses.push({
      browser: layout.browser,
      where: found.where,
      allowed: chromiumAllows(found.value, host),
      value: found.value,
    });
  }
  let userDir: string | undefined;
  for (const dir of layout.userDirs)
    if (userDir === undefined && (await isDirectory(join(home, dir)))) userDir = join(home, dir);
  if (!anyPolicy && userDir !== undefined) {
    statuses.push({
      browser: layout.browser,
      where: `${userDir} (no AuthServerAllowlist policy)`,
      allowed: false,
      value: null,
    });
  }
  return { statuses, seen: anyPolicy || userDir !== undefined };
}

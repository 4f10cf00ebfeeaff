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
 * The readers live beside this module: firefox.ts (Firefox matching, profiles and system-wide
 * sources), firefox-prefs.ts (the prefs.js reader), chromium.ts (Chromium matching and policy
 * directories), common.ts (the URL target and file helpers) and types.ts (what they all return).
 *
 * Plain Node with async fs only; nothing here throws: a file that cannot be read is treated as
 * absent, and a policy file that is not valid JSON is reported as an entry saying so.
 */
import { CHROMIUM_LAYOUTS, readChromiumLike } from './chromium.js';
import { readFirefox } from './firefox.js';
import type { Browser, BrowserNegotiateStatus, NegotiateReport } from './types.js';

export { chromiumAllows } from './chromium.js';
export { firefoxAllows } from './firefox.js';
export { parseFirefoxPref } from './firefox-prefs.js';
export type { Browser, BrowserNegotiateStatus, NegotiateReport } from './types.js';

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Reads every Firefox profile (native, XDG, Flatpak, Snap) and the Chromium and Chrome policy
 * directories, and says for each whether it would send Negotiate to `host`. `rootDir` (default
 * '/') prefixes the /etc and /usr paths so tests can use a temporary tree. Never throws.
 */
export async function readBrowserNegotiate(
  host: string,
  options: { home: string; rootDir?: string },
): Promise<NegotiateReport> {
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
